import GRDB

/// A row of `model_rejection`: a stored response a stage refused (bad JSON, wrong shape), so it is asked again under another attempt.
public struct ModelRejection: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model_rejection"

    public var requestHash: String
    public var stage: String
    public var reason: String
    public var detail: String

    public init(requestHash: String, stage: String, reason: String, detail: String) {
        self.requestHash = requestHash
        self.stage = stage
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case stage, reason, detail
        case requestHash = "request_hash"
    }
}
