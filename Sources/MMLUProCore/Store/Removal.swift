import GRDB

/// A row of `removal`: why a stage removed a question: a reason code and a detail.
public struct Removal: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "removal"

    public var stage: String
    public var itemKey: String
    public var reason: String
    public var detail: String

    public init(stage: String, itemKey: String, reason: String, detail: String) {
        self.stage = stage
        self.itemKey = itemKey
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case stage, reason, detail
        case itemKey = "item_key"
    }

    public init(row: Row) throws {
        stage = row["stage"]
        itemKey = row["item_key"]
        reason = row["reason"]
        detail = row["detail"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["stage"] = stage
        container["item_key"] = itemKey
        container["reason"] = reason
        container["detail"] = detail
    }

    public static let databaseColumns = ["stage", "item_key", "reason", "detail"]

    public static let insertTarget = "removal (stage, item_key, reason, detail) VALUES (?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [stage, itemKey, reason, detail]
    }
}
