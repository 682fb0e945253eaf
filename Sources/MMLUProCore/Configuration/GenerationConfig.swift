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
