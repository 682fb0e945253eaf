import ArgumentParser
import Foundation
import MMLUProCore

/// `augment`: every question to 10 options.
public struct AugmentCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "augment", abstract: "Option augmentation: distractors from the model until every question has 10 options, shuffled.")
    public static let stage = StageName.augment
    @OptionGroup public var options: CommonOptions
    @OptionGroup public var batch: BatchOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (batch.exportFile, batch.importFile) }
    public init() {}
}
