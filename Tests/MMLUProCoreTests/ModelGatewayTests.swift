import Foundation
import GRDB
import Logging
import MMLUProHTTP
import Testing

@testable import MMLUProCore

/// The model layer against a real HTTP server on 127.0.0.1 that misbehaves on purpose.
@Suite(.serialized) struct ModelGatewayTests {
    let server: FakeModelServer
    let database: DatabaseQueue

    init() throws {
        server = try FakeModelServer()
        database = try Store.inMemory()
    }

    func gateway(
        mode: ModelGateway.Mode = .live, budget: Double? = nil, timeout: Double = 5, retries: Int = 3, concurrency: Int = 1,
        environment: [String: String] = [:], keyVariable: String? = nil
    ) throws -> ModelGateway {
        let provider = ProviderConfig(
            kind: .openai, baseURL: server.baseURL, model: "test-model", apiKeyEnv: keyVariable, maxConcurrency: concurrency,
            priceInput: 1, priceOutput: 2, timeoutSeconds: timeout, maxRetries: retries, retryBaseSeconds: 0.01)
        let client = try OpenAIClient.make(name: "fake", provider: provider, environment: environment)
        return ModelGateway(
            providerName: "fake", provider: provider, model: client, writer: database, stage: .augment, mode: mode, budget: budget,
            logger: Logger(label: "test"))
    }

    func request(_ text: String = "Write exactly 2 new wrong options", temperature: Double = 0.7, seed: Int = 0) -> ChatRequest {
        ChatRequest(
            model: "test-model", messages: [ChatMessage(role: "user", content: text)], temperature: temperature, maxTokens: 100, seed: seed)
    }

    func attempts() async throws -> [String] {
        try await database.read { try String.fetchAll($0, sql: "SELECT status FROM model_attempt ORDER BY id") }
    }

    @Test func storesTheResponseAndNeverAsksTwice() async throws {
        let gateway = try gateway()
        let first = try await gateway.complete(request())
        let second = try await gateway.complete(request())
        #expect(first == second)
        #expect(first.content.contains("distractors"))
        #expect(try await server.requests().count == 1)
        let row = try await database.read { try Row.fetchOne($0, sql: "SELECT * FROM model_response") }
        #expect(row?["prompt_tokens"] == 100)
        #expect(row?["completion_tokens"] == 20)
        let cost: Double? = row?["cost"]
        let expected: Double = (100.0 * 1 + 20.0 * 2) / 1_000_000
        #expect(cost == expected)
        #expect(try await attempts() == ["ok"])
    }

