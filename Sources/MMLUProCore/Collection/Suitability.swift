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

/// A collected record with the verdict of the suitability rules.
public struct CollectedItem: Sendable {
    public var item: SourceItem
    /// Why it is unsuitable, with a detail; nil when it goes on.
    public var unsuitable: (reason: UnsuitableReason, detail: String)?
    /// Changes the reader made to the source's text, recorded like the repairs of damaged text.
    public var repairs: [(field: String, repair: TextDefects.Repair)]

    public init(
        item: SourceItem, unsuitable: (reason: UnsuitableReason, detail: String)?,
        repairs: [(field: String, repair: TextDefects.Repair)] = []
    ) {
        self.item = item
        self.unsuitable = unsuitable
        self.repairs = repairs
    }
}

/// A repeated record folded into the first one.
public struct DuplicateRecord: Sendable, Equatable {
    public var itemKey: String
    public var origin: String
    public var detail: String
}
