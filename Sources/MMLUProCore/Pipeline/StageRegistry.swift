/// Every stage of the pipeline, in order, for the runner and the driver.
public enum StageRegistry {
    /// The tables a stage owns.
    public static func tables(of stage: StageName) -> [String] {
        switch stage {
        case .collect: CollectStage.tables
        case .filter: FilterStage.tables
        }
    }

    /// Runs one stage by name.
    @discardableResult
    public static func run(_ stage: StageName, with runner: StageRunner, force: Bool = false) throws -> StageRunner.Report {
        switch stage {
        case .collect: try runner.run(CollectStage(), force: force)
        case .filter: try runner.run(FilterStage(), force: force)
        }
    }
}
