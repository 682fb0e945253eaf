import ArgumentParser
import Foundation
import MMLUProCore

/// `collect`: read the four sources into the store.
public struct CollectCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Question collection: read MMLU, TheoremQA, SciBench and the STEM Website into the store.")
    public static let stage = StageName.collect
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (nil, nil) }
    public init() {}
}
