import Foundation
import GRDB

/// A row of `review_event`.
public struct ReviewEvent: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, RowWriting {
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

    public static let insertTarget = makeInsertTarget(
        databaseTableName,
        [
            "id", "at", "reviewer", "kind", "task_key", "decision", "before", "after", "lease_until", "undoes", "guideline_version",
            "origin",
        ])

    public func writeValues(to row: inout some RowValues) {
        row.put(id, at, reviewer, kind.rawValue, taskKey, decision, before, after, leaseUntil, undoes, guidelineVersion, origin)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Inserts the event through the cached statement of ``RowWriting`` (a record's insert
    /// builds its statement's arguments through a persistence container per row: most of a
    /// claim's insert) and takes the id it was given.
    mutating func insertEvent(_ db: Database) throws {
        try insertRow(db)
        id = db.lastInsertedRowID
    }

    /// Inserts the event with the task's state before and after it.
    /// - Returns: The state after.
    mutating func append(to task: ReviewTask, after events: [ReviewEvent], now: Date, db: Database) throws -> TaskState {
        before = Digest.canonicalJSON(TaskState.derive(task, events: events, now: now))
        id = Int64.max  // the newest event while the state after it is derived
        let state = TaskState.derive(task, events: events + [self], now: now)
        id = nil
        after = Digest.canonicalJSON(state)
        try insertEvent(db)
        try ReviewQueueEntry.setStatus(state.status, of: task.key, db: db)
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

extension ReviewEvent {
    /// Read by column (not through `Decodable`): every review run reads every event.
    public init(row: Row) throws {
        id = row["id"]
        at = row["at"]
        reviewer = row["reviewer"]
        let kindText: String = row["kind"]
        guard let kind = Kind(rawValue: kindText) else {
            throw PipelineStateError(message: "the review log is damaged: event \(id ?? 0) has kind \"\(kindText)\"")
        }
        self.kind = kind
        taskKey = row["task_key"]
        decision = row["decision"]
        before = row["before"]
        after = row["after"]
        leaseUntil = row["lease_until"]
        undoes = row["undoes"]
        guidelineVersion = row["guideline_version"]
        origin = row["origin"]
    }
}
