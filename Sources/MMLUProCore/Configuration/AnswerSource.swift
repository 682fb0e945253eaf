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
