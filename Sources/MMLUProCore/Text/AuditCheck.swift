/// A defect check of `mmlupro audit` and the release gates, by the id the JSON report uses.
public enum AuditCheck: String, Sendable, CaseIterable, Codable {
    case duplicateQuestions = "duplicate_questions"
    case nearDuplicateQuestions = "near_duplicate_questions"
    case splitOverlap = "split_overlap"
    case optionWhitespace = "option_whitespace"
    case whitespaceAnswerLeak = "whitespace_answer_leak"
    case controlCharacters = "control_characters"
    case mojibake
    case answerIndexMismatch = "answer_index_mismatch"
    case answerIndexOutOfRange = "answer_index_out_of_range"
    case optionCount = "option_count"
    case emptyOptions = "empty_options"
    case duplicateOptions = "duplicate_options"
    case metaOptions = "meta_options"
    case figureReference = "figure_reference"

    /// A judgement call rather than a broken record (near-duplicates, meta-options): reported,
    /// but `mmlupro audit` fails on it only with `--strict`, and no release gate refuses it.
    public var isAdvisory: Bool { self == .nearDuplicateQuestions || self == .metaOptions }

    /// What the check finds, in a few words.
    public var title: String {
        switch self {
        case .duplicateQuestions: "same question and the same set of options (whitespace normalised)"
        case .nearDuplicateQuestions: "nearly the same question and options (80% of word trigrams shared)"
        case .splitOverlap: "the same question text in more than one split"
        case .optionWhitespace: "options with leading or trailing whitespace"
        case .whitespaceAnswerLeak: "only the correct option differs in whitespace (the answer leaks)"
        case .controlCharacters: "control characters (and the LaTeX command each ate)"
        case .mojibake: "mis-decoded text (C1 controls, Windows-1252 debris)"
        case .answerIndexMismatch: "answer letter disagrees with answer_index"
        case .answerIndexOutOfRange: "answer_index outside the options"
        case .optionCount: "fewer than 3 or more than 10 options"
        case .emptyOptions: "empty options"
        case .duplicateOptions: "the same option twice in a question (whitespace normalised, case kept)"
        case .metaOptions: "options that refer to other options (all of the above, both A and B)"
        case .figureReference: "mentions a figure, table or diagram the text does not contain"
        }
    }
}
