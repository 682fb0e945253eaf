/// One chat completion request, in the OpenAI wire format's terms.
public struct ChatRequest: Codable, Sendable, Equatable {
    /// The provider's model id.
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var seed: Int?
    public var stop: [String]?
    /// `{"type": "json_object"}` when the reply must be JSON.
    public var responseFormat: JSONValue?
    /// What the request asks for, as data, for the offline generator. Not sent over HTTP and
    /// not part of the cache key (the rendered messages carry the same content).
    public var task: ModelTask?
    /// A plain-text prompt: the request goes to `/v1/completions` instead of the chat endpoint
    /// (base models without a chat template).
    public var prompt: String?
    /// With ``prompt``: how many of the next token's most likely alternatives to return with
    /// their log-probabilities. The reply's content is then `{"text": ..., "top_logprobs":
    /// {token: logprob}}`.
    public var logprobs: Int?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, seed, stop, task, prompt, logprobs
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case responseFormat = "response_format"
    }

    public init(
        model: String, messages: [ChatMessage], temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil,
        seed: Int? = nil, stop: [String]? = nil, responseFormat: JSONValue? = nil, task: ModelTask? = nil, prompt: String? = nil,
        logprobs: Int? = nil
    ) {
        self.prompt = prompt
        self.logprobs = logprobs
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.seed = seed
        self.stop = stop
        self.responseFormat = responseFormat
        self.task = task
    }

    /// The request as sent: everything but ``task``.
    public var wireForm: ChatRequest {
        var copy = self
        copy.task = nil
        return copy
    }

    /// The cache key: SHA-256 of the ``CanonicalJSON`` text of the wire form (model, messages,
    /// every sampling parameter, response format), written by hand so that no toolchain
    /// change can move it.
    public var cacheKey: String { Digest.sha256(canonicalText) }

    /// The wire form as ``CanonicalJSON`` text: the members that are set, under their wire names.
    var canonicalText: String {
        var members: [String: CanonicalJSON.Value] = [
            "model": .string(model),
            "messages": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
        ]
        if let temperature { members["temperature"] = .double(temperature) }
        if let topP { members["top_p"] = .double(topP) }
        if let maxTokens { members["max_tokens"] = .int(maxTokens) }
        if let seed { members["seed"] = .int(seed) }
        if let stop { members["stop"] = .array(stop.map { .string($0) }) }
        if let responseFormat { members["response_format"] = CanonicalJSON.Value(responseFormat) }
        if let prompt { members["prompt"] = .string(prompt) }
        if let logprobs { members["logprobs"] = .int(logprobs) }
        return CanonicalJSON.text(.object(members))
    }

    /// A rough token count of the prompt (4 characters a token), for estimates.
    public var estimatedPromptTokens: Int {
        (messages.reduce(0) { $0 + $1.content.count } + (prompt?.count ?? 0)) / 4 + 8 * messages.count
    }
}
