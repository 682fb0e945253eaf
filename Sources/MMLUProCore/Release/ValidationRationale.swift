import GRDB

/// A row of `validation_rationale`: how a validation question's rationale was matched to an exemplar and its letters rewritten.
public struct ValidationRationale: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "validation_rationale"

    public enum Method: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case equal
        case suffix
        case similar
    }

    public var itemKey: String
    public var origin: String
    public var method: Method
    public var similarity: Double
    public var letters: String

    public init(itemKey: String, origin: String, method: Method, similarity: Double, letters: String) {
        self.itemKey = itemKey
        self.origin = origin
        self.method = method
        self.similarity = similarity
        self.letters = letters
    }

    enum CodingKeys: String, CodingKey {
        case origin, method, similarity, letters
        case itemKey = "item_key"
    }

    public init(row: Row) throws {
        itemKey = row["item_key"]
        origin = row["origin"]
        method = row["method"]
        similarity = row["similarity"]
        letters = row["letters"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["origin"] = origin
        container["method"] = method
        container["similarity"] = similarity
        container["letters"] = letters
    }

    public static let databaseColumns = ["item_key", "origin", "method", "similarity", "letters"]

    public static let insertTarget = "validation_rationale (item_key, origin, method, similarity, letters) VALUES (?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [itemKey, origin, method, similarity, letters]
    }
}
