import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewTasksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List tasks with their state.")
    @OptionGroup public var options: ReviewerOptions
    @Option(help: "Only tasks in this state: open, disputed, decided.") public var status: String?
    @Option(help: "Only this phase (1 or 2).") public var phase: Int?
    public init() {}

    public func validate() throws {
        if let status, TaskState.Status(rawValue: status) == nil {
            throw ValidationError("unknown status \"\(status)\"; the states: open, disputed, decided")
        }
        if let phase, ![1, 2].contains(phase) { throw ValidationError("there is no phase \(phase); the phases: 1, 2") }
    }

    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            for (task, state) in try await queue.states(phase: phase) where status == nil || state.status.rawValue == status {
                let decided = state.resolved.map { " → \($0.verdict.rawValue)" } ?? ""
                print("\(task.key)\tphase \(task.phase)\t\(task.category)\tpriority \(task.priority)\t\(state.status.rawValue)\(decided)")
            }
        }
    }
}
