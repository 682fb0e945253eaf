import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// `mmlupro evaluate` against a real OpenAI-compatible server on 127.0.0.1.
@Suite(.serialized) struct EvaluateTests {
    let server: FakeModelServer

    init() throws { server = try FakeModelServer() }

    /// The sample built offline, with the fake server as provider `fake`.
    func sandbox() async throws -> Sandbox {
        let sandbox = try Sandbox()
        try await sandbox.build()
        try sandbox.edit(
            "pipeline.yaml", replacing: "  offline: {kind: offline}",
            with: """
                  offline: {kind: offline}
                  fake: {kind: openai, base_url: "\(server.baseURL)", model: fake-model, max_concurrency: 2, retry_base_seconds: 0.05}
                """)
        return sandbox
    }

    func evaluate(_ sandbox: Sandbox, _ extra: [String] = []) throws -> CommandLineTests.Result {
        try CommandLineTests().run(
            "mmlupro", ["evaluate", "--provider", "fake", "--release", "build/release/0.1.0", "--json"] + extra, in: sandbox.root)
    }

    @Test func scoresBothOptionSetsWithTheOfficialPromptAndCountsUnparsedReplies() async throws {
        let sandbox = try await sandbox()
        let result = try evaluate(sandbox, ["--per-category", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Evaluation.Report.self, from: Data(result.stdout.utf8))
        // 2 per category that has MMLU questions in the sample test split, each asked twice.
        #expect(report.categories.map(\.category) == ["biology", "economics", "law", "physics"])
        #expect(report.overall.release.questions == 8 && report.overall.original.questions == 8)
        #expect(report.shots == 5)
        let requests = try await server.requests()
        #expect(requests.count == 16)
        // The prompt is MMLU-Pro's: instruction, 5 exemplars of the category with their reasoning, the question.
        let prompt = try #require((requests.first?["messages"] as? [[String: Any]])?.first?["content"] as? String)
        #expect(prompt.hasPrefix("The following are multiple choice questions (with answers) about "))
        #expect(prompt.components(separatedBy: "Question:\n").count == 7)
        #expect(prompt.components(separatedBy: "Answer: Let's think step by step.").count == 7)
        #expect(prompt.hasSuffix("Answer: Let's think step by step."))
        // Replies without a letter are unparsed, counted as wrong, never guessed.
        let unparsed = report.overall.release.unparsed + report.overall.original.unparsed
        #expect(unparsed > 0 && unparsed < 16)
        #expect(report.overall.release.correct + report.overall.release.unparsed <= 8)
        // A second run sends nothing: every reply is stored.
        let again = try evaluate(sandbox, ["--per-category", "2"])
        #expect(again.stdout == result.stdout)
        #expect(try await server.requests().count == 16)
        // Log-probabilities of the letters, for base models.
        let logprobs = try evaluate(sandbox, ["--per-category", "2", "--method", "logprobs"])
        #expect(logprobs.status == 0, "\(logprobs.stderr)")
        let scored = try JSONDecoder().decode(Evaluation.Report.self, from: Data(logprobs.stdout.utf8))
        #expect(scored.method == .logprobs && scored.overall.release.questions == 8)
        let last = try #require(try await server.requests().last)
        #expect((last["prompt"] as? String)?.hasSuffix("Answer:") == true)
    }

    @Test func aFailingServerIsAnErrorNotAHang() async throws {
        let sandbox = try await sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "retry_base_seconds: 0.05}", with: "retry_base_seconds: 0.05, max_retries: 1}")
        try await server.script((0..<40).map { _ in ["status": 500] })
        let result = try evaluate(sandbox, ["--per-category", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("requests failed after retries"))
        let report = try JSONDecoder().decode(Evaluation.Report.self, from: Data(result.stdout.utf8))
        #expect(report.overall.release.errors + report.overall.original.errors == 8)
    }

    @Test func killedMidRunResumesToTheSameReport() async throws {
        let reference = try await sandbox()
        let expected = try evaluate(reference)
        #expect(expected.status == 0, "\(expected.stderr)")
        let sent = try await server.requests().count

        let sandbox = try await sandbox()
        // Six replies, then every request held for a minute: the kill lands mid-run however
        // loaded the machine is.
        try await server.script(Array(repeating: [:], count: 6) + Array(repeating: ["delay": 60], count: 40))
        let process = Process()
        process.executableURL = CommandLineTests.binaries.appendingPathComponent("mmlupro")
        process.arguments = ["evaluate", "--provider", "fake", "--release", "build/release/0.1.0"]
        process.currentDirectoryURL = sandbox.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let (_, pool) = try sandbox.open()
        func stored() async throws -> Int {
            try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_response") ?? 0 }
        }
        let deadline = Date().addingTimeInterval(60)
        while try await stored() < 6, Date() < deadline, process.isRunning { try await Task.sleep(nanoseconds: 20_000_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let storedAtKill = try await stored()
        let sentAtKill = try await server.requests().count - sent
        #expect(storedAtKill >= 6 && storedAtKill < sent)

        try await server.script([], replace: true)
        let resumed = try evaluate(sandbox)
        #expect(resumed.status == 0)
        // Only what had no stored reply was sent again, and the report is the same.
        let sentAtEnd = try await server.requests().count - sent
        #expect(sentAtEnd - sentAtKill == sent - storedAtKill)
        #expect(resumed.stdout == expected.stdout)
        let attempts = try await pool.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_attempt WHERE stage = 'evaluate'")
        }
        #expect(attempts == sent)  // one stored attempt per prompt: nothing asked twice once stored
    }
}
