import Foundation
import GRDB
import Logging

/// Runs stages: skips those that are up to date, invalidates everything downstream of a stage
/// that changes, and records every run in `stage_run`, in the same transaction as its output.
public struct StageRunner: Sendable {
    /// The outcome of asking a stage to run.
    public struct Report: Sendable, Equatable {
        public enum Outcome: String, Sendable { case completed, upToDate = "up to date" }
        public var stage: StageName
        public var outcome: Outcome
        public var counts: StageCounts
        public var seconds: Double
    }

    private let configuration: BuildConfiguration
    private let writer: any DatabaseWriter
    private let logger: Logger
    private let models: ModelFactory
    private let report: @Sendable (String) -> Void
    private let progressLine: (@Sendable (String) -> Void)?
    /// Inputs read by ``preflight(_:)``, used by the next ``run(_:force:)`` of that stage.
    private let loaded = LoadedInputs()

    public init(
        configuration: BuildConfiguration, writer: any DatabaseWriter, logger: Logger, models: ModelFactory = ModelFactory(),
        report: @escaping @Sendable (String) -> Void = { _ in }, progressLine: (@Sendable (String) -> Void)? = nil
    ) {
        self.progressLine = progressLine
        self.configuration = configuration
        self.writer = writer
        self.logger = logger
        self.models = models
        self.report = report
    }

    /// Runs one stage if its configuration or inputs changed since its last completed run.
    /// - Parameter force: Run even when up to date.
    /// - Throws: ``InputError`` for bad input, in which case nothing was written.
    /// A run that throws is recorded as `failed`, with its error, and wrote nothing else.
    @discardableResult
    public func run<S: Stage>(_ stage: S, force: Bool = false) async throws -> Report {
        let start = Date()
        do {
            return try await attempt(stage, force: force, start: start)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await recordFailure(S.name, error: error, startedAt: start)
            throw error
        }
    }

    /// Records a failed run of `stage` (see ``StageRun/recordFailure(_:error:startedAt:configuration:writer:)``).
    public func recordFailure(_ stage: StageName, error: any Error, startedAt: Date = Date()) async {
        await StageRun.recordFailure(stage, error: error, startedAt: startedAt, configuration: configuration, writer: writer)
    }

    private func attempt<S: Stage>(_ stage: S, force: Bool, start: Date) async throws -> Report {
        let (inputs, fileDigest) = try loaded.take(S.name) as? (S.Inputs, String) ?? stage.loadInputs(configuration)
        CrashPoint.reach(S.name, "loaded")
        let configDigest = Digest.sha256("\(stage.configurationDigest(configuration)) logic v\(S.logicVersion)")
        let (upstream, state) = try await writer.read { db in
            (
                try Self.upstreamFingerprints(before: S.name, configured: configuration.pipeline.stages, db: db),
                try stage.stateDigest(db, configuration: configuration)
            )
        }
        let inputDigest = Digest.sha256(([fileDigest, state] + upstream).joined(separator: "\n"))

        let last = try await writer.read { db in try StageRun.latest(S.name, db: db) }
        if !force, let last, last.outcome == .completed,
            last.configDigest == configDigest, last.inputDigest == inputDigest
        {
            logger.debug("\(S.name.rawValue): up to date")
            return Report(stage: S.name, outcome: .upToDate, counts: last.decodedCounts, seconds: Date().timeIntervalSince(start))
        }

        let context = StageContext(
            configuration: configuration, writer: writer, models: models, logger: logger, report: report, progressLine: progressLine)
        let work = try await stage.prepare(inputs, context: context)
        CrashPoint.reach(S.name, "prepared")
        let (counts, journal) = try await Store.writeInBulk(writer) { db -> StageCounts in
            try Self.invalidate(after: S.name, db: db)
            let counts = try stage.run(work, configuration: configuration, db: db)
            var record = StageRun(
                stage: S.name.rawValue, outcome: .completed, configDigest: configDigest, inputDigest: inputDigest,
                startedAt: StageRun.timestamp(start), finishedAt: StageRun.timestamp(Date()),
                counts: Digest.canonicalJSON(counts), detail: "")
            try record.insert(db)
            CrashPoint.reach(S.name, "written")
            return counts
        }
        logger.debug("\(S.name.rawValue): written with \(journal == .rollback ? "a rollback journal" : "the WAL")")
        CrashPoint.reach(S.name, "committed")
        return Report(stage: S.name, outcome: .completed, counts: counts, seconds: Date().timeIntervalSince(start))
    }

    /// Reads and checks a stage's input files now, before any stage of the build writes, so a
    /// bad file for a later stage leaves the store as it was; the next run of the stage uses
    /// what was read.
    /// - Throws: ``InputError`` naming the file and line.
    public func preflight<S: Stage>(_ stage: S) throws {
        loaded.store(S.name, try stage.loadInputs(configuration))
    }

    /// The fingerprints of the completed stages before `stage`, among the configured ones (a
    /// build without `integrate` expands MMLU questions only).
    /// - Throws: ``PipelineStateError`` when one of them has not completed.
    static func upstreamFingerprints(before stage: StageName, configured: [StageName], db: Database) throws -> [String] {
        try StageName.allCases.filter { $0 < stage && configured.contains($0) }.map { earlier in
            guard let run = try StageRun.latest(earlier, db: db), run.outcome == .completed else {
                throw PipelineStateError(
                    message:
                        "stage \(stage.rawValue) needs \(earlier.rawValue) to have run; run `mmlupro \(earlier.rawValue)` or `mmlupro build` first"
                )
            }
            return "\(earlier.rawValue):\(run.configDigest):\(run.inputDigest)"
        }
    }

    /// Empties the tables of every stage after `stage` that has output, recording the invalidation.
    static func invalidate(after stage: StageName, db: Database) throws {
        for later in StageName.allCases.filter({ $0 > stage }).reversed() {
            guard let run = try StageRun.latest(later, db: db), run.outcome == .completed else { continue }
            try db.clearOutput(of: later, tables: StageRegistry.tables(of: later))
            let now = StageRun.timestamp(Date())
            var record = StageRun(
                stage: later.rawValue, outcome: .invalidated, configDigest: "", inputDigest: "",
                startedAt: now, finishedAt: now, counts: "{}", detail: "\(stage.rawValue) changed")
            try record.insert(db)
        }
    }
}
