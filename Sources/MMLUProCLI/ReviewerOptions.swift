import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

/// Options of the commands a reviewer runs.
public struct ReviewerOptions: ParsableArguments {
    @OptionGroup public var common: CommonOptions
    @Option(help: "Your reviewer token (or set MMLUPRO_REVIEWER_TOKEN).") public var token: String?
    public init() {}

    func queue() throws -> (BuildConfiguration, ReviewQueue) {
        let (configuration, pool) = try common.open()
        let review = configuration.pipeline.review ?? ReviewConfig()
        return (configuration, ReviewQueue(writer: pool, leaseSeconds: review.leaseMinutes * 60, guidelineVersion: review.guidelineVersion))
    }

    /// Runs one reviewer action on a task and prints `TASK: OUTCOME`.
    func act(on task: String, _ body: (ReviewQueue, ReviewQueue.Reviewer) async throws -> String) async throws {
        try await reviewing {
            let (_, queue) = try queue()
            print("\(task): \(try await body(queue, try await reviewer(queue)))")
        }
    }

    func reviewer(_ queue: ReviewQueue) async throws -> ReviewQueue.Reviewer {
        guard let token = token ?? ProcessInfo.processInfo.environment["MMLUPRO_REVIEWER_TOKEN"] else {
            throw ReviewError.unknownReviewer("(no --token and no MMLUPRO_REVIEWER_TOKEN)")
        }
        return try await queue.reviewer(token: token)
    }
}

func reviewing(_ body: () async throws -> Void) async throws {
    try await reportingErrors {
        do {
            try await body()
        } catch let error as ReviewError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
