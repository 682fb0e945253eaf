import GRDB

/// A row of `released_question`: a question in the latest release: its id, split and record digest.
public struct ReleasedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "released_question"

    public enum Split: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case test
        case validation
    }

    public var itemKey: String
    public var questionId: Int
    public var split: Split
    public var sha256: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case questionId = "question_id"
        case split
        case sha256
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, questionId, split, sha256)
    }
}
