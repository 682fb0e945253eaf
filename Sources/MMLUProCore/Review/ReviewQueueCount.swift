import GRDB

/// A row of `review_queue_count`: how many tasks of a phase are in a state, kept by triggers on
/// `review_task_state` (migration v11), so that "how many are left" is read, not counted.
public struct ReviewQueueCount: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "review_queue_count"

    public var phase: Int
    public var status: TaskState.Status
    public var tasks: Int
}
