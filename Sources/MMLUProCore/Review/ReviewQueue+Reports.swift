import Foundation
import GRDB

extension ReviewQueue {
    /// How far reviewers agree, over the tasks two or more of them decided (the `expert`
    /// verdict, "I cannot judge this", left out).
    public struct Agreement: Sendable, Equatable, Codable {
        /// Tasks with two or more decisions.
        public var tasks: Int
        /// Pairs of decisions on one task, and the share of them that agree.
        public var pairs: Int
        public var percent: Double
        /// Fleiss' kappa over every task and every reviewer (for tasks with different numbers of
        /// reviewers, each task's agreement weighted alike); nil with no task decided twice.
        public var fleissKappa: Double?
        /// Cohen's kappa of each pair of reviewers over the tasks both decided.
        public var pairwise: [PairAgreement]
        /// Each reviewer against the adjudicated outcome of the disputed tasks they decided.
        public var withAdjudication: [String: Share]
    }

    /// Two reviewers' agreement.
    public struct PairAgreement: Sendable, Equatable, Codable {
        public var first: String
        public var second: String
        public var tasks: Int
        public var percent: Double
        public var kappa: Double?
    }

    /// How many of `total` agree.
    public struct Share: Sendable, Equatable, Codable {
        public var agree: Int
        public var total: Int
    }

    /// Agreement over every task (or one phase).
    public func agreement(phase: Int? = nil) async throws -> Agreement {
        Self.agreement(try await states(phase: phase).map(\.state))
    }

    static func agreement(_ states: [TaskState]) -> Agreement {
        var items: [[String: String]] = []
        var withAdjudication: [String: Share] = [:]
        for state in states {
            let labels = state.decisions.filter { $0.value.verdict != .expert }.mapValues(\.agreementKey)
            if labels.count >= 2 { items.append(labels) }
            if state.adjudicator != nil, let resolved = state.resolved {
                for (name, label) in labels {
                    var share = withAdjudication[name] ?? Share(agree: 0, total: 0)
                    share.total += 1
                    if label == resolved.agreementKey { share.agree += 1 }
                    withAdjudication[name] = share
                }
            }
        }
        var pairs: [(String, String)] = []
        var byPair: [[String]: [(String, String)]] = [:]
        for labels in items {
            let names = labels.keys.sorted()
            for i in names.indices {
                for j in names.indices where j > i {
                    pairs.append((labels[names[i]]!, labels[names[j]]!))
                    byPair[[names[i], names[j]], default: []].append((labels[names[i]]!, labels[names[j]]!))
                }
            }
        }
        let overall = cohen(pairs)
        let pairwise = byPair.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { names -> PairAgreement in
            let result = cohen(byPair[names]!)
            return PairAgreement(first: names[0], second: names[1], tasks: result.count, percent: result.percent, kappa: result.kappa)
        }
        return Agreement(
            tasks: items.count, pairs: pairs.count, percent: overall.percent, fleissKappa: fleiss(items.map { Array($0.values) }),
            pairwise: pairwise, withAdjudication: withAdjudication)
    }

    /// Fleiss' kappa for items rated by two or more raters each, into categories:
    /// (P̄ − P̄ₑ) / (1 − P̄ₑ), with Pᵢ = (Σⱼ nᵢⱼ² − nᵢ) / (nᵢ(nᵢ − 1)) the agreement on item i, P̄ their
    /// mean, and P̄ₑ = Σⱼ pⱼ² from the share pⱼ of all ratings in category j.
    static func fleiss(_ items: [[String]]) -> Double? {
        let rated = items.filter { $0.count >= 2 }
        guard !rated.isEmpty else { return nil }
        var totals: [String: Double] = [:]
        var ratings = 0.0
        var meanAgreement = 0.0
        for item in rated {
            var counts: [String: Double] = [:]
            for label in item { counts[label, default: 0] += 1 }
            let n = Double(item.count)
            meanAgreement += (counts.values.reduce(0) { $0 + $1 * $1 } - n) / (n * (n - 1))
            for (label, count) in counts { totals[label, default: 0] += count }
            ratings += n
        }
        meanAgreement /= Double(rated.count)
        let expected = totals.values.reduce(0) { $0 + ($1 / ratings) * ($1 / ratings) }
        return expected >= 1 ? (meanAgreement >= 1 ? 1 : 0) : (meanAgreement - expected) / (1 - expected)
    }

