import ArgumentParser
import Foundation
import MMLUProCore

/// The driver: `mmlupro build`, `mmlupro status`, and every stage as a subcommand.
public struct MMLUProCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mmlupro",
        abstract: "Build the MMLU-Pro benchmark from its sources, reproducibly.",
        version: BuildInfo.version,
        subcommands: [
            BuildCommand.self, StatusCommand.self, CollectCommand.self, FilterCommand.self, IntegrateCommand.self, AugmentCommand.self,
            ReviewCommand.self, ReleaseCommand.self, AuditCommand.self, EvaluateCommand.self,
        ])
    public init() {}
}

/// `mmlupro build`: run the configured stages in order.
public struct BuildCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Run the stages listed in the configuration, in order; up-to-date stages do nothing.")
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run every stage even if nothing changed.") public var force = false
    public init() {}

    public func run() async throws {
        try await reportingErrors {
            let (configuration, pool) = try options.open()
            let runner = options.runner(configuration, pool)
            // Each summary flushed as it is printed (fflush(nil): every output stream): a failure
            // reported on stderr comes after them.
            try await StageRegistry.build(configuration.pipeline.stages.sorted(), with: runner, force: force) { report in
                print(summary(report))
                fflush(nil)
            }
            if let release = configuration.pipeline.release, configuration.pipeline.stages.contains(.release) {
                print("release \(release.version)\(release.preview ? " (preview)" : ""): \(configuration.display(release.folder))/")
            }
        }
    }
}

/// `mmlupro status`: print the funnel.
public struct StatusCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Print what each step kept and removed, per source and category, by reason.")
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Print the funnel as JSON.") public var json = false
    public init() {}

    public func run() async throws {
        try await reportingErrors {
            let (configuration, pool) = try options.open(existing: true)
            let funnel = try await pool.read { try Funnel.read($0) }
            if json {
                print(Digest.canonicalJSON(funnel))
            } else {
                print("Build database: \(configuration.display(configuration.pipeline.database))\n")
                print(funnel.text(), terminator: "")
            }
        }
    }
}
