import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewDecideCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "decide", abstract: "Decide a task you claimed.")
    @OptionGroup public var options: ReviewerOptions
    @OptionGroup public var decision: DecisionOptions
    public init() {}
    public func run() async throws {
        try await options.act(on: decision.task) { queue, reviewer in
            try await queue.decide(reviewer, task: decision.task, try decision.decision()).status.rawValue
        }
    }
}
