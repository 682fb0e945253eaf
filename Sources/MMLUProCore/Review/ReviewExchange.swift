import Foundation
import GRDB

/// Decisions as JSON Lines, so a team can work offline or on another copy and merge back:
/// `{"task": KEY, "reviewer": NAME, "kind": "decide", "decision": {...}, "at": TIME, "guideline_version": V}`.
///
/// Import is all or nothing. A line about a task that does not exist here (another version of
/// the question) is stale; a line contradicting a decision already standing for the same
/// reviewer is a conflict; both are errors, never overwrites. A line already present is skipped.
public enum ReviewExchange {
    struct Line: Codable {
        var task: String
        var reviewer: String
        var kind: ReviewEvent.Kind
        var decision: ReviewDecision
        var at: String
        var guideline_version: String
    }

    /// Writes every standing decision and adjudication.
    /// - Returns: How many lines were written.
    @discardableResult
    public static func export(_ queue: ReviewQueue, to url: URL) async throws -> Int {
        var lines: [String] = []
        let events = try await queue.writer.read { db in try ReviewEvent.fetchChecked(db, sql: "SELECT * FROM review_event ORDER BY id") }
        let undone = Set(events.compactMap(\.undoes))
        for event in events where (event.kind == .decide || event.kind == .adjudicate) && !undone.contains(event.id ?? -1) {
            guard let decision = event.decoded else { continue }
            lines.append(
                Digest.canonicalJSON(
                    Line(
                        task: event.taskKey, reviewer: event.reviewer, kind: event.kind, decision: decision, at: event.at,
                        guideline_version: event.guidelineVersion)))
        }
        try Data((lines.map { $0 + "\n" }.joined()).utf8).write(to: url, options: .atomic)
        return lines.count
    }

    /// What an import did.
    public struct ImportReport: Sendable, Equatable {
        public var recorded = 0
        public var alreadyPresent = 0
        /// Lines about tasks this build does not have (lenient imports only).
        public var notInBuild = 0
    }

    /// Imports decisions, under the rules the API enforces: each line is a `decide` or an
    /// `adjudicate` with a valid time, by a reviewer known here (added with `add-reviewer`, or
    /// declared in `review.reviewers`); an adjudication needs the adjudicator role; a decision
    /// needs an open task.
    /// - Throws: ``InputError`` for a malformed line, ``ReviewError`` `.stale` or `.conflict`.
    public static func importDecisions(
        _ queue: ReviewQueue, from url: URL, displayPath: String, declared: [String: ReviewConfig.Role] = [:]
    ) async throws -> ImportReport {
        let data = try SourceText.read(url, displayPath: displayPath)
        let now = queue.now()
        return try await queue.writer.write { db in
            try importDecisions(
                data, displayPath: displayPath, origin: "import:\(displayPath)", now: now, strict: true, declared: declared, db: db)
        }
    }

    /// Imports decisions inside a transaction the caller holds.
    /// - Parameter strict: Whether a line about a task this database does not have is an error
    ///   (an import) or is counted and skipped (decision files applied on every build, which
    ///   may hold decisions about questions a changed filter no longer keeps).
    static func importDecisions(
        _ data: Data, displayPath: String, origin: String, now date: Date, strict: Bool, declared: [String: ReviewConfig.Role],
        db: Database
    ) throws -> ImportReport {
        let lines = try JSONInput.lines(Line.self, from: data, displayPath: displayPath)
        var report = ImportReport()
        for (line, location) in lines {
            let role = try checkLine(line, location: location, declared: declared, db: db)
            try record(line, role: role, location: location, origin: origin, date: date, strict: strict, report: &report, db: db)
        }
        return report
    }

