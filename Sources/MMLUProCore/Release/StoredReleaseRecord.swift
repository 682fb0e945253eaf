import GRDB

/// A row of `release_record`: one record of a built or imported release, as its bytes.
public struct StoredReleaseRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "release_record"

    public var version: String
    public var questionId: Int
    public var split: String
    public var itemKey: String?
    public var record: String
    public var sha256: String

    public init(version: String, questionId: Int, split: String, itemKey: String? = nil, record: String, sha256: String) {
        self.version = version
        self.questionId = questionId
        self.split = split
        self.itemKey = itemKey
        self.record = record
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case version, split, record, sha256
        case questionId = "question_id"
        case itemKey = "item_key"
    }
}
