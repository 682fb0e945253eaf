import GRDB
import Logging

/// Makes the gateway for a provider named in the configuration.
public struct ModelFactory: Sendable {
    /// Builds a network client for an `openai` provider (supplied by the HTTP module).
    public var makeClient: @Sendable (_ name: String, _ provider: ProviderConfig) throws -> any LanguageModel
    public var mode: ModelGateway.Mode
    /// The spending limit per stage run, in US dollars.
    public var budget: Double?

    public init(
        mode: ModelGateway.Mode = .live, budget: Double? = nil,
        makeClient: @escaping @Sendable (_ name: String, _ provider: ProviderConfig) throws -> any LanguageModel = { name, _ in
            throw PipelineStateError(message: "provider \(name): no HTTP client in this build")
        }
    ) {
        self.makeClient = makeClient
        self.mode = mode
        self.budget = budget
    }

    /// The gateway a stage uses to reach the provider `name`.
    public func gateway(_ name: String, stage: StageName, context: StageContext) throws -> ModelGateway {
        guard let provider = context.configuration.pipeline.providers[name] else {
            throw PipelineStateError(message: "unknown provider \"\(name)\"")
        }
        let model: any LanguageModel = provider.kind == .offline ? OfflineGenerator() : try makeClient(name, provider)
        return ModelGateway(
            providerName: name, provider: provider, model: model, writer: context.writer, stage: stage, mode: mode,
            tracker: context.budget, logger: context.logger)
    }
}
