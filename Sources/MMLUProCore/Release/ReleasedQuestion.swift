import GRDB

/// A row of `released_question`: a question in the latest release: its id, split and record digest.
public struct ReleasedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "released_question"

    public enum Split: String, Codable, Sendable, CaseIterable {
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
}
