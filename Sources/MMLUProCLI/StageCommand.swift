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
