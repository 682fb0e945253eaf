import GRDB

/// A row of `text_repair`: one repair of damaged source text (a reason and the text before and after).
public struct TextRepairRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "text_repair"

    public var stage: String
    public var itemKey: String
    public var field: String
    public var seq: Int
    public var reason: String
    public var before: String
    public var after: String

    public init(stage: String, itemKey: String, field: String, seq: Int, reason: String, before: String, after: String) {
        self.stage = stage
        self.itemKey = itemKey
        self.field = field
        self.seq = seq
        self.reason = reason
        self.before = before
        self.after = after
    }

    enum CodingKeys: String, CodingKey {
        case stage, field, seq, reason, before, after
        case itemKey = "item_key"
    }
}
