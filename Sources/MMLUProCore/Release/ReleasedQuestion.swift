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

    public init(itemKey: String, questionId: Int, split: Split, sha256: String) {
        self.itemKey = itemKey
        self.questionId = questionId
        self.split = split
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case split, sha256
        case itemKey = "item_key"
        case questionId = "question_id"
    }

    public init(row: Row) throws {
        itemKey = row["item_key"]
        questionId = row["question_id"]
        split = row["split"]
        sha256 = row["sha256"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["question_id"] = questionId
        container["split"] = split
        container["sha256"] = sha256
    }

    public static let databaseColumns = ["item_key", "question_id", "split", "sha256"]

    public static let insertTarget = "released_question (item_key, question_id, split, sha256) VALUES (?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [itemKey, questionId, split, sha256]
    }
}
