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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stage
        case itemKey = "item_key"
        case field
        case seq
        case reason
        case before
        case after
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(stage, itemKey, field, seq, reason, before, after)
    }
}
