import GRDB

/// A row of `augment_flag`: a question augment could not bring to its option count, or a check it failed, and why.
public struct AugmentFlag: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "augment_flag"

    public var itemKey: String
    public var reason: String
    public var detail: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case reason
        case detail
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, reason, detail)
    }
}
