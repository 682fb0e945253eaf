/// What a reviewer decides about a task.
///
/// Phase 1 (a question and its answer): `ok`; `wrong_answer` with the correct option; `remove`
/// with a reason; `expert` (beyond my expertise: someone else takes it). Phase 2 (one option
/// the judge flagged): `remove_option` (a false negative: removed, never replaced);
/// `keep_option` (wrong after all); `question_bad` (back to phase 1).
public struct ReviewDecision: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case ok
        case wrongAnswer = "wrong_answer"
        case remove
        case expert
        case removeOption = "remove_option"
        case keepOption = "keep_option"
        case questionBad = "question_bad"

        /// The phase the verdict belongs to.
        public var phase: Int {
            switch self {
            case .ok, .wrongAnswer, .remove, .expert: 1
            case .removeOption, .keepOption, .questionBad: 2
            }
        }
    }

    /// Why a question is removed (MMLU-Redux's labels, plus two of the paper's).
    public enum RemovalReason: String, Codable, Sendable, CaseIterable {
        case badQuestionClarity = "bad_question_clarity"
        case badOptionsClarity = "bad_options_clarity"
        case noCorrectAnswer = "no_correct_answer"
        case multipleCorrectAnswers = "multiple_correct_answers"
        case needsImage = "needs_image"
        case missingInformation = "missing_information"
        case notMultipleChoice = "not_multiple_choice"
    }

    public var verdict: Verdict
    /// For `wrong_answer`: the letter of the correct option.
    public var answer: String?
    /// For `remove`.
    public var reason: RemovalReason?
    public var note: String?

    public init(verdict: Verdict, answer: String? = nil, reason: RemovalReason? = nil, note: String? = nil) {
        self.verdict = verdict
        self.answer = answer
        self.reason = reason
        self.note = note
    }

    /// The decision as a reviewer reads it: "ok", "wrong answer: C", "remove: needs_image",
    /// "remove option", with the note after a dash.
    public var inWords: String {
        var words =
            switch verdict {
            case .ok: "ok"
            case .wrongAnswer: "wrong answer: \(answer ?? "?")"
            case .remove: "remove: \(reason?.rawValue ?? "?")"
            case .expert: "needs an expert"
            case .removeOption: "remove option (a second correct answer)"
            case .keepOption: "keep option (wrong after all)"
            case .questionBad: "question bad: back to phase 1"
            }
        if let note, !note.isEmpty { words += " — \(note)" }
        return words
    }

    /// Two decisions agree when verdict, answer and reason are the same (notes do not count).
    public var agreementKey: String { [verdict.rawValue, answer ?? "", reason?.rawValue ?? ""].joined(separator: "|") }

    /// Checks the decision fits a task of `phase` with `optionCount` options.
    /// - Throws: ``ReviewError/invalidDecision(_:)``.
    public func validate(phase: Int, optionCount: Int) throws {
        guard verdict.phase == phase else {
            throw ReviewError.invalidDecision("\(verdict.rawValue) is a phase-\(verdict.phase) verdict; this is a phase-\(phase) task")
        }
        switch verdict {
        case .wrongAnswer:
            let letters = "ABCDEFGHIJ".prefix(optionCount).map(String.init)
            guard let answer, letters.contains(answer) else {
                throw ReviewError.invalidDecision(
                    "wrong_answer needs the letter of the correct option (\(letters.joined(separator: ", ")))")
            }
        case .remove:
            guard reason != nil else {
                throw ReviewError.invalidDecision(
                    "remove needs a reason: \(RemovalReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        default:
            break
        }
    }
}

extension ReviewDecision: CanonicalJSONRepresentable {
    public var canonicalValue: CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = ["verdict": .string(verdict.rawValue)]
        if let answer { members["answer"] = .string(answer) }
        if let reason { members["reason"] = .string(reason.rawValue) }
        if let note { members["note"] = .string(note) }
        return .object(members)
    }
}
