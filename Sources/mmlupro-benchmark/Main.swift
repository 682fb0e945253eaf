import Foundation
import GRDB
import Logging
import MMLUProCore
import MMLUProHTTP

/// Benchmarks that need more than a stage run.
///
/// `mmlupro-benchmark BASE_URL REQUESTS CONCURRENCY SERVER_DELAY_SECONDS`: throughput of the
/// model layer, N distinct requests at concurrency C through the gateway (cache and ledger in a
/// temporary SQLite file) to an OpenAI-compatible server.
///
/// `mmlupro-benchmark review TASKS REVIEWERS [--connection-per-request] [--rate DECISIONS_PER_SECOND]`:
/// the review web server on loopback with TASKS phase-1 tasks and REVIEWERS clients, each claiming
/// and deciding until none is left, over one kept-alive connection each as a browser's page (or a
/// new connection per request), as fast as the server answers or, with `--rate`, on a schedule
/// of that many decisions a second over all reviewers; decisions per second and latency
/// percentiles of a claim-and-decide cycle.
@main
struct Main {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.count >= 4, arguments[1] == "review", let tasks = Int(arguments[2]), let reviewers = Int(arguments[3]) {
            var connectionPerRequest = false
            var rate: Double?
            var rest = arguments.dropFirst(4).makeIterator()
            while let flag = rest.next() {
                switch flag {
                case "--connection-per-request": connectionPerRequest = true
                case "--rate":
                    guard let value = rest.next().flatMap(Double.init), value > 0 else {
                        usage("--rate needs a number of decisions a second above 0")
                    }
                    rate = value
                default: usage("unknown option \(flag)")
                }
            }
            try await ReviewBenchmark.run(tasks: tasks, reviewers: reviewers, connectionPerRequest: connectionPerRequest, rate: rate)
            return
        }
        guard arguments.count == 5, let requests = Int(arguments[2]), let concurrency = Int(arguments[3]), let delay = Double(arguments[4])
        else { usage("expected a model server's address, a request count, a concurrency and the server's delay") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmlupro-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try Store.open(at: folder.appendingPathComponent("bench.sqlite"))
        let provider = ProviderConfig(kind: .openai, baseURL: arguments[1], model: "bench", maxConcurrency: concurrency, maxRetries: 0)
        let gateway = ModelGateway(
            providerName: "bench", provider: provider, model: try OpenAIClient.make(name: "bench", provider: provider), writer: pool,
            stage: .augment, logger: Logger(label: "bench"))
        let start = Date()
        _ = try await ConcurrentMap.map(Array(0..<requests), limit: concurrency) { index in
            try await gateway.complete(
                ChatRequest(model: "bench", messages: [ChatMessage(role: "user", content: "Write exactly 6 new wrong options. #\(index)")]))
        }
        let elapsed = Date().timeIntervalSince(start)
        let ideal = Double(requests) * delay / Double(concurrency)
        let stored = try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_response") ?? 0 }
        print(
            String(
                format: "%d requests, concurrency %d, server delay %.3f s: %.2f s (ideal %.2f s, ratio %.2f), %d stored",
                requests, concurrency, delay, elapsed, ideal, elapsed / ideal, stored))
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(
            Data(
                """
                mmlupro-benchmark: \(problem)
                usage: mmlupro-benchmark BASE_URL REQUESTS CONCURRENCY SERVER_DELAY_SECONDS
                       mmlupro-benchmark review TASKS REVIEWERS [--connection-per-request] [--rate DECISIONS_PER_SECOND]

                """.utf8))
        exit(2)
    }
}
