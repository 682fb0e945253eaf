import Foundation
import GRDB

/// Expert review, phase 1: every augmented question gets a task (kept across rebuilds; its
/// key names the version of the question and answer it is about), the decision files named
/// in the configuration are applied, and each question's outcome is derived from the
/// standing decisions: accepted, answer corrected, removed (a `removal` row with the reason),
/// or pending while its task is open or disputed.
///
/// Tasks with the highest priority come first: questions where most filter models agree on
/// the same wrong letter, a sign of a wrong gold answer.
public struct ReviewStage: Stage {
    public static let name = StageName.review
    public static let logicVersion = 1
    public static let tables = ["reviewed_question"]

    public init() {}

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        Digest.sha256(canonical: configuration.pipeline.review)
    }

    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: [InputFile], digest: String) {
        guard let review = configuration.pipeline.review else {
            throw PipelineStateError(message: "the review stage needs a `review:` section in \(configuration.path)")
        }
        let files = try review.decisions.map { try InputFile(source: .mmlu, path: $0, configuration: configuration) }
        return (files, Digest.sha256(files.map { "\($0.path) \($0.sha256)" }.joined(separator: "\n")))
    }

    /// People's decisions made since the last run (through the terminal, the web or an
    /// import) change the outcome; decisions applied from the configured files are covered
    /// by the files' digest.
    public func stateDigest(_ db: Database) throws -> String {
        let row = try Row.fetchOne(
            db, sql: "SELECT COUNT(*), MAX(id) FROM review_event WHERE origin NOT LIKE 'config:%' AND kind <> 'claim' AND kind <> 'release'"
        )
        return "\(row?[0] as Int? ?? 0):\(row?[1] as Int64? ?? 0)"
    }

    public func run(_ files: [InputFile], configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        let review = configuration.pipeline.review!
        try db.clearOutput(of: Self.name, tables: Self.tables)
        let now = Date()
        let created = StageRun.timestamp(now)

        // 1. A phase-1 task for every question (new versions get new tasks; old ones stay).
        let questions = try Row.fetchAll(
            db,
            sql: """
                SELECT a.item_key, a.category, a.options, a.answer_index, s.content_hash FROM augmented_question a
                JOIN source_item s ON s.key = a.item_key ORDER BY a.item_key
                """)
        let priorities = try Self.priorities(db)
        let insertTask = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO review_task (key, phase, item_key, version, category, priority, overlap, created_at)
                VALUES (?, 1, ?, ?, ?, ?, ?, ?)
                """)
        var keys: [String: String] = [:]
        for row in questions {
            let item: String = row["item_key"]
            let options = try JSONDecoder().decode([String].self, from: Data((row["options"] as String).utf8))
            let answer = options[row["answer_index"] as Int]
            let version = String(Digest.sha256((row["content_hash"] as String) + "\u{0}" + answer).prefix(12))
            let key = ReviewTask.phaseOneKey(item: item, version: version)
            keys[item] = key
            try insertTask.execute(arguments: [
                key, item, version, row["category"] as String, priorities[item] ?? 0, review.overlap, created,
            ])
        }

        // 2. The configured decision files.
        var counts: StageCounts = ["tasks": questions.count, "imported": 0]
        for file in files {
            let report = try ReviewExchange.importDecisions(
                file.data, displayPath: file.displayPath, origin: "config:\(file.path)", now: now, strict: false, db: db)
            counts["imported", default: 0] += report.recorded
            counts["not_in_build", default: 0] += report.notInBuild
        }

        // 3. Each question's outcome.
        let events = try ReviewQueue.events(db)
        let insert = try db.cachedStatement(
            sql: "INSERT INTO reviewed_question (item_key, status, task_key, options, answer_index, detail) VALUES (?, ?, ?, ?, ?, ?)")
        let removal = try db.cachedStatement(sql: "INSERT INTO removal (stage, item_key, reason, detail) VALUES (?, ?, ?, ?)")
        for row in questions {
            let item: String = row["item_key"]
            let key = keys[item]!
            let task = try ReviewTask.fetchOne(db, key: key)!
            let state = TaskState.derive(task, events: events[key] ?? [], now: now)
            var status = "pending"
            var answerIndex: Int = row["answer_index"]
            var detail = state.status.rawValue
            if state.status == .decided, let decision = state.resolved {
                let who = state.adjudicator.map { "adjudicated by \($0)" } ?? state.decisions.keys.sorted().joined(separator: ", ")
                switch decision.verdict {
                case .ok:
                    status = "accepted"
                    detail = "ok (\(who))"
                case .wrongAnswer:
                    status = "corrected"
                    let letters = Array("ABCDEFGHIJ")
                    let new = letters.firstIndex(of: Character(decision.answer!))!
                    detail = "answer \(letters[answerIndex]) → \(letters[new]) (\(who))" + (decision.note.map { ": \($0)" } ?? "")
                    answerIndex = new
                case .remove:
                    status = "removed"
                    detail = "\(decision.reason!.rawValue) (\(who))" + (decision.note.map { ": \($0)" } ?? "")
                    try removal.execute(arguments: [Self.name.rawValue, item, decision.reason!.rawValue, detail])
                default:
                    status = "pending"
                }
            }
            try insert.execute(arguments: [item, status, key, row["options"] as String, answerIndex, detail])
            counts[status, default: 0] += 1
        }
        return counts
    }

    /// Per MMLU item: how many filter models agree on the same wrong letter.
    static func priorities(_ db: Database) throws -> [String: Int] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT item_key, MAX(n) AS priority FROM (
                    SELECT item_key, letter, COUNT(*) AS n FROM filter_answer
                    WHERE status = 'ok' AND is_correct = 0 GROUP BY item_key, letter)
                GROUP BY item_key
                """)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["item_key"] as String, $0["priority"] as Int) })
    }
}
