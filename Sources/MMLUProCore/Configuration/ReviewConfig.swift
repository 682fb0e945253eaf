/// Expert review settings.
public struct ReviewConfig: Codable, Sendable, Equatable {
    /// Reviewers per task. Default 1.
    public var overlap: Int
    /// How long a claim holds a task. Default 30.
    public var leaseMinutes: Double
    /// Recorded with every decision. Default "1".
    public var guidelineVersion: String
    /// Decision files (JSON Lines, the export format) applied on every build.
    public var decisions: [String]
    /// Phase 2: the judge that re-checks every option of every accepted question. Without it
    /// there is no phase 2.
    public var judge: GenerationConfig?

    enum CodingKeys: String, CodingKey {
        case overlap, decisions, judge
        case leaseMinutes = "lease_minutes"
        case guidelineVersion = "guideline_version"
    }

    public init(
        overlap: Int = 1, leaseMinutes: Double = 30, guidelineVersion: String = "1", decisions: [String] = [],
        judge: GenerationConfig? = nil
    ) {
        self.judge = judge
        self.overlap = overlap
        self.leaseMinutes = leaseMinutes
        self.guidelineVersion = guidelineVersion
        self.decisions = decisions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            overlap: try c.decodeIfPresent(Int.self, forKey: .overlap) ?? 1,
            leaseMinutes: try c.decodeIfPresent(Double.self, forKey: .leaseMinutes) ?? 30,
            guidelineVersion: try c.decodeIfPresent(String.self, forKey: .guidelineVersion) ?? "1",
            decisions: try c.decodeIfPresent([String].self, forKey: .decisions) ?? [],
            judge: try c.decodeIfPresent(GenerationConfig.self, forKey: .judge))
    }
}
