import GRDB

/// What the review tables' triggers do row by row, done a statement at a time for the
/// thousands of rows a review stage writes at once, with the connection's triggers off.
///
/// The triggers (migrations v11 and v12) keep `review_task_state` (each task's place in the
/// queue), `review_queue_count` (tasks per phase and status) and `review_lease` (who holds a
/// task) in step with `review_task` and `review_event`. SQLite runs a trigger's program for
/// every row, which costs more than writing the row: for the full build's 14,708 phase-1 tasks
/// and their unattended decisions, about 0.2 s of a 1.1 s stage. Each function leaves the
/// tables exactly as inserting the rows with the triggers on would (a test compares them).
/// Everything else, such as a review server's claims and decisions, keeps the triggers.
enum ReviewQueueUpkeep {
    /// `insertRows(tasks, onConflict: .ignore)`: a new task opens in the queue
    /// (`review_task_opened`) and is counted (`review_queue_count_insert`); a task already in
    /// the store is left as it is.
    static func open(_ tasks: [ReviewTask], db: Database) throws {
        try db.withTriggersOff {
            try ReviewTask.insertRows(tasks, db: db, onConflict: .ignore)
            for (phase, group) in Dictionary(grouping: tasks, by: \.phase).sorted(by: { $0.key < $1.key }) {
                let before = db.totalChangesCount
                try ReviewQueueEntry.insertRows(
                    group.map { ReviewQueueEntry(taskKey: $0.key, status: .open, priority: $0.priority, phase: phase) }, db: db,
                    onConflict: .ignore)
                try count(db.totalChangesCount - before, phase: phase, status: .open, db: db)
            }
        }
    }

    /// `insertRows(events)` for events that end their reviewer's lease on the task (decisions,
    /// adjudications, releases: `review_lease_end`).
    static func record(_ events: [ReviewEvent], db: Database) throws {
        precondition(events.allSatisfy { $0.kind == .decide || $0.kind == .adjudicate || $0.kind == .release })
        try db.withTriggersOff {
            try ReviewEvent.insertRows(events, db: db)
            for (reviewer, group) in Dictionary(grouping: events, by: \.reviewer).sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "DELETE FROM review_lease WHERE reviewer = ? AND task_key IN (SELECT value FROM json_each(?))",
                    arguments: [reviewer, JSONList.text(group.map(\.taskKey))])
            }
        }
    }

    /// ``ReviewQueueEntry/setStatus(_:of:db:)-([String])`` with every task whose status changes
    /// counted out of its old status and into the new one (`review_queue_count_update`).
    static func move(_ tasks: [String], to status: TaskState.Status, db: Database) throws {
        guard !tasks.isEmpty else { return }
        let keys = JSONList.text(tasks)
        let moving = try Row.fetchAll(
            db,
            sql: """
                SELECT phase, status, COUNT(*) AS tasks FROM review_task_state
                WHERE task_key IN (SELECT value FROM json_each(?)) AND status <> ? GROUP BY phase, status ORDER BY phase, status
                """, arguments: [keys, status])
        try db.withTriggersOff {
            try ReviewQueueEntry.setStatus(status, of: tasks, db: db)
            for row in moving {
                let (phase, old, moved): (Int, String, Int) = (row["phase"], row["status"], row["tasks"])
                try db.execute(
                    sql: "UPDATE review_queue_count SET tasks = tasks - ? WHERE phase = ? AND status = ?", arguments: [moved, phase, old])
                try count(moved, phase: phase, status: status, db: db)
            }
        }
    }

    /// `tasks` more of `phase` in `status`.
    private static func count(_ tasks: Int, phase: Int, status: TaskState.Status, db: Database) throws {
        guard tasks > 0 else { return }
        try db.execute(
            sql: """
                INSERT INTO review_queue_count (phase, status, tasks) VALUES (?, ?, ?)
                ON CONFLICT (phase, status) DO UPDATE SET tasks = tasks + excluded.tasks
                """, arguments: [phase, status, tasks])
    }
}
