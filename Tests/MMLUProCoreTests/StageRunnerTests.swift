import Foundation
import GRDB
import GRDBSQLite
import Logging
import Testing

@testable import MMLUProCore

@Suite struct StageRunnerTests {
    @Test func rerunWithNothingChangedDoesNothing() async throws {
        let sandbox = try Sandbox()
        let first = try await sandbox.build()
        #expect(first.map(\.outcome) == [.completed, .completed, .completed, .completed, .completed, .completed])
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }

        let second = try await sandbox.build()
        #expect(second.map(\.outcome) == [.upToDate, .upToDate, .upToDate, .upToDate, .upToDate, .upToDate])
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
    }

    @Test func changingAStageRerunsItAndNothingUpstream() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        try sandbox.edit("pipeline.yaml", replacing: "threshold: 2", with: "threshold: 1")
        // Other content needs another version: a published release is never overwritten.
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
        let reports = try await sandbox.build()
        #expect(reports.map(\.outcome) == [.upToDate, .completed, .completed, .completed, .completed, .completed])
        let (_, pool) = try sandbox.open()
        let runs = try await pool.read { try String.fetchAll($0, sql: "SELECT stage || ':' || outcome FROM stage_run ORDER BY id") }
        #expect(
            runs == [
                "collect:completed", "filter:completed", "integrate:completed", "augment:completed", "review:completed",
                "release:completed", "release:invalidated", "review:invalidated", "augment:invalidated", "integrate:invalidated",
                "filter:completed", "integrate:completed", "augment:completed", "review:completed", "release:completed",
            ])
    }

    @Test func changingAnInputInvalidatesEverythingDownstream() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        try sandbox.edit("raw/mmlu/test/high_school_biology_test.csv", replacing: "Golgi apparatus", with: "Golgi body")
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
        try await sandbox.build([.collect])
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            #expect(try StageRun.latest(.filter, db: db)?.outcome == .invalidated)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM removal WHERE stage = 'filter'") == 0)
        }
        let reports = try await sandbox.build()
        #expect(reports.map(\.outcome) == [.upToDate, .completed, .completed, .completed, .completed, .completed])
    }

    @Test func aStageNeedsTheStagesBeforeIt() async throws {
        let sandbox = try Sandbox()
        await #expect(throws: PipelineStateError.self) { try await sandbox.build([.filter]) }
    }

    @Test func forceRerunsAndGivesTheSameData() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try dump($0, excluding: ["stage_run"]) }
        let reports = try await sandbox.build(force: true)
        #expect(reports.map(\.outcome) == [.completed, .completed, .completed, .completed, .completed, .completed])
        #expect(try await pool.read { try dump($0, excluding: ["stage_run"]) } == before)
    }
}

@Suite struct ProgressTests {
    @Test func lineShowsCountRateETAAndModelUse() {
        var stats = GatewayStats.Snapshot()
        stats.sent = 40
        stats.stored = 10
        stats.cost = 0.4251
        let line = ProgressReporter.line(label: "augment", done: 50, total: 200, elapsed: 10, stats: stats)
        #expect(line == "augment  50/200  25%  5.0/s  ETA 30s  model calls 40 sent, 10 cached, $0.43")
    }

    #if os(Linux)
        /// The executables (and this test process, which links `MMLUProCLI`) allocate through
        /// jemalloc, with the options of `CProcessSetup`, and the build gives freed memory back
        /// after each stage by purging its arenas.
        @Test func theProcessAllocatesThroughJemallocWithItsOptions() throws {
            #expect(FreedMemory.allocator == .jemalloc)
            #expect(FreedMemory.jemallocValue("opt.narenas", as: UInt32.self) == 2)
            #expect(FreedMemory.jemallocValue("opt.dirty_decay_ms", as: Int.self) == 1000)
            #expect(FreedMemory.jemallocValue("opt.muzzy_decay_ms", as: Int.self) == 0)
            // Swift's own allocations go through it: this thread's count of allocated bytes grows
            // by a buffer's size.
            let before = try #require(FreedMemory.jemallocValue("thread.allocated", as: UInt64.self))
            let buffer = [UInt8](repeating: 1, count: 1 << 20)
            let after = try #require(FreedMemory.jemallocValue("thread.allocated", as: UInt64.self))
            #expect(after - before >= 1 << 20)
            withExtendedLifetime(buffer) {}
            #expect(FreedMemory.release())
        }
    #endif

    /// The executables (and this test process) link `CProcessSetup`, which turns SQLite's heap
    /// statistics off as the process loads: no process-wide mutex around each of SQLite's
    /// allocations. With them on, the count grows past the megabyte written below.
    @Test func sqliteKeepsNoHeapStatistics() async throws {
        let store = try Store.inMemory()
        try await store.write { db in
            try db.execute(sql: "CREATE TABLE blob_sample (data BLOB); INSERT INTO blob_sample VALUES (zeroblob(1048576))")
        }
        #expect(sqlite3_memory_used() == 0)
    }

    @Test func stagesReportProgressOnlyWhenSomeoneWatches() async throws {
        let sandbox = try Sandbox()
        let (configuration, pool) = try sandbox.open()
        let lines = LineCollector()
        let runner = StageRunner(
            configuration: configuration, writer: pool, logger: Logger(label: "test"), progressLine: { lines.append($0) })
        for stage in Sandbox.upToReview { try await StageRegistry.run(stage, with: runner) }
        let all = lines.lines
        #expect(all.contains { $0.hasPrefix("augment  52/52  100%") && $0.hasSuffix("\n") })
        #expect(all.contains { $0.hasPrefix("integrate  ") })
        // The heuristic judge answers inside the review stage's transaction, with no progress of its own.
        #expect(!all.contains { $0.hasPrefix("review: judge") })
    }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

@Suite struct PreflightTests {
    @Test("a bad file for a later stage stops the build before the first stage writes: the store is as it was")
    func badLaterInputLeavesTheStoreAsItWas() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }
        // Collect has work to do (a changed MMLU row), and the filter's answers file is broken.
        try sandbox.edit("raw/mmlu/test/college_physics_test.csv", replacing: "What", with: "Which")
        try sandbox.write("raw/filter/answers.jsonl", "{\"item\": \"mmlu/test/x/0\"\n")
        let error = await #expect(throws: InputError.self) { try await sandbox.build() }
        #expect(error?.location.contains("answers.jsonl") == true, "\(String(describing: error))")
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
        // The failure is recorded against the stage whose file is bad, for `status`.
        let failure = try await pool.read { try StageRun.failure(.filter, db: $0) }
        #expect(failure?.detail.contains("answers.jsonl") == true)
        #expect(try await pool.read { try StageRun.failure(.collect, db: $0) } == nil)
    }
}
