import Foundation

/// The stages of the build, in pipeline order, named after the paper's steps.
public enum StageName: String, Codable, Sendable, CaseIterable, Comparable {
    /// Question collection: read MMLU, TheoremQA, SciBench and the STEM Website into the store.
    case collect
    /// Initial filtering of MMLU with small models, and the 57 → 14 category merge.
    case filter
    /// Question integration: the added sources become 4-option questions (answer extraction
    /// for the STEM Website, 3 distractors from a model).
    case integrate
    /// Option augmentation: every question grows from 4 to 10 options.
    case augment
    /// Expert review: phase-1 tasks for every question, decisions imported and applied.
    case review
    /// Release: question ids, the validation exemplars, the release gates, and the JSON
    /// split with its manifest and data card.
    case release

    public static func < (lhs: StageName, rhs: StageName) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
