import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewAdjudicateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "adjudicate", abstract: "Decide a disputed task (adjudicators).")
    @OptionGroup public var options: ReviewerOptions
    @OptionGroup public var decision: DecisionOptions
    public init() {}
    public func run() async throws {
        try await options.act(on: decision.task) { queue, reviewer in
            try await queue.adjudicate(reviewer, task: decision.task, try decision.decision()).status.rawValue
        }
    }
}
