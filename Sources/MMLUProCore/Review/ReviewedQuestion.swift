import Foundation
import GRDB

/// A row of `reviewed_question`: what review made of a question: accepted, corrected, removed or pending, with its options.
public struct ReviewedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "reviewed_question"

    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case status
        case taskKey = "task_key"
        case options
        case answerIndex = "answer_index"
        case detail
        case removedOptions = "removed_options"
    }

    /// Lists as canonical JSON, as the store's other writers write them.
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, status, taskKey, JSONList.text(options), answerIndex, detail, JSONList.text(removedOptions))
    }
}