    /// Cohen's kappa for pairs of labels from two fixed raters: (observed − expected) / (1 − expected).
    static func cohen(_ pairs: [(String, String)]) -> (count: Int, percent: Double, kappa: Double?) {
        guard !pairs.isEmpty else { return (0, 0, nil) }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.0 == $0.1 }.count) / n
        var first: [String: Double] = [:]
        var second: [String: Double] = [:]
        for (a, b) in pairs {
            first[a, default: 0] += 1
            second[b, default: 0] += 1
        }
        let expected = Set(first.keys).union(second.keys).reduce(0.0) { $0 + (first[$1] ?? 0) / n * ((second[$1] ?? 0) / n) }
        let kappa = expected >= 1 ? (observed >= 1 ? 1 : 0) : (observed - expected) / (1 - expected)
        return (pairs.count, observed * 100, kappa)
    }

    /// Everything `review progress`, the progress page and `GET /api/progress` show.
    public struct ProgressReport: Sendable, Encodable {
        public var rows: [ProgressRow]
        public var reviewers: [String: ReviewerCounts]
        public var agreement: Agreement
        /// Each reviewer's recall on calibration tasks (planted defects).
        public var calibration: [String: Recall]
    }

    /// The progress report.
    public func report() async throws -> ProgressReport {
        ProgressReport(
            rows: try await progress(), reviewers: try await decisionsByReviewer(), agreement: try await agreement(),
            calibration: try await calibration())
    }

    /// One line of progress.
    public struct ProgressRow: Sendable, Equatable, Encodable {
        public var phase: Int
        public var category: String
        public var open: Int
        public var disputed: Int
        public var decided: Int
    }

    /// Open, disputed and decided tasks per phase and category.
    public func progress() async throws -> [ProgressRow] {
        var rows: [String: ProgressRow] = [:]
        for (task, state) in try await states() {
            let key = "\(task.phase)|\(task.category)"
            var row = rows[key] ?? ProgressRow(phase: task.phase, category: task.category, open: 0, disputed: 0, decided: 0)
            switch state.status {
            case .open: row.open += 1
            case .disputed: row.disputed += 1
            case .decided: row.decided += 1
            }
            rows[key] = row
        }
        return rows.values.sorted { ($0.phase, $0.category) < ($1.phase, $1.category) }
    }

    /// A reviewer's standing decisions (undone ones not counted): today (UTC) and in all.
    public struct ReviewerCounts: Sendable, Equatable, Codable {
        public var today: Int
        public var total: Int
    }

    /// Decisions and adjudications standing, per reviewer.
    public func decisionsByReviewer() async throws -> [String: ReviewerCounts] {
        let today = String(StageRun.timestamp(now()).prefix(10))
        return try await writer.read { db in
            let events = try ReviewEvent.fetchChecked(db, sql: "SELECT * FROM review_event ORDER BY id")
            let undone = Set(events.compactMap(\.undoes))
            var counts: [String: ReviewerCounts] = [:]
            for event in events where (event.kind == .decide || event.kind == .adjudicate) && !undone.contains(event.id ?? -1) {
                var count = counts[event.reviewer] ?? ReviewerCounts(today: 0, total: 0)
                count.total += 1
                if event.at.hasPrefix(today) { count.today += 1 }
                counts[event.reviewer] = count
            }
            return counts
        }
    }

    /// How many tasks of a queue are left to claim, of how many: open tasks of the phase (any
    /// phase when nil), or disputed ones. Read from the counts the store keeps
    /// (``ReviewQueueCount``, a row per phase and state), not by counting tasks.
    public func queueCounts(phase: Int?, disputed: Bool) async throws -> (left: Int, total: Int) {
        try await writer.read { db in try Self.queueCounts(db, phase: phase, disputed: disputed) }
    }

    static func queueCounts(_ db: Database, phase: Int?, disputed: Bool) throws -> (left: Int, total: Int) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(SUM(CASE WHEN status = ? THEN tasks END), 0), COALESCE(SUM(tasks), 0)
                    FROM review_queue_count WHERE (? IS NULL OR phase = ?)
                    """), arguments: [disputed ? TaskState.Status.disputed : .open, phase, phase])
        return (row?[0] ?? 0, row?[1] ?? 0)
    }
}

extension ReviewQueue {
    /// Everything a reviewer sees of a task, in the web page and in `review show`.
    public struct TaskDetail: Sendable {
        public var task: ReviewTask
        public var state: TaskState
        public var question: String
        public var options: [String]
        public var answerIndex: Int
        public var src: String
        /// Where the source record is (`file line`).
        public var origin: String
        public var solution: String?
        public var sourceAnswer: String?
        /// Phase 2: the judge's reason for flagging the task's option.
        public var judge: String?
        /// Where each option came from, in words: `source`, `generated by NAME`.
        public var origins: [String]
        /// Tasks left to claim in the task's queue (its phase's open tasks, or the disputed ones
        /// when it is disputed), of all the phase's tasks.
        public var left: Int
        public var total: Int
    }

    /// A task with its question as the build has it.
    /// The latest `limit` events of the log, newest first, of one task and/or one reviewer.
    public func log(task: String?, reviewer: String?, limit: Int) async throws -> [ReviewEvent] {
        try await writer.read { db in
            try ReviewEvent.fetchAll(
                db,
                sql: """
                    SELECT * FROM review_event WHERE (? IS NULL OR task_key = ?) AND (? IS NULL OR reviewer = ?)
                    ORDER BY id DESC LIMIT ?
                    """, arguments: [task, task, reviewer, reviewer, limit])
        }
    }

    /// - Throws: ``ReviewError/unknownTask(_:)`` when the task or its question is gone.
    public func detail(of key: String) async throws -> TaskDetail {
        let now = now()
        // One read, Sendable values out of it (GRDB's async read, never a blocking one).
        return try await writer.read { db in try Self.detail(of: key, now: now, db: db) }
    }

    /// The task and its events, its question, a calibration task's planted version and the
    /// counts of its queue, in the transaction of `db`. Every task a reviewer is shown reads
    /// this; each statement is prepared once per connection.
    static func detail(of key: String, now: Date, db: Database) throws -> TaskDetail {
        let (task, events) = try Self.load(key, db: db)
        let state = TaskState.derive(task, events: events, now: now)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT a.question, a.options, a.answer_index, a.src, a.option_origins, a.generator, s.origin, s.solution,
                        s.answer AS source_answer,
                        (SELECT rationale FROM judge_verdict j WHERE j.item_key = a.item_key AND j.option_text = ?) AS judge,
                        c.options AS planted_options, c.answer_index AS planted_answer_index
                        FROM augmented_question a JOIN source_item s ON s.key = a.item_key
                        LEFT JOIN calibration_task c ON c.task_key = ?
                        WHERE a.item_key = ?
                        """), arguments: [task.optionText, key, task.itemKey])
        else {
            throw ReviewError.unknownTask("\(key): the build has no question \(task.itemKey) (rebuild, or the task is stale)")
        }
        // A calibration task shows its planted version, and nothing else tells it apart.
        let options = (try? JSONList.strings(row["planted_options"] ?? row["options"], column: "augmented_question.options")) ?? []
        let origins = (try? JSONList.strings(row["option_origins"], column: "augmented_question.option_origins")) ?? []
        let generator: String = row["generator"]
        let counts = try Self.queueCounts(db, phase: task.phase, disputed: state.status == .disputed)
        return TaskDetail(
            task: task, state: state, question: row["question"], options: options,
            answerIndex: row["planted_answer_index"] ?? row["answer_index"], src: row["src"], origin: row["origin"],
            solution: row["solution"], sourceAnswer: row["source_answer"], judge: row["judge"],
            origins: options.indices.map { Self.originInWords(origins.indices.contains($0) ? origins[$0] : "", generator: generator) },
            left: counts.left, total: counts.total)
    }

    /// An option's origin for a reviewer: the source's, or generated, and by what.
    static func originInWords(_ origin: String, generator: String) -> String {
        switch origin {
        case "source": "source"
        case "augment": "generated by \(generator)"
        case "integrate": "generated at ingest (integrate)"
        case "": "unknown"
        default: origin
        }
    }
}

