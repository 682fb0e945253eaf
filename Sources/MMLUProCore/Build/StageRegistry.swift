/// Every stage of the pipeline, in order, for the runner and the driver.
public enum StageRegistry {
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

    /// Runs stages in order, after reading and checking the input files of every one of them
    /// (``StageRunner/preflight(_:)``): a bad file for a later stage stops the build before the
    /// first stage writes anything.
    @discardableResult
    public static func build(
        _ stages: [StageName], with runner: StageRunner, force: Bool = false, onReport: (StageRunner.Report) -> Void = { _ in }
    ) async throws -> [StageRunner.Report] {
        for stage in stages {
            do {
                try preflight(stage, with: runner)
            } catch {
                await runner.recordFailure(stage, error: error)
                throw error
            }
        }
        var reports: [StageRunner.Report] = []
        for stage in stages {
            let report = try await run(stage, with: runner, force: force)
            FreedMemory.release()
            onReport(report)
            reports.append(report)
        }
        return reports
    }

    /// Reads one stage's inputs ahead of its run.
    public static func preflight(_ stage: StageName, with runner: StageRunner) throws {
        switch stage {
        case .collect: try runner.preflight(CollectStage())
        case .filter: try runner.preflight(FilterStage())
        case .integrate: try runner.preflight(IntegrateStage())
        case .augment: try runner.preflight(AugmentStage())
        case .review: try runner.preflight(ReviewStage())
        case .release: try runner.preflight(ReleaseStage())
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
