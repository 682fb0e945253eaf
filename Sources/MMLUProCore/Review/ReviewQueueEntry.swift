import GRDB

/// A row of `review_task_state`: a task's place in the review queue (kept by the events: open, decided or disputed).
public struct ReviewQueueEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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
}
