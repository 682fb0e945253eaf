import GRDB

/// A row of `review_task_state`: a task's place in the review queue (kept by the events: open, decided or disputed).
public struct ReviewQueueEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "review_task_state"

    public typealias Status = TaskState.Status

    public var taskKey: String
    public var status: Status
    public var priority: Int
    public var phase: Int

    public init(taskKey: String, status: Status, priority: Int, phase: Int) {
        self.taskKey = taskKey
        self.status = status
        self.priority = priority
        self.phase = phase
    }

    enum CodingKeys: String, CodingKey {
        case status, priority, phase
        case taskKey = "task_key"
    }

    /// Moves a task in the queue (the events decide where; this keeps the index in step).
    static func setStatus(_ status: Status, of task: String, db: Database) throws {
        try db.cachedStatement(sql: "UPDATE review_task_state SET status = ? WHERE task_key = ?").execute(arguments: [status, task])
    }

    public init(row: Row) throws {
        taskKey = row["task_key"]
        status = row["status"]
        priority = row["priority"]
        phase = row["phase"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["task_key"] = taskKey
        container["status"] = status
        container["priority"] = priority
        container["phase"] = phase
    }

    public static let databaseColumns = ["task_key", "status", "priority", "phase"]

    public static let insertTarget = "review_task_state (task_key, status, priority, phase) VALUES (?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [taskKey, status, priority, phase]
    }
}