extension ReviewQueue {
    /// A reviewer's recall on calibration tasks: planted defects caught, of those decided
    /// (`expert` not counted), with a 95% Wilson interval.
    public struct Recall: Sendable, Equatable, Codable {
        public var caught: Int
        public var total: Int
        public var low: Double
        public var high: Double
    }

    /// Each reviewer's recall on the calibration tasks they decided.
    public func calibration() async throws -> [String: Recall] {
        let now = now()
        return try await writer.read { db in
            let planted = try Row.fetchAll(db, sql: "SELECT task_key, catch_verdict, catch_answer FROM calibration_task")
            var counts: [String: (caught: Int, total: Int)] = [:]
            for row in planted {
                let (task, events) = try Self.load(row["task_key"], db: db)
                let verdict: String = row["catch_verdict"]
                let answer: String? = row["catch_answer"]
                for (reviewer, decision) in TaskState.derive(task, events: events, now: now).decisions where decision.verdict != .expert {
                    let caught = decision.verdict.rawValue == verdict && (answer == nil || decision.answer == answer)
                    counts[reviewer, default: (0, 0)].total += 1
                    if caught { counts[reviewer, default: (0, 0)].caught += 1 }
                }
            }
            return counts.mapValues { count in
                let (low, high) = Statistics.wilson(successes: count.caught, trials: count.total)
                return Recall(caught: count.caught, total: count.total, low: low, high: high)
            }
        }
    }
}
