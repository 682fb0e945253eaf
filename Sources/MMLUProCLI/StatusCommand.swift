import ArgumentParser
import Foundation
import MMLUProCore

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
