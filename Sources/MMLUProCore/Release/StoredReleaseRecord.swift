import GRDB

/// A row of `release_record`: one record of a built or imported release, as its bytes.
public struct StoredReleaseRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
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

    public init(row: Row) throws {
        version = row["version"]
        questionId = row["question_id"]
        split = row["split"]
        itemKey = row["item_key"]
        record = row["record"]
        sha256 = row["sha256"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["version"] = version
        container["question_id"] = questionId
        container["split"] = split
        container["item_key"] = itemKey
        container["record"] = record
        container["sha256"] = sha256
    }

    public static let databaseColumns = ["version", "question_id", "split", "item_key", "record", "sha256"]

    public static let insertTarget = "release_record (version, question_id, split, item_key, record, sha256) VALUES (?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [version, questionId, split, itemKey, record, sha256]
    }
}
