import ArgumentParser
import Foundation
import MMLUProCore

/// `integrate`: the added sources become 4-option questions.
public struct IntegrateCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "integrate",
        abstract:
            "Question integration: answers (extracted for the STEM Website) and 3 distractors for TheoremQA, SciBench and STEM Website.")
    public static let stage = StageName.integrate
    @OptionGroup public var options: CommonOptions
    @OptionGroup public var batch: BatchOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (batch.exportFile, batch.importFile) }
    public init() {}
}
