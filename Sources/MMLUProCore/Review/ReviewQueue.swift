import Foundation
import GRDB

/// The review queues: named reviewers claim tasks under leases that expire, decide, undo and
/// adjudicate. Every action is an append-only row of `review_event`; the state of a task is
/// derived from its events. Each action is one write transaction, so concurrent reviewers on
/// one database never claim the same slot twice.
public struct ReviewQueue: Sendable {
    public let writer: any DatabaseWriter
    /// How long a claim holds a task.
    public var leaseSeconds: Double
    /// Recorded with every event.
    public var guidelineVersion: String
    /// The clock (tests move it).
    public var now: @Sendable () -> Date
    /// Tokens already seen, by their hash: a request signs in without a read.
    private let known = KnownTokens()

    public init(
        writer: any DatabaseWriter, leaseSeconds: Double = 1800, guidelineVersion: String = "1",
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.writer = writer
        self.leaseSeconds = leaseSeconds
        self.guidelineVersion = guidelineVersion
        self.now = now
    }

    /// A reviewer as the queue knows them.
    public struct Reviewer: Sendable, Equatable {
        public var name: String
        public var role: String
        public var isAdjudicator: Bool { role == "adjudicator" }
    }

    // MARK: Reviewers

    /// Adds a reviewer and returns their token (shown once; only its hash is stored).
    public func addReviewer(_ name: String, adjudicator: Bool = false) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let token = "mr_" + Digest.hex(bytes)
        let created = StageRun.timestamp(now())
        try await writer.write { db in
            try ReviewerAccount(
                name: name, role: adjudicator ? .adjudicator : .reviewer, tokenSha256: Digest.sha256(token), createdAt: created
            )
            .insert(db)
        }
        return token
    }

    /// The reviewer a token belongs to.
    /// Reviewers are never removed or renamed, so a token once found is remembered for the
    /// queue's lifetime; an unknown one is looked up each time (a reviewer added since).
    public func reviewer(token: String) async throws -> Reviewer {
        let hash = Digest.sha256(token)
        if let reviewer = known[hash] { return reviewer }
        // The closure returns a Sendable value, so this is GRDB's async read: a `Row` result
        // would select the synchronous overload and block a concurrency thread on the pool.
        let reviewer = try await writer.read { db -> Reviewer? in
            try Row.fetchOne(db, sql: "SELECT name, role FROM reviewer WHERE token_sha256 = ?", arguments: [hash])
                .map { Reviewer(name: $0["name"], role: $0["role"]) }
        }
        guard let reviewer else { throw ReviewError.unknownReviewer("(token)") }
        known[hash] = reviewer
        return reviewer
    }

    // MARK: Actions

    /// Claims the next task for a reviewer: the one they already hold, or the open task with
    /// the highest priority that still has a free slot and that they have not decided.
    /// Adjudicators may ask for disputed tasks instead.
    /// - Returns: The task, or nil when nothing is left for them.
    public func claim(_ reviewer: Reviewer, phase: Int? = nil, disputed: Bool = false) async throws -> ReviewTask? {
        try await claim(reviewer, phase: phase, disputed: disputed) { task, _, _ in task }
    }

    /// Claims the next task as ``claim(_:phase:disputed:)`` does and reads what a reviewer is
    /// shown of it (``detail(of:)``) in the same transaction: one trip to the store per claim.
    public func claimDetail(_ reviewer: Reviewer, phase: Int? = nil, disputed: Bool = false) async throws -> TaskDetail? {
        try await claim(reviewer, phase: phase, disputed: disputed) { task, now, db in try Self.detail(of: task.key, now: now, db: db) }
    }

    private func claim<Result: Sendable>(
        _ reviewer: Reviewer, phase: Int?, disputed: Bool, then result: @escaping @Sendable (ReviewTask, Date, Database) throws -> Result
    ) async throws -> Result? {
        if disputed, !reviewer.isAdjudicator { throw ReviewError.notAdjudicator(reviewer.name) }
        let now = now()
        let leaseSeconds = leaseSeconds
        let guidelineVersion = guidelineVersion
        return try await writer.write { db -> Result? in
            let nowText = StageRun.timestamp(now)
            // A task the reviewer already holds: a lease of theirs that runs (`review_lease`,
            // kept from the events by triggers).
            let held = try String.fetchAll(
                db.cachedStatement(sql: "SELECT task_key FROM review_lease WHERE reviewer = ? AND lease_until > ? ORDER BY lease_until"),
                arguments: [reviewer.name, nowText])
            for key in held {
                let (task, events) = try Self.load(key, db: db)
                let state = TaskState.derive(task, events: events, now: now)
                // Only a held task of the queue asked for: a disputed claim never returns an
                // open or decided task, nor a plain claim a disputed one.
                if phase == nil || task.phase == phase, state.leases[reviewer.name] != nil,
                    state.status == (disputed ? .disputed : .open)
                {
                    return try result(task, now, db)
                }
            }
            // The first eligible task among those open (or disputed), highest priority first.
            // The query passes over tasks whose slots others hold (as many running leases of
            // other reviewers as the task's overlap: never eligible); each task it returns is
            // checked against its events.
            let candidates = try ReviewTask.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT t.* FROM review_task_state s JOIN review_task t ON t.key = s.task_key
                        WHERE s.status = ? AND (? IS NULL OR s.phase = ?)
                        AND (SELECT COUNT(*) FROM review_lease l WHERE l.task_key = t.key AND l.lease_until > ? AND l.reviewer <> ?)
                            < t.overlap
                        ORDER BY s.priority DESC, s.task_key
                        """), arguments: [disputed ? "disputed" : "open", phase, phase, nowText, reviewer.name])
            while let task = try candidates.next() {
                let events = try ReviewEvent.fetchChecked(
                    db, sql: "SELECT * FROM review_event WHERE task_key = ? ORDER BY id", arguments: [task.key])
                let state = TaskState.derive(task, events: events, now: now)
                guard Self.claimRefusal(task, state, reviewer: reviewer.name, disputed: disputed) == nil else { continue }
                try Self.insertClaim(
                    task.key, reviewer: reviewer.name, now: now, leaseSeconds: leaseSeconds, guidelineVersion: guidelineVersion, db: db)
                return try result(task, now, db)
            }
            return nil
        }
    }

    /// Claims one named task (a link to it, `review claim TASK`): the reviewer's already, or
    /// free (open, a slot left, not decided by them; disputed and unleased for an adjudicator).
    /// - Throws: ``ReviewError/notLeased(_:)`` naming why when it cannot be taken.
    public func claim(_ reviewer: Reviewer, task key: String) async throws -> ReviewTask {
        try await claim(reviewer, task: key) { task, _, _ in task }
    }

    /// Claims one named task as ``claim(_:task:)`` does and reads what a reviewer is shown of it
    /// in the same transaction.
    public func claimDetail(_ reviewer: Reviewer, task key: String) async throws -> TaskDetail {
        try await claim(reviewer, task: key) { task, now, db in try Self.detail(of: task.key, now: now, db: db) }
    }

    private func claim<Result: Sendable>(
        _ reviewer: Reviewer, task key: String, then result: @escaping @Sendable (ReviewTask, Date, Database) throws -> Result
    ) async throws -> Result {
        let now = now()
        let leaseSeconds = leaseSeconds
        let guidelineVersion = guidelineVersion
        return try await writer.write { db -> Result in
            let (task, events) = try Self.load(key, db: db)
            let state = TaskState.derive(task, events: events, now: now)
            if state.leases[reviewer.name] != nil { return try result(task, now, db) }
            if state.status == .disputed, !reviewer.isAdjudicator { throw ReviewError.notAdjudicator(reviewer.name) }
            if let refusal = Self.claimRefusal(task, state, reviewer: reviewer.name, disputed: state.status == .disputed) {
                throw ReviewError.notLeased(refusal)
            }
            try Self.insertClaim(
                task.key, reviewer: reviewer.name, now: now, leaseSeconds: leaseSeconds, guidelineVersion: guidelineVersion, db: db)
            return try result(task, now, db)
        }
    }

    /// Why `reviewer` cannot claim `task` from the open queue (or, with `disputed`, the
    /// disputed one), or nil when they can: an open task with a slot left that they have not
    /// decided; a disputed task no other adjudicator holds. The one rule of both claims.
    static func claimRefusal(_ task: ReviewTask, _ state: TaskState, reviewer: String, disputed: Bool) -> String? {
        let othersLeasing = state.leases.keys.filter { $0 != reviewer }.count
        switch state.status {
        case .decided:
            return "\(task.key) is decided; nothing to claim (undo or adjudicate it instead)"
        case .disputed:
            guard disputed else { return "\(task.key) is disputed: an adjudicator decides it" }
            return othersLeasing == 0 ? nil : "\(task.key) is held by another adjudicator"
        case .open:
            if disputed { return "\(task.key) is open, not disputed" }
            if state.decisions[reviewer] != nil { return "\(task.key): you have decided it already (undo to change your decision)" }
            let counted = state.decisions.values.filter { $0.verdict != .expert }.count
            return counted + othersLeasing < task.overlap
                ? nil : "\(task.key): every slot is taken (\(task.overlap) reviewer\(task.overlap == 1 ? "" : "s"))"
        }
    }

    /// Records a claim of `key` by `reviewer`, its lease running `leaseSeconds` from `now`.
    static func insertClaim(
        _ key: String, reviewer: String, now: Date, leaseSeconds: Double, guidelineVersion: String, db: Database
    ) throws {
        var event = ReviewEvent(
            at: StageRun.timestamp(now), reviewer: reviewer, kind: .claim, taskKey: key,
            leaseUntil: StageRun.timestamp(now.addingTimeInterval(leaseSeconds)), guidelineVersion: guidelineVersion, origin: "local")
        try event.insertEvent(db)
    }

    /// Records a reviewer's decision on a task they hold.
    /// - Returns: The task's state afterwards.
    @discardableResult
    public func decide(_ reviewer: Reviewer, task key: String, _ decision: ReviewDecision, origin: String = "local") async throws
        -> TaskState
    {
        try await record(reviewer, task: key, kind: .decide, decision: decision, origin: origin, requireLease: true)
    }

    /// Records an adjudicator's decision on a disputed task; it stands over the reviewers'.
    @discardableResult
    public func adjudicate(_ reviewer: Reviewer, task key: String, _ decision: ReviewDecision, origin: String = "local") async throws
        -> TaskState
    {
        guard reviewer.isAdjudicator else { throw ReviewError.notAdjudicator(reviewer.name) }
        return try await record(reviewer, task: key, kind: .adjudicate, decision: decision, origin: origin, requireLease: false)
    }

    /// Takes back the reviewer's standing decision on a task. Nothing is deleted: the undo is an event.
    @discardableResult
    public func undo(_ reviewer: Reviewer, task key: String) async throws -> TaskState {
        let now = now()
        let guidelineVersion = guidelineVersion
        return try await writer.write { db in
            let (task, events) = try Self.load(key, db: db)
            let undone = Set(events.compactMap(\.undoes))
            guard
                let target = events.last(where: {
                    ($0.kind == .decide || $0.kind == .adjudicate) && $0.reviewer == reviewer.name && !undone.contains($0.id ?? -1)
                })
            else { throw ReviewError.nothingToUndo(key) }
            var event = ReviewEvent(
                at: StageRun.timestamp(now), reviewer: reviewer.name, kind: .undo, taskKey: key, decision: target.decision,
                undoes: target.id,
                guidelineVersion: guidelineVersion, origin: "local")
            var state = try event.append(to: task, after: events, now: now, db: db)
            // The claim comes back with the decision taken back, while its lease lasts: the
            // reviewer can decide again at once.
            let nowText = StageRun.timestamp(now)
            if target.kind == .decide,
                let lease = events.last(where: { $0.kind == .claim && $0.reviewer == reviewer.name })?.leaseUntil, lease > nowText
            {
                var claim = ReviewEvent(
                    at: nowText, reviewer: reviewer.name, kind: .claim, taskKey: key, leaseUntil: lease, guidelineVersion: guidelineVersion,
                    origin: "local")
                state = try claim.append(to: task, after: events + [event], now: now, db: db)
            }
            return state
        }
    }

    /// Gives a claimed task back before its lease ends.
    public func release(_ reviewer: Reviewer, task key: String) async throws {
        let now = now()
        let guidelineVersion = guidelineVersion
        try await writer.write { db in
            _ = try Self.load(key, db: db)
            var event = ReviewEvent(
                at: StageRun.timestamp(now), reviewer: reviewer.name, kind: .release, taskKey: key, guidelineVersion: guidelineVersion,
                origin: "local")
            try event.insertEvent(db)
        }
    }

    private func record(
        _ reviewer: Reviewer, task key: String, kind: ReviewEvent.Kind, decision: ReviewDecision, origin: String, requireLease: Bool
    )
        async throws -> TaskState
    {
        let now = now()
        let guidelineVersion = guidelineVersion
        return try await writer.write { db in
            let (task, events) = try Self.load(key, db: db)
            let optionCount = try Self.optionCount(task, db: db)
            try decision.validate(phase: task.phase, optionCount: optionCount)
            let before = TaskState.derive(task, events: events, now: now)
            if requireLease, before.leases[reviewer.name] == nil { throw ReviewError.notLeased(key) }
            if kind == .adjudicate, before.status != .disputed {
                throw ReviewError.invalidDecision("task \(key) is \(before.status.rawValue), not disputed")
            }
            var event = ReviewEvent(
                at: StageRun.timestamp(now), reviewer: reviewer.name, kind: kind, taskKey: key, decision: Digest.canonicalJSON(decision),
                guidelineVersion: guidelineVersion, origin: origin)
            return try event.append(to: task, after: events, now: now, db: db)
        }
    }

    // MARK: Reading

    /// The state of every task (or of one phase).
    public func states(phase: Int? = nil) async throws -> [(task: ReviewTask, state: TaskState)] {
        let now = now()
        return try await writer.read { db in
            let tasks = try ReviewTask.fetchAll(
                db, sql: "SELECT * FROM review_task WHERE (? IS NULL OR phase = ?) ORDER BY priority DESC, key", arguments: [phase, phase])
            let events = try Self.events(db, sql: Self.eventsForStates)
            return tasks.map { ($0, TaskState.derive($0, events: events[$0.key] ?? [], now: now)) }
        }
    }

    /// Every event in order, without the states before and after it (long JSON texts a state's
    /// derivation never reads).
    static let eventsForStates = eventsForStatesSelect + " ORDER BY id"
    /// ``eventsForStates`` before its order, to add a condition to.
    static let eventsForStatesSelect = """
        SELECT id, at, reviewer, kind, task_key, decision, NULL AS before, NULL AS after, lease_until, undoes, guideline_version, origin
        FROM review_event
        """

    /// The events `sql` selects, by task, in order.
    static func events(_ db: Database, sql: String) throws -> [String: [ReviewEvent]] {
        Dictionary(grouping: try ReviewEvent.fetchChecked(db, sql: sql), by: \.taskKey)
    }

    static func load(_ key: String, db: Database) throws -> (ReviewTask, [ReviewEvent]) {
        guard let task = try ReviewTask.fetchOne(db.cachedStatement(sql: "SELECT * FROM review_task WHERE key = ?"), arguments: [key])
        else { throw ReviewError.unknownTask(key) }
        let events = try ReviewEvent.fetchChecked(db, sql: "SELECT * FROM review_event WHERE task_key = ? ORDER BY id", arguments: [key])
        return (task, events)
    }

    /// How many options the task's question has, to check a decision's letter against.
    /// - Throws: ``ReviewError/unknownTask(_:)`` when the build no longer has the question (a
    ///   letter is never checked against a guess).
    static func optionCount(_ task: ReviewTask, db: Database) throws -> Int {
        guard
            let count = try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT json_array_length(options) FROM augmented_question WHERE item_key = ? AND json_valid(options)"),
                arguments: [task.itemKey])
        else {
            throw ReviewError.unknownTask("\(task.key): the build has no question \(task.itemKey) (rebuild, or the task is stale)")
        }
        return count
    }
}
