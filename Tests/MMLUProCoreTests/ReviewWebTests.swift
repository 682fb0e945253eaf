import Foundation
import GRDB
import Testing

@testable import MMLUProCore
@testable import MMLUProWeb

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The review web server on 127.0.0.1: its JSON API, many reviewers at once, and a real browser.
@Suite(.serialized) struct ReviewWebTests {
    /// `mmlupro review serve` in its own process, over a sample built without decisions.
    final class Server: @unchecked Sendable {
        let sandbox: Sandbox
        let queue: ReviewQueue
        let port: Int
        private let process = Process()

        init(idleSeconds: Int = 30) async throws {
            sandbox = try Sandbox()
            try sandbox.edit("pipeline.yaml", replacing: "decisions: [raw/review/decisions.jsonl]", with: "decisions: []")
            try await sandbox.build(Sandbox.upToReview)
            let (_, pool) = try sandbox.open()
            queue = ReviewQueue(writer: pool, leaseSeconds: 600, guidelineVersion: "web-test")
            process.executableURL = CommandLineTests.binaries.appendingPathComponent("mmlupro")
            process.arguments = ["review", "serve", "--config", sandbox.configPath, "--port", "0", "--idle-seconds", String(idleSeconds)]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // "review server on http://127.0.0.1:PORT/review"
            let text = firstLine(of: output)
            guard let port = text.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }), port > 0 else {
                kill(process.processIdentifier, SIGKILL)
                throw WebDriver.Failure(description: "the review server did not announce its port: \(text)")
            }
            self.port = port
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        var base: String { "http://127.0.0.1:\(port)" }

