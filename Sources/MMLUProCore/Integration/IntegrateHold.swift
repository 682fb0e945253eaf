import GRDB

/// A row of `integrate_hold`: a question integrate held back for a person (an answer it could not extract or check).
public struct IntegrateHold: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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
}
