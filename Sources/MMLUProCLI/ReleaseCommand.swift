import ArgumentParser
import Foundation
import MMLUProCore

/// `mmlupro release ...` (or `mmlupro-release ...`): the release stage, and importing an
/// existing release as the previous one.
public struct ReleaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release: run the stage, or import an existing release as the previous one.",
        subcommands: [ReleaseRunCommand.self, ReleaseImportCommand.self], defaultSubcommand: ReleaseRunCommand.self)
    public init() {}
}
