import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewerAddCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "add-reviewer", abstract: "Add a reviewer and print their token (shown once).")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The reviewer's name.") public var name: String
    @Flag(help: "May adjudicate disputed tasks.") public var adjudicator = false
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            let token = try await queue.addReviewer(name, adjudicator: adjudicator)
            // The line to paste (or `eval`); the note on stderr keeps stdout that one line.
            print("export MMLUPRO_REVIEWER_TOKEN=\(token)")
            FileHandle.standardError.write(
                Data(
                    "\(name) added as \(adjudicator ? "an adjudicator" : "a reviewer"). The token is shown once and stored only as its hash: run the line above (or pass --token), then `mmlupro review claim` or `mmlupro review serve`.\n"
                        .utf8))
        }
    }
}
