import Foundation
import GRDB

/// A row of `reviewed_question`: what review made of a question: accepted, corrected, removed or pending, with its options.
public struct ReviewedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "reviewed_question"

    public enum Status: String, Codable, Sendable, CaseIterable {
        case accepted
        case corrected
        case removed
        case pending
    }

    public var itemKey: String
    public var status: Status
    public var taskKey: String
    public var options: [String]
    public var answerIndex: Int
    public var detail: String
    public var removedOptions: [String]

    public init(
        itemKey: String, status: Status, taskKey: String, options: [String], answerIndex: Int, detail: String, removedOptions: [String]
    ) {
        self.itemKey = itemKey
        self.status = status
        self.taskKey = taskKey
        self.options = options
        self.answerIndex = answerIndex
        self.detail = detail
        self.removedOptions = removedOptions
    }

    enum CodingKeys: String, CodingKey {
        case status, options, detail
        case itemKey = "item_key"
        case taskKey = "task_key"
        case answerIndex = "answer_index"
        case removedOptions = "removed_options"
    }

    /// Lists as the canonical JSON the rest of the store holds (`/` unescaped).
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }
}
