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

    public init(row: Row) throws {
        requestHash = row["request_hash"]
        provider = row["provider"]
        model = row["model"]
        request = row["request"]
        stage = row["stage"]
        exportedAt = row["exported_at"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["request_hash"] = requestHash
        container["provider"] = provider
        container["model"] = model
        container["request"] = request
        container["stage"] = stage
        container["exported_at"] = exportedAt
    }

    public static let databaseColumns = ["request_hash", "provider", "model", "request", "stage", "exported_at"]

    public static let insertTarget = "model_pending (request_hash, provider, model, request, stage, exported_at) VALUES (?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [requestHash, provider, model, request, stage, exportedAt]
    }
}
