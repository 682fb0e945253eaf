import Foundation
import GRDB

/// An unattended build's review: every open task decided by no one, recorded as such.
extension ReviewStage {
    /// The reviewer of an unattended build's decisions.
    public static let automaticReviewer = "automatic"

    /// Decides every task of `keys` that is open with no decision, as ``automaticReviewer``,
    /// recorded with origin `automatic`. Returns how many it decided.
    static func decideAutomatically(_ keys: [String], decision: ReviewDecision, guidelineVersion: String, now: Date, db: Database) throws
        -> Int
    {
        // Tasks with no decision or adjudication standing or undone: nobody has touched them.
        let touched = Set(try String.fetchAll(db, sql: "SELECT DISTINCT task_key FROM review_event WHERE kind IN ('decide', 'adjudicate')"))
        let pending = keys.filter { !touched.contains($0) }
        guard !pending.isEmpty else { return 0 }
        // Tasks with no event at all (the usual case) all have the same state before and after
        // the decision, for a given overlap: derived once, recorded in batches. A task with
        // claims or releases goes the way a person's decision goes.
        let eventful = Set(try String.fetchAll(db, sql: "SELECT DISTINCT task_key FROM review_event"))
        let tasks = Dictionary(
            uniqueKeysWithValues: try ReviewTask.fetchAll(
                db, sql: "SELECT * FROM review_task WHERE key IN (SELECT value FROM json_each(?))", arguments: [JSONList.text(pending)]
            ).map { ($0.key, $0) })
        let at = StageRun.timestamp(now)
        if try !ReviewerAccount.exists(db, key: automaticReviewer) {
            try ReviewerAccount(name: automaticReviewer, role: .reviewer, tokenSha256: "automatic: no token, cannot sign in", createdAt: at)
                .insert(db)
        }
        let decisionJSON = Digest.canonicalJSON(decision)
        var states: [Int: (before: String, after: String, status: TaskState.Status)] = [:]
        var report = ReviewExchange.ImportReport()
        // The quiet tasks' events are written in batches, and their queue entries moved in one
        // statement per status; a batch is written before any eventful task's decision, so the
        // events keep the order of `keys`.
        var batch: [ReviewEvent] = []
        var moved: [TaskState.Status: [String]] = [:]
        func flush() throws {
            try ReviewQueueUpkeep.record(batch, db: db)
            for (status, keys) in moved.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try ReviewQueueUpkeep.move(keys, to: status, db: db)
            }
            report.recorded += batch.count
            (batch, moved) = ([], [:])
        }
        for key in pending {
            guard let task = tasks[key] else { continue }
            if eventful.contains(key) {
                try flush()
                let line = ReviewExchange.Line(
                    task: key, reviewer: automaticReviewer, kind: .decide, decision: decision, at: at, guideline_version: guidelineVersion)
                try ReviewExchange.record(
                    line, role: "reviewer", location: "unattended review", origin: "automatic", date: now, strict: true, report: &report,
                    db: db)
                continue
            }
            if states[task.overlap] == nil {
                let event = ReviewEvent(
                    id: Int64.max, at: at, reviewer: automaticReviewer, kind: .decide, taskKey: key, decision: decisionJSON,
                    guidelineVersion: guidelineVersion, origin: "automatic")
                let after = TaskState.derive(task, events: [event], now: now)
                states[task.overlap] = (
                    Digest.canonicalJSON(TaskState.derive(task, events: [], now: now)), Digest.canonicalJSON(after), after.status
                )
            }
            let (before, after, status) = states[task.overlap]!
            batch.append(
                ReviewEvent(
                    at: at, reviewer: automaticReviewer, kind: .decide, taskKey: key, decision: decisionJSON, before: before, after: after,
                    guidelineVersion: guidelineVersion, origin: "automatic"))
            moved[status, default: []].append(key)
        }
        try flush()
        return report.recorded
    }
}
