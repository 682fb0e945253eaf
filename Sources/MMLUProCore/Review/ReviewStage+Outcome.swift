import Foundation
import GRDB

/// What the standing decisions of both phases make of a question.
extension ReviewStage {
    struct Outcome {
        var status: ReviewedQuestion.Status
        var options: [String]
        var answerIndex: Int
        var removed: [String] = []
        var detail: String
        var reason: String?
    }

    /// Every question's outcome, in the order of `questions`, with its `reviewed_question` row
    /// (its values worked out: this runs on another core while the judge's rows go in).
    /// - Parameter verdicts: The judge's verdicts by item; a question phase 1 accepted or
    ///   corrected without one was decided while the judge was at work, and stays pending.
    static func outcomes(
        _ questions: [Question], states: [String: TaskState], flagged: [String: [(index: Int, key: String)]],
        verdicts: [String: [Verdict]]?
    ) -> [(status: ReviewedQuestion.Status, reason: String?, detail: String, row: PreparedRow<ReviewedQuestion>)] {
        questions.map { question in
            var outcome = Self.outcome(question, states: states, flags: flagged[question.key] ?? [])
            if let verdicts, verdicts[question.key] == nil, outcome.status == .accepted || outcome.status == .corrected {
                outcome = Outcome(
                    status: .pending, options: question.options, answerIndex: question.answerIndex,
                    detail: "phase 2 not run: phase 1 decided during this build's judging; build again")
            }
            let row = ReviewedQuestion(
                itemKey: question.key, status: outcome.status, taskKey: question.phaseOneKey, options: outcome.options,
                answerIndex: outcome.answerIndex, detail: outcome.detail, removedOptions: outcome.removed)
            return (outcome.status, outcome.reason, outcome.detail, PreparedRow(row))
        }
    }

    /// What the standing decisions make of a question.
    static func outcome(_ question: Question, states: [String: TaskState], flags: [(index: Int, key: String)]) -> Outcome {
        var outcome = Outcome(status: .pending, options: question.options, answerIndex: question.answerIndex, detail: "")
        guard let first = states[question.phaseOneKey], first.status == .decided, let decision = first.resolved else {
            outcome.detail = "phase 1 \(states[question.phaseOneKey]?.status.rawValue ?? "open")"
            return outcome
        }
        let who = first.adjudicator.map { "adjudicated by \($0)" } ?? first.decisions.keys.sorted().joined(separator: ", ")
        let note = decision.note.map { ": \($0)" } ?? ""
        switch decision.verdict {
        case .remove:
            outcome.status = .removed
            outcome.reason = decision.reason!.rawValue
            outcome.detail = "\(decision.reason!.rawValue) (\(who))\(note)"
            return outcome
        case .wrongAnswer:
            let letters = Array("ABCDEFGHIJ")
            let new = index(of: decision.answer!)
            outcome.detail = "answer \(letters[question.answerIndex]) → \(letters[new]) (\(who))\(note)"
            outcome.answerIndex = new
            outcome.status = .corrected
        case .ok:
            outcome.detail = "ok (\(who))"
            outcome.status = .accepted
        default:
            outcome.detail = "phase 1 \(decision.verdict.rawValue)"
            return outcome
        }
        // Phase 2: every flagged option must be decided.
        var remove: Set<Int> = []
        for (index, key) in flags {
            guard let state = states[key], state.status == .decided, let second = state.resolved else {
                return Outcome(
                    status: .pending, options: question.options, answerIndex: question.answerIndex, detail: "phase 2 open: \(key)")
            }
            switch second.verdict {
            case .removeOption: remove.insert(index)
            case .questionBad:
                return Outcome(
                    status: .pending, options: question.options, answerIndex: question.answerIndex,
                    detail: "sent back to phase 1 by \(key)")
            default: break
            }
        }
        outcome.removed = remove.sorted().map { question.options[$0] }
        outcome.options = question.options.indices.filter { !remove.contains($0) }.map { question.options[$0] }
        outcome.answerIndex -= remove.filter { $0 < outcome.answerIndex }.count
        if !remove.isEmpty { outcome.detail += "; false negatives removed: \(outcome.removed.map { "\"\($0)\"" }.joined(separator: ", "))" }
        return outcome
    }
}
