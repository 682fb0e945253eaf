import ArgumentParser
import Foundation
import MMLUProCore

/// The driver: `mmlupro build`, `mmlupro status`, and every stage as a subcommand.
public struct MMLUProCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mmlupro",
        abstract: "Build the MMLU-Pro benchmark from its sources, reproducibly.",
        version: BuildInfo.version,
        subcommands: [
            BuildCommand.self, StatusCommand.self, CollectCommand.self, FilterCommand.self, IntegrateCommand.self, AugmentCommand.self,
            ReviewCommand.self, ReleaseCommand.self, AuditCommand.self, EvaluateCommand.self,
        ])
    public init() {}
}
