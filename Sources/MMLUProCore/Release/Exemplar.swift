import Foundation

/// A chain-of-thought exemplar of an MMLU dev question, as the Chain-of-Thought Hub file
/// (`mmlu_cot_prompts.json`, the `cot-prompts` rationale format) writes it: the question, its
/// own options, and the reasoning with letters for those options.
public struct Exemplar: Sendable, Equatable {
    public var subject: String
    public var question: String
    public var options: [String]
    /// `A: Let's think step by step. ... The answer is (X).`, eaten LaTeX repaired.
    public var rationale: String
    /// The repairs made to the rationale.
    public var repairs: [TextDefects.Repair]
    /// `file $.<subject> exemplar N`.
    public var origin: String
}
