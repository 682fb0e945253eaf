import GRDB

/// A row of `review_task_state`: a task's place in the review queue (kept by the events: open, decided or disputed).
public struct ReviewQueueEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "review_task_state"

    public typealias Status = TaskState.Status

    public var taskKey: String
    public var status: Status
    public var priority: Int
    public var phase: Int

    /// Moves a task in the queue (the events decide where; this keeps the index in step).
    static func setStatus(_ status: Status, of task: String, db: Database) throws {
        try db.cachedStatement(sql: "UPDATE review_task_state SET status = ? WHERE task_key = ?").execute(arguments: [status, task])
    }

    /// Moves tasks in the queue, one statement for all of them.
    static func setStatus(_ status: Status, of tasks: [String], db: Database) throws {
        guard !tasks.isEmpty else { return }
        try db.cachedStatement(sql: "UPDATE review_task_state SET status = ? WHERE task_key IN (SELECT value FROM json_each(?))")
            .execute(arguments: [status, JSONList.text(tasks)])
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case taskKey = "task_key"
        case status
        case priority
        case phase
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(taskKey, status, priority, phase)
    }
}
