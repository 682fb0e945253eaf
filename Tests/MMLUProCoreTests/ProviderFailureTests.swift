import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// A model provider that fails for good: the stage executable must stop with a clear error in
/// bounded time, never hang and never trap, and never store or print the key.
@Suite(.serialized) struct ProviderFailureTests {
    static let key = "sk-failure-test-0123456789abcdef"

    struct Outcome {
        var status: Int32
        var exited: Bool
        var seconds: Double
        var stderr: String
    }

    /// Runs `mmlupro-augment` in the sandbox with the key in its environment, waiting without
    /// blocking; kills it after `limit` seconds (a hang). Its stderr goes to a file, so a chatty
    /// process can never block on a full pipe.
    static func augment(_ sandbox: Sandbox, limit: Double = 60) async throws -> Outcome {
        let process = Process()
        process.executableURL = CommandLineTests.binaries.appendingPathComponent("mmlupro-augment")
        process.arguments = ["--config", "pipeline.yaml"]
        process.currentDirectoryURL = sandbox.root
        process.environment = ProcessInfo.processInfo.environment.merging(["FAKE_KEY": key]) { _, new in new }
        let log = sandbox.url("augment-stderr.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        let once = Once()
        let start = Date()
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            process.terminationHandler = { _ in once.run { continuation.resume(returning: true) } }
            do {
                try process.run()
            } catch {
                once.run { continuation.resume(returning: false) }
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) { once.run { continuation.resume(returning: false) } }
        }
        if !finished, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try handle.close()
        let stderr = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Outcome(
            status: finished ? process.terminationStatus : -1, exited: finished && process.terminationReason == .exit,
            seconds: Date().timeIntervalSince(start), stderr: stderr)
    }

    /// Runs its block the first time only.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func run(_ body: () -> Void) {
            lock.lock()
            let first = !done
            done = true
            lock.unlock()
            if first { body() }
        }
    }

    /// The sample built up to review with the offline generator, then augment pointed at `url`.
    static func sandbox(baseURL: String, concurrency: Int, retries: Int) async throws -> Sandbox {
        let sandbox = try Sandbox()
        try await sandbox.build([.collect, .filter, .integrate])
        try sandbox.edit(
            "pipeline.yaml", replacing: "  offline: {kind: offline}",
            with: """
                  offline: {kind: offline}
                  failing: {kind: openai, base_url: "\(baseURL)", model: m, api_key_env: FAKE_KEY, max_concurrency: \(concurrency), max_retries: \(retries), retry_base_seconds: 0.01, timeout_seconds: 5}
                """)
        try sandbox.edit("pipeline.yaml", replacing: "generation: {provider: offline", with: "generation: {provider: failing")
        return sandbox
    }

    @Test("a server that answers 401 to everything: the stage stops at once, names the refusal, never hangs, never stores the key")
    func unauthorizedForever() async throws {
        let server = try FakeModelServer()
        try await server.always(["status": 401, "echo_key": true])
        let sandbox = try await Self.sandbox(baseURL: server.baseURL, concurrency: 4, retries: 3)
        let (_, pool) = try sandbox.open()
        for _ in 0..<10 {
            let outcome = try await Self.augment(sandbox)
            #expect(outcome.exited && outcome.status != 0, "status \(outcome.status) after \(outcome.seconds) s")
            #expect(outcome.stderr.contains("refused the credentials (HTTP 401)"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains(Self.key) && !outcome.stderr.contains(String(Self.key.suffix(8))))
        }
        // No retries: at most one request per slot per run.
        #expect(try await server.requests().count <= 10 * 4)
        let everything = try await pool.read { db in try dump(db).values.flatMap { $0 }.joined() }
        #expect(!everything.contains(Self.key) && !everything.contains(String(Self.key.suffix(8))))
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM augmented_question") } == 0)
    }

    @Test("a closed port at concurrency 16 with no retries: 20 runs, each a clean failure, no trap, no hang")
    func closedPort() async throws {
        var port = 0
        do {
            let server = try FakeModelServer()
            port = server.port
        }  // stopped: nothing listens on its port any more
        let sandbox = try await Self.sandbox(baseURL: "http://127.0.0.1:\(port)/v1", concurrency: 16, retries: 0)
        for run in 0..<20 {
            let outcome = try await Self.augment(sandbox)
            #expect(outcome.exited, "run \(run): killed by a signal or hung after \(outcome.seconds) s: \(outcome.stderr.suffix(500))")
            #expect(outcome.status == 1, "run \(run): \(outcome.stderr.suffix(500))")
            #expect(outcome.stderr.contains("failed after retries"), "run \(run): \(outcome.stderr.suffix(500))")
        }
    }
}
