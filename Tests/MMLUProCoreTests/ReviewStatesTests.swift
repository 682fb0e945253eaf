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

    /// The counts a reviewer sees ("12 of 2,000 left") come from `review_queue_count`, kept by
    /// triggers: after decisions, a dispute, an undo that reopens a task and new tasks of both
    /// phases, they equal counting the task states.
    @Test func queueCountsKeptByTheStoreEqualCountingTheStates() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox(overlap: 2)
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        func expectCountsMatch(_ moment: String) async throws {
            for phase in [nil, 1, 2] as [Int?] {
                for disputed in [false, true] {
                    let kept = try await queue.queueCounts(phase: phase, disputed: disputed)
                    let counted = try await pool.read { db in
                        try Row.fetchOne(
                            db,
                            sql: """
                                SELECT COALESCE(SUM(status = ?), 0), COUNT(*) FROM review_task_state WHERE (? IS NULL OR phase = ?)
                                """, arguments: [disputed ? "disputed" : "open", phase, phase])
                    }
                    #expect(kept.left == counted?[0] as Int?, "\(moment): phase \(phase as Any), disputed \(disputed)")
                    #expect(kept.total == counted?[1] as Int?, "\(moment): phase \(phase as Any), disputed \(disputed)")
                }
            }
        }
        try await expectCountsMatch("built")
        let keys = try await pool.read { try String.fetchAll($0, sql: "SELECT key FROM review_task WHERE phase = 1 ORDER BY key") }
        for (reviewer, key) in [(ann, keys[0]), (bob, keys[0]), (ann, keys[1])] {
            _ = try await queue.claim(reviewer, task: key)
            _ = try await queue.decide(reviewer, task: key, ReviewDecision(verdict: .ok))
        }
        _ = try await queue.claim(bob, task: keys[1])
        _ = try await queue.decide(bob, task: keys[1], ReviewDecision(verdict: .remove, reason: .noCorrectAnswer))
        try await expectCountsMatch("decided and disputed")
        _ = try await queue.undo(bob, task: keys[0])
        try await pool.write { db in
            for (key, phase) in [("p1:new@0", 1), ("p2:new@0#00", 2)] {
                try ReviewTask(
                    key: key, phase: phase, itemKey: "mmlu/test/econometrics/5", optionText: phase == 2 ? "1/2" : nil, version: "0",
                    category: "economics", priority: 0, overlap: 1, createdAt: "2026-11-30T00:00:00Z"
                ).insert(db)
            }
        }
        try await expectCountsMatch("reopened and added")
        let open = try await queue.queueCounts(phase: 1, disputed: false)
        #expect(open.total == keys.count + 1)
        #expect(open.left == keys.count + 1 - 1)
        withExtendedLifetime(sandbox) {}
    }
}

extension ReviewTests {
    /// A claim reads the running leases from `review_lease`, kept by triggers on the events:
    /// at every moment (claims of both kinds, a release, decisions, an adjudication, an undo that
    /// gives the claim back, a lease run out and taken again) its running rows are the leases
    /// the events fold to, and filling it from the events afresh (as migration v12 does) gives
    /// the same rows.
    @Test func leasesKeptByTheStoreEqualTheLeasesTheEventsFoldTo() async throws {
        let (sandbox, pool, queue, clock) = try await reviewSandbox(overlap: 2)
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let judge = try await reviewer(queue, "judge", adjudicator: true)
        let keys = try await pool.read { try String.fetchAll($0, sql: "SELECT key FROM review_task WHERE phase = 1 ORDER BY key") }
        try #require(keys.count >= 4)
        func expectLeasesMatch(_ moment: String) async throws {
            let now = clock.now
            let (kept, refilled, folded) = try await pool.write { db in
                let nowText = StageRun.timestamp(now)
                let all = try ReviewLease.order(Column("task_key"), Column("reviewer")).fetchAll(db)
                try ReviewLease.deleteAll(db)
                try db.execute(sql: Migrations.leasesFromEvents)
                let refilled = try ReviewLease.order(Column("task_key"), Column("reviewer")).fetchAll(db)
                var folded: [String] = []
                for (key, state) in try ReviewStage.states(db, now: now).states.sorted(by: { $0.key < $1.key }) {
                    for (name, until) in state.leases.sorted(by: { $0.key < $1.key }) { folded.append("\(key) \(name) \(until)") }
                }
                let running = all.filter { $0.leaseUntil > nowText }.map { "\($0.taskKey) \($0.reviewer) \($0.leaseUntil)" }
                return (running, all == refilled, folded)
            }
            #expect(kept == folded, "\(moment)")
            #expect(refilled, "\(moment)")
        }
        try await expectLeasesMatch("built")
        let first = try #require(try await queue.claim(ann))
        #expect(try await queue.claim(ann)?.key == first.key, "the task ann holds comes back")
        _ = try await queue.claim(bob, task: first.key)
        try await expectLeasesMatch("two leases on one task")
        _ = try await queue.decide(ann, task: first.key, ReviewDecision(verdict: .ok))
        _ = try await queue.decide(bob, task: first.key, ReviewDecision(verdict: .remove, reason: .noCorrectAnswer))
        _ = try #require(try await queue.claim(judge, disputed: true))
        try await expectLeasesMatch("decided, disputed, claimed by the adjudicator")
        _ = try await queue.adjudicate(judge, task: first.key, ReviewDecision(verdict: .ok))
        _ = try await queue.claim(ann, task: keys[1])
        _ = try await queue.decide(ann, task: keys[1], ReviewDecision(verdict: .ok))
        _ = try await queue.undo(ann, task: keys[1])
        _ = try await queue.claim(bob, task: keys[2])
        try await queue.release(bob, task: keys[2])
        try await expectLeasesMatch("adjudicated, undone with the claim back, released")
        clock.advance(601)
        try await expectLeasesMatch("every lease run out")
        let again = try #require(try await queue.claim(bob))
        _ = try await queue.claim(ann, task: keys[1])
        try await expectLeasesMatch("claimed again (\(again.key))")
        withExtendedLifetime(sandbox) {}
    }
}

extension ReviewTests {
    /// A claim that reads what the reviewer is shown in its own transaction shows what reading
    /// the task afterwards shows: the task held by its reviewer, the same question and options,
    /// and its queue's counts with the claim in them; by queue, and by key for a second reviewer.
    @Test func claimWithItsDetailShowsWhatReadingTheTaskAfterwardsShows() async throws {
        let (sandbox, _, queue, _) = try await reviewSandbox(overlap: 2)
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let claimed = try #require(try await queue.claimDetail(ann, phase: 1))
        let byKey = try await queue.claimDetail(bob, task: claimed.task.key)
        let read = try await queue.detail(of: claimed.task.key)
        #expect(claimed.state.leases["ann"] != nil && claimed.state.leases["bob"] == nil)
        #expect(byKey.state.leases.keys.sorted() == ["ann", "bob"])
        #expect(read.state == byKey.state)
        for shown in [claimed, byKey] {
            #expect(shown.task.key == read.task.key && shown.question == read.question && shown.options == read.options)
            #expect(shown.answerIndex == read.answerIndex && shown.origins == read.origins && shown.src == read.src)
            #expect(shown.left == read.left && shown.total == read.total)
        }
        let counts = try await queue.queueCounts(phase: 1, disputed: false)
        #expect(read.left == counts.left && read.total == counts.total)
        // Asked again, the claim gives back the task ann holds.
        #expect(try await queue.claimDetail(ann, phase: 1)?.task.key == claimed.task.key)
        withExtendedLifetime(sandbox) {}
    }
}
