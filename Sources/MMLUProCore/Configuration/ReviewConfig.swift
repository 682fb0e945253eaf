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
    /// No one at the keyboard: every phase-1 task without a decision is closed as `ok` by the
    /// reviewer `automatic`, and every option the judge flags is removed by `automatic`. Each
    /// such decision is recorded as automatic, and a release that holds any is a preview.
    /// Default false.
    public var unattended: Bool
    /// The people whose decision files the build applies, by name, with their role
    /// (`reviewer` or `adjudicator`): declared here, as `mmlupro review add-reviewer` declares
    /// the people who sign in. A decision file naming anyone else is refused.
    public var reviewers: [String: Role]
    /// The share of questions that also get a calibration task: the question shown with a
    /// defect the project planted (a wrong key, a duplicated option, the answer twice), mixed
    /// into phase 1 and shown like any task, so each reviewer's recall is measured. Calibration
    /// tasks never reach a release. Default 0 (none).
    public var calibration: Double

    public enum Role: String, Codable, Sendable, CaseIterable {
        case reviewer, adjudicator
    }

    enum CodingKeys: String, CodingKey {
        case overlap, decisions, judge, unattended, reviewers, calibration
        case leaseMinutes = "lease_minutes"
        case guidelineVersion = "guideline_version"
    }

    public init(
        overlap: Int = 1, leaseMinutes: Double = 30, guidelineVersion: String = "1", decisions: [String] = [],
        judge: GenerationConfig? = nil, unattended: Bool = false, reviewers: [String: Role] = [:], calibration: Double = 0
    ) {
        self.calibration = calibration
        self.reviewers = reviewers
        self.judge = judge
        self.unattended = unattended
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
            judge: try c.decodeIfPresent(GenerationConfig.self, forKey: .judge),
            unattended: try c.decodeIfPresent(Bool.self, forKey: .unattended) ?? false,
            reviewers: try c.decodeIfPresent([String: Role].self, forKey: .reviewers) ?? [:],
            calibration: try c.decodeIfPresent(Double.self, forKey: .calibration) ?? 0)
    }
}
