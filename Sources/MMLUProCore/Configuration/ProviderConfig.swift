/// A model provider named in `pipeline.yaml` under `providers:`. Stages name the provider
/// they use, so pointing a stage at another server is a one-line change.
///
/// ```yaml
/// providers:
///   offline: {kind: offline}
///   local: {kind: openai, base_url: "http://127.0.0.1:8080/v1", model: qwen2.5-1.5b,
///           api_key_env: OPENAI_API_KEY, max_concurrency: 32}
/// ```
public struct ProviderConfig: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The built-in deterministic heuristic generator; not a language model.
        case offline
        /// An OpenAI-compatible `/v1/chat/completions` server.
        case openai
    }

    public var kind: Kind
    /// The API root, ending in `/v1`.
    public var baseURL: String?
    /// The model id sent with each request.
    public var model: String?
    /// The environment variable holding the API key (never the key itself).
    public var apiKeyEnv: String?
    /// Requests in flight at once. Default 8.
    public var maxConcurrency: Int
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    /// US dollars per million input tokens. Default 0.
    public var priceInput: Double
    /// US dollars per million output tokens. Default 0.
    public var priceOutput: Double
    /// Per-request timeout. Default 120 s.
    public var timeoutSeconds: Double
    /// Retries of a request that failed with 429, 5xx, a timeout or a bad body. Default 6.
    public var maxRetries: Int
    /// First backoff delay; doubles each retry, with full jitter. Default 1 s.
    public var retryBaseSeconds: Double

    enum CodingKeys: String, CodingKey {
        case kind, model
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
        case maxConcurrency = "max_concurrency"
        case requestsPerMinute = "requests_per_minute"
        case tokensPerMinute = "tokens_per_minute"
        case priceInput = "price_input"
        case priceOutput = "price_output"
        case timeoutSeconds = "timeout_seconds"
        case maxRetries = "max_retries"
        case retryBaseSeconds = "retry_base_seconds"
    }

    public init(
        kind: Kind, baseURL: String? = nil, model: String? = nil, apiKeyEnv: String? = nil, maxConcurrency: Int = 8,
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, priceInput: Double = 0, priceOutput: Double = 0,
        timeoutSeconds: Double = 120, maxRetries: Int = 6, retryBaseSeconds: Double = 1
    ) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.maxConcurrency = maxConcurrency
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.priceInput = priceInput
        self.priceOutput = priceOutput
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
        self.retryBaseSeconds = retryBaseSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(Kind.self, forKey: .kind),
            baseURL: try c.decodeIfPresent(String.self, forKey: .baseURL),
            model: try c.decodeIfPresent(String.self, forKey: .model),
            apiKeyEnv: try c.decodeIfPresent(String.self, forKey: .apiKeyEnv),
            maxConcurrency: try c.decodeIfPresent(Int.self, forKey: .maxConcurrency) ?? 8,
            requestsPerMinute: try c.decodeIfPresent(Int.self, forKey: .requestsPerMinute),
            tokensPerMinute: try c.decodeIfPresent(Int.self, forKey: .tokensPerMinute),
            priceInput: try c.decodeIfPresent(Double.self, forKey: .priceInput) ?? 0,
            priceOutput: try c.decodeIfPresent(Double.self, forKey: .priceOutput) ?? 0,
            timeoutSeconds: try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 120,
            maxRetries: try c.decodeIfPresent(Int.self, forKey: .maxRetries) ?? 6,
            retryBaseSeconds: try c.decodeIfPresent(Double.self, forKey: .retryBaseSeconds) ?? 1)
    }

    /// The name the heuristic generator (`kind: offline`) is recorded under.
    public static let offlineModelName = "offline-heuristic"

    /// The model name recorded with outputs: the model id, or the heuristic generator's name.
    public var modelName: String { kind == .offline ? Self.offlineModelName : (model ?? "") }

    /// Who answers, for the stage digests: the model and, for a server, where it is served
    /// (another server under the same model name is another model).
    public var identity: String {
        guard kind == .openai, let baseURL else { return modelName }
        var endpoint = baseURL.trimmingCharacters(in: .whitespaces).lowercased()
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return "\(modelName) at \(endpoint)"
    }

    /// The cost of a call, in US dollars.
    public func cost(promptTokens: Int, completionTokens: Int) -> Double {
        (Double(promptTokens) * priceInput + Double(completionTokens) * priceOutput) / 1_000_000
    }
}
