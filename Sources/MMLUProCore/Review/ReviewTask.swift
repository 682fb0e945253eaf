import Foundation
import GRDB

/// A row of `review_task`.
public struct ReviewTask: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
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

    public static let insertTarget = makeInsertTarget(
        databaseTableName,
        [
            "key", "phase", "item_key", "option_text", "version", "category", "priority", "overlap", "created_at",
        ])

    public func writeValues(to row: inout some RowValues) {
        row.put(key, phase, itemKey, optionText, version, category, priority, overlap, createdAt)
    }

    /// The key of the phase-1 task for a version of a question.
    public static func phaseOneKey(item: String, version: String) -> String { "p1:\(item)@\(version)" }
}

extension ReviewTask {
    /// Read by column (not through `Decodable`): every review run reads every task.
    public init(row: Row) {
        key = row["key"]
        phase = row["phase"]
        itemKey = row["item_key"]
        optionText = row["option_text"]
        version = row["version"]
        category = row["category"]
        priority = row["priority"]
        overlap = row["overlap"]
        createdAt = row["created_at"]
    }
}
