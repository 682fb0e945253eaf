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

/// Settings shared by the stages that generate options with a model.
public struct GenerationConfig: Codable, Sendable, Equatable {
    /// The provider, by its name under `providers:`.
    public var provider: String
    /// The prompt template file.
    public var template: String
    /// Sampling temperature. Default 0.7.
    public var temperature: Double
    /// Default 600.
    public var maxTokens: Int
    /// Base seed; regeneration attempts add their number. Default 0.
    public var seed: Int
    /// How many times an item is asked again for options that failed validation. Default 3.
    public var attempts: Int
    /// An option longer than this many times the longest existing option (and 40 characters
    /// more) is rejected as `too_long`. Default 3.
    public var maxLengthRatio: Double
    /// How a panel model answers (`filter.live` only), as lm-evaluation-harness scores it:
    /// `generate` (a chat model writes an answer; the letter is extracted) or `logprobs` (a
    /// base model continues the prompt; the option letter with the highest log-probability as
    /// the next token is its answer, from `/v1/completions`). Default `generate`.
    public var scoring: Scoring

    public enum Scoring: String, Codable, Sendable, CaseIterable {
        case generate
        case logprobs
    }

    enum CodingKeys: String, CodingKey {
        case provider, template, temperature, seed, attempts, scoring
        case maxTokens = "max_tokens"
        case maxLengthRatio = "max_length_ratio"
    }

    public init(
        provider: String, template: String, temperature: Double = 0.7, maxTokens: Int = 600, seed: Int = 0,
        attempts: Int = 3, maxLengthRatio: Double = 3, scoring: Scoring = .generate
    ) {
        self.scoring = scoring
        self.provider = provider
        self.template = template
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
        self.attempts = attempts
        self.maxLengthRatio = maxLengthRatio
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            provider: try c.decode(String.self, forKey: .provider),
            template: try c.decode(String.self, forKey: .template),
            temperature: try c.decodeIfPresent(Double.self, forKey: .temperature) ?? 0.7,
            maxTokens: try c.decodeIfPresent(Int.self, forKey: .maxTokens) ?? 600,
            seed: try c.decodeIfPresent(Int.self, forKey: .seed) ?? 0,
            attempts: try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 3,
            maxLengthRatio: try c.decodeIfPresent(Double.self, forKey: .maxLengthRatio) ?? 3,
            scoring: try c.decodeIfPresent(Scoring.self, forKey: .scoring) ?? .generate)
    }
}

/// The stage that turns the added sources into 4-option questions.
public struct IntegrateConfig: Codable, Sendable, Equatable {
    /// Distractor generation: 3 per question.
    public var distractors: GenerationConfig
    /// STEM Website answer extraction from the worked solution.
    public var extraction: GenerationConfig
    /// What happens to a STEM Website item whose extracted answer is empty, multi-part or
    /// disagrees with the source's own answer. Default `hold`.
    public var onBadExtraction: BadExtractionPolicy

    enum CodingKeys: String, CodingKey {
        case distractors, extraction
        case onBadExtraction = "on_bad_extraction"
    }

    public init(distractors: GenerationConfig, extraction: GenerationConfig, onBadExtraction: BadExtractionPolicy = .hold) {
        self.distractors = distractors
        self.extraction = extraction
        self.onBadExtraction = onBadExtraction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        distractors = try c.decode(GenerationConfig.self, forKey: .distractors)
        extraction = try c.decode(GenerationConfig.self, forKey: .extraction)
        onBadExtraction = try c.decodeIfPresent(BadExtractionPolicy.self, forKey: .onBadExtraction) ?? .hold
    }
}

/// `hold` keeps the item out of the build, recorded, until someone looks; `drop` removes it.
public enum BadExtractionPolicy: String, Codable, Sendable, CaseIterable {
    case hold, drop
}

/// The stage that expands every question to 10 options.
public struct AugmentConfig: Codable, Sendable, Equatable {
    /// Distractor generation settings.
    public var generation: GenerationConfig
    /// Options per question after expansion. Default 10.
    public var options: Int
    /// A trial run with a slow model: only the first this many questions (by key) are
    /// expanded; the others are removed with reason `not_sampled`. Default: all.
    public var limit: Int?
    /// A candidate that is already an option of this many other questions of the build is
    /// rejected (`overused`): an option reused verbatim across questions marks itself as a
    /// distractor. Default 2.
    public var maxReuse: Int

    enum CodingKeys: String, CodingKey {
        case generation, options, limit
        case maxReuse = "max_reuse"
    }

    public init(generation: GenerationConfig, options: Int = 10, limit: Int? = nil, maxReuse: Int = 2) {
        self.generation = generation
        self.options = options
        self.limit = limit
        self.maxReuse = maxReuse
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generation = try c.decode(GenerationConfig.self, forKey: .generation)
        options = try c.decodeIfPresent(Int.self, forKey: .options) ?? 10
        limit = try c.decodeIfPresent(Int.self, forKey: .limit)
        maxReuse = try c.decodeIfPresent(Int.self, forKey: .maxReuse) ?? 2
    }
}
