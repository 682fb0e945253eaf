import ArgumentParser
import Foundation
import GRDB
import Logging
import MMLUProCore
import MMLUProHTTP

/// Options every command takes.
public struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline configuration file.")
    public var config: String = "pipeline.yaml"

    @Flag(name: .long, help: "Log what each stage does.")
    public var verbose = false

    @Flag(name: .long, help: "Replay stored model responses only; fail on the first request that is not stored.")
    public var offline = false

    @Option(name: .long, help: "The most a stage may spend on model calls, in US dollars (overrides `budget:`).")
    public var budget: Double?

    public init() {}

    /// The logger handed to the library.
    func makeLogger() -> Logger {
        var logger = Logger(label: "mmlupro") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }

    /// Loads the configuration and opens the store.
    /// The configuration and its store. With `existing`, a store that is not there yet is an
    /// error rather than an empty one created on the spot (for commands that only read).
    func open(existing: Bool = false) throws -> (BuildConfiguration, DatabasePool) {
        let configuration = try BuildConfiguration.load(from: config)
        if existing, !FileManager.default.fileExists(atPath: configuration.databaseURL.path) {
            throw PipelineStateError(
                message:
                    "no build database at \(configuration.databaseURL.path) (database: in \(configuration.path)): run `mmlupro build` first"
            )
        }
        let pool = try Store.open(at: configuration.databaseURL)
        return (configuration, pool)
    }

    /// A runner over the store, with the HTTP client for `openai` providers.
    func runner(_ configuration: BuildConfiguration, _ pool: DatabasePool, mode: ModelGateway.Mode? = nil) -> StageRunner {
        let models = ModelFactory(mode: mode ?? (offline ? .replayOnly : .live), budget: budget) { name, provider in
            try OpenAIClient.make(name: name, provider: provider)
        }
        // Live progress only on a terminal; otherwise (CI, a log file) the one-line summary per
        // stage that the commands print is all.
        var progress: (@Sendable (String) -> Void)?
        if isatty(STDERR_FILENO) == 1 {
            progress = { @Sendable line in FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
        }
        let clear = progress == nil ? "" : "\r\u{1B}[K"
        return StageRunner(
            configuration: configuration, writer: pool, logger: makeLogger(), models: models,
            report: { line in FileHandle.standardError.write(Data((clear + line + "\n").utf8)) },
            progressLine: progress)
    }
}

/// Runs a command body, turning the pipeline's errors into one line on stderr and exit code 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as InputError {
        fail("\(error)")
    } catch let error as PipelineStateError {
        fail("\(error)")
    } catch let error as ModelGatewayError {
        fail("\(error)")
    } catch let error as ReleaseRefused {
        fail("\(error)")
    } catch let error as ShortcutGatesRefused {
        fail("\(error)")
    } catch let error as ReleaseArchive.Conflict {
        fail("\(error)")
    } catch let error as DatabaseError {
        fail("database: \(error)")
    }
}

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    Foundation.exit(1)
}

/// The one-line summary of a stage run.
func summary(_ report: StageRunner.Report) -> String {
    let counts = report.counts.filter { !$0.key.contains(":") }.sorted { $0.key < $1.key }
        .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    let time = String(format: "%.2fs", report.seconds)
    return "\(report.stage.rawValue): \(report.outcome.rawValue) (\(time))" + (counts.isEmpty ? "" : ": \(counts)")
}
