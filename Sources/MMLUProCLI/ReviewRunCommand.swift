import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

/// `review run`: the stage (tasks, configured decisions, outcomes).
public struct ReviewRunCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the review stage (also part of `mmlupro build`).")
    public static let stage = StageName.review
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (nil, nil) }
    public init() {}
}
