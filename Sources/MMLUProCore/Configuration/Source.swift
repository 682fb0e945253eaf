/// The four sources MMLU-Pro is built from.
public enum Source: String, Codable, Sendable, CaseIterable {
    case mmlu
    case stemez
    case theoremqa
    case scibench
}
