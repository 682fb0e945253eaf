import GRDB

/// A row of `question_id`: a question id given to a question (never reused, kept from release to release).
public struct AssignedQuestionID: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "question_id"

    public var questionId: Int
    public var itemKey: String?
    public var category: String
    public var origin: String
    public var firstRelease: String

    public init(questionId: Int, itemKey: String? = nil, category: String, origin: String, firstRelease: String) {
        self.questionId = questionId
        self.itemKey = itemKey
        self.category = category
        self.origin = origin
        self.firstRelease = firstRelease
    }

    enum CodingKeys: String, CodingKey {
        case category, origin
        case questionId = "question_id"
        case itemKey = "item_key"
        case firstRelease = "first_release"
    }

    public init(row: Row) throws {
        questionId = row["question_id"]
        itemKey = row["item_key"]
        category = row["category"]
        origin = row["origin"]
        firstRelease = row["first_release"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["question_id"] = questionId
        container["item_key"] = itemKey
        container["category"] = category
        container["origin"] = origin
        container["first_release"] = firstRelease
    }

    public static let databaseColumns = ["question_id", "item_key", "category", "origin", "first_release"]

    public static let insertTarget = "question_id (question_id, item_key, category, origin, first_release) VALUES (?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [questionId, itemKey, category, origin, firstRelease]
    }
}
