import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewUndoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "undo", abstract: "Take back your decision on a task.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The task key.") public var task: String
    public init() {}
    public func run() async throws {
        try await options.act(on: task) { queue, reviewer in try await queue.undo(reviewer, task: task).status.rawValue }
    }
}
