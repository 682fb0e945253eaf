import GRDB

/// The checks a release must pass. Most are the audit's checks (``Audit``); one more is the
/// build's own: no question with an open review task, unless the release is a preview.
public struct ReleaseGates: Sendable {
    /// The audit checks that gate a release.
    public static let checks: [Audit.Check] = [
        .answerIndexMismatch, .answerIndexOutOfRange, .optionCount, .emptyOptions, .duplicateOptions, .optionWhitespace,
        .controlCharacters, .mojibake, .figureReference, .splitOverlap, .duplicateQuestions,
    ]
    /// The gate for questions whose review is not finished.
    public static let reviewOpen = "review_open"

    public var preview: Bool
    public var waivers: [Waiver]

    public init(preview: Bool, waivers: [Waiver]) {
        self.preview = preview
        self.waivers = waivers
    }

    /// A question that fails a gate.
    public struct Failure: Codable, Sendable, Equatable {
        public var gate: String
        public var questionID: Int
        public var itemKey: String
        public var detail: String

        enum CodingKeys: String, CodingKey {
            case gate
            case questionID = "question_id"
            case itemKey = "item"
            case detail
        }
    }

    /// A failure a waiver covers, with who waived it and why.
    public struct Waived: Codable, Sendable, Equatable {
        public var failure: Failure
        public var by: String
        public var reason: String
    }

    public struct Verdict: Sendable {
        public var failures: [Failure]
        public var waived: [Waived]
        /// Questions released with their review unfinished (previews only), by state.
        public var unreviewed: [String: Int]
    }

    /// Checks every record. `entries` are the item key, split, review state and record.
    public func evaluate(_ entries: [(key: String, split: String, reviewState: String, record: ReleaseRecord)]) -> Verdict {
        var failures: [Failure] = []
        var waived: [Waived] = []
        var unreviewed: [String: Int] = [:]
        let keys = Dictionary(uniqueKeysWithValues: entries.map { ($0.record.questionID, $0.key) })
        let waiverByKey = Dictionary(waivers.map { ("\($0.gate.rawValue)|\($0.itemKey)", $0) }) { first, _ in first }
        for entry in entries where !["accepted", "corrected"].contains(entry.reviewState) {
            if preview {
                unreviewed[entry.reviewState, default: 0] += 1
            } else {
                failures.append(
                    Failure(
                        gate: Self.reviewOpen, questionID: entry.record.questionID, itemKey: entry.key,
                        detail: Self.describe(entry.reviewState)))
            }
        }
        let report = Audit.run(entries.map { Audit.Entry($0.record, split: $0.split) }, checks: Self.checks, figures: false)
        for result in report.checks {
            for finding in result.findings {
                let key = keys[finding.questionID] ?? "?"
                let failure = Failure(gate: result.id.rawValue, questionID: finding.questionID, itemKey: key, detail: finding.detail)
                if let waiver = waiverByKey["\(result.id.rawValue)|\(key)"] {
                    waived.append(Waived(failure: failure, by: waiver.by, reason: waiver.reason))
                } else {
                    failures.append(failure)
                }
            }
        }
        return Verdict(failures: failures, waived: waived, unreviewed: unreviewed)
    }

    /// The shortcut gates a report exceeds: an attack's accuracy or a share above its limit.
    public static func shortcutFailures(_ report: Shortcuts.Report, limits: [String: Double]) -> [(
        id: String, value: Double, limit: Double
    )] {
        limits.keys.sorted().compactMap { id in
            let value = report.attacks.first { $0.id.rawValue == id }?.overall.accuracy ?? report.share(id)?.overall.share
            guard let value, let limit = limits[id], value > limit else { return nil }
            return (id, value, limit)
        }
    }

    static func describe(_ reviewState: String) -> String {
        switch reviewState {
        case "unreviewed": "the build has no review stage"
        case "automatic": "decided by an unattended review (no person)"
        default: "review \(reviewState)"
        }
    }
}

/// The question id registry (`question_id`): an id is given once and kept forever, and the id
/// of a removed question is never given again.
public enum QuestionIDRegistry {
    /// The id of every candidate: its own if it has one; else an imported release's id for the
    /// same question (same `src` and question text) that no question holds yet; else a new one.
    /// New ids come in one block per category (validation first, then test, categories in the
    /// table's order, questions by `src` and key), after the highest id ever given.
    static func assign(_ candidates: [ReleaseStage.Candidate], categoryOrder: [String], version: String, db: Database) throws
        -> [String: Int]
    {
        var ids: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_key, question_id FROM question_id WHERE item_key IS NOT NULL") {
            ids[row[0]] = row[1]
        }
        // Ids reserved by an imported release, by src and question text.
        var reserved: [String: Int] = [:]
        let unbound = try Row.fetchAll(
            db,
            sql: """
                SELECT q.question_id, json_extract(r.record, '$.src') AS src, json_extract(r.record, '$.question') AS question
                FROM question_id q JOIN release_record r ON r.question_id = q.question_id
                JOIN release_version v ON v.version = r.version AND v.origin = 'imported'
                WHERE q.item_key IS NULL ORDER BY q.question_id
                """)
        for row in unbound {
            let key = matchKey(src: row["src"], question: row["question"])
            if reserved[key] == nil { reserved[key] = row["question_id"] }
        }
        let bind = try db.cachedStatement(sql: "UPDATE question_id SET item_key = ? WHERE question_id = ? AND item_key IS NULL")
        var fresh: [ReleaseStage.Candidate] = []
        for candidate in candidates where ids[candidate.key] == nil {
            let key = matchKey(src: candidate.src, question: candidate.question)
            if let id = reserved.removeValue(forKey: key) {
                try bind.execute(arguments: [candidate.key, id])
                ids[candidate.key] = id
            } else {
                fresh.append(candidate)
            }
        }
        var next = (try Int.fetchOne(db, sql: "SELECT MAX(question_id) FROM question_id") ?? -1) + 1
        let rank = Dictionary(uniqueKeysWithValues: categoryOrder.enumerated().map { ($1, $0) })
        let splitRank = ["validation": 0, "test": 1]
        fresh.sort {
            (splitRank[$0.split] ?? 2, rank[$0.category] ?? Int.max, $0.src, $0.key)
                < (splitRank[$1.split] ?? 2, rank[$1.category] ?? Int.max, $1.src, $1.key)
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO question_id (question_id, item_key, category, origin, first_release) VALUES (?, ?, ?, 'build', ?)")
        for candidate in fresh {
            try insert.execute(arguments: [next, candidate.key, candidate.category, version])
            ids[candidate.key] = next
            next += 1
        }
        return ids
    }

    static func matchKey(src: String, question: String) -> String {
        src + "\u{1F}" + OptionValidator.normalized(question)
    }
}
