/// Why a record of an added source cannot become a multiple-choice question. Each is a
/// reason code in `removal`.
public enum UnsuitableReason: String, Sendable, CaseIterable {
    /// The question or the answer needs a picture, a figure or a table.
    case needsPicture = "needs_picture"
    /// A true/false question.
    case trueFalse = "true_false"
    /// The source already formats the question as multiple choice, options inline.
    case inlineOptions = "inline_options"
    /// The record has no answer (or no solution to extract one from).
    case missingAnswer = "missing_answer"
    /// The answer is present but cannot be used as an option.
    case unusableAnswer = "unusable_answer"
    /// The same question (and options, or answer) as an earlier record: the public release
    /// shipped such duplicates.
    case duplicateQuestion = "duplicate_question"
    /// A control character the repair cannot place (not an eaten LaTeX command, not a line
    /// ending): the question is held until its source is fixed, and the rest is released.
    case unrepairedControlCharacter = "unrepaired_control_character"
}
