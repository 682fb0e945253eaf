import Foundation
import GRDB
import Testing

@testable import MMLUProCore

extension ReviewTests {
    /// The review stage writes its thousands of tasks and unattended decisions with the
    /// triggers off and does their work a statement at a time (`ReviewQueueUpkeep`). From the
    /// same store, the same tasks, events and moves must leave every review table exactly as
    /// the triggers leave it: tasks new and already there, of both phases; leases ended by a
    /// decision and by a release while another reviewer's stays; moves out of open and
    /// disputed, and a move of a task already where it goes.
    @Test func queueUpkeepLeavesTheTablesAsTheTriggersDo() async throws {
        let (sandbox, pool, queue, clock) = try await reviewSandbox(overlap: 2)
        let ann = try await reviewer(queue, "ann")
        let bob = try await reviewer(queue, "bob")
        let keys = try await pool.read { try String.fetchAll($0, sql: "SELECT key FROM review_task WHERE phase = 1 ORDER BY key") }
        try #require(keys.count >= 6)
        _ = try await queue.claim(ann, task: keys[0])
        _ = try await queue.claim(ann, task: keys[1])
        _ = try await queue.claim(bob, task: keys[1])
        _ = try await queue.claim(ann, task: keys[2])
        _ = try await queue.decide(ann, task: keys[2], ReviewDecision(verdict: .ok))
        _ = try await queue.claim(bob, task: keys[2])
        _ = try await queue.decide(bob, task: keys[2], ReviewDecision(verdict: .remove, reason: .badQuestionClarity))

        let at = StageRun.timestamp(clock.now)
        let existing = try #require(try await pool.read { try ReviewTask.fetchOne($0, key: keys[3]) })
        let item = existing.itemKey
        let tasks = [
            existing,
            ReviewTask(
                key: "p1:upkeep@0", phase: 1, itemKey: item, optionText: nil, version: "0", category: existing.category, priority: 3,
                overlap: 1, createdAt: at),
            ReviewTask(
                key: "p2:upkeep@0", phase: 2, itemKey: item, optionText: "an option", version: "0", category: existing.category,
                priority: 0, overlap: 1, createdAt: at),
        ]
        func event(_ reviewer: String, _ kind: ReviewEvent.Kind, _ task: String) -> ReviewEvent {
            ReviewEvent(
                at: at, reviewer: reviewer, kind: kind, taskKey: task, decision: kind == .release ? nil : #"{"verdict":"ok"}"#,
                guidelineVersion: "test", origin: "automatic")
        }
        let events = [event("ann", .decide, keys[0]), event("bob", .release, keys[1]), event("bob", .decide, "p1:upkeep@0")]
        let moves: [([String], TaskState.Status)] = [
            ([keys[0], keys[2], keys[4], "p1:upkeep@0", "p2:upkeep@0"], .decided), ([keys[5]], .open), ([keys[4]], .open),
        ]

        try await pool.write { db in
            func tables() throws -> [String: [Row]] {
                var rows: [String: [Row]] = [:]
                for table in ["review_task", "review_task_state", "review_queue_count", "review_lease", "review_event", "sqlite_sequence"] {
                    rows[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2")
                }
                return rows
            }
            let before = try tables()
            try db.execute(sql: "SAVEPOINT upkeep")
            try ReviewTask.insertRows(tasks, db: db, onConflict: .ignore)
            try ReviewEvent.insertRows(events, db: db)
            for (keys, status) in moves { try ReviewQueueEntry.setStatus(status, of: keys, db: db) }
            let byTriggers = try tables()
            try db.execute(sql: "ROLLBACK TO upkeep")
            #expect(try tables() == before)

            try ReviewQueueUpkeep.open(tasks, db: db)
            try ReviewQueueUpkeep.record(events, db: db)
            for (keys, status) in moves { try ReviewQueueUpkeep.move(keys, to: status, db: db) }
            #expect(try tables() == byTriggers)
            try db.execute(sql: "RELEASE upkeep")

            // Not a comparison of nothing: the operations changed what the triggers keep.
            let leases = try Row.fetchAll(db, sql: "SELECT task_key, reviewer FROM review_lease ORDER BY 1, 2").map {
                "\($0[0] as String) \($0[1] as String)"
            }
            #expect(leases == ["\(keys[1]) ann"])
            #expect(try Int.fetchOne(db, sql: "SELECT tasks FROM review_queue_count WHERE phase = 2 AND status = 'decided'") ?? 0 >= 1)
            #expect(
                try String.fetchOne(db, sql: "SELECT status FROM review_task_state WHERE task_key = ?", arguments: [keys[2]]) == "decided")
            #expect(byTriggers["review_queue_count"] != before["review_queue_count"])

            // The triggers are on again: a task inserted now opens in the queue.
            try ReviewTask(
                key: "p1:after@0", phase: 1, itemKey: item, optionText: nil, version: "0", category: existing.category, priority: 0,
                overlap: 1, createdAt: at
            ).insert(db)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_task_state WHERE task_key = 'p1:after@0'") == 1)
        }
        withExtendedLifetime(sandbox) {}
    }

    /// A body that throws leaves the connection's triggers on.
    @Test func triggersAreOnAgainAfterAFailure() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE item (name TEXT); CREATE TABLE log (name TEXT);
                    CREATE TRIGGER logged AFTER INSERT ON item BEGIN INSERT INTO log VALUES (NEW.name); END
                    """)
            struct Failure: Error {}
            #expect(throws: Failure.self) {
                try db.withTriggersOff {
                    try db.execute(sql: "INSERT INTO item VALUES ('quiet')")
                    throw Failure()
                }
            }
            try db.execute(sql: "INSERT INTO item VALUES ('logged')")
            #expect(try String.fetchAll(db, sql: "SELECT name FROM log") == ["logged"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") == 2)
        }
    }
}
