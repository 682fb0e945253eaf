import Foundation
import GRDB

/// A row of `review_task`.
public struct ReviewTask: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "review_task"

    public var key: String
    public var phase: Int
    public var itemKey: String
    public var optionText: String?
    /// The version of the question the task is about.
    public var version: String
    public var category: String
    /// Higher first.
    public var priority: Int
    /// How many reviewers decide it independently.
    public var overlap: Int
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case key, phase, version, category, priority, overlap
        case itemKey = "item_key"
        case optionText = "option_text"
        case createdAt = "created_at"
    }

    /// The key of the phase-1 task for a version of a question.
    public static func phaseOneKey(item: String, version: String) -> String { "p1:\(item)@\(version)" }
}

/// A row of `review_event`.
public struct ReviewEvent: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "review_event"

    public enum Kind: String, Codable, Sendable {
        case claim, release, decide, undo, adjudicate
    }

    public var id: Int64?
    public var at: String
    public var reviewer: String
    public var kind: Kind
    public var taskKey: String
    /// JSON of a ``ReviewDecision``.
    public var decision: String?
    /// JSON of the task's state before and after.
    public var before: String?
    public var after: String?
    public var leaseUntil: String?
    public var undoes: Int64?
    public var guidelineVersion: String
    public var origin: String

    enum CodingKeys: String, CodingKey {
        case id, at, reviewer, kind, decision, before, after, undoes, origin
        case taskKey = "task_key"
        case leaseUntil = "lease_until"
        case guidelineVersion = "guideline_version"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Inserts the event with the task's state before and after it.
    /// - Returns: The state after.
    mutating func append(to task: ReviewTask, after events: [ReviewEvent], now: Date, db: Database) throws -> TaskState {
        before = Digest.canonicalJSON(TaskState.derive(task, events: events, now: now))
        id = Int64.max  // the newest event while the state after it is derived
        let state = TaskState.derive(task, events: events + [self], now: now)
        id = nil
        after = Digest.canonicalJSON(state)
        try insert(db)
        try db.execute(
            sql: "UPDATE review_task_state SET status = ? WHERE task_key = ?", arguments: [state.status.rawValue, task.key])
        return state
    }

    /// The decision, decoded when the event was fetched (``fetchChecked(_:sql:arguments:)``).
    var parsed: ReviewDecision?

    var decoded: ReviewDecision? {
        parsed ?? decision.flatMap { try? JSONDecoder().decode(ReviewDecision.self, from: Data($0.utf8)) }
    }

    /// The events `sql` selects, each decision and adjudication checked to decode: a damaged
    /// decision would otherwise drop out of the task's state without a word (a decided task
    /// reopened, a dispute gone).
    /// - Throws: ``PipelineStateError`` naming the event.
    static func fetchChecked(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [ReviewEvent] {
        var events = try ReviewEvent.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        // Many events carry the same decision text (an unattended build's thousands): each
        // text is decoded once.
        var known: [String: ReviewDecision] = [:]
        let decoder = JSONDecoder()
        for index in events.indices where events[index].kind == .decide || events[index].kind == .adjudicate {
            let event = events[index]
            let text = event.decision ?? ""
            if let decision = known[text] {
                events[index].parsed = decision
                continue
            }
            do {
                let decision = try decoder.decode(ReviewDecision.self, from: Data(text.utf8))
                known[text] = decision
                events[index].parsed = decision
            } catch {
                throw PipelineStateError(
                    message: """
                        the review log is damaged: event \(event.id ?? 0) (\(event.kind.rawValue) of \(event.taskKey) by \(event.reviewer), \
                        \(event.at)) holds a decision this version cannot read: \(event.decision.map { "\($0.prefix(120))" } ?? "none"); \
                        restore the store from a copy (the release's provenance names every decision)
                        """)
            }
        }
        return events
    }
}

/// The state of a task, derived from its events.
public struct TaskState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Waiting for decisions.
        case open
        /// Enough reviewers agree, or an adjudicator decided.
        case decided
        /// Enough reviewers decided and they disagree: an adjudicator must decide.
        case disputed
    }

    public var status: Status
    /// Each reviewer's standing decision.
    public var decisions: [String: ReviewDecision]
    /// The decision that stands for the task, when decided.
    public var resolved: ReviewDecision?
    /// Who decided it finally: the reviewers, or the adjudicator's name.
    public var adjudicator: String?
    /// Active leases: reviewer → until.
    public var leases: [String: String]

    /// Folds a task's events (in order) into its state at `now`.
    public static func derive(_ task: ReviewTask, events: [ReviewEvent], now: Date) -> TaskState {
        var standing: [Int64: ReviewEvent] = [:]
        var leases: [String: String] = [:]
        for event in events {
            switch event.kind {
            case .claim: leases[event.reviewer] = event.leaseUntil
            case .release: leases[event.reviewer] = nil
            case .decide, .adjudicate:
                if let id = event.id { standing[id] = event }
                leases[event.reviewer] = nil
            case .undo:
                if let id = event.undoes { standing[id] = nil }
            }
        }
        let nowText = StageRun.timestamp(now)
        leases = leases.filter { $0.value > nowText }
        let ordered = standing.values.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        var decisions: [String: ReviewDecision] = [:]
        for event in ordered where event.kind == .decide {
            decisions[event.reviewer] = event.decoded
        }
        if let adjudication = ordered.last(where: { $0.kind == .adjudicate }), let decision = adjudication.decoded {
            return TaskState(status: .decided, decisions: decisions, resolved: decision, adjudicator: adjudication.reviewer, leases: leases)
        }
        let counted = decisions.sorted { $0.key < $1.key }.map(\.value).filter { $0.verdict != .expert }
        guard counted.count >= task.overlap else {
            return TaskState(status: .open, decisions: decisions, resolved: nil, adjudicator: nil, leases: leases)
        }
        let agreed = Set(counted.map(\.agreementKey)).count == 1
        return TaskState(
            status: agreed ? .decided : .disputed, decisions: decisions, resolved: agreed ? counted.first : nil, adjudicator: nil,
            leases: leases)
    }
}
