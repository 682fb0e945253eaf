import Foundation
import GRDB
import Testing

@testable import MMLUProCore

extension ReviewTests {
    /// The review stage derives every task's state after phase 1, then again at the end from
    /// the tasks that changed: the second must equal deriving every task afresh, whatever
    /// happened between (decisions, claims, releases, undos, adjudication, new tasks).
    @Test func statesDerivedAgainOnlyWhereTheyChangedEqualAFreshDerivation() async throws {
        let (sandbox, pool, queue, clock) = try await reviewSandbox(overlap: 2)
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let judge = try await reviewer(queue, "judge", adjudicator: true)
        let keys = try await pool.read { try String.fetchAll($0, sql: "SELECT key FROM review_task ORDER BY key") }
        try #require(keys.count >= 6)
        // Some history before the first derivation.
        _ = try await queue.claim(ann, task: keys[0])
        _ = try await queue.decide(ann, task: keys[0], ReviewDecision(verdict: .ok))
        _ = try await queue.claim(bob, task: keys[1])

        let now = clock.now
        let first = try await pool.read { try ReviewStage.states($0, now: now) }
        _ = try await queue.claim(bob, task: keys[0])
        _ = try await queue.decide(bob, task: keys[0], ReviewDecision(verdict: .ok))
        try await queue.release(bob, task: keys[1])
        _ = try await queue.claim(ann, task: keys[2])
        _ = try await queue.decide(ann, task: keys[2], ReviewDecision(verdict: .ok))
        _ = try await queue.claim(bob, task: keys[2])
        _ = try await queue.decide(bob, task: keys[2], ReviewDecision(verdict: .remove, reason: .badQuestionClarity))
        _ = try await queue.claim(judge, task: keys[2])
        _ = try await queue.adjudicate(judge, task: keys[2], ReviewDecision(verdict: .ok))
        _ = try await queue.claim(ann, task: keys[3])
        _ = try await queue.decide(ann, task: keys[3], ReviewDecision(verdict: .ok))
        _ = try await queue.undo(ann, task: keys[3])
        _ = try await queue.claim(ann, task: keys[4])
        try await pool.write { db in
            try ReviewTask(
                key: "p1:new@0", phase: 1, itemKey: "mmlu/test/econometrics/5", optionText: nil, version: "0", category: "economics",
                priority: 0, overlap: 1, createdAt: StageRun.timestamp(now)
            ).insert(db)
        }

        let (again, fresh) = try await pool.read { db in
            (try ReviewStage.states(db, now: now, after: first), try ReviewStage.states(db, now: now))
        }
        #expect(again.states == fresh.states)
        #expect(again.lastEvent == fresh.lastEvent)
        #expect(again.lastEvent > first.lastEvent)
        #expect(again.states.count == keys.count + 1)
        #expect(again.states[keys[0]]?.status == .decided)
        #expect(again.states[keys[2]]?.adjudicator == "judge")
        #expect(again.states[keys[3]]?.decisions.isEmpty == true)
        #expect(again.states[keys[4]]?.leases["ann"] != nil)
        #expect(first.states[keys[0]] != again.states[keys[0]])
        withExtendedLifetime(sandbox) {}
    }
}
