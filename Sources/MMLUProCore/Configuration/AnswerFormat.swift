/// Formats of model answers.
public enum AnswerFormat: String, Codable, Sendable, CaseIterable {
    /// JSON Lines: `{"item": KEY, "model": NAME, "output": TEXT}` or `"letter": "B"`.
    case jsonl
    /// lm-evaluation-harness `--log_samples` output for the `mmlu_*` tasks.
    case lmEval = "lm-eval"
}
