import ArgumentParser
import Foundation
import MMLUProCore

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
