import Foundation
import GRDB
import Logging

/// The one way stages reach a model: a stored response is returned without a call; a new
/// one is sent with bounded concurrency, rate limits, retries with backoff and jitter, and a
/// budget, and stored before it is returned. Every attempt is a row of `model_attempt`.
public final class ModelGateway: Sendable {
    /// How the gateway treats a request whose response is not stored.
    public enum Mode: Sendable, Equatable {
        /// Send it.
        case live
        /// Fail with ``ModelGatewayError/notStored(_:)``: replay only (`--offline`).
        case replayOnly
        /// Record it for a batch file and fail that item with ``ModelGatewayError/pending``.
        case batchExport
    }

    /// The provider's name in the configuration.
    public let providerName: String
    public let provider: ProviderConfig
    private let model: any LanguageModel
    private let writer: any DatabaseWriter
    /// What the calls are for, recorded with each: a stage's name, or `evaluate`.
    private let activity: String
    private let mode: Mode
    private let limiter: RequestLimiter
    private let budget: BudgetTracker
    private let stats = GatewayStats()
    private let logger: Logger

    public convenience init(
        providerName: String, provider: ProviderConfig, model: any LanguageModel, writer: any DatabaseWriter, stage: StageName,
        mode: Mode = .live, budget: Double? = nil, logger: Logger
    ) {
        self.init(
            providerName: providerName, provider: provider, model: model, writer: writer, activity: stage.rawValue, mode: mode,
            tracker: BudgetTracker(limit: budget), logger: logger)
    }

    /// A stage's gateway, spending from the stage run's one budget (shared by every gateway of
    /// the run, each pricing its calls with its own provider's prices).
    convenience init(
        providerName: String, provider: ProviderConfig, model: any LanguageModel, writer: any DatabaseWriter, stage: StageName,
        mode: Mode, tracker: BudgetTracker, logger: Logger
    ) {
        self.init(
            providerName: providerName, provider: provider, model: model, writer: writer, activity: stage.rawValue, mode: mode,
            tracker: tracker, logger: logger)
    }

    /// A gateway for calls that belong to no stage (`mmlupro evaluate`): `activity` names them in the ledger.
    public convenience init(
        providerName: String, provider: ProviderConfig, model: any LanguageModel, writer: any DatabaseWriter, activity: String,
        mode: Mode = .live, budget: Double? = nil, logger: Logger
    ) {
        self.init(
            providerName: providerName, provider: provider, model: model, writer: writer, activity: activity, mode: mode,
            tracker: BudgetTracker(limit: budget), logger: logger)
    }

    init(
        providerName: String, provider: ProviderConfig, model: any LanguageModel, writer: any DatabaseWriter, activity: String,
        mode: Mode, tracker: BudgetTracker, logger: Logger
    ) {
        self.providerName = providerName
        self.provider = provider
        self.model = model
        self.writer = writer
        self.activity = activity
        self.mode = mode
        self.limiter = RequestLimiter(
            maxConcurrency: provider.maxConcurrency, requestsPerMinute: provider.requestsPerMinute,
            tokensPerMinute: provider.tokensPerMinute)
        self.budget = tracker
        self.logger = logger
    }

    /// Whether this provider is the built-in heuristic generator (no cache, no ledger, no cost).
    public var isHeuristic: Bool { provider.kind == .offline }

    /// The model name recorded with every output.
    public var generatorName: String {
        isHeuristic ? "\(ProviderConfig.offlineModelName) (heuristic, not a language model)" : "\(providerName): \(provider.modelName)"
    }

    /// Returns the reply to a request: stored, or fetched and stored first.
    /// - Throws: ``ModelGatewayError``.
    public func complete(_ request: ChatRequest) async throws -> ModelReply {
        if isHeuristic {
            let response = try await model.complete(request)
            return ModelReply(content: response.content, requestHash: nil)
        }
        let key = storageKey(request)
        let legacy = request.cacheKey
        let providerName = providerName
        if let (hash, content) = try await writer.read({ db -> (String, String)? in
            if let content = try String.fetchOne(db, sql: "SELECT content FROM model_response WHERE request_hash = ?", arguments: [key]) {
                return (key, content)
            }
            // Stored before keys named the server: found under the request alone, from this provider.
            return try String.fetchOne(
                db, sql: "SELECT content FROM model_response WHERE request_hash = ? AND provider = ?", arguments: [legacy, providerName]
            ).map { (legacy, $0) }
        }) {
            await stats.hit()
            return ModelReply(content: content, requestHash: hash)
        }
        switch mode {
        case .live: break
        case .replayOnly: throw ModelGatewayError.notStored(key)
        case .batchExport:
            try await recordPending(request, key: key)
            throw ModelGatewayError.pending
        }
        return try await send(request, key: key)
    }

    /// The key a response is stored under: the request's canonical form and, for a server, the
    /// endpoint it is sent to, so a different server under the same model name is never served
    /// another's replies.
    public func storageKey(_ request: ChatRequest) -> String {
        guard provider.kind == .openai, provider.baseURL != nil else { return request.cacheKey }
        return Digest.sha256(request.cacheKey + "\n" + provider.identity)
    }

    /// Records that a stored reply failed to parse or validate; the stage then asks again
    /// with a different request.
    public func reject(_ reply: ModelReply, reason: String, detail: String) async throws {
        guard let hash = reply.requestHash else { return }
        try await writer.write { db in
            try ModelRejection(requestHash: hash, stage: self.activity, reason: reason, detail: detail).insert(db, onConflict: .replace)
        }
    }

