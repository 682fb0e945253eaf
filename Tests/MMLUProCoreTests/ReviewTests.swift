import Foundation
import GRDB
import Logging
import Testing

@testable import MMLUProCore

/// A clock the tests move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current.addTimeInterval(seconds) } }
}

@Suite struct ReviewTests {
    /// The sample built through augment and review, with no decision files.
    func reviewSandbox(overlap: Int = 1) async throws -> (Sandbox, DatabasePool, ReviewQueue, TestClock) {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "decisions: [raw/review/decisions.jsonl]", with: "decisions: []")
        try sandbox.edit("pipeline.yaml", replacing: "  overlap: 1", with: "  overlap: \(overlap)")
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        let clock = TestClock()
        return (sandbox, pool, ReviewQueue(writer: pool, leaseSeconds: 600, guidelineVersion: "test", now: { clock.now }), clock)
    }

    func reviewer(_ queue: ReviewQueue, _ name: String, adjudicator: Bool = false) async throws -> ReviewQueue.Reviewer {
        try await queue.reviewer(token: try await queue.addReviewer(name, adjudicator: adjudicator))
    }

    @Test func sampleDecisionsAreAppliedOnBuild() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let statuses = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM reviewed_question GROUP BY 1").map {
                    ($0[0] as String, $0[1] as Int)
                })
        }
        #expect(statuses == ["accepted": 51, "removed": 1])
        let removal = try await pool.read { try Row.fetchOne($0, sql: "SELECT item_key, reason FROM removal WHERE stage = 'review'") }
        #expect(removal?["item_key"] == "mmlu/test/professional_law/0")
        #expect(removal?["reason"] == "bad_question_clarity")
        #expect(try await sandbox.build().last?.outcome == .upToDate)
        // Phase 2: the rule-based judge flags the 3 planted source defects (the answer in another
        // notation, the answer in lower case, a value within 2%); the sample removes two as
        // false negatives and keeps the third. Generated options are never flagged: the
        // validator keeps out what the judge would flag.
        // A verdict for every wrong option of every question phase 1 accepted.
        let verdicts = try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM judge_verdict") }
        let wrongOptions = try await pool.read {
            try Int.fetchOne(
                $0,
                sql: """
                    SELECT SUM(json_array_length(a.options) - 1) FROM augmented_question a
                    JOIN reviewed_question r ON r.item_key = a.item_key WHERE r.status <> 'removed'
                    """)
        }
        #expect(verdicts == wrongOptions)
        #expect((verdicts ?? 0) > 400)
        let flagged = try await pool.read {
            try String.fetchAll($0, sql: "SELECT option_text FROM review_task WHERE phase = 2 ORDER BY option_text")
        }
        #expect(flagged == ["1/2", "2.03 eV", "synthesizing proteins from mRNA"])
        let pruned = try await pool.read {
            try Row.fetchOne(
                $0,
                sql: "SELECT options, answer_index, removed_options FROM reviewed_question WHERE item_key = 'mmlu/test/econometrics/5'")
        }
        let options = try JSONDecoder().decode([String].self, from: Data((pruned?["options"] as String? ?? "[]").utf8))
        #expect(options.count == 9)
        #expect(!options.contains("1/2"))
        #expect(options[pruned?["answer_index"] ?? 0] == "0.5")
        #expect(pruned?["removed_options"] == #"["1/2"]"#)
        let kept = try await pool.read {
            try String.fetchOne($0, sql: "SELECT options FROM reviewed_question WHERE item_key = 'mmlu/test/college_physics/4'")
        }
        #expect(kept?.contains("2.03 eV") == true)
    }

    @Test func phaseTwoRemovesFalseNegativesOrSendsTheQuestionBack() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        while let task = try await queue.claim(ann, phase: 1) {
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        }
        try await sandbox.build([.review])
        let flags = try await pool.read { try ReviewTask.fetchAll($0, sql: "SELECT * FROM review_task WHERE phase = 2 ORDER BY key") }
        #expect(flags.count == 3)
        var decided: [String: ReviewDecision.Verdict] = [:]
        while let task = try await queue.claim(ann, phase: 2) {
            let verdict: ReviewDecision.Verdict = decided.isEmpty ? .removeOption : (decided.count == 1 ? .questionBad : .keepOption)
            await #expect(throws: ReviewError.self) { try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok)) }
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: verdict))
            decided[task.key] = verdict
        }
        try await sandbox.build([.review])
        let removedTask = try #require(flags.first { decided[$0.key] == .removeOption })
        let backTask = try #require(flags.first { decided[$0.key] == .questionBad })
        try await pool.read { (db: Database) throws in
            let removed = try #require(
                try Row.fetchOne(db, sql: "SELECT * FROM reviewed_question WHERE item_key = ?", arguments: [removedTask.itemKey]))
            let options = try JSONDecoder().decode([String].self, from: Data((removed["options"] as String).utf8))
            #expect(!options.contains(removedTask.optionText!))
            #expect(options.count == 9 || removedTask.itemKey == backTask.itemKey)
            let back = try #require(
                try Row.fetchOne(db, sql: "SELECT * FROM reviewed_question WHERE item_key = ?", arguments: [backTask.itemKey]))
            #expect(back["status"] == "pending")
            // A new round of phase 1 for the question sent back.
            let rounds = try String.fetchAll(
                db, sql: "SELECT key FROM review_task WHERE phase = 1 AND item_key = ? ORDER BY key", arguments: [backTask.itemKey])
            #expect(rounds.count == 2)
            #expect(rounds.last?.hasSuffix("/r1") == true)
        }
    }

    /// The heuristic judge answers within run, on phase 1 as run leaves it (prepare works
    /// nothing out and writes nothing): a phase-1 decision recorded after prepare is judged in
    /// the same run and its question accepted. (A model judge: ModelStageTests.)
    @Test func theHeuristicJudgeChecksWhatPhaseOneAcceptsInTheSameRun() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let (configuration, _) = try sandbox.open()
        let (inputs, _) = try ReviewStage().loadInputs(configuration)
        let context = StageContext(
            configuration: configuration, writer: pool, models: ModelFactory(), logger: Logger(label: "test"), report: { _ in },
            progressLine: nil)
        let work = try await ReviewStage().prepare(inputs, context: context)
        #expect(work.judgesInRun)
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM review_event") } == 0)
        let task = try #require(try await queue.claim(ann, phase: 1))
        try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        let (status, verdicts) = try await pool.write { db in
            _ = try ReviewStage().run(work, configuration: configuration, db: db)
            return (
                try String.fetchOne(db, sql: "SELECT status FROM reviewed_question WHERE task_key = ?", arguments: [task.key]),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judge_verdict")
            )
        }
        #expect(status == "accepted")
        // Only the accepted question was judged: 9 verdicts, one per option but the answer.
        #expect(verdicts == 9)
    }

    /// A decision in the log that this version cannot read stops the build and every read of
    /// its task, naming the event: it never silently drops out of the task's state.
    @Test func aDamagedDecisionInTheLogIsAnErrorNotAnOpenTask() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let task = try #require(try await queue.claim(ann, phase: 1))
        try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO review_event (at, reviewer, kind, task_key, decision, guideline_version, origin)
                    VALUES ('2026-11-30T00:00:00.000Z', 'ann', 'decide', ?, '{"verdict": "maybe"}', 'test', 'local')
                    """, arguments: [task.key])
        }
        let error = await #expect(throws: PipelineStateError.self) { try await sandbox.build([.review]) }
        #expect(error?.message.contains("damaged") == true)
        #expect(error?.message.contains(task.key) == true)
        // Reading that task (to show it, undo or adjudicate) fails the same way.
        await #expect(throws: PipelineStateError.self) { try await queue.detail(of: task.key) }
        await #expect(throws: PipelineStateError.self) { try await queue.undo(ann, task: task.key) }
    }

    @Test func claimsFollowPriorityAndNeverOverlap() async throws {
        let (sandbox, _, queue, _) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let first = try #require(try await queue.claim(ann))
        #expect(first.priority == 2)
        #expect(try await queue.claim(ann) == first)  // she holds it
        let second = try #require(try await queue.claim(bob))
        #expect(second.key != first.key)
    }

    @Test func leasesExpireAndAbandonedTasksComeBack() async throws {
        let (sandbox, _, queue, clock) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let task = try #require(try await queue.claim(ann))
        clock.advance(601)
        #expect(try await queue.claim(bob) == task)
        await #expect(throws: ReviewError.notLeased(task.key)) {
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        }
        #expect(try await queue.decide(bob, task: task.key, ReviewDecision(verdict: .ok)).status == .decided)
    }

    @Test func decisionsAreValidated() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let task = try #require(try await queue.claim(ann))
        await #expect(throws: ReviewError.self) { try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .remove)) }
        await #expect(throws: ReviewError.self) {
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .wrongAnswer, answer: "K"))
        }
        await #expect(throws: ReviewError.self) { try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .keepOption)) }
        let options = try await pool.read {
            try String.fetchOne($0, sql: "SELECT options FROM augmented_question WHERE item_key = ?", arguments: [task.itemKey])
        }
        let count = try JSONDecoder().decode([String].self, from: Data(try #require(options).utf8)).count
        await #expect(throws: ReviewError.self) {
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .wrongAnswer, answer: OptionLetter.letter(count)))
        }
        let last = OptionLetter.letter(count - 1)
        let state = try await queue.decide(
            ann, task: task.key, ReviewDecision(verdict: .wrongAnswer, answer: last, note: "\(last) is right"))
        #expect(state.resolved?.answer == last)
    }

    @Test func undoIsANewEventAndReopensTheTask() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        let ann = try await reviewer(queue, "ann")
        let task = try #require(try await queue.claim(ann))
        try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .wrongAnswer, answer: "B"))
        let reviewed = try await sandbox.build([.review])
        #expect(reviewed[0].counts["corrected"] == 1)
        #expect(try await queue.undo(ann, task: task.key).status == .open)
        await #expect(throws: ReviewError.nothingToUndo(task.key)) { try await queue.undo(ann, task: task.key) }
        let kinds = try await pool.read {
            try String.fetchAll($0, sql: "SELECT kind FROM review_event WHERE task_key = ? ORDER BY id", arguments: [task.key])
        }
        #expect(kinds == ["claim", "decide", "undo", "claim"])  // the claim back while its lease lasts
        let undo = try await pool.read { try ReviewEvent.fetchOne($0, sql: "SELECT * FROM review_event WHERE kind = 'undo'") }
        #expect(undo?.before?.contains("\"decided\"") == true)
        #expect(undo?.after?.contains("\"open\"") == true)
        #expect(undo?.guidelineVersion == "test")
        // The stage sees the undo: the question is pending again.
        #expect(try await sandbox.build([.review])[0].counts["corrected"] == nil)
        // The log is append-only.
        await #expect(throws: DatabaseError.self) { try await pool.write { try $0.execute(sql: "UPDATE review_event SET kind = 'claim'") } }
        await #expect(throws: DatabaseError.self) { try await pool.write { try $0.execute(sql: "DELETE FROM review_event") } }
    }

    @Test func overlapDisagreementGoesToAdjudication() async throws {
        let (sandbox, _, queue, _) = try await reviewSandbox(overlap: 2)
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let judge = try await reviewer(queue, "judy", adjudicator: true)
        let task = try #require(try await queue.claim(ann))
        #expect(try await queue.claim(bob) == task)  // two slots
        #expect(try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok)).status == .open)
        let state = try await queue.decide(bob, task: task.key, ReviewDecision(verdict: .remove, reason: .noCorrectAnswer))
        #expect(state.status == .disputed)
        await #expect(throws: ReviewError.notAdjudicator("bob")) { try await queue.claim(bob, disputed: true) }
        await #expect(throws: ReviewError.notAdjudicator("bob")) {
            try await queue.adjudicate(bob, task: task.key, ReviewDecision(verdict: .ok))
        }
        #expect(try await queue.claim(judge, disputed: true) == task)
        let final = try await queue.adjudicate(judge, task: task.key, ReviewDecision(verdict: .ok))
        #expect(final.status == .decided)
        #expect(final.adjudicator == "judy")
        let agreement = try await queue.agreement()
        #expect(agreement.pairs == 1)
        #expect(agreement.percent == 0)
        #expect(agreement.pairwise.map { [$0.first, $0.second] } == [["ann", "bob"]])
        // Against the adjudicated outcome (ok): ann agreed, bob did not.
        #expect(agreement.withAdjudication == ["ann": .init(agree: 1, total: 1), "bob": .init(agree: 0, total: 1)])
    }

    @Test func cohensKappa() {
        let result = ReviewQueue.cohen([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")])
        #expect(result.percent == 75)
        #expect(abs(result.kappa! - 0.5) < 1e-12)
        #expect(ReviewQueue.cohen([("a", "a"), ("a", "a")]).kappa == 1)
        #expect(ReviewQueue.cohen([]).kappa == nil)
    }

    /// The worked example of Fleiss (1971) as Wikipedia gives it: 10 subjects, 14 raters each,
    /// 5 categories; kappa 0.210.
    @Test("Fleiss' kappa on the known table")
    func fleissKappa() {
        let table = [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
        let items = table.map { counts in counts.enumerated().flatMap { Array(repeating: "c\($0.offset)", count: $0.element) } }
        let kappa = try! #require(ReviewQueue.fleiss(items))
        #expect(abs(kappa - 0.20993) < 0.0001)
        #expect(ReviewQueue.fleiss([["a", "a"], ["b", "b"]]) == 1)
        #expect(ReviewQueue.fleiss([["a"]]) == nil)
    }

    /// Calibration tasks: planted defects mixed into phase 1 under keys of the same form as real
    /// tasks, shown with their defect, scored per reviewer, and never released.
    @Test func calibrationTasksAreMixedInScoredAndNeverReleased() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "decisions: [raw/review/decisions.jsonl]", with: "decisions: []\n  calibration: 0.3")
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        let clock = TestClock()
        let queue = ReviewQueue(writer: pool, leaseSeconds: 600, guidelineVersion: "test", now: { clock.now })
        let planted = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT task_key, item_key, defect, options, answer_index, catch_verdict, catch_answer FROM calibration_task")
        }
        #expect(planted.count >= 5, "\(planted.count)")
        #expect(Set(planted.map { $0["defect"] as String }).count == 3)
        for row in planted {
            let key: String = row["task_key"]
            // The same form as a real task's key: nothing in it says calibration.
            let item: String = row["item_key"]
            #expect(
                key.hasPrefix("p1:\(item)@")
                    && key.dropFirst("p1:\(item)@".count).range(of: "^[0-9a-f]{12}$", options: .regularExpression) != nil,
                "\(key)")
            let detail = try await queue.detail(of: key)
            #expect(Digest.canonicalJSON(detail.options) == row["options"] && detail.answerIndex == row["answer_index"])
        }
        // Ann decides everything: she catches the planted defects of the first half of the
        // calibration tasks and answers ok to the rest.
        let ann = try await reviewer(queue, "ann")
        let calibration = Dictionary(uniqueKeysWithValues: planted.map { ($0["task_key"] as String, $0) })
        let half = Set(planted.prefix(planted.count / 2).map { $0["task_key"] as String })
        while let task = try await queue.claim(ann, phase: 1) {
            if let row = calibration[task.key], half.contains(task.key) {
                let verdict = ReviewDecision.Verdict(rawValue: row["catch_verdict"])!
                try await queue.decide(
                    ann, task: task.key,
                    ReviewDecision(verdict: verdict, answer: row["catch_answer"], reason: verdict == .remove ? .badOptionsClarity : nil))
            } else {
                try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
            }
        }
        let recall = try #require(try await queue.calibration()["ann"])
        #expect(recall.caught == half.count && recall.total == planted.count)
        #expect(recall.low < Double(half.count) / Double(planted.count) && recall.high > Double(half.count) / Double(planted.count))
        // Phase 2 too, then the release: only real questions, never a planted version.
        try await sandbox.build([.review])
        while let task = try await queue.claim(ann, phase: 2) {
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .keepOption))
        }
        try await sandbox.build()
        let released =
            try JSONDecoder().decode([ReleaseRecord].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/test.json")))
            + JSONDecoder().decode([ReleaseRecord].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/validation.json")))
        let shown = Set(planted.map { ($0["options"] as String) + "#\($0["answer_index"] as Int)" })
        #expect(!released.contains { shown.contains(Digest.canonicalJSON($0.options) + "#\($0.answerIndex)") })
        let releasedCount = try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM released_question") }
        #expect(releasedCount == released.count)
        #expect(released.count == 52)
    }

    /// `claim TASK` takes a free task by name; a taken, decided or own-decided one is refused
    /// with the reason. Undo gives the claim back while its lease lasts. A disputed claim never
    /// returns an open task the adjudicator holds.
    @Test func claimByKeyUndoKeepsTheClaimAndDisputedOnlyReturnsDisputed() async throws {
        let (sandbox, _, queue, clock) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let judge = try await reviewer(queue, "judy", adjudicator: true)
        let states = try await queue.states(phase: 1)
        let key = try #require(states.last?.task.key)  // not the first in priority order
        #expect(try await queue.claim(ann, task: key).key == key)
        #expect(try await queue.claim(ann, task: key).key == key)  // already hers
        await #expect(throws: ReviewError.self) { try await queue.claim(bob, task: key) }  // the one slot is taken
        try await queue.decide(ann, task: key, ReviewDecision(verdict: .ok))
        await #expect(throws: ReviewError.self) { try await queue.claim(bob, task: key) }  // decided
        // Undo: the task is open again and still ann's, so she decides again without a claim.
        clock.advance(60)
        let undone = try await queue.undo(ann, task: key)
        #expect(undone.status == .open)
        #expect(undone.leases["ann"] != nil)
        try await queue.decide(ann, task: key, ReviewDecision(verdict: .remove, reason: .needsImage))
        // After the lease ends, an undo leaves no claim.
        clock.advance(3600)
        #expect(try await queue.undo(ann, task: key).leases.isEmpty)
        // An adjudicator holding an open task asks for disputed ones: there are none.
        _ = try await queue.claim(judge, phase: 1)
        #expect(try await queue.claim(judge, disputed: true) == nil)
    }

    @Test func exportImportRefusesStaleAndConflictingDecisions() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        let ann = try await reviewer(queue, "ann")
        let task = try #require(try await queue.claim(ann))
        try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        let file = sandbox.url("decisions.jsonl")
        #expect(try await ReviewExchange.export(queue, to: file) == 1)
        // Importing what is already there is a no-op.
        #expect(try await ReviewExchange.importDecisions(queue, from: file, displayPath: "d.jsonl").alreadyPresent == 1)
        let before = try await pool.read { try withoutFailedRuns($0) }
        let exported = try String(contentsOf: file, encoding: .utf8)
        // A different decision by the same reviewer is a conflict.
        try sandbox.write(
            "conflict.jsonl", exported.replacingOccurrences(of: #""verdict":"ok""#, with: #""reason":"needs_image","verdict":"remove""#))
        await #expect(throws: ReviewError.self) {
            try await ReviewExchange.importDecisions(queue, from: sandbox.url("conflict.jsonl"), displayPath: "conflict.jsonl")
        }
        // A decision about another version of the question is stale.
        try sandbox.write("stale.jsonl", exported.replacingOccurrences(of: "@", with: "@0000"))
        await #expect(throws: ReviewError.self) {
            try await ReviewExchange.importDecisions(queue, from: sandbox.url("stale.jsonl"), displayPath: "stale.jsonl")
        }
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
    }

    @Test("an imported line obeys the API's rules: kind, time, a known reviewer, the adjudicator role, an open task")
    func importObeysTheAPIRules() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        let ann = try await reviewer(queue, "ann")
        _ = try await queue.addReviewer("judy", adjudicator: true)
        _ = try await queue.addReviewer("bob")
        let task = try #require(try await queue.claim(ann))
        try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        let open = try #require(
            try await pool.read {
                try String.fetchOne($0, sql: "SELECT key FROM review_task WHERE key <> ? ORDER BY key", arguments: [task.key])
            })
        func line(_ task: String, reviewer: String = "ann", kind: String = "decide", at: String = "2026-11-29T10:00:00.000Z") -> String {
            #"{"task": "\#(task)", "reviewer": "\#(reviewer)", "kind": "\#(kind)", "decision": {"verdict": "ok"}, "at": "\#(at)", "guideline_version": "1"}"#
                + "\n"
        }
        let before = try await pool.read { try withoutFailedRuns($0) }
        let refused: [(String, String)] = [
            (line(open, kind: "claim"), "$.kind"), (line(open, kind: "undo"), "$.kind"),
            (line(open, reviewer: ""), "$.reviewer"), (line(open, at: "yesterday-ish"), "$.at"),
            (line(open, reviewer: "mallory"), "$.reviewer"), (line(task.key, kind: "adjudicate"), "$.kind"),
        ]
        for (text, path) in refused {
            try sandbox.write("bad.jsonl", text)
            let error = await #expect(throws: InputError.self) {
                try await ReviewExchange.importDecisions(queue, from: sandbox.url("bad.jsonl"), displayPath: "bad.jsonl")
            }
            #expect(error?.location.hasSuffix(path) == true, "\(text): \(String(describing: error))")
        }
        // A second decision on a decided task, by someone else: refused as through the API.
        try sandbox.write("late.jsonl", line(task.key, reviewer: "bob"))
        await #expect(throws: ReviewError.self) {
            try await ReviewExchange.importDecisions(queue, from: sandbox.url("late.jsonl"), displayPath: "late.jsonl")
        }
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)

        // A reviewer declared in the configuration is known, with the declared role; an
        // adjudicator may overrule a decided task.
        try sandbox.write("declared.jsonl", line(open, reviewer: "carol") + line(task.key, reviewer: "judy", kind: "adjudicate"))
        let report = try await ReviewExchange.importDecisions(
            queue, from: sandbox.url("declared.jsonl"), displayPath: "declared.jsonl", declared: ["carol": .reviewer])
        #expect(report.recorded == 2)
        #expect(try await pool.read { try String.fetchOne($0, sql: "SELECT role FROM reviewer WHERE name = 'carol'") } == "reviewer")
    }

    @Test("a decision about a task whose question the build no longer has is never checked against a guessed option count")
    func decisionWithoutItsQuestion() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        let ann = try await reviewer(queue, "ann")
        let task = try #require(try await queue.claim(ann))
        // The question leaves the build (its augmented row is gone) while the task stays.
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM augmented_question WHERE item_key = ?", arguments: [task.itemKey])
        }
        await #expect(throws: ReviewError.self) {
            try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .wrongAnswer, answer: "I"))
        }
        try sandbox.write(
            "late.jsonl",
            #"{"task": "\#(task.key)", "reviewer": "ann", "kind": "decide", "decision": {"verdict": "ok"}, "at": "2026-11-29T10:00:00.000Z", "guideline_version": "1"}"#
                + "\n")
        await #expect(throws: ReviewError.self) {
            try await ReviewExchange.importDecisions(queue, from: sandbox.url("late.jsonl"), displayPath: "late.jsonl")
        }
    }

    @Test func twentyReviewersAtOnceNeverDecideATaskTwice() async throws {
        let (sandbox, pool, queue, _) = try await reviewSandbox()
        defer { withExtendedLifetime(sandbox) {} }
        var reviewers: [ReviewQueue.Reviewer] = []
        for index in 0..<20 { reviewers.append(try await reviewer(queue, "r\(index)")) }
        let decided = try await ConcurrentMap.map(reviewers, limit: 20) { reviewer in
            var count = 0
            while let task = try await queue.claim(reviewer) {
                try await queue.decide(reviewer, task: task.key, ReviewDecision(verdict: .ok))
                count += 1
            }
            return count
        }
        #expect(decided.reduce(0, +) == 52)
        let perTask = try await pool.read {
            try Int.fetchAll($0, sql: "SELECT COUNT(*) FROM review_event WHERE kind = 'decide' GROUP BY task_key")
        }
        #expect(perTask.count == 52 && perTask.allSatisfy { $0 == 1 })
        let claims = try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM review_event WHERE kind = 'claim'") }
        #expect(claims == 52)
        #expect(try await queue.progress().allSatisfy { $0.open == 0 && $0.disputed == 0 })
    }
}

@Suite struct JudgeReplyTests {
    @Test("a judge reply naming a letter the question lacks, or in lower case, is rejected, never read as option A")
    func badLettersAreRejected() throws {
        func parse(_ content: String) -> Result<[(index: Int, couldBeCorrect: Bool, rationale: String)], ReviewStage.JudgeRejection> {
            ReviewStage.parseVerdicts(content, optionCount: 4, answerIndex: 1)
        }
        let good = try parse(
            #"{"verdicts": [{"option": "A", "verdict": "wrong"}, {"option": "(C)", "verdict": "could_be_correct", "rationale": "r"}, {"option": "B", "verdict": "wrong"}]}"#
        ).get()
        #expect(good.map(\.index) == [0, 2])
        #expect(good.map(\.couldBeCorrect) == [false, true])
        for (content, reason) in [
            (#"{"verdicts": [{"option": "K", "verdict": "could_be_correct"}]}"#, "bad_letter"),
            (#"{"verdicts": [{"option": "E", "verdict": "could_be_correct"}]}"#, "bad_letter"),
            (#"{"verdicts": [{"option": "c", "verdict": "could_be_correct"}]}"#, "bad_letter"),
            (#"{"verdicts": [{"option": "C", "verdict": "maybe"}]}"#, "bad_verdict"),
            ("no json", "unparsable"),
        ] {
            guard case .failure(let rejection) = parse(content) else {
                Issue.record("accepted \(content)")
                continue
            }
            #expect(rejection.reason == reason, "\(content)")
        }
    }
}
