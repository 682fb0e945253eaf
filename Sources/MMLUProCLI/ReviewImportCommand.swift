import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewImportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import decisions; stale or conflicting ones are refused.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The JSON Lines file.") public var file: String
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (configuration, queue) = try options.queue()
            let report = try await ReviewExchange.importDecisions(
                queue, from: URL(fileURLWithPath: file), displayPath: file, declared: configuration.pipeline.review?.reviewers ?? [:])
            print("\(report.recorded) decisions recorded, \(report.alreadyPresent) already present")
        }
    }
}
