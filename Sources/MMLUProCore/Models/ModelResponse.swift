import GRDB

/// A row of `model_response`: a model response, stored before it is used and never requested twice (the cache).
public struct ModelResponse: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "model_response"

    public enum Via: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case live
        case batch
    }

    public var requestHash: String
    public var provider: String
    public var model: String
    public var request: String
    public var content: String
    public var promptTokens: Int
    public var completionTokens: Int
    public var cost: Double
    public var receivedAt: String
    public var via: Via

    public init(
        requestHash: String, provider: String, model: String, request: String, content: String, promptTokens: Int, completionTokens: Int,
        cost: Double, receivedAt: String, via: Via
    ) {
        self.requestHash = requestHash
        self.provider = provider
        self.model = model
        self.request = request
        self.content = content
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
        self.receivedAt = receivedAt
        self.via = via
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, request, content, cost, via
        case requestHash = "request_hash"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case receivedAt = "received_at"
    }

    public init(row: Row) throws {
        requestHash = row["request_hash"]
        provider = row["provider"]
        model = row["model"]
        request = row["request"]
        content = row["content"]
        promptTokens = row["prompt_tokens"]
        completionTokens = row["completion_tokens"]
        cost = row["cost"]
        receivedAt = row["received_at"]
        via = row["via"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["request_hash"] = requestHash
        container["provider"] = provider
        container["model"] = model
        container["request"] = request
        container["content"] = content
        container["prompt_tokens"] = promptTokens
        container["completion_tokens"] = completionTokens
        container["cost"] = cost
        container["received_at"] = receivedAt
        container["via"] = via
    }

    public static let databaseColumns = [
        "request_hash", "provider", "model", "request", "content", "prompt_tokens", "completion_tokens", "cost", "received_at", "via",
    ]

    public static let insertTarget =
        "model_response (request_hash, provider, model, request, content, prompt_tokens, completion_tokens, cost, received_at, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [requestHash, provider, model, request, content, promptTokens, completionTokens, cost, receivedAt, via]
    }
}
