import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewReleaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "release", abstract: "Give a claimed task back.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The task key.") public var task: String
    public init() {}
    public func run() async throws {
        try await options.act(on: task) { queue, reviewer in
            try await queue.release(reviewer, task: task)
            return "released"
        }
    }
}
