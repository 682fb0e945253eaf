import GRDB

/// A row of `model_pending`: a request exported to a batch file and not yet answered.
public struct ModelPendingRequest: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model_pending"

    public var requestHash: String
    public var provider: String
    public var model: String
    public var request: String
    public var stage: String
    public var exportedAt: String

    public init(requestHash: String, provider: String, model: String, request: String, stage: String, exportedAt: String) {
        self.requestHash = requestHash
        self.provider = provider
        self.model = model
        self.request = request
        self.stage = stage
        self.exportedAt = exportedAt
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, request, stage
        case requestHash = "request_hash"
        case exportedAt = "exported_at"
    }
}
