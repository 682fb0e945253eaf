import Foundation

/// Where the four sources live.
public struct SourcesConfig: Codable, Sendable, Equatable {
    /// MMLU: a folder with `test/`, `dev/`, `val/` subfolders of `<subject>_<split>.csv`.
    public var mmlu: MMLUSourceConfig?
    /// TheoremQA: the `theoremqa_test.json` file.
    public var theoremqa: PathConfig?
    /// SciBench: a folder of `<book>.json` and `<book>_sol.json` files.
    public var scibench: PathConfig?
    /// STEM Website: a JSON Lines file, or a folder of them.
    public var stemez: PathConfig?

    public init(
        mmlu: MMLUSourceConfig? = nil, theoremqa: PathConfig? = nil,
        scibench: PathConfig? = nil, stemez: PathConfig? = nil
    ) {
        self.mmlu = mmlu
        self.theoremqa = theoremqa
        self.scibench = scibench
        self.stemez = stemez
    }
}
