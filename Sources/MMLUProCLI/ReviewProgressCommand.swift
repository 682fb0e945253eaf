import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

public struct ReviewProgressCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Progress per phase, category and reviewer; agreement; calibration recall.")
    @OptionGroup public var options: ReviewerOptions
    @Flag(help: "Print the report as one JSON object (as GET /api/progress, without the asker).") public var json = false
    public init() {}

    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            if json {
                print(Digest.canonicalJSON(try await queue.report()))
                return
            }
            print("phase  category          open  disputed  decided")
            for row in try await queue.progress() {
                print(
                    "\(row.phase)      \(row.category.padding(toLength: 16, withPad: " ", startingAt: 0))  \(row.open)  \(row.disputed)  \(row.decided)"
                )
            }
            for (reviewer, count) in try await queue.decisionsByReviewer().sorted(by: { $0.key < $1.key }) {
                print("reviewer \(reviewer): \(count.total) decisions, \(count.today) today")
            }
            let agreement = try await queue.agreement()
            let number = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "n/a" }
            print(
                String(
                    format: "agreement: %d tasks decided twice or more, %d pairs, %.1f%% agree, Fleiss' kappa %@", agreement.tasks,
                    agreement.pairs, agreement.percent, number(agreement.fleissKappa)))
            for pair in agreement.pairwise {
                print(
                    String(
                        format: "  %@ and %@: %d tasks, %.1f%% agree, Cohen's kappa %@", pair.first, pair.second, pair.tasks, pair.percent,
                        number(pair.kappa)))
            }
            for (name, share) in agreement.withAdjudication.sorted(by: { $0.key < $1.key }) {
                print("  \(name) against adjudicated outcomes: \(share.agree) of \(share.total)")
            }
            for (name, recall) in try await queue.calibration().sorted(by: { $0.key < $1.key }) {
                print(
                    String(
                        format: "calibration: %@ caught %d of %d planted defects (95%% interval %.0f%% to %.0f%%)", name, recall.caught,
                        recall.total, recall.low * 100, recall.high * 100))
            }
        }
    }
}