    /// A line's own rules, before its task is looked at: the kind, the time, and a reviewer
    /// known here with the role the kind needs. A reviewer declared in the configuration and not
    /// yet in the store is added with the declared role and no token (they cannot sign in).
    /// - Returns: The reviewer's role.
    static func checkLine(_ line: Line, location: String, declared: [String: ReviewConfig.Role], db: Database) throws -> String {
        guard line.kind == .decide || line.kind == .adjudicate else {
            throw InputError(
                .invalidValue, at: "\(location) $.kind",
                "expected decide or adjudicate, found \(line.kind.rawValue) (claims, releases and undos are not imported)")
        }
        let name = line.reviewer.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name == line.reviewer else {
            throw InputError(.missingField, at: "\(location) $.reviewer", "expected a reviewer's name, found \"\(line.reviewer)\"")
        }
        guard (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(line.at)) != nil else {
            throw InputError(
                .invalidValue, at: "\(location) $.at", "expected a time like 2026-11-29T10:00:00.000Z, found \"\(line.at)\"")
        }
        var role = try String.fetchOne(db, sql: "SELECT role FROM reviewer WHERE name = ?", arguments: [name])
        if role == nil, let declaredRole = declared[name] {
            try ReviewerAccount(name: name, role: declaredRole, tokenSha256: "declared:" + name, createdAt: line.at).insert(db)
            role = declaredRole.rawValue
        }
        guard let role else {
            throw InputError(
                .unknownItem, at: "\(location) $.reviewer",
                "unknown reviewer \"\(name)\": add them first (mmlupro review add-reviewer \(name)) or declare them in review.reviewers")
        }
        if line.kind == .adjudicate && role != ReviewConfig.Role.adjudicator.rawValue {
            throw InputError(
                .invalidValue, at: "\(location) $.kind", "\(name) is a \(role), not an adjudicator: only adjudicators adjudicate")
        }
        return role
    }

    /// Records one decision line: skipped when the same decision stands, an error when another
    /// one does or (strict) when the task does not exist here.
    static func record(
        _ line: Line, role: String, location: String, origin: String, date: Date, strict: Bool, report: inout ImportReport,
        db: Database
    ) throws {
        guard let task = try ReviewTask.fetchOne(db, key: line.task) else {
            if !strict {
                report.notInBuild += 1
                return
            }
            throw ReviewError.stale("\(location): task \(line.task) does not exist here (another version of the question?)")
        }
        // A task whose question this build no longer has (a rebuild dropped it): skipped like a
        // task the build does not have, or stale for an import.
        let optionCount: Int
        do {
            optionCount = try ReviewQueue.optionCount(task, db: db)
        } catch ReviewError.unknownTask(let detail) {
            if !strict {
                report.notInBuild += 1
                return
            }
            throw ReviewError.stale("\(location): \(detail)")
        }
        do {
            try line.decision.validate(phase: task.phase, optionCount: optionCount)
        } catch let error as ReviewError {
            throw InputError(.invalidValue, at: "\(location) $.decision", "\(error)")
        }
        let events = try ReviewEvent.fetchChecked(
            db, sql: "SELECT * FROM review_event WHERE task_key = ? ORDER BY id", arguments: [task.key])
        let before = TaskState.derive(task, events: events, now: date)
        let standing =
            line.kind == .adjudicate ? (before.adjudicator == line.reviewer ? before.resolved : nil) : before.decisions[line.reviewer]
        if let standing {
            if standing.agreementKey == line.decision.agreementKey {
                report.alreadyPresent += 1
                return
            }
            throw ReviewError.conflict(
                "\(location): \(line.reviewer) already decided \(standing.verdict.rawValue) on \(line.task); importing \(line.decision.verdict.rawValue) would overwrite it (undo it first)"
            )
        }
        // As through the API: a decision needs an open task (an adjudicator may overrule a
        // decided one: that is how a released answer is corrected).
        if line.kind == .decide, before.status != .open {
            throw ReviewError.conflict(
                "\(location): task \(line.task) is \(before.status.rawValue); a decision by \(line.reviewer) can no longer be added")
        }
        var event = ReviewEvent(
            at: line.at, reviewer: line.reviewer, kind: line.kind, taskKey: task.key, decision: Digest.canonicalJSON(line.decision),
            guidelineVersion: line.guideline_version, origin: origin)
        _ = try event.append(to: task, after: events, now: date, db: db)
        report.recorded += 1
    }
}
