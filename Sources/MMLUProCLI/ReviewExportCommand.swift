import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewExportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "export", abstract: "Write every standing decision as JSON Lines.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The file to write.") public var file: String
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            print("\(try await ReviewExchange.export(queue, to: URL(fileURLWithPath: file))) decisions written to \(file)")
        }
    }
}
