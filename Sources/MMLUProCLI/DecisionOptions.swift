import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

/// The decision options of `decide` and `adjudicate`.
public struct DecisionOptions: ParsableArguments {
    @Argument(help: "The task key.") public var task: String
    @Argument(help: "ok, wrong_answer, remove, expert (phase 1); remove_option, keep_option, question_bad (phase 2).")
    public var verdict: String
    @Option(help: "For wrong_answer: the letter of the correct option.") public var answer: String?
    @Option(help: "For remove: \(ReviewDecision.RemovalReason.allCases.map(\.rawValue).joined(separator: ", ")).") public var reason:
        String?
    @Option(help: "A note.") public var note: String?
    public init() {}

    func decision() throws -> ReviewDecision {
        guard let verdict = ReviewDecision.Verdict(rawValue: verdict) else {
            throw ReviewError.invalidDecision(
                "unknown verdict \"\(verdict)\"; the verdicts: \(ReviewDecision.Verdict.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var reasonValue: ReviewDecision.RemovalReason?
        if let reason {
            guard let value = ReviewDecision.RemovalReason(rawValue: reason) else {
                throw ReviewError.invalidDecision(
                    "unknown reason \"\(reason)\"; the reasons: \(ReviewDecision.RemovalReason.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            reasonValue = value
        }
        return ReviewDecision(verdict: verdict, answer: answer?.uppercased(), reason: reasonValue, note: note)
    }
}
