import GRDB

/// A row of `integrate_hold`: a question integrate held back for a person (an answer it could not extract or check).
public struct IntegrateHold: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "integrate_hold"

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
