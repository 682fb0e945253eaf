import GRDB

/// A row of `removal`: why a stage removed a question: a reason code and a detail.
public struct Removal: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "removal"

    public var stage: String
    public var itemKey: String
    public var reason: String
    public var detail: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stage
        case itemKey = "item_key"
        case reason
        case detail
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(stage, itemKey, reason, detail)
    }
}
