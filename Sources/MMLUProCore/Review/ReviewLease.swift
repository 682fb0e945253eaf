import GRDB

/// A row of `review_lease`: the lease a reviewer's last claim of a task gave them, kept by
/// triggers on `review_event` (migration v12) until their release, decision or adjudication of
/// it. Running while `leaseUntil` is later than now; a claim reads it instead of the events.
public struct ReviewLease: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "review_lease"

    public var taskKey: String
    public var reviewer: String
    public var leaseUntil: String

    enum CodingKeys: String, CodingKey {
        case taskKey = "task_key"
        case reviewer
        case leaseUntil = "lease_until"
    }
}
