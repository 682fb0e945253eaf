import GRDB
import Logging

/// What a stage's ``Stage/prepare(_:context:)`` may use: the configuration, the store, the
/// models, a logger and a place to report progress.
public struct StageContext: Sendable {
    public var configuration: BuildConfiguration
    /// The store: read upstream tables; the model layer writes its cache here.
    public var writer: any DatabaseWriter
    public var models: ModelFactory
    public var logger: Logger
    /// Lines for the person at the terminal (estimates, progress); printed on stderr by the CLI.
    public var report: @Sendable (String) -> Void
    /// Where live progress lines go (a terminal), or nil: then no progress is shown.
    public var progressLine: (@Sendable (String) -> Void)?
    /// The run's one budget: every gateway of the stage run spends from it.
    let budget: BudgetTracker

    public init(
        configuration: BuildConfiguration, writer: any DatabaseWriter, models: ModelFactory, logger: Logger,
        report: @escaping @Sendable (String) -> Void = { _ in }, progressLine: (@Sendable (String) -> Void)? = nil
    ) {
        self.progressLine = progressLine
        self.configuration = configuration
        self.writer = writer
        self.models = models
        self.logger = logger
        self.report = report
        self.budget = BudgetTracker(limit: models.budget ?? configuration.pipeline.budget)
    }
}

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
