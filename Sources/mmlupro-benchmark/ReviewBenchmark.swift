import Foundation
import GRDB
import MMLUProCore
import MMLUProHTTP

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Many reviewers against the review web server (`mmlupro review serve`, its own process) on loopback.
enum ReviewBenchmark {
    /// Each reviewer keeps one connection open, as a browser does; with
    /// `connectionPerRequest`, every request opens its own (``NIOTransport``).
    ///
    /// Without a `rate` every reviewer claims again the moment a decision returns (a closed
    /// loop): the run measures how many decisions the server can take, and a cycle's latency is
    /// then set by that rate (Little's law: 50 reviewers at 1,000 decisions/s wait 50 ms on
    /// average). With a `rate` (decisions per second over all reviewers) each reviewer starts a
    /// cycle on a fixed schedule, `reviewers / rate` seconds apart and staggered between
    /// reviewers (an open loop): the run measures the latency a reviewer sees while the server
    /// takes that load. A cycle that starts late behind a slow one counts from the moment it was
    /// due, so its wait counts too.
    static func run(tasks: Int, reviewers: Int, connectionPerRequest: Bool = false, rate: Double? = nil) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmlupro-review-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try Store.open(at: folder.appendingPathComponent("bench.sqlite"))
        try await seed(pool, tasks: tasks)
        let queue = ReviewQueue(writer: pool)
        var tokens: [String] = []
        for index in 0..<reviewers { tokens.append(try await queue.addReviewer("bench\(index)")) }
        let (server, port) = try startServer(folder)
        defer { server.terminate() }
        // The client waits over NIO: URLSession's wait would take CPU from the server it measures.
        let client = NIOTransport()

        @Sendable func post(_ path: String, _ token: String, _ body: [String: Any], on connection: KeepAliveConnection?) async throws
            -> [String: Any]
        {
            let headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
            let data = try JSONSerialization.data(withJSONObject: body)
            let reply =
                if let connection {
                    try await connection.post(path, headers: headers, body: data).body
                } else {
                    try await client.post(URL(string: "http://127.0.0.1:\(port)\(path)")!, headers: headers, body: data, timeout: 60).body
                }
            return (try? JSONSerialization.jsonObject(with: reply)) as? [String: Any] ?? [:]
        }

        let clock = ContinuousClock()
        let start = clock.now
        // One reviewer's cycles are `interval` apart; reviewer `index` starts `index / reviewers` of one later.
        let interval = rate.map { Duration.seconds(Double(reviewers) / $0) }
        let latencies = try await ConcurrentMap.map(Array(tokens.enumerated()), limit: reviewers) { index, token -> [Duration] in
            // A reviewer's page connects once; its requests then share the connection.
            let connection = connectionPerRequest ? nil : try await KeepAliveConnection.connect(host: "127.0.0.1", port: port)
            var due = start + (interval ?? .zero) * (Double(index) / Double(reviewers))
            var cycles: [Duration] = []
            while true {
                let begin: ContinuousClock.Instant
                if let interval {
                    // Behind schedule, the cycle counts from when it was due; ahead, from when the
                    // client woke (a timer's lateness is the client's, not the server's).
                    if clock.now < due {
                        try await clock.sleep(until: due)
                        begin = clock.now
                    } else {
                        begin = due
                    }
                    due += interval
                } else {
                    begin = clock.now
                }
                guard let task = try await post("/api/tasks/claim", token, [:], on: connection)["task"] as? [String: Any],
                    let key = task["key"] as? String
                else { break }
                _ = try await post("/api/decisions", token, ["task": key, "verdict": "ok"], on: connection)
                cycles.append(clock.now - begin)
            }
            await connection?.close()
            return cycles
        }.flatMap { $0 }.sorted()
        let elapsed = (clock.now - start).seconds
        print(
            String(
                format:
                    "%d tasks, %d reviewers (%@%@): %d decisions in %.2f s = %.1f decisions/s; claim+decide latency p50 %.1f ms, p99 %.1f ms",
                tasks, reviewers, connectionPerRequest ? "a connection per request" : "a connection each",
                rate.map { String(format: ", paced at %.0f decisions/s", $0) } ?? "", latencies.count, elapsed,
                Double(latencies.count) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99)))
    }

    /// The `p` quantile of sorted `latencies`, in milliseconds.
    static func percentile(_ latencies: [Duration], _ p: Double) -> Double {
        latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))].seconds * 1000
    }

    /// `tasks` open phase-1 tasks over questions of three categories.
    static func seed(_ pool: DatabasePool, tasks: Int) async throws {
        try await pool.write { db in
            let insert = try db.makeStatement(
                sql:
                    "INSERT INTO review_task (key, phase, item_key, version, category, priority, overlap, created_at) VALUES (?, 1, ?, 'v', ?, 0, 1, '')"
            )
            let item = try db.makeStatement(
                sql: """
                    INSERT INTO source_item (key, source, split, subject, category, origin, question, options, answer, answer_type, content_hash)
                    VALUES (?, 'mmlu', 'test', 'bench', ?, 'bench', ?, '["a","b","c","d"]', 'A', 'letter', 'x')
                    """)
            let augmented = try db.makeStatement(
                sql: """
                    INSERT INTO augmented_question (item_key, split, category, src, question, options, answer_index, option_origins, shuffled,
                    shortfall, generator, template_version) VALUES (?, 'test', ?, 'ori_mmlu-bench', ?, ?, 0, '[]', 1, 0, 'bench', 'bench')
                    """)
            let options = Digest.canonicalJSON((0..<10).map { "option \($0)" })
            for index in 0..<tasks {
                let category = ["math", "law", "physics"][index % 3]
                let question = "Benchmark question \(index)?"
                try item.execute(arguments: ["bench/\(index)", category, question])
                try augmented.execute(arguments: ["bench/\(index)", category, question, options])
                try insert.execute(arguments: ["p1:bench/\(index)@v", "bench/\(index)", category])
            }
        }
    }

    /// `mmlupro review serve` on a free port, in its own process, over the store in `folder`.
    static func startServer(_ folder: URL) throws -> (Process, Int) {
        let config = folder.appendingPathComponent("pipeline.yaml")
        let categories = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("config/categories.yaml")
            .path
        try Data("database: bench.sqlite\ncategories: \(categories)\nsources: {}\n".utf8).write(to: config)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mmlupro")
        server.arguments = ["review", "serve", "--config", config.path, "--port", "0"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = String(decoding: line, as: UTF8.self).split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }),
            port > 0
        else {
            server.terminate()
            FileHandle.standardError.write(Data("the review server did not start\n".utf8))
            exit(1)
        }
        return (server, port)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
