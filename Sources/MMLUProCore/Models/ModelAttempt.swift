import GRDB

/// A row of `model_attempt`: one HTTP attempt at a model request, with its latency, status, tokens and cost (the ledger).
public struct ModelAttempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "model_attempt"

    public var id: Int64?
    public var requestHash: String
    public var stage: String
    public var provider: String
    public var model: String
    public var startedAt: String
    public var latencyMs: Int
    public var status: String
    public var httpStatus: Int?
    public var error: String?
    public var promptTokens: Int
    public var completionTokens: Int
    public var cost: Double

    public init(
        id: Int64? = nil, requestHash: String, stage: String, provider: String, model: String, startedAt: String, latencyMs: Int,
        status: String, httpStatus: Int? = nil, error: String? = nil, promptTokens: Int, completionTokens: Int, cost: Double
    ) {
        self.id = id
        self.requestHash = requestHash
        self.stage = stage
        self.provider = provider
        self.model = model
        self.startedAt = startedAt
        self.latencyMs = latencyMs
        self.status = status
        self.httpStatus = httpStatus
        self.error = error
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
    }

    enum CodingKeys: String, CodingKey {
        case id, stage, provider, model, status, error, cost
        case requestHash = "request_hash"
        case startedAt = "started_at"
        case latencyMs = "latency_ms"
        case httpStatus = "http_status"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
