import ArgumentParser
import Foundation
import GRDB
import Logging
import MMLUProCore

/// Options every command takes.
public struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline configuration file.")
    public var config: String = "pipeline.yaml"

    @Flag(name: .long, help: "Log what each stage does.")
    public var verbose = false

    public init() {}

    /// The logger handed to the library.
    func makeLogger() -> Logger {
        var logger = Logger(label: "mmlupro") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }

    /// Loads the configuration and opens the store.
    func open() throws -> (BuildConfiguration, DatabasePool) {
        let configuration = try BuildConfiguration.load(from: config)
        let pool = try Store.open(at: configuration.databaseURL)
        return (configuration, pool)
    }
}

/// Runs a command body, turning the pipeline's errors into one line on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InputError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    } catch let error as PipelineStateError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    } catch let error as DatabaseError {
        FileHandle.standardError.write(Data("error: database: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// The one-line summary of a stage run.
func summary(_ report: StageRunner.Report) -> String {
    let counts = report.counts.filter { !$0.key.contains(":") }.sorted { $0.key < $1.key }
        .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    let time = String(format: "%.2fs", report.seconds)
    return "\(report.stage.rawValue): \(report.outcome.rawValue) (\(time))" + (counts.isEmpty ? "" : ": \(counts)")
}
