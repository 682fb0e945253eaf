import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewClaimCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Claim the next task of a queue, or a named one, and show it.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "A task to claim by its key (a link from a colleague, `review tasks`); default: the next in the queue.")
    public var task: String?
    @Option(help: "Only this phase (1 or 2).") public var phase: Int?
    @Flag(help: "Claim a disputed task to adjudicate (adjudicators).") public var disputed = false
    public init() {}

    public func validate() throws {
        if let phase, ![1, 2].contains(phase) { throw ValidationError("there is no phase \(phase); the phases: 1, 2") }
    }

    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            let reviewer = try await options.reviewer(queue)
            if let task {
                try await ReviewShowCommand.show(try await queue.claim(reviewer, task: task).key, queue: queue)
                return
            }
            guard let task = try await queue.claim(reviewer, phase: phase, disputed: disputed) else {
                print("nothing to claim in this queue")
                return
            }
            try await ReviewShowCommand.show(task.key, queue: queue)
        }
    }
}
