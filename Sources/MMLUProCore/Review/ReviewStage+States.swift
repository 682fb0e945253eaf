import Foundation
import GRDB

extension ReviewStage {
    /// Every task's state at one time, and the newest event they were derived from.
    struct TaskStates {
        var states: [String: TaskState]
        var lastEvent: Int64
    }

    /// Every task's state at `now`, derived from its events. With `previous` (states this gave
    /// at the same `now`), only the tasks with an event newer than its newest, and the tasks
    /// created since, are derived again: events are only ever appended, in id order, and a
    /// task's row never changes.
    static func states(_ db: Database, now: Date, after previous: TaskStates? = nil) throws -> TaskStates {
        let lastEvent = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM review_event") ?? 0
        guard let previous else {
            let events = try ReviewQueue.events(db, sql: ReviewQueue.eventsForStates)
            let tasks = try ReviewTask.fetchAll(db)
            // Each task's fold of its events alone: over the cores.
            let derived = ParallelMap.map(tasks) { TaskState.derive($0, events: events[$0.key] ?? [], now: now) }
            return TaskStates(states: Dictionary(zip(tasks.map(\.key), derived), uniquingKeysWith: { $1 }), lastEvent: lastEvent)
        }
        let touched = Set(
            try String.fetchAll(
                db, sql: "SELECT DISTINCT task_key FROM review_event WHERE id > ?", arguments: [previous.lastEvent]))
        var states: [String: TaskState] = [:]
        var stale: [String] = []
        for key in try String.fetchAll(db, sql: "SELECT key FROM review_task") {
            if !touched.contains(key), let state = previous.states[key] {
                states[key] = state
            } else {
                stale.append(key)
            }
        }
        guard !stale.isEmpty else { return TaskStates(states: states, lastEvent: lastEvent) }
        let keys = JSONList.text(stale)
        let events = Dictionary(
            grouping: try ReviewEvent.fetchChecked(
                db,
                sql: ReviewQueue.eventsForStatesSelect + " WHERE task_key IN (SELECT value FROM json_each(?)) ORDER BY id",
                arguments: [keys]),
            by: \.taskKey)
        let tasks = try ReviewTask.fetchAll(
            db, sql: "SELECT * FROM review_task WHERE key IN (SELECT value FROM json_each(?))", arguments: [keys])
        for task in tasks {
            states[task.key] = TaskState.derive(task, events: events[task.key] ?? [], now: now)
        }
        return TaskStates(states: states, lastEvent: lastEvent)
    }
}
