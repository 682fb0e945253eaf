/// A chat model, reached through one call. Stages never talk to a model directly: they go
/// through ``ModelGateway``, which adds the cache, the ledger, retries and the budget.
///
/// Production: `OpenAIClient` (module `MMLUProHTTP`) speaks `/v1/chat/completions`.
/// Offline: ``OfflineGenerator``, a deterministic heuristic that needs no model.
public protocol LanguageModel: Sendable {
    /// Sends one request and returns the model's reply.
    /// - Throws: ``ModelError`` describing what went wrong, so the gateway can decide to retry.
    func complete(_ request: ChatRequest) async throws -> ChatResponse
}
