import GRDB

/// A row of `question_id`: a question id given to a question (never reused, kept from release to release).
public struct AssignedQuestionID: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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
}
