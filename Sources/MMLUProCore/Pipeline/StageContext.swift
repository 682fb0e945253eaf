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
