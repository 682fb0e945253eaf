import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// Kill the build with SIGKILL in the middle of the expansion, rerun it, and get what an
/// uninterrupted build gets, without sending any request whose response was stored.
@Suite(.serialized) struct ResumeTests {
    let server: FakeModelServer

    init() throws { server = try FakeModelServer() }

    func stored(_ pool: DatabasePool) async throws -> Int {
        try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_response") ?? 0 }
    }

    func augmented(_ pool: DatabasePool) async throws -> [String] {
        try await pool.read {
            try String.fetchAll(
                $0, sql: "SELECT item_key || ' ' || answer_index || ' ' || options FROM augmented_question ORDER BY item_key")
        }
    }

    @Test(arguments: [5, 30])
    func killedMidExpansionResumesToTheSameResult(after responses: Int) async throws {
        let modelSandbox = try ModelStageTests(serverForTesting: server).sandbox(concurrency: 2)
        let reference = try ModelStageTests(serverForTesting: server).sandbox(concurrency: 2)

        // The uninterrupted build.
        let full = try reference.launchBuild()
        full.waitUntilExit()
        #expect(full.terminationStatus == 0)
        let (_, referencePool) = try reference.open()
        let expected = try await augmented(referencePool)
        #expect(expected.count == 52)
        let afterReference = try await server.requests().count

        // The interrupted one, slowed down (about 4 s in all), and every request after the first
        // `responses` held for a minute, so the kill lands mid-expansion however loaded the
        // machine is.
        try await server.setDelay(0.15)
        try await server.script(Array(repeating: [:], count: responses) + Array(repeating: ["delay": 60], count: 60))
        let process = try modelSandbox.launchBuild()
        let (_, pool) = try modelSandbox.open()
        let deadline = Date().addingTimeInterval(60)
        while try await stored(pool) < responses, Date() < deadline, process.isRunning {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "\((try? modelSandbox.read("build-stderr.txt")) ?? "")")
        let storedAtKill = try await stored(pool)
        let sentAtKill = try await server.requests().count - afterReference
        #expect(storedAtKill >= responses && storedAtKill < 52)
        #expect(try await augmented(pool).isEmpty)  // no half-written stage output

        try await server.setDelay(0)
        try await server.script([], replace: true)
        let rerun = try modelSandbox.launchBuild()
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let storedAtEnd = try await stored(pool)
        let sentAtEnd = try await server.requests().count - afterReference
        // Every request sent after the kill was one whose response had not been stored.
        #expect(sentAtEnd - sentAtKill == storedAtEnd - storedAtKill)
        #expect(storedAtEnd == 52)
        #expect(try await augmented(pool) == expected)
        let duplicates = try await pool.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) - COUNT(DISTINCT item_key) FROM augmented_question")
        }
        #expect(duplicates == 0)
    }
}
