extension ModelGateway {
    /// A stage's model calls, done one way in every stage: the first round estimated and said
    /// (`announcement` then the estimate), the budget checked, `work` run over `items` at the
    /// provider's concurrency with a progress line, and every item required done (in batch
    /// export, items waiting for batch requests end the stage with ``ModelGatewayError/batchPending(items:)``).
    /// - Returns: The results in the order of `items`.
    func run<Item: Sendable, Result: Sendable>(
        _ items: [Item], firstRound: [ChatRequest], announcement: String, progress label: String, context: StageContext,
        _ work: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        let estimate = try await estimate(firstRound)
        context.report(announcement + estimate.summary)
        try await checkBudget(estimate)
        let results = try await ConcurrentMap.map(
            items, limit: max(provider.maxConcurrency, 1), progress: context.progress(label, total: items.count, gateway: self)
        ) { item in
            try await ModelGatewayError.pendingAsNil { try await work(item) }
        }
        return try ModelGatewayError.requireComplete(results)
    }
}
