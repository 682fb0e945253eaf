/// What the filter does with an MMLU split.
public enum SplitPolicy: String, Codable, Sendable, CaseIterable {
    /// Ask the panel; drop the questions it finds easy.
    case judge
    /// Pass every question through unjudged.
    case keep
    /// Drop every question, with reason `split_unused`.
    case drop
}
