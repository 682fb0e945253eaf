/// The MMLU difficulty filter: which models answered, where their answers are, and the rule.
public struct FilterConfig: Codable, Sendable, Equatable {
    /// The panel of models, by name. Paper: eight 6–13B models.
    public var models: [String]
    /// A question is dropped when more than this many models answer it correctly. Default 4.
    public var threshold: Int
    /// What happens to a question the rule cannot decide because some models have no answer.
    /// Default `keep`.
    public var missing: MissingAnswerPolicy
    /// What the filter does with each MMLU split. Default: `test: judge`, `dev: keep`
    /// (validation exemplars), `val: drop` (MMLU-Pro does not use it).
    public var splits: [String: SplitPolicy]
    /// Files holding the models' answers.
    public var answers: [AnswerSource]
    /// Panel models asked live through a provider, by model name, for the questions no file
    /// answers: `live: {qwen-1.5b: {provider: local, template: prompts/answer.v1.txt}}`.
    public var live: [String: GenerationConfig]

    public static let defaultSplits: [String: SplitPolicy] = ["test": .judge, "dev": .keep, "val": .drop]

    public init(
        models: [String] = [], threshold: Int = 4, missing: MissingAnswerPolicy = .keep,
        splits: [String: SplitPolicy] = defaultSplits, answers: [AnswerSource] = [], live: [String: GenerationConfig] = [:]
    ) {
        self.live = live
        self.models = models
        self.threshold = threshold
        self.missing = missing
        self.splits = splits
        self.answers = answers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        models = try container.decodeIfPresent([String].self, forKey: .models) ?? []
        threshold = try container.decodeIfPresent(Int.self, forKey: .threshold) ?? 4
        missing = try container.decodeIfPresent(MissingAnswerPolicy.self, forKey: .missing) ?? .keep
        splits = try container.decodeIfPresent([String: SplitPolicy].self, forKey: .splits) ?? Self.defaultSplits
        answers = try container.decodeIfPresent([AnswerSource].self, forKey: .answers) ?? []
        live = try container.decodeIfPresent([String: GenerationConfig].self, forKey: .live) ?? [:]
    }
}
