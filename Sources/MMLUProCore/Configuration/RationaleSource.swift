/// A file of validation rationales (`release.rationales`): a path, or `{format, path}`.
public struct RationaleSource: Codable, Sendable, Equatable {
    public enum Format: String, Codable, Sendable, CaseIterable {
        /// JSON Lines of `{"item": "<item key>", "cot_content": "A: Let's think step by step. ...
        /// The answer is (X)."}`, letters already those of the released options.
        case jsonl
        /// The Chain-of-Thought Hub exemplar file (`mmlu_cot_prompts.json`): per MMLU subject, the
        /// exemplars with their own 4 options. Each is matched to its dev question by text, and its
        /// letters are rewritten to the positions of the released options (``Exemplars``).
        case cotPrompts = "cot-prompts"
    }

    public var format: Format
    public var path: String
    /// `cot-prompts`: the least similarity (0 to 1) at which an exemplar's question matches a
    /// dev question it is not equal to. Default 0.9.
    public var minSimilarity: Double
    /// Written as a bare path: encoded back the same way (the unknown-key check compares).
    private var shorthand = false

    enum CodingKeys: String, CodingKey {
        case format, path
        case minSimilarity = "min_similarity"
    }

    public init(format: Format = .jsonl, path: String, minSimilarity: Double = 0.9) {
        self.format = format
        self.path = path
        self.minSimilarity = minSimilarity
    }

    public init(from decoder: any Decoder) throws {
        if let path = try? decoder.singleValueContainer().decode(String.self) {
            self.init(path: path)
            shorthand = true
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            format: try c.decodeIfPresent(Format.self, forKey: .format) ?? .jsonl, path: try c.decode(String.self, forKey: .path),
            minSimilarity: try c.decodeIfPresent(Double.self, forKey: .minSimilarity) ?? 0.9)
        guard (0...1).contains(minSimilarity) else {
            throw DecodingError.dataCorruptedError(
                forKey: .minSimilarity, in: c, debugDescription: "expected a similarity from 0 to 1, found \(minSimilarity)")
        }
    }

    /// A plain JSON Lines file is written as its path, as it is configured.
    public func encode(to encoder: any Encoder) throws {
        if shorthand {
            var c = encoder.singleValueContainer()
            try c.encode(path)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(path, forKey: .path)
        try c.encode(minSimilarity, forKey: .minSimilarity)
    }
}
