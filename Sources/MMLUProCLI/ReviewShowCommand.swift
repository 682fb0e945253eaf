import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewShowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a task: question, options, answer, source, state.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The task key.") public var task: String
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            try await Self.show(task, queue: queue)
        }
    }

    /// Prints what the web page shows: the task and its state, the flagged option and the
    /// judge's reason (phase 2), the question, the options lettered with the answer and each
    /// one's origin, the source and its solution, and every standing decision with its note.
    static func show(_ key: String, queue: ReviewQueue) async throws {
        let detail = try await queue.detail(of: key)
        let task = detail.task
        let leases = detail.state.leases.keys.sorted()
        print(
            "task \(task.key)\nphase \(task.phase) · \(task.category) · \(detail.src) · \(detail.state.status.rawValue)"
                + (leases.isEmpty ? "" : " · claimed by \(leases.joined(separator: ", "))")
                + " · \(detail.left) of \(detail.total) left in this queue")
        if task.phase == 2, let option = task.optionText {
            print("\nFLAGGED OPTION: \(option)\njudge: \(detail.judge ?? "(no rationale recorded)")")
            print(
                "is it a second correct answer? remove_option removes it (never replaced), keep_option keeps it, question_bad sends the question back"
            )
        }
        print("\n\(detail.question)\n")
        let width = detail.options.map(\.count).max() ?? 0
        for (index, option) in detail.options.enumerated() {
            let marks = [index == detail.answerIndex ? "answer" : nil, option == task.optionText ? "flagged" : nil, detail.origins[index]]
                .compactMap { $0 }
            let padded = option.count < min(width, 60) ? option.padding(toLength: min(width, 60), withPad: " ", startingAt: 0) : option
            print(
                "\(index == detail.answerIndex ? "*" : " ") \(OptionLetter.letter(index)). \(padded)  [\(marks.joined(separator: ", "))]")
        }
        print("\nsource: \(detail.origin)")
        if let solution = detail.solution, !solution.isEmpty { print("solution:\n\(solution)") }
        if let answer = detail.sourceAnswer, !answer.isEmpty { print("source answer: \(answer)") }
        for (reviewer, decision) in detail.state.decisions.sorted(by: { $0.key < $1.key }) {
            print("decided by \(reviewer): \(decision.inWords)")
        }
        if let adjudicator = detail.state.adjudicator, let resolved = detail.state.resolved {
            print("adjudicated by \(adjudicator): \(resolved.inWords)")
        }
    }
}
