import GRDB

/// A row of `model_attempt`: one HTTP attempt at a model request, with its latency, status, tokens and cost (the ledger).
public struct ModelAttempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, RowWriting {
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

    public init(row: Row) throws {
        id = row["id"]
        requestHash = row["request_hash"]
        stage = row["stage"]
        provider = row["provider"]
        model = row["model"]
        startedAt = row["started_at"]
        latencyMs = row["latency_ms"]
        status = row["status"]
        httpStatus = row["http_status"]
        error = row["error"]
        promptTokens = row["prompt_tokens"]
        completionTokens = row["completion_tokens"]
        cost = row["cost"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["request_hash"] = requestHash
        container["stage"] = stage
        container["provider"] = provider
        container["model"] = model
        container["started_at"] = startedAt
        container["latency_ms"] = latencyMs
        container["status"] = status
        container["http_status"] = httpStatus
        container["error"] = error
        container["prompt_tokens"] = promptTokens
        container["completion_tokens"] = completionTokens
        container["cost"] = cost
    }

    public static let databaseColumns = [
        "id", "request_hash", "stage", "provider", "model", "started_at", "latency_ms", "status", "http_status", "error", "prompt_tokens",
        "completion_tokens", "cost",
    ]

    public static let insertTarget =
        "model_attempt (id, request_hash, stage, provider, model, started_at, latency_ms, status, http_status, error, prompt_tokens, completion_tokens, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [id, requestHash, stage, provider, model, startedAt, latencyMs, status, httpStatus, error, promptTokens, completionTokens, cost]
    }
}
