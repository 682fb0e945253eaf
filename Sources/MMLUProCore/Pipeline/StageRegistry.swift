/// Every stage of the pipeline, in order, for the runner and the driver.
public enum StageRegistry {
    /// Tables several stages write, each row carrying its stage's name in `stage`.
    public static let sharedTables = ["removal", "generated_option", "text_repair"]

    /// The tables a stage owns.
    public static func tables(of stage: StageName) -> [String] {
        switch stage {
        case .collect: CollectStage.tables
        case .filter: FilterStage.tables
        case .integrate: IntegrateStage.tables
        case .augment: AugmentStage.tables
        case .review: ReviewStage.tables
        case .release: ReleaseStage.tables
        }
    }

    /// Runs one stage by name.
    @discardableResult
    public static func run(_ stage: StageName, with runner: StageRunner, force: Bool = false) async throws -> StageRunner.Report {
        switch stage {
        case .collect: try await runner.run(CollectStage(), force: force)
        case .filter: try await runner.run(FilterStage(), force: force)
        case .integrate: try await runner.run(IntegrateStage(), force: force)
        case .augment: try await runner.run(AugmentStage(), force: force)
        case .review: try await runner.run(ReviewStage(), force: force)
        case .release: try await runner.run(ReleaseStage(), force: force)
        }
    }
}
