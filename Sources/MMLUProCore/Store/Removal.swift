import GRDB

/// A row of `removal`: why a stage removed a question: a reason code and a detail.
public struct Removal: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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
}