    /// How many requests are stored among these, and what the others would cost at most.
    public func estimate(_ requests: [ChatRequest]) async throws -> ModelEstimate {
        var estimate = ModelEstimate()
        guard !isHeuristic else {
            estimate.heuristic = requests.count
            return estimate
        }
        let keys = requests.map(storageKey)
        let providerName = providerName
        let (stored, legacy) = try await writer.read { db in
            (
                try Set(String.fetchAll(db, sql: "SELECT request_hash FROM model_response")),
                try Set(String.fetchAll(db, sql: "SELECT request_hash FROM model_response WHERE provider = ?", arguments: [providerName]))
            )
        }
        for (request, key) in zip(requests, keys) {
            if stored.contains(key) || legacy.contains(request.cacheKey) {
                estimate.stored += 1
            } else {
                estimate.toSend += 1
                estimate.promptTokens += request.estimatedPromptTokens
                estimate.maxCompletionTokens += request.maxTokens ?? 1000
            }
        }
        estimate.maxCost = provider.cost(promptTokens: estimate.promptTokens, completionTokens: estimate.maxCompletionTokens)
        return estimate
    }

    /// Refuses to start when the estimate's worst case exceeds the budget.
    public func checkBudget(_ estimate: ModelEstimate) async throws {
        try await budget.check(estimate.maxCost)
    }

    /// Calls made, stored replies used and money spent so far.
    public func statistics() async -> GatewayStats.Snapshot { await stats.snapshot() }

    /// The longest `Retry-After` honoured, in seconds.
    static let maxRetryAfter = 120.0

    private func send(_ request: ChatRequest, key: String) async throws -> ModelReply {
        let worstCase = provider.cost(promptTokens: request.estimatedPromptTokens, completionTokens: request.maxTokens ?? 1000)
        var lastError = ModelError.empty
        for attempt in 0...provider.maxRetries {
            try await budget.reserve(worstCase)
            try await limiter.acquire(tokens: request.estimatedPromptTokens + (request.maxTokens ?? 0))
            let started = Date()
            let outcome: Result<ChatResponse, ModelError>
            do {
                let response = try await model.complete(request)
                outcome = response.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .failure(.empty) : .success(response)
            } catch let error as ModelError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(.transport("\(error)"))
            }
            await limiter.release()
            let latency = Int(Date().timeIntervalSince(started) * 1000)
            switch outcome {
            case .success(let response):
                let cost = provider.cost(promptTokens: response.promptTokens, completionTokens: response.completionTokens)
                try await store(request, key: key, response: response, cost: cost, started: started, latency: latency)
                await budget.settle(reserved: worstCase, spent: cost)
                await stats.sent(cost: cost)
                return ModelReply(content: response.content, requestHash: key)
            case .failure(let error):
                await budget.settle(reserved: worstCase, spent: 0)
                await stats.failed()
                try await recordFailure(key: key, error: error, started: started, latency: latency)
                lastError = error
                if case .client(let status, let message) = error, status == 401 || status == 403 {
                    throw ModelGatewayError.unauthorized(provider: providerName, status: status, message: message)
                }
                guard error.isRetryable, attempt < provider.maxRetries else { break }
                let backoff = provider.retryBaseSeconds * pow(2, Double(attempt))
                var delay = Double.random(in: 0...backoff)
                // The server's Retry-After (429 or 5xx), capped: a server cannot park the build for hours.
                if let retryAfter = error.retryAfter { delay = max(delay, min(retryAfter, Self.maxRetryAfter)) }
                logger.info(
                    "\(providerName): \(error); retry \(attempt + 1) of \(provider.maxRetries) in \(String(format: "%.2f", delay)) s")
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                continue
            }
            break
        }
        throw ModelGatewayError.failed(key, lastError)
    }

    private func store(_ request: ChatRequest, key: String, response: ChatResponse, cost: Double, started: Date, latency: Int) async throws
    {
        let stage = activity
        let provider = providerName
        try await writer.write { db in
            try ModelResponse(
                requestHash: key, provider: provider, model: request.model, request: Digest.canonicalJSON(request.wireForm),
                content: response.content, promptTokens: response.promptTokens, completionTokens: response.completionTokens, cost: cost,
                receivedAt: StageRun.timestamp(Date()), via: .live
            ).insert(db, onConflict: .ignore)
            var attempt = ModelAttempt(
                requestHash: key, stage: stage, provider: provider, model: request.model, startedAt: StageRun.timestamp(started),
                latencyMs: latency, status: "ok", httpStatus: 200, promptTokens: response.promptTokens,
                completionTokens: response.completionTokens, cost: cost)
            try attempt.insert(db)
            _ = try ModelPendingRequest.deleteOne(db, key: key)
        }
    }

    private func recordFailure(key: String, error: ModelError, started: Date, latency: Int) async throws {
        let stage = activity
        let provider = providerName
        let model = self.provider.modelName
        try await writer.write { db in
            var attempt = ModelAttempt(
                requestHash: key, stage: stage, provider: provider, model: model, startedAt: StageRun.timestamp(started),
                latencyMs: latency, status: error.attemptStatus, httpStatus: error.httpStatus, error: "\(error)", promptTokens: 0,
                completionTokens: 0, cost: 0)
            try attempt.insert(db)
        }
    }

    private func recordPending(_ request: ChatRequest, key: String) async throws {
        let stage = activity
        let provider = providerName
        try await writer.write { db in
            try ModelPendingRequest(
                requestHash: key, provider: provider, model: request.model, request: Digest.canonicalJSON(request.wireForm), stage: stage,
                exportedAt: StageRun.timestamp(Date())
            ).insert(db, onConflict: .ignore)
        }
    }
}
