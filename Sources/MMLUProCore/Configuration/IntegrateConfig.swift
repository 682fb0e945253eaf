/// The stage that turns the added sources into 4-option questions.
public struct IntegrateConfig: Codable, Sendable, Equatable {
    /// Distractor generation: 3 per question.
    public var distractors: GenerationConfig
    /// STEM Website answer extraction from the worked solution.
    public var extraction: GenerationConfig
    /// What happens to a STEM Website item whose extracted answer is empty, multi-part or
    /// disagrees with the source's own answer. Default `hold`.
    public var onBadExtraction: BadExtractionPolicy

    enum CodingKeys: String, CodingKey {
        case distractors, extraction
        case onBadExtraction = "on_bad_extraction"
    }

    public init(distractors: GenerationConfig, extraction: GenerationConfig, onBadExtraction: BadExtractionPolicy = .hold) {
        self.distractors = distractors
        self.extraction = extraction
        self.onBadExtraction = onBadExtraction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        distractors = try c.decode(GenerationConfig.self, forKey: .distractors)
        extraction = try c.decode(GenerationConfig.self, forKey: .extraction)
        onBadExtraction = try c.decodeIfPresent(BadExtractionPolicy.self, forKey: .onBadExtraction) ?? .hold
    }
}
