/// The stage that expands every question to 10 options.
public struct AugmentConfig: Codable, Sendable, Equatable {
    /// Distractor generation settings.
    public var generation: GenerationConfig
    /// Options per question after expansion. Default 10.
    public var options: Int
    /// A trial run with a slow model: only the first this many questions (by key) are
    /// expanded; the others are removed with reason `not_sampled`. Default: all.
    public var limit: Int?
    /// A candidate that is already an option of this many other questions of the build is
    /// rejected (`overused`): an option reused verbatim across questions marks itself as a
    /// distractor. Default 2.
    public var maxReuse: Int

    enum CodingKeys: String, CodingKey {
        case generation, options, limit
        case maxReuse = "max_reuse"
    }

    public init(generation: GenerationConfig, options: Int = 10, limit: Int? = nil, maxReuse: Int = 2) {
        self.generation = generation
        self.options = options
        self.limit = limit
        self.maxReuse = maxReuse
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generation = try c.decode(GenerationConfig.self, forKey: .generation)
        options = try c.decodeIfPresent(Int.self, forKey: .options) ?? 10
        limit = try c.decodeIfPresent(Int.self, forKey: .limit)
        maxReuse = try c.decodeIfPresent(Int.self, forKey: .maxReuse) ?? 2
    }
}
