import GRDB

/// A row of `generated_option`: one option a model or the heuristic proposed, accepted or refused by the validator (and why).
public struct GeneratedOption: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "generated_option"

    public var stage: String
    public var itemKey: String
    public var attempt: Int
    public var position: Int
    public var text: String
    public var accepted: Bool
    public var reason: String?
    public var detail: String?
    public var requestHash: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stage
        case itemKey = "item_key"
        case attempt
        case position
        case text
        case accepted
        case reason
        case detail
        case requestHash = "request_hash"
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(stage, itemKey, attempt, position, text, accepted, reason, detail, requestHash)
    }
}
