import ArgumentParser
import Foundation
import MMLUProCore

/// `filter`: the MMLU difficulty filter and the 57 → 14 merge.
public struct FilterCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Initial filtering: drop MMLU questions the small-model panel finds easy; merge 57 subjects into 14 categories.")
    public static let stage = StageName.filter
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (nil, nil) }
    public init() {}
}
