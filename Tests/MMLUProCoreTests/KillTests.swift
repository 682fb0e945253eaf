import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// The whole build killed with SIGKILL at 20 moments spread over every stage, each time rerun
/// to completion: the release must be byte-identical to an uninterrupted build's, with no
/// duplicate rows and no half-written stage output. (On the real inputs:
/// `scripts/benchmark-kill.sh`, with the figures in BENCHMARKS.md.)
@Suite(.serialized) struct KillTests {
    @Test func killedAtTwentyMomentsTheRebuildIsByteIdentical() async throws {
        let reference = try Sandbox()
        let started = Date()
        let full = try reference.launchBuild()
        full.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(full.terminationStatus == 0)
        let expected = try releaseFiles(reference)
        let (_, referencePool) = try reference.open()
        let transient: Set<String> = ["stage_run", "review_event", "review_task", "reviewer", "release_version", "grdb_migrations"]
        let expectedRows = try await referencePool.read { try dump($0, excluding: transient) }

        let sandbox = try Sandbox()
        var stagesHit = Set<String>()
        var generator = SplitMix64(seed: 20_261_129)
        for moment in 0..<20 {
            // A fresh build each time, killed somewhere in its own twentieth of the run.
            try? FileManager.default.removeItem(at: sandbox.url("build"))
            let delay = duration * (Double(moment) + Double(generator.next() % 1000) / 1000) / 20
            let process = try sandbox.launchBuild()
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: sandbox.url("build/mmlupro.sqlite").path) {
                let (_, pool) = try sandbox.open()
                let stages = try await pool.read { try String.fetchAll($0, sql: "SELECT DISTINCT stage FROM stage_run") }
                stagesHit.insert(StageName.allCases.first { !stages.contains($0.rawValue) }?.rawValue ?? "done")
            } else {
                stagesHit.insert("before collect")
            }

            let rerun = try sandbox.launchBuild()
            rerun.waitUntilExit()
            #expect(rerun.terminationStatus == 0, "rerun after a kill at \(delay) s")
            #expect(try releaseFiles(sandbox) == expected, "release after a kill at \(delay) s")
            let (_, pool) = try sandbox.open()
            #expect(try await pool.read { try dump($0, excluding: transient) } == expectedRows, "store after a kill at \(delay) s")
            let partials = try FileManager.default.contentsOfDirectory(atPath: sandbox.url("build/release").path).filter {
                $0.hasPrefix(".")
            }
            #expect(partials.isEmpty, "leftover \(partials)")
        }
        // The kills landed in several stages (which one was running is recorded as the first
        // stage without a completed run).
        #expect(stagesHit.count >= 3, "\(stagesHit.sorted())")
    }
}
