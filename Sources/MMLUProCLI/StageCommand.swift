import ArgumentParser
import Foundation
import MMLUProCore

/// Runs one stage: `mmlupro collect`, or the stage's own executable `mmlupro-collect`.
public protocol StageCommand: AsyncParsableCommand {
    static var stage: StageName { get }
    var options: CommonOptions { get }
    var force: Bool { get }
    /// The batch file options, for the stages that call a model.
    var batchFiles: (export: String?, import: String?) { get }
}

/// Batch API options of the stages that call a model.
public struct BatchOptions: ParsableArguments {
    @Option(
        name: .customLong("batch-export"), help: "Write the requests this stage still needs to an OpenAI Batch JSON Lines file, and stop.")
    public var exportFile: String?

    @Option(name: .customLong("batch-import"), help: "Store the responses of a batch results file, then run the stage.")
    public var importFile: String?

    public init() {}
}

extension StageCommand {
    public func run() async throws {
        try await reportingErrors {
            let (configuration, pool) = try options.open()
            if let file = batchFiles.import {
                let report = try await pool.write { db in
                    try BatchFile.importResults(
                        from: URL(fileURLWithPath: file), displayPath: file, providers: configuration.pipeline.providers, db: db)
                }
                print(
                    "batch import: \(report.stored) stored, \(report.failed) failed (still pending), \(report.alreadyStored) already stored, \(report.unknown) unknown"
                )
            }
            guard let file = batchFiles.export else {
                let report = try await StageRegistry.run(Self.stage, with: options.runner(configuration, pool), force: force)
                print(summary(report))
                return
            }
            do {
                let report = try await StageRegistry.run(
                    Self.stage, with: options.runner(configuration, pool, mode: .batchExport), force: force)
                print(summary(report))
                print("batch export: nothing to send; the stage completed from stored responses")
            } catch ModelGatewayError.batchPending(let items) {
                let count = try await pool.read { db in try BatchFile.export(stage: Self.stage, to: URL(fileURLWithPath: file), db: db) }
                print("batch export: \(count) requests for \(items) items written to \(file)")
            }
        }
    }
}

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
