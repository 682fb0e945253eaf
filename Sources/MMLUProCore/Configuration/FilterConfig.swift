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

/// What to do with a question whose panel is incomplete and whose outcome depends on the
/// missing answers.
public enum MissingAnswerPolicy: String, Codable, Sendable, CaseIterable {
    /// Keep it (recorded as not fully judged).
    case keep
    /// Drop it, with reason `missing_answers`.
    case drop
    /// Hold it out of the build until the answers arrive.
    case hold
}

/// What the filter does with an MMLU split.
public enum SplitPolicy: String, Codable, Sendable, CaseIterable {
    /// Ask the panel; drop the questions it finds easy.
    case judge
    /// Pass every question through unjudged.
    case keep
    /// Drop every question, with reason `split_unused`.
    case drop
}

/// One file or folder of model answers.
public struct AnswerSource: Codable, Sendable, Equatable {
    /// The format of the answers.
    public var format: AnswerFormat
    /// A file (`jsonl`) or a folder of `samples_mmlu_*.jsonl` files (`lm-eval`).
    public var path: String
    /// The model these answers belong to; required for `lm-eval`, whose files do not say.
    public var model: String?

    public init(format: AnswerFormat, path: String, model: String? = nil) {
        self.format = format
        self.path = path
        self.model = model
    }
}

/// Formats of model answers.
public enum AnswerFormat: String, Codable, Sendable, CaseIterable {
    /// JSON Lines: `{"item": KEY, "model": NAME, "output": TEXT}` or `"letter": "B"`.
    case jsonl
    /// lm-evaluation-harness `--log_samples` output for the `mmlu_*` tasks.
    case lmEval = "lm-eval"
}
