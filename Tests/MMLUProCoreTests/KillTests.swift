import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// The build killed with SIGKILL at every crash point of every stage (``CrashPoint``: inputs
/// read, model work done, output written but not committed, committed), each time rerun to
/// completion: the release must be byte-identical to an uninterrupted build's and the store
/// must hold the same rows, the review log included, with no duplicate and no half-written
/// stage output. The points are named, not timed, so a loaded machine cannot move them. (On
/// the real inputs, kills at timed moments: `scripts/benchmark-kill.sh`, in BENCHMARKS.md.)
@Suite(.serialized) struct KillTests {
    static let points = ["loaded", "prepared", "written", "committed"]

    @Test func killedAtEveryCrashPointTheRebuildIsTheSame() async throws {
        let reference = try Sandbox()
        let full = try reference.launchBuild()
        full.waitUntilExit()
        #expect(full.terminationStatus == 0)
        let expected = try releaseFiles(reference)
        let expectedRows = try await stableRows(reference)
        #expect(expectedRows["review_event"]?.isEmpty == false)

        let sandbox = try Sandbox()
        for stage in StageName.allCases {
            for point in Self.points {
                let name = "\(stage.rawValue).\(point)"
                try? FileManager.default.removeItem(at: sandbox.url("build"))
                let killed = try sandbox.launchBuild(environment: ["MMLUPRO_CRASH_AT": name])
                killed.waitUntilExit()
                #expect(killed.terminationReason == .uncaughtSignal && killed.terminationStatus == SIGKILL, "not killed at \(name)")
                if point != "committed", FileManager.default.fileExists(atPath: sandbox.url("build/mmlupro.sqlite").path) {
                    #expect(try await written(by: stage, in: sandbox) == [], "\(stage.rawValue) wrote before it committed (\(name))")
                }

                let rerun = try sandbox.launchBuild()
                rerun.waitUntilExit()
                #expect(rerun.terminationStatus == 0, "rerun after a kill at \(name)")
                #expect(try releaseFiles(sandbox) == expected, "release after a kill at \(name)")
                #expect(try await stableRows(sandbox) == expectedRows, "store after a kill at \(name)")
                let partials = try FileManager.default.contentsOfDirectory(atPath: sandbox.url("build/release").path).filter {
                    $0.hasPrefix(".")
                }
                #expect(partials.isEmpty, "leftover \(partials) after a kill at \(name)")
            }
        }
    }

    /// A review rerun over a store that already holds tasks, decisions and automatic
    /// decisions, killed at each point: the log gains nothing and loses nothing.
    @Test func aKilledReviewRerunLeavesTheLogAsItWas() async throws {
        let sandbox = try Sandbox()
        for command in [["build"], ["review", "--force"]] {
            let run = try sandbox.launchBuild(command)
            run.waitUntilExit()
            #expect(run.terminationStatus == 0)
        }
        // A review rerun empties the release's tables: the reference is the store after one.
        let expectedRows = try await stableRows(sandbox)
        for point in Self.points {
            let killed = try sandbox.launchBuild(["review", "--force"], environment: ["MMLUPRO_CRASH_AT": "review.\(point)"])
            killed.waitUntilExit()
            #expect(killed.terminationReason == .uncaughtSignal, "not killed at review.\(point)")
            let rerun = try sandbox.launchBuild(["review", "--force"])
            rerun.waitUntilExit()
            #expect(rerun.terminationStatus == 0)
            #expect(try await stableRows(sandbox) == expectedRows, "store after a kill at review.\(point)")
        }
    }

    /// The tables of `stage` that hold rows (the review log's tables for review), and a
    /// completed run of it if there is one.
    func written(by stage: StageName, in sandbox: Sandbox) async throws -> [String] {
        let (_, pool) = try sandbox.open()
        let tables =
            StageRegistry.tables(of: stage) + (stage == .review ? ["review_task", "review_event", "review_task_state", "reviewer"] : [])
        return try await pool.read { db in
            var written = try tables.filter { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")! > 0 }
            for table in sharedStageTables
            where try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE stage = ?", arguments: [stage.rawValue])! > 0 {
                written.append(table)
            }
            if try StageRun.latest(stage, db: db)?.outcome == .completed { written.append("stage_run") }
            return written
        }
    }

    /// Every row of the store except what records when things happened: run records, release
    /// records and the review tables' timestamps and row ids (the review log is compared by its
    /// content, every event with its multiplicity).
    func stableRows(_ sandbox: Sandbox) async throws -> [String: [String]] {
        let (_, pool) = try sandbox.open()
        return try await pool.read { db in
            var rows = try dump(
                db,
                excluding: ["stage_run", "review_event", "review_task", "reviewer", "release_version", "grdb_migrations"])
            let stable: [String: String] = [
                "review_event": "reviewer, kind, task_key, decision, guideline_version, origin, undoes IS NOT NULL",
                "review_task": "key, phase, item_key, option_text, version, category, priority, overlap",
                "reviewer": "name, role",
            ]
            for (table, columns) in stable {
                rows[table] = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table)").map(\.description).sorted()
            }
            return rows
        }
    }
}
