import GRDB

/// A row of `model_rejection`: a stored response a stage refused (bad JSON, wrong shape), so it is asked again under another attempt.
public struct ModelRejection: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "model_rejection"

    public var requestHash: String
    public var stage: String
    public var reason: String
    public var detail: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestHash = "request_hash"
        case stage
        case reason
        case detail
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(requestHash, stage, reason, detail)
    }
}
