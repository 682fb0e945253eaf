import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A headless Chromium driven over W3C WebDriver (Debian's `chromium` and `chromium-driver`).
final class WebDriver: @unchecked Sendable {
    static let driverPath = "/usr/bin/chromedriver"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: driverPath) }

    private let process = Process()
    private let base: URL
    private var session = ""

    init() async throws {
        // Port 0: the driver binds a free port and says which ("... started successfully on
        // port N."), so two test runs never collide.
        process.executableURL = URL(fileURLWithPath: Self.driverPath)
        process.arguments = ["--port=0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("successfully on port") || !text.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "successfully on port "),
            let port = Int(text[range.upperBound...].prefix { $0.isNumber }), port > 0
        else {
            process.terminate()
            throw Failure(description: "chromedriver did not say its port: \(text)")
        }
        base = URL(string: "http://127.0.0.1:\(port)")!
        for _ in 0..<100 {
            if (try? await request("GET", "/status")) != nil { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": ["args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]],
                ]
            ]
        ]
        let created = try await request("POST", "/session", capabilities)
        session = ((created["value"] as? [String: Any])?["sessionId"] as? String) ?? ""
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Ends the session and the driver (and with it the browser).
    func quit() async {
        _ = try? await request("DELETE", "/session/\(session)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs `body` with a browser that is closed afterwards, whether `body` throws or not: a
    /// `defer` cannot wait, and a driver left running outlives the test process.
    static func with<T>(_ body: (WebDriver) async throws -> T) async throws -> T {
        let browser = try await WebDriver()
        do {
            let result = try await body(browser)
            await browser.quit()
            return result
        } catch {
            await browser.quit()
            throw error
        }
    }

    func open(_ url: String) async throws { _ = try await request("POST", "/session/\(session)/url", ["url": url]) }

    /// Runs a script in the page and returns its value.
    func script(_ source: String, _ arguments: [Any] = []) async throws -> Any? {
        try await request("POST", "/session/\(session)/execute/sync", ["script": source, "args": arguments])["value"]
    }

    /// Sets the window's size in CSS pixels.
    func resize(width: Int, height: Int) async throws {
        _ = try await request("POST", "/session/\(session)/window/rect", ["width": width, "height": height])
    }

    /// Writes a PNG of the window to `url`.
    func screenshot(to url: URL) async throws {
        guard let base64 = try await request("GET", "/session/\(session)/screenshot")["value"] as? String,
            let data = Data(base64Encoded: base64)
        else { throw Failure(description: "no screenshot") }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Presses and releases one key.
    func press(_ key: String) async throws {
        let actions: [[String: Any]] = [["type": "keyDown", "value": key], ["type": "keyUp", "value": key]]
        _ = try await request("POST", "/session/\(session)/actions", ["actions": [["type": "key", "id": "keyboard", "actions": actions]]])
    }

    /// Waits until a script returns true.
    func wait(_ source: String, timeout: Double = 10) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await script(source) as? Bool == true { return true }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return false
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One WebDriver call, made with curl (URLSession on Linux failed on chromedriver's replies here).
    @discardableResult
    private func request(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var arguments = ["-s", "--max-time", "30", "-X", method, "-w", "\n%{http_code}", base.appendingPathComponent(path).absoluteString]
        if let body {
            let data = try JSONSerialization.data(withJSONObject: body)
            arguments += ["-H", "Content-Type: application/json", "--data-binary", String(decoding: data, as: UTF8.self)]
        }
        curl.arguments = arguments
        let output = Pipe()
        curl.standardOutput = output
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: split)...]), status > 0 else {
            throw Failure(description: "WebDriver \(method) \(path): no answer")
        }
        let json = String(text[..<split])
        if status >= 400 { throw Failure(description: "WebDriver \(method) \(path): \(status) \(json.prefix(400))") }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }
}
