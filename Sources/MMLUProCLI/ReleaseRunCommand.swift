import ArgumentParser
import Foundation
import MMLUProCore

/// `release run`: ids, validation exemplars, gates, files.
public struct ReleaseRunCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the release stage (also part of `mmlupro build`): ids, validation exemplars, release gates, the JSON split.")
    public static let stage = StageName.release
    @OptionGroup public var options: CommonOptions
    @OptionGroup public var batch: BatchOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (batch.exportFile, batch.importFile) }
    public init() {}
}
