import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The fake OpenAI server (`fake_openai.py`), a real HTTP server on 127.0.0.1 that a test
/// starts, scripts to misbehave, and stops.
final class FakeModelServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    init() throws {
        let script = packageRoot.appendingPathComponent("Tests/MMLUProCoreTests/Support/fake_openai.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = firstLine(of: output)
        guard text.hasPrefix("PORT "),
            let port = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw URLError(.cannotConnectToHost) }
        self.port = port
    }

    deinit {
        // SIGKILL: the server may inherit an ignored SIGTERM from the test runner.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Queues behaviours for the next requests; `replace` drops those still queued first.
    func script(_ behaviors: [[String: Any]], replace: Bool = false) async throws {
        try await post("/control/script", ["behaviors": behaviors, "replace": replace])
    }

    func setDelay(_ seconds: Double) async throws {
        try await post("/control/config", ["delay": seconds])
    }

    /// The behaviour of every request that has none queued (`["status": 401]`), until changed.
    func always(_ behavior: [String: Any], delay: Double = 0) async throws {
        try await post("/control/config", ["delay": delay, "always": behavior])
    }

    /// The bodies of every completion request received.
    func requests() async throws -> [[String: Any]] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/control/requests")!)
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return list.compactMap { $0["body"] as? [String: Any] }
    }

    /// The authorization headers received.
    func authorizations() async throws -> [String?] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/control/requests")!)
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return list.map { $0["authorization"] as? String }
    }

    private func post(_ path: String, _ body: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        _ = try await URLSession.shared.data(for: request)
    }
}
