import GRDB

/// A row of `augment_flag`: a question augment could not bring to its option count, or a check it failed, and why.
public struct AugmentFlag: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "augment_flag"

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
