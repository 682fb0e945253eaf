import Foundation
import GRDB
import Testing

@testable import MMLUProCore

@Suite struct StageRunnerTests {
    @Test func rerunWithNothingChangedDoesNothing() throws {
        let sandbox = try Sandbox()
        let first = try sandbox.build()
        #expect(first.map(\.outcome) == [.completed, .completed])
        let (_, pool) = try sandbox.open()
        let before = try pool.read { try dump($0) }

        let second = try sandbox.build()
        #expect(second.map(\.outcome) == [.upToDate, .upToDate])
        #expect(try pool.read { try dump($0) } == before)
    }

    @Test func changingAStageRerunsItAndNothingUpstream() throws {
        let sandbox = try Sandbox()
        try sandbox.build()
        try sandbox.edit("pipeline.yaml", replacing: "threshold: 2", with: "threshold: 1")
        let reports = try sandbox.build()
        #expect(reports.map(\.outcome) == [.upToDate, .completed])
        let (_, pool) = try sandbox.open()
        let runs = try pool.read { try String.fetchAll($0, sql: "SELECT stage || ':' || outcome FROM stage_run ORDER BY id") }
        #expect(runs == ["collect:completed", "filter:completed", "filter:completed"])
    }

    @Test func changingAnInputInvalidatesEverythingDownstream() throws {
        let sandbox = try Sandbox()
        try sandbox.build()
        try sandbox.edit("raw/mmlu/test/high_school_biology_test.csv", replacing: "Golgi apparatus", with: "Golgi body")
        try sandbox.build([.collect])
        let (_, pool) = try sandbox.open()
        try pool.read { (db: Database) throws in
            #expect(try StageRun.latest(.filter, db: db)?.outcome == "invalidated")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM removal WHERE stage = 'filter'") == 0)
        }
        let reports = try sandbox.build()
        #expect(reports.map(\.outcome) == [.upToDate, .completed])
    }

    @Test func aStageNeedsTheStagesBeforeIt() throws {
        let sandbox = try Sandbox()
        #expect(throws: PipelineStateError.self) { try sandbox.build([.filter]) }
    }

    @Test func forceRerunsAndGivesTheSameData() throws {
        let sandbox = try Sandbox()
        try sandbox.build()
        let (_, pool) = try sandbox.open()
        let before = try pool.read { try dump($0, excluding: ["stage_run"]) }
        let reports = try sandbox.build(force: true)
        #expect(reports.map(\.outcome) == [.completed, .completed])
        #expect(try pool.read { try dump($0, excluding: ["stage_run"]) } == before)
    }
}