    /// The key of a fixed request is pinned: a change to how requests are written (a toolchain,
    /// a refactor) that would miss every stored response fails here first. On this toolchain
    /// the hand-written text is byte for byte what `JSONEncoder` wrote when the keys were first
    /// stored, so no stored response lost its key.
    @Test("a request's cache key is a golden hash of hand-written canonical JSON")
    func cacheKeyGoldenHash() {
        var golden = ChatRequest(
            model: "qwen2.5-1.5b-instruct",
            messages: [
                ChatMessage(role: "system", content: "Write \"wrong\" options.\n\tOne a line; \\frac{1}{2} / é 😀 \u{1F}\u{7F}\u{2028}"),
                ChatMessage(role: "user", content: "Q: 2 + 2 = ?\r\nA: 4"),
            ],
            temperature: 0.7, topP: 1, maxTokens: 512, seed: 20_240_601, stop: ["\n\n"],
            responseFormat: .object(["type": .string("json_object"), "schema": .object(["b": .number(2.5e-10), "a": .number(3)])]))
        #expect(
            golden.canonicalText
                == #"{"max_tokens":512,"messages":[{"content":"Write \"wrong\" options.\n\tOne a line; \\frac{1}{2} / é 😀 \u001f\#u{7F}\#u{2028}","role":"system"},{"content":"Q: 2 + 2 = ?\r\nA: 4","role":"user"}],"model":"qwen2.5-1.5b-instruct","response_format":{"schema":{"a":3,"b":2.5e-10},"type":"json_object"},"seed":20240601,"stop":["\n\n"],"temperature":0.7,"top_p":1}"#
        )
        // Computed independently: Python's hashlib over the text above.
        #expect(golden.cacheKey == "50f9bb5252d4687415419c2cf30b4eba4835143d6f8bb0f568fbbcdf6f2f4a2d")
        for temperature in [0, 0.1, 1e-7, 1e21, 1.0 / 3, -0.0] {
            golden.temperature = temperature
            #expect(golden.canonicalText == Digest.canonicalJSON(golden.wireForm), "temperature \(temperature)")
        }
        golden.prompt = "Answer:"
        golden.logprobs = 5
        #expect(golden.canonicalText == Digest.canonicalJSON(golden.wireForm))
    }

    /// Both transports answer the same way: a reply, a 503 with its Retry-After, a 401 whose
    /// body repeats the key (redacted), a bad body, a timeout, a closed port. (`http://` goes
    /// through NIO in production; URLSession serves `https://` and is checked here on loopback.)
    @Test(
        "the NIO and URLSession transports turn every server behaviour into the same reply or error",
        arguments: [OpenAIClient.Transport.nio, .urlSession])
    func transportsAgree(_ transport: OpenAIClient.Transport) async throws {
        let base = try #require(URL(string: server.baseURL))
        let client = OpenAIClient(baseURL: base, apiKey: "sk-test-0123456789abcdef", timeout: 1, maxConnections: 4, transport: transport)
        let reply = try await client.complete(request())
        #expect(reply.content.contains("distractors"))
        try await server.script([["status": 503, "retry_after": 7]])
        await #expect(throws: ModelError.server(status: 503, message: "", retryAfter: 7)) {
            do { _ = try await client.complete(request()) } catch ModelError.server(let status, _, let after) {
                throw ModelError.server(status: status, message: "", retryAfter: after)
            }
        }
        try await server.script([["status": 401, "echo_key": true]])
        do {
            _ = try await client.complete(request())
            Issue.record("a 401 was accepted")
        } catch ModelError.client(let status, let message) {
            #expect(status == 401)
            #expect(!message.contains("0123456789abcdef") && message.contains("[redacted]"))
        }
        try await server.script([["raw": "not json"]])
        await #expect {
            _ = try await client.complete(request())
        } throws: { ($0 as? ModelError).map { if case .invalidResponse = $0 { true } else { false } } ?? false }
        try await server.script([["delay": 3]])
        await #expect(throws: ModelError.timeout) { _ = try await client.complete(request()) }
        let closed = OpenAIClient(
            baseURL: URL(string: "http://127.0.0.1:9/v1")!, apiKey: nil, timeout: 5, maxConnections: 4, transport: transport)
        let started = Date()
        await #expect {
            _ = try await closed.complete(request())
        } throws: { ($0 as? ModelError).map { if case .transport = $0 { true } else { false } } ?? false }
        #expect(Date().timeIntervalSince(started) < 5, "a closed port fails at once, not at the deadline")
    }

    @Test func cacheKeyCoversEverySamplingParameterAndTheMessages() {
        let base = request()
        #expect(base.cacheKey == request().cacheKey)
        #expect(base.cacheKey != request(temperature: 0.8).cacheKey)
        #expect(base.cacheKey != request(seed: 1).cacheKey)
        #expect(base.cacheKey != request("Write exactly 3 new wrong options").cacheKey)
        var other = base
        other.maxTokens = 101
        #expect(base.cacheKey != other.cacheKey)
        other = base
        other.responseFormat = .object(["type": .string("json_object")])
        #expect(base.cacheKey != other.cacheKey)
        other = base
        other.model = "another-model"
        #expect(base.cacheKey != other.cacheKey)
        // The task payload is for the offline generator and is not part of the key.
        other = base
        other.task = .extractAnswer(.init(question: "q", solution: "s", sourceAnswer: nil))
        #expect(base.cacheKey == other.cacheKey)
    }

    @Test func retriesA429HonouringRetryAfter() async throws {
        try await server.script([["status": 429, "retry_after": 1]])
        let start = Date()
        _ = try await gateway().complete(request())
        #expect(Date().timeIntervalSince(start) >= 0.95)
        #expect(try await attempts() == ["rate_limited", "ok"])
        let status = try await database.read {
            try Int.fetchOne($0, sql: "SELECT http_status FROM model_attempt WHERE status = 'rate_limited'")
        }
        #expect(status == 429)
    }

    @Test("a 503 with Retry-After is retried after the time it asks (capped), and cancellation ends the wait")
    func retriesA503HonouringRetryAfter() async throws {
        try await server.script([["status": 503, "retry_after": 1]])
        let start = Date()
        _ = try await gateway().complete(request())
        #expect(Date().timeIntervalSince(start) >= 0.95)
        #expect(try await attempts() == ["server_error", "ok"])
        #expect(ModelError.server(status: 503, message: "", retryAfter: 3600).retryAfter == 3600)
        #expect(ModelGateway.maxRetryAfter <= 120)

        // A wait of an hour, cancelled: the call returns at once.
        try await server.script([["status": 503, "retry_after": 3600]])
        let gateway = try gateway()
        let waiting = Task { try await gateway.complete(request(seed: 7)) }
        try await Task.sleep(nanoseconds: 500_000_000)
        waiting.cancel()
        let cancelledAt = Date()
        _ = try? await waiting.value
        #expect(Date().timeIntervalSince(cancelledAt) < 5)
    }

    @Test func retriesServerErrorsTimeoutsBadBodiesAndEmptyReplies() async throws {
        try await server.script([["status": 500], ["delay": 3], ["raw": "not json"], ["empty": true]])
        let start = Date()
        let reply = try await gateway(timeout: 1, retries: 5).complete(request())
        #expect(Date().timeIntervalSince(start) >= 0.95)
        #expect(reply.content.contains("distractors"))
        #expect(try await attempts() == ["server_error", "timeout", "invalid_response", "empty", "ok"])
        // Errors never satisfy the cache.
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_response") } == 1)
    }

    @Test func givesUpAfterTheConfiguredRetries() async throws {
        try await server.script([["status": 500], ["status": 503], ["status": 500]])
        await #expect(throws: ModelGatewayError.self) { try await gateway(retries: 2).complete(request()) }
        #expect(try await attempts() == ["server_error", "server_error", "server_error"])
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_response") } == 0)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        try await server.script([["status": 400]])
        await #expect(throws: ModelGatewayError.self) { try await gateway().complete(request()) }
        #expect(try await attempts() == ["client_error"])
    }

    @Test(
        "another server under the same model name is never served this one's replies; a reply stored before keys named the server is still used"
    )
    func storedRepliesBelongToTheirServer() async throws {
        _ = try await gateway().complete(request())
        let other = try FakeModelServer()
        let provider = ProviderConfig(kind: .openai, baseURL: other.baseURL, model: "test-model", maxConcurrency: 1, retryBaseSeconds: 0.01)
        let elsewhere = ModelGateway(
            providerName: "fake", provider: provider, model: try OpenAIClient.make(name: "fake", provider: provider), writer: database,
            stage: .augment, mode: .live, budget: nil, logger: Logger(label: "test"))
        _ = try await elsewhere.complete(request())
        #expect(try await other.requests().count == 1)
        #expect(elsewhere.storageKey(request()) != (try gateway()).storageKey(request()))

        // A reply stored under the request alone (before this key) by the same provider name: used, not asked again.
        let legacy = request(seed: 42)
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO model_response (request_hash, provider, model, request, content, prompt_tokens, completion_tokens, cost, received_at, via)
                    VALUES (?, 'fake', 'test-model', '{}', 'stored long ago', 1, 1, 0, '2026-01-01T00:00:00.000Z', 'live')
                    """, arguments: [legacy.cacheKey])
        }
        #expect(try await gateway().complete(legacy).content == "stored long ago")
        #expect(try await server.requests().count == 1)
    }

    @Test("one budget per stage run: two gateways of a stage spend from the same one")
    func oneBudgetPerStageRun() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit(
            "pipeline.yaml", replacing: "  offline: {kind: offline}",
            with: """
                  offline: {kind: offline}
                  fake: {kind: openai, base_url: "\(server.baseURL)", model: m, price_input: 1000, price_output: 2000, max_retries: 0}
                  other: {kind: openai, base_url: "\(server.baseURL)", model: m2, price_input: 1000, price_output: 2000, max_retries: 0}
                budget: 0.4
                """)
        let context = StageContext(
            configuration: try sandbox.configuration(), writer: database,
            models: ModelFactory { name, provider in try OpenAIClient.make(name: name, provider: provider) }, logger: Logger(label: "t"))
        let first = try context.models.gateway("fake", stage: .integrate, context: context)
        let second = try context.models.gateway("other", stage: .integrate, context: context)
        _ = try await first.complete(request())  // 100 + 20 tokens: $0.14
        _ = try await second.complete(request(seed: 1))  // $0.28 spent in all
        // A third request would need up to $0.216 more: refused by the run's budget, whichever gateway sends it.
        await #expect(throws: ModelGatewayError.self) { try await second.complete(request(seed: 2)) }
        await #expect(throws: ModelGatewayError.self) { try await first.complete(request(seed: 3)) }
        #expect(try await server.requests().count == 2)
    }

    @Test func replayOnlyFailsOnTheFirstRequestNotStored() async throws {
        _ = try await gateway().complete(request())
        let replay = try gateway(mode: .replayOnly)
        #expect(try await replay.complete(request()).content.contains("distractors"))
        await #expect(throws: ModelGatewayError.notStored(replay.storageKey(request(seed: 9)))) {
            try await replay.complete(request(seed: 9))
        }
        #expect(try await server.requests().count == 1)
    }

    @Test func budgetStopsBeforeSending() async throws {
        // Worst case per request: about 16 prompt tokens at $1 and 100 output tokens at $2 per million, about $0.00022.
        let gateway = try gateway(budget: 0.0003)
        let estimate = try await gateway.estimate([request(), request(seed: 1)])
        #expect(estimate.toSend == 2)
        #expect(estimate.maxCost > 0.0003)
        await #expect(throws: ModelGatewayError.self) { try await gateway.checkBudget(estimate) }
        // One fits; it costs $0.00014, so a second worst case no longer does.
        _ = try await gateway.complete(request())
        await #expect(throws: ModelGatewayError.self) { try await gateway.complete(request(seed: 5)) }
        #expect(try await server.requests().count == 1)
        // A stored response costs nothing and is always allowed.
        _ = try await gateway.complete(request())
    }

    @Test func apiKeyComesFromTheEnvironmentAndIsNeverStored() async throws {
        let gateway = try gateway(environment: ["FAKE_KEY": "sk-test-secret-123"], keyVariable: "FAKE_KEY")
        _ = try await gateway.complete(request())
        #expect(try await server.authorizations() == ["Bearer sk-test-secret-123"])
        let everything = try await database.read { db in try dump(db).values.flatMap { $0 }.joined() }
        #expect(!everything.contains("sk-test-secret-123"))
        #expect(throws: PipelineStateError.self) { try self.gateway(environment: [:], keyVariable: "FAKE_KEY") }
    }

    @Test("a server that echoes the key in its error body: the key is in no stored error and no message")
    func echoedKeyIsRedacted() async throws {
        let key = "sk-test-secret-0123456789abcdef"
        try await server.script([["status": 401, "echo_key": true], ["status": 500, "echo_key": true]])
        let gateway = try gateway(retries: 0, environment: ["FAKE_KEY": key], keyVariable: "FAKE_KEY")
        for _ in 0..<2 {
            do {
                _ = try await gateway.complete(request())
                Issue.record("expected a failure")
            } catch {
                #expect(!"\(error)".contains(key) && !"\(error)".contains(String(key.suffix(12))), "\(error)")
                #expect("\(error)".contains("[redacted]"))
            }
        }
        let everything = try await database.read { db in try dump(db).values.flatMap { $0 }.joined() }
        #expect(!everything.contains(key) && !everything.contains(String(key.suffix(12))))
        #expect(everything.contains("Incorrect API key provided: [redacted]"))
        #expect(Secrets.redact("Authorization: Bearer abc.def-123 then", secrets: []) == "Authorization: [redacted] then")
        #expect(Secrets.redact("key sk-x...0123456789abcdef here", secrets: [key]) == "key [redacted] here")
    }

    @Test func concurrentRequestsAreBoundedAndAllStored() async throws {
        try await server.setDelay(0.2)
        let gateway = try gateway(concurrency: 4)
        let start = Date()
        let replies = try await ConcurrentMap.map(Array(0..<8), limit: 8) { seed in try await gateway.complete(request(seed: seed)) }
        let elapsed = Date().timeIntervalSince(start)
        #expect(Set(replies.map(\.content)).count == 8)
        #expect(elapsed >= 0.39)  // 8 requests, 4 at a time, 0.2 s each
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_response") } == 8)
    }
}
