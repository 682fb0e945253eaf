import GRDB

/// A row of `text_repair`: one repair of damaged source text (a reason and the text before and after).
public struct TextRepairRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
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

    public init(row: Row) throws {
        stage = row["stage"]
        itemKey = row["item_key"]
        field = row["field"]
        seq = row["seq"]
        reason = row["reason"]
        before = row["before"]
        after = row["after"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["stage"] = stage
        container["item_key"] = itemKey
        container["field"] = field
        container["seq"] = seq
        container["reason"] = reason
        container["before"] = before
        container["after"] = after
    }

    public static let databaseColumns = ["stage", "item_key", "field", "seq", "reason", "before", "after"]

    public static let insertTarget = "text_repair (stage, item_key, field, seq, reason, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [stage, itemKey, field, seq, reason, before, after]
    }
}