        /// Calls the API; returns the status and the decoded JSON.
        func call(_ method: String, _ path: String, token: String?, body: [String: Any]? = nil, headers: [String: String] = [:])
            async throws
            -> (Int, Any?)
        {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = try JSONSerialization.data(withJSONObject: body)
            }
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        }
    }

    @Test func apiRefusesRequestsWithoutAValidToken() async throws {
        let server = try await Server()
        #expect(try await server.call("POST", "/api/tasks/claim", token: nil, body: [:]).0 == 401)
        #expect(try await server.call("POST", "/api/decisions", token: nil, body: ["task": "x", "verdict": "ok"]).0 == 401)
        #expect(try await server.call("POST", "/api/tasks/claim", token: "mr_forged", body: [:]).0 == 401)
        #expect(try await server.call("GET", "/api/progress", token: nil).0 == 401)
    }

    @Test func claimDecideUndoThroughTheAPI() async throws {
        let server = try await Server()
        let token = try await server.queue.addReviewer("ann")
        let (status, claimed) = try await server.call("POST", "/api/tasks/claim", token: token, body: [:])
        #expect(status == 200)
        let task = try #require((claimed as? [String: Any])?["task"] as? [String: Any])
        let key = try #require(task["key"] as? String)
        let options = try #require(task["options"] as? [String])
        #expect((3...10).contains(options.count))
        #expect((0..<options.count).contains(try #require(task["answerIndex"] as? Int)))
        #expect(try await server.call("POST", "/api/decisions", token: token, body: ["task": key, "verdict": "remove"]).0 == 422)
        #expect(try await server.call("POST", "/api/decisions", token: token, body: ["task": key, "verdict": "ok"]).0 == 200)
        // Decided: no longer leased, a second decision needs a claim.
        #expect(try await server.call("POST", "/api/decisions", token: token, body: ["task": key, "verdict": "ok"]).0 == 409)
        let (undone, body) = try await server.call("POST", "/api/undo", token: token, body: ["task": key])
        #expect(undone == 200)
        #expect((body as? [String: Any])?["status"] as? String == "open")
        let (_, audit) = try await server.call(
            "GET", "/api/audit?task=\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", token: token)
        // Newest first; the undo gave the claim back (its lease still runs).
        #expect((audit as? [[String: Any]])?.map { $0["kind"] as? String } == ["claim", "undo", "decide", "claim"])
        #expect((audit as? [[String: Any]])?.compactMap { $0["decision"] as? String }.contains("ok") == true)
    }

    @Test func crossSiteAndNonJSONRequestsAreRefused() async throws {
        let server = try await Server()
        let token = try await server.queue.addReviewer("ann")
        let foreign = try await server.call("POST", "/api/tasks/claim", token: token, body: [:], headers: ["Origin": "http://evil.example"])
        #expect(foreign.0 == 403)
        var form = URLRequest(url: URL(string: server.base + "/api/tasks/claim")!)
        form.httpMethod = "POST"
        form.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        form.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        form.httpBody = Data("phase=1".utf8)
        let (_, response) = try await URLSession.shared.data(for: form)
        #expect((response as! HTTPURLResponse).statusCode == 415)
        let same = try await server.call("POST", "/api/tasks/claim", token: token, body: [:], headers: ["Origin": server.base])
        #expect(same.0 == 200)
        // The Origin must be this server exactly: scheme, host and port.
        let port = URL(string: server.base)!.port!
        for origin in [
            "http://evil.example//127.0.0.1:\(port)", "https://127.0.0.1:\(port)", "http://127.0.0.1:\(port + 1)",
            "http://127.0.0.1.evil.example:\(port)", "null",
        ] {
            let refused = try await server.call("POST", "/api/tasks/claim", token: token, body: [:], headers: ["Origin": origin])
            #expect(refused.0 == 403, "\(origin)")
        }
        // Only application/json (parameters allowed).
        let jsonp = try await server.call(
            "POST", "/api/tasks/claim", token: token, body: [:], headers: ["Content-Type": "application/jsonp"])
        #expect(jsonp.0 == 415)
        let charset = try await server.call(
            "POST", "/api/tasks/claim", token: token, body: [:], headers: ["Content-Type": "application/json; charset=utf-8"])
        #expect(charset.0 == 200)
        #expect(ReviewAPI.isJSON("Application/JSON") && !ReviewAPI.isJSON(nil) && !ReviewAPI.isJSON("text/json"))
    }

    @Test("an idle connection is closed by the server")
    func idleConnectionsAreClosed() async throws {
        let server = try await Server(idleSeconds: 1)
        let port = server.port
        // A raw connection that sends nothing; the server must close it (recv returns 0).
        let (closed, seconds) = await withCheckedContinuation { (continuation: CheckedContinuation<(Bool, Double), Never>) in
            DispatchQueue.global().async {
                let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(socket) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                var timeout = timeval(tv_sec: 10, tv_usec: 0)
                setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                let start = Date()
                var buffer = [UInt8](repeating: 0, count: 16)
                let received = connected == 0 ? recv(socket, &buffer, buffer.count, 0) : -1
                continuation.resume(returning: (received == 0, Date().timeIntervalSince(start)))
            }
        }
        #expect(closed)
        #expect(seconds < 8)
    }

    @Test("every response says nosniff")
    func noSniff() async throws {
        let server = try await Server()
        for path in ["/review", "/api/progress"] {
            let (_, response) = try await URLSession.shared.data(from: URL(string: server.base + path)!)
            #expect((response as! HTTPURLResponse).value(forHTTPHeaderField: "X-Content-Type-Options") == "nosniff", "\(path)")
        }
    }

    @Test func twentyReviewersThroughTheAPI() async throws {
        let server = try await Server()
        var tokens: [String] = []
        for index in 0..<20 { tokens.append(try await server.queue.addReviewer("web\(index)")) }
        let counts = try await ConcurrentMap.map(tokens, limit: 20) { token in
            var decided = 0
            while true {
                let (_, claimed) = try await server.call("POST", "/api/tasks/claim", token: token, body: [:])
                guard let task = (claimed as? [String: Any])?["task"] as? [String: Any], let key = task["key"] as? String else { break }
                let (status, _) = try await server.call("POST", "/api/decisions", token: token, body: ["task": key, "verdict": "ok"])
                if status == 200 { decided += 1 }
            }
            return decided
        }
        #expect(counts.reduce(0, +) == 52)
        let (_, pool) = try server.sandbox.open()
        let perTask = try await pool.read {
            try Int.fetchAll($0, sql: "SELECT COUNT(*) FROM review_event WHERE kind = 'decide' GROUP BY task_key")
        }
        #expect(perTask.count == 52 && perTask.allSatisfy { $0 == 1 })
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM review_event WHERE kind = 'claim'") } == 52)
    }

    /// 64 reviewers on plain threads (`Support/review_load.py`, so the server is measured, not
    /// a client library), 10 rounds of claiming, deciding and undoing every task.
    @Test("64 reviewers at once through the API, 10 rounds: every request answers within 10 s, and the log has every action")
    func sixtyFourReviewersTenRounds() async throws {
        let server = try await Server()
        var tokens: [String] = []
        for index in 0..<64 { tokens.append(try await server.queue.addReviewer("load\(index)")) }
        try server.sandbox.write("tokens.txt", tokens.joined(separator: "\n") + "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", packageRoot.appendingPathComponent("Tests/MMLUProCoreTests/Support/review_load.py").path, server.base,
            server.sandbox.url("tokens.txt").path, "10", "10",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: output.fileHandleForReading.readDataToEndOfFile()) }
        }
        process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rounds = try #require(report["rounds"] as? [[String: Any]])
        #expect(rounds.count == 10)
        for (index, round) in rounds.enumerated() {
            #expect(round["decided"] as? Int == 52 && round["undone"] as? Int == 52, "round \(index): \(round)")
        }
        #expect(report["error_count"] as? Int == 0, "\(report["errors"] ?? [])")
        #expect((report["slowest"] as? Double ?? 99) < 10)
        let (_, pool) = try server.sandbox.open()
        let logged = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT kind, COUNT(*) FROM review_event GROUP BY kind").map {
                    ($0[0] as String, $0[1] as Int)
                })
        }
        // 52 claims in the first round; each undo gives its claim back (one claim event each),
        // and the next round's claims return those held tasks without a new event.
        #expect(logged["claim"] == 52 + 520 && logged["decide"] == 520 && logged["undo"] == 520, "\(logged)")
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM review_task_state WHERE status <> 'open'") } == 0)
    }

    /// Where the browser test writes a screenshot of each page (`build/screenshots/`).
    static let screenshots = packageRoot.appendingPathComponent("build/screenshots")

    /// A reviewer's session in headless Chromium: a SciBench task opened by its link shows
    /// its LaTeX rendered by KaTeX; a decision by key loads the next task; undo brings the task
    /// back, still claimed; the phase-2 queue shows the flagged option and the judge's reason;
    /// progress and audit render; a rejected token says so and offers sign-in. A screenshot of
    /// each page goes to `build/screenshots/`.
    @Test(.enabled(if: WebDriver.isAvailable, "needs chromium-driver"))
    func keyboardReviewInARealBrowser() async throws {
        let server = try await Server()
        let token = try await server.queue.addReviewer("ann")
        let (_, pool) = try server.sandbox.open()
        let keys = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT item_key, key FROM review_task WHERE phase = 1").map {
                    ($0[0] as String, $0[1] as String)
                })
        }
        #expect(keys["scibench/atkins/0"] != nil && keys["mmlu/test/professional_law/0"] != nil)
        // Someone else decides every other phase-1 task, and the judge runs: phase 2 has tasks.
        let bot = try await server.queue.reviewer(token: try await server.queue.addReviewer("bot"))
        for (item, key) in keys where item != "scibench/atkins/0" && item != "mmlu/test/professional_law/0" {
            _ = try await server.queue.claim(bot, task: key)
            try await server.queue.decide(bot, task: key, ReviewDecision(verdict: .ok))
        }
        try await server.sandbox.build([.review])

        try await WebDriver.with { browser in try await browse(browser, server: server, token: token, keys: keys, pool: pool) }
    }

    /// The browser part of ``keyboardReviewInARealBrowser()``.
    func browse(_ browser: WebDriver, server: Server, token: String, keys: [String: String], pool: DatabasePool) async throws {
        let scibench = try #require(keys["scibench/atkins/0"])
        let law = try #require(keys["mmlu/test/professional_law/0"])
        try await browser.resize(width: 1280, height: 1000)
        try await browser.open(server.base + "/review")
        _ = try await browser.script("sessionStorage.setItem('mmlupro-token', arguments[0]);", [token])
        try await browser.open(server.base + "/review?task=" + scibench.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(
            try await browser.wait(
                "return document.getElementById('task-key').textContent === arguments[0]".replacingOccurrences(
                    of: "arguments[0]", with: "'\(scibench)'")))
        // Math rendered: KaTeX elements, and no raw command in the visible text.
        #expect(try await browser.wait("return document.querySelectorAll('#question .katex').length > 0"))
        let visible = """
            const copy = document.getElementById(arguments[0]).cloneNode(true);
            copy.querySelectorAll('.katex-mathml').forEach(e => e.remove());
            return copy.textContent;
            """
        let question = try #require(try await browser.script(visible, ["question"]) as? String)
        #expect(!question.contains("\\mathrm") && !question.contains("$"), "\(question)")
        let options = try #require(try await browser.script(visible, ["options"]) as? String)
        #expect(!options.contains("\\mathrm") && options.contains("answer"), "\(options)")
        #expect(try await browser.script("return document.querySelectorAll('#options .tag.generated').length") as? Int ?? 0 > 0)
        #expect(
            try await browser.script("return document.getElementById('left').textContent") as? String
                == "2 of \(keys.count) left in this queue")
        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("review-phase1.png"))

        // A decision by key; the next task loads by itself (the law question, its markup as text).
        try await browser.press("o")
        #expect(try await browser.wait("return document.getElementById('task-key').textContent === '\(law)'"))
        #expect(
            try await browser.script("return document.getElementById('status').textContent.startsWith('Decided \(scibench)')") as? Bool
                == true)
        #expect(try await browser.wait("return document.getElementById('question').textContent.includes('<script>alert(1)</script>')"))
        #expect(try await browser.script("return document.querySelectorAll('#question script, #question img').length") as? Int == 0)
        // Undo: the SciBench task comes back, open and still claimed.
        try await browser.press("u")
        #expect(try await browser.wait("return document.getElementById('task-key').textContent === '\(scibench)'"))
        #expect(try await browser.script("return document.getElementById('state').textContent") as? String == "open, claimed by you")
        let kinds = try await pool.read {
            try String.fetchAll($0, sql: "SELECT kind FROM review_event WHERE task_key = ? ORDER BY id", arguments: [scibench])
        }
        #expect(kinds == ["claim", "decide", "undo", "claim"])
        // Decide again with the wrong-answer keys.
        try await browser.press("w")
        try await browser.press("c")
        #expect(try await browser.wait("return document.getElementById('status').textContent.includes('wrong answer C')"))

        // The phase-2 queue: the flagged option and the judge's reason at the top.
        _ = try await browser.script(
            "const q = document.getElementById('queue'); q.value = '2'; q.dispatchEvent(new Event('change'));")
        #expect(
            try await browser.wait(
                "return !document.getElementById('flagged').hidden && document.getElementById('task-key').textContent.startsWith('p2:')"))
        #expect(try await browser.script("return document.getElementById('flagged').textContent.includes('Judge: ')") as? Bool == true)
        #expect(try await browser.script("return document.querySelectorAll('#options li.flag').length") as? Int == 1)
        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("review-phase2.png"))
        try await browser.press("k")
        #expect(try await browser.wait("return document.getElementById('status').textContent.includes('keep option')"))

        // Progress and audit.
        try await browser.open(server.base + "/progress")
        #expect(try await browser.wait("return document.querySelectorAll('#reviewers tr').length === 2"))
        #expect(try await browser.script("return document.getElementById('agreement').textContent.includes('Fleiss')") as? Bool == true)
        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("progress.png"))
        try await browser.open(server.base + "/audit?reviewer=ann")
        #expect(try await browser.wait("return document.querySelectorAll('#rows tr').length > 0"))
        let decisions =
            try await browser.script(
                "return Array.from(document.querySelectorAll('#rows tr td:nth-child(6)')).map(td => td.textContent)") as? [String] ?? []
        #expect(decisions.contains("wrong answer: C") && decisions.contains("keep option (wrong after all)"), "\(decisions)")
        #expect(
            try await browser.script(
                "return Array.from(document.querySelectorAll('#rows tr td:nth-child(3)')).every(td => td.textContent === 'ann')") as? Bool
                == true)
        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("audit.png"))

        // A rejected token says so, and sign-in is there.
        _ = try await browser.script("sessionStorage.setItem('mmlupro-token', 'mr_not_a_token');")
        try await browser.open(server.base + "/progress")
        #expect(try await browser.wait("return document.getElementById('status').textContent.includes('rejected')"))
        #expect(try await browser.script("return document.getElementById('signin').hidden") as? Bool == false)
        // No inline script anywhere: KaTeX and the page script, both files of this server.
        #expect(
            try await browser.script("return Array.from(document.scripts).every(s => s.src.startsWith(location.origin + '/static/'))")
                as? Bool == true)
    }

    /// The pages forbid inline script and style and any other origin; the vendored KaTeX
    /// files are served by the server itself.
    @Test func pagesAreServedUnderAStrictPolicyWithKaTeXFromTheServer() async throws {
        let server = try await Server()
        for path in [
            "/review", "/progress", "/audit", "/static/review.js", "/static/katex/katex.min.js",
            "/static/katex/fonts/KaTeX_Main-Regular.woff2",
        ] {
            var request = URLRequest(url: URL(string: server.base + path)!)
            request.httpMethod = "GET"
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200, "\(path)")
            #expect(!data.isEmpty)
            let policy = http.value(forHTTPHeaderField: "Content-Security-Policy") ?? ""
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path): \(policy)")
        }
        let (status, _) = try await server.call("GET", "/static/../Package.swift", token: nil)
        #expect(status == 404)
    }
}
