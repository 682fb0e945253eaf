import GRDB

/// A row of `model_pending`: a request exported to a batch file and not yet answered.
public struct ModelPendingRequest: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "model_pending"

    public var requestHash: String
    public var provider: String
    public var model: String
    public var request: String
    public var stage: String
    public var exportedAt: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestHash = "request_hash"
        case provider
        case model
        case request
        case stage
        case exportedAt = "exported_at"
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(requestHash, provider, model, request, stage, exportedAt)
    }
}
