import GRDB

/// A row of `validation_rationale`: how a validation question's rationale was matched to an exemplar and its letters rewritten.
public struct ValidationRationale: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "validation_rationale"

    public enum Method: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case equal
        case suffix
        case similar
    }

    public var itemKey: String
    public var origin: String
    public var method: Method
    public var similarity: Double
    public var letters: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case origin
        case method
        case similarity
        case letters
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, origin, method, similarity, letters)
    }
}
