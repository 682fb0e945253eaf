import GRDB

/// A row of `integrate_hold`: a question integrate held back for a person (an answer it could not extract or check).
public struct IntegrateHold: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "integrate_hold"

    public var itemKey: String
    public var reason: String
    public var detail: String

    public init(itemKey: String, reason: String, detail: String) {
        self.itemKey = itemKey
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case reason, detail
        case itemKey = "item_key"
    }

    public init(row: Row) throws {
        itemKey = row["item_key"]
        reason = row["reason"]
        detail = row["detail"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["reason"] = reason
        container["detail"] = detail
    }

    public static let databaseColumns = ["item_key", "reason", "detail"]

    public static let insertTarget = "integrate_hold (item_key, reason, detail) VALUES (?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [itemKey, reason, detail]
    }
}
