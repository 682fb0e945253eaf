/// An options-only attack of the shortcut report (`mmlupro audit --shortcuts`), by the id
/// `release.shortcut_gates` names it with.
public enum ShortcutAttack: String, CaseIterable, Codable, Sendable {
    case numericFamilyCentre = "numeric_family_centre"
    case uniqueFormat = "unique_format"
    case longest
    case shortest
    case mostQuestionOverlap = "most_question_overlap"
    case leastQuestionOverlap = "least_question_overlap"
    case centroid
    case notReused = "not_reused"
    case learned

    public var title: String {
        switch self {
        case .numericFamilyCentre: "all-numeric questions: the option whose ×10, ÷10, ×100, ÷100 or negation also appear"
        case .uniqueFormat: "the only option in its format (scientific notation, unit, decimals, sign, LaTeX, ×)"
        case .longest: "the longest option"
        case .shortest: "the shortest option"
        case .mostQuestionOverlap: "the option sharing the most words with the question"
        case .leastQuestionOverlap: "the option sharing the fewest words with the question"
        case .centroid: "the option most similar to the other options (character trigrams)"
        case .notReused: "an option that is no option of any other question"
        case .learned: "logistic regression over option surface features, trained on half, tested on the other (2 folds)"
        }
    }

    /// The shares of wrong options the report counts besides the attacks, by their ids.
    public static let reusedWrongOptions = "reused_wrong_options"
    public static let unrelatedWrongOptions = "unrelated_wrong_options"
}
