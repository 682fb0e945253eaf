import GRDB

/// A row of `duplicate_record`: a repeated record folded into the first one.
public struct DuplicateRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "duplicate_record"

    /// The record kept.
    public var itemKey: String
    /// Where the repeat was (`file:line`).
    public var origin: String
    public var detail: String

    public init(itemKey: String, origin: String, detail: String) {
        self.itemKey = itemKey
        self.origin = origin
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case origin, detail
        case itemKey = "item_key"
    }
}
