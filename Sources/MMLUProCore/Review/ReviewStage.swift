import Foundation
import GRDB

/// Expert review in two phases.
///
/// Phase 1: every augmented question gets a task (kept across rebuilds; its key names the
/// version of the question and answer it is about, and the round); the decision files named in
/// the configuration are applied. Phase 2: the judge re-checks every option of every question
/// phase 1 accepted or corrected; each option it flags as possibly correct becomes a task of
/// its own, where a reviewer removes it (a false negative: removed, never replaced), keeps
/// it, or sends the question back to phase 1 (a new round).
///
/// Each question's outcome lands in `reviewed_question`: accepted, corrected, removed (a
/// `removal` row with the reason), or pending while a task of it is open or disputed.
/// Tasks where most filter models agree on the same wrong letter come first.
public struct ReviewStage: Stage {
    public static let name = StageName.review
    public static let logicVersion = 3
    public static let tables = ["judge_verdict", "reviewed_question"]

    public init() {}

    public struct Inputs: Sendable {
        var files: [InputFile]
        var judgeTemplate: PromptTemplate?
    }

    struct Question: Sendable {
        var key: String
        var category: String
        var text: String
        var options: [String]
        var answerIndex: Int
        var version: String
        var phaseOneKey: String
        var round: Int
    }

    struct Verdict: Sendable {
        var optionIndex: Int
        var couldBeCorrect: Bool
        var rationale: String
        var requestHash: String?
    }

    public struct Work: Sendable {
        /// The judge's verdicts by item, for the questions it re-checked; `nil` with no judge.
        var verdicts: [String: [Verdict]]?
        /// The judge is the heuristic rule: it answers at once, costs nothing and calls no
        /// server, so ``run(_:configuration:db:)`` asks it itself, on phase 1 as that run
        /// leaves it, instead of ``prepare(_:context:)`` working phase 1 out first in a
        /// transaction it rolls back.
        var judgesInRun = false
        var generator: String
        /// The configured decision files: applied to phase 1, and again once the phase-2
        /// tasks exist.
        var files: [InputFile] = []
    }

    static let judgePlaceholders: Set<String> = ["question", "options", "answer"]

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        struct Relevant: Encodable {
            var review: ReviewConfig?
            var judgeModel: String?
        }
        let review = configuration.pipeline.review
        return Digest.sha256(
            canonical: Relevant(
                review: review, judgeModel: review?.judge.flatMap { configuration.pipeline.providers[$0.provider]?.identity }))
    }

    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String) {
        guard let review = configuration.pipeline.review else {
            throw PipelineStateError(message: "the review stage needs a `review:` section in \(configuration.path)")
        }
        let files = try review.decisions.map { try InputFile(source: .mmlu, path: $0, configuration: configuration) }
        let template = try review.judge.map {
            try PromptTemplate.load($0.template, of: configuration, placeholders: Self.judgePlaceholders)
        }
        let digest = Digest.sha256((files.map { "\($0.path) \($0.sha256)" } + [template?.digest ?? ""]).joined(separator: "\n"))
        return (Inputs(files: files, judgeTemplate: template), digest)
    }

    /// People's decisions made since the last run (through the terminal or an import) change
    /// the outcome; decisions applied from the configured files are covered by their digest.
    public func stateDigest(_ db: Database, configuration: BuildConfiguration) throws -> String {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*), MAX(id) FROM review_event
                WHERE origin NOT LIKE 'config:%' AND origin <> 'automatic' AND kind NOT IN ('claim', 'release')
                """)
        return "\(row?[0] as Int? ?? 0):\(row?[1] as Int64? ?? 0)"
    }

    /// Opens the phase-1 tasks of the augmented questions and applies the configured decision
    /// files and, in an unattended build, the automatic decisions.
    /// - Returns: The counts of what was recorded.
    static func openPhaseOne(_ questions: [Question], files: [InputFile], review: ReviewConfig, now: Date, db: Database) throws
        -> StageCounts
    {
        var counts: StageCounts = ["imported": 0, "not_in_build": 0]
        let priorities = try Self.priorities(db)
        let createdAt = StageRun.timestamp(now)
        try ReviewQueueUpkeep.open(
            questions.map { question in
                ReviewTask(
                    key: question.phaseOneKey, phase: 1, itemKey: question.key, optionText: nil, version: question.version,
                    category: question.category, priority: priorities[question.key] ?? 0, overlap: review.overlap, createdAt: createdAt)
            }, db: db)
        if review.calibration > 0 {
            counts["calibration"] = try Self.plantCalibration(
                questions, rate: review.calibration, overlap: review.overlap, priorities: priorities, now: now, db: db)
        }
        for file in files {
            let report = try ReviewExchange.importDecisions(
                file.data, displayPath: file.displayPath, origin: "config:\(file.path)", now: now, strict: false,
                declared: review.reviewers, db: db)
            counts["imported", default: 0] += report.recorded
        }
        if review.unattended {
            counts["automatic"] = try Self.decideAutomatically(
                questions.map(\.phaseOneKey), decision: ReviewDecision(verdict: .ok, note: "unattended build: no one reviewed it"),
                guidelineVersion: review.guidelineVersion, now: now, db: db)
        }
        return counts
    }

    /// The questions phase 1 accepted or corrected, with the answer phase 2 checks against.
    static func accepted(_ questions: [Question], states: [String: TaskState]) -> [(Question, Int)] {
        questions.compactMap { question -> (Question, Int)? in
            guard let state = states[question.phaseOneKey], state.status == .decided, let decision = state.resolved else { return nil }
            switch decision.verdict {
            case .ok: return (question, question.answerIndex)
            case .wrongAnswer: return (question, Self.index(of: decision.answer!))
            default: return nil
            }
        }
    }

    /// Writes nothing: which questions a model judge re-checks is worked out on phase 1 as
    /// ``run(_:configuration:db:)`` will leave it, in a transaction rolled back at once, so a
    /// run killed or refused while the judge works leaves the review tables as they were. The
    /// heuristic judge is left to `run` (``Work/judgesInRun``): phase 1 is then worked out once.
    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Work {
        let review = context.configuration.pipeline.review!
        guard let judgeSettings = review.judge, let template = inputs.judgeTemplate else {
            return Work(verdicts: nil, generator: "", files: inputs.files)
        }
        let gateway = try context.models.gateway(judgeSettings.provider, stage: Self.name, context: context)
        if gateway.isHeuristic {
            context.report("review: the judge is the heuristic rule (no model, no cost): it re-checks every question phase 1 accepts")
            return Work(verdicts: [:], judgesInRun: true, generator: gateway.generatorName, files: inputs.files)
        }
        let now = Date()
        let accepted = try await context.writer.writeWithoutTransaction { db -> [(Question, Int)] in
            var accepted: [(Question, Int)] = []
            try db.inTransaction {
                let questions = try Self.questions(db, now: now)
                _ = try Self.openPhaseOne(questions, files: inputs.files, review: review, now: now, db: db)
                accepted = Self.accepted(questions, states: try Self.states(db, now: now).states)
                return .rollback
            }
            return accepted
        }

        // Phase 2: the judge, for every question phase 1 accepted or corrected.
        let requests = accepted.map {
            Self.judgeRequest($0.0, answerIndex: $0.1, attempt: 0, template: template, settings: judgeSettings, gateway: gateway)
        }
        let judged = try await gateway.run(
            accepted, firstRound: requests, announcement: "review: the judge re-checks \(accepted.count) questions; ",
            progress: "review: judge", context: context
        ) { question, answerIndex in
            (
                question.key,
                try await Self.judge(question, answerIndex: answerIndex, template: template, settings: judgeSettings, gateway: gateway)
            )
        }
        var verdicts: [String: [Verdict]] = [:]
        for (key, list) in judged { verdicts[key] = list }
        return Work(verdicts: verdicts, generator: gateway.generatorName, files: inputs.files)
    }

    public func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        let review = configuration.pipeline.review!
        try db.clearOutput(of: Self.name, tables: Self.tables)
        let now = Date()
        let questions = try Self.questions(db, now: now)
        // The heuristic judge's verdicts against each question's own answer, worked out on the
        // other core while phase 1's rows go in; phase 1 accepts most questions as they are.
        let judgesInRun = work.judgesInRun
        let (presumed, phaseOne) = try ParallelMap.alongside({
            judgesInRun ? ParallelMap.map(questions) { Self.ruled($0, answerIndex: $0.answerIndex) } : []
        }) {
            try Self.openPhaseOne(questions, files: work.files, review: review, now: now, db: db)
        }
        var work = work
        var phaseOneStates: TaskStates?
        if work.judgesInRun {
            let derived = try Self.states(db, now: now)
            phaseOneStates = derived
            let accepted = Self.accepted(questions, states: derived.states)
            let position = Dictionary(uniqueKeysWithValues: questions.enumerated().map { ($1.key, $0) })
            let verdicts = ParallelMap.map(accepted) { question, answerIndex in
                answerIndex == question.answerIndex ? presumed[position[question.key]!] : Self.ruled(question, answerIndex: answerIndex)
            }
            work.verdicts = Dictionary(uniqueKeysWithValues: zip(accepted.map(\.0.key), verdicts))
        }
        var counts = phaseOne
        counts["tasks"] = questions.count

        let flagged = try Self.openPhaseTwo(questions, work: work, review: review, now: now, db: db)
        let flags = flagged.values.reduce(0) { $0 + $1.count }
        if flags > 0 { counts["flagged", default: 0] += flags }

        // The judge's rows are made on the other core while the decisions go in, and the
        // outcomes worked out there while the rows go in (nothing between reads them).
        let (verdicts, generator) = (work.verdicts, work.generator)
        let (verdictRows, states) = try ParallelMap.alongside({ Self.verdictRows(questions, verdicts: verdicts, generator: generator) }) {
            try Self.decidePhaseTwo(flagged, files: work.files, review: review, now: now, counts: &counts, db: db)
            // Only the tasks with an event since the states above, or new since, derived again.
            return try Self.states(db, now: now, after: phaseOneStates).states
        }
        let (outcomes, _) = try ParallelMap.alongside({
            Self.outcomes(questions, states: states, flagged: flagged, verdicts: verdicts)
        }) { try JudgeVerdict.insertRows(verdictRows, db: db) }
        for (question, outcome) in zip(questions, outcomes) {
            if outcome.status == .removed, let reason = outcome.reason {
                try db.recordRemoval(by: Self.name, item: question.key, reason: reason, detail: outcome.detail)
            }
            counts[outcome.status.rawValue, default: 0] += 1
        }
        try PreparedRow.insertRows(outcomes.map(\.row), db: db)
        return counts
    }

    /// The decisions about the phase-2 tasks: the configured files' (about tasks that did not
    /// exist before; the lines about tasks this build does not have are counted over every
    /// file), then, in an unattended build, the automatic ones.
    static func decidePhaseTwo(
        _ flagged: [String: [(index: Int, key: String)]], files: [InputFile], review: ReviewConfig, now: Date, counts: inout StageCounts,
        db: Database
    ) throws {
        var notInBuild = 0
        for file in files {
            let report = try ReviewExchange.importDecisions(
                file.data, displayPath: file.displayPath, origin: "config:\(file.path)", now: now, strict: false,
                declared: review.reviewers, db: db)
            counts["imported", default: 0] += report.recorded
            notInBuild += report.notInBuild
        }
        counts["not_in_build"] = notInBuild
        if review.unattended {
            counts["automatic", default: 0] += try Self.decideAutomatically(
                flagged.values.flatMap { $0.map(\.key) }.sorted(),
                decision: ReviewDecision(verdict: .removeOption, note: "unattended build: the judge's flag, decided by no one"),
                guidelineVersion: review.guidelineVersion, now: now, db: db)
        }
    }

    /// Opens a phase-2 task for each option the judge flags as possibly correct.
    /// - Returns: The flagged options of each question: their index and task key.
    static func openPhaseTwo(_ questions: [Question], work: Work, review: ReviewConfig, now: Date, db: Database) throws
        -> [String: [(index: Int, key: String)]]
    {
        var flagged: [String: [(index: Int, key: String)]] = [:]
        for question in questions {
            for item in work.verdicts?[question.key] ?? [] where item.couldBeCorrect {
                let text = question.options[item.optionIndex]
                let key = Self.phaseTwoKey(question, option: text)
                try ReviewTask(
                    key: key, phase: 2, itemKey: question.key, optionText: text, version: question.version, category: question.category,
                    priority: 0, overlap: review.overlap, createdAt: StageRun.timestamp(now)
                ).insertRow(db, onConflict: .ignore)
                flagged[question.key, default: []].append((item.optionIndex, key))
            }
        }
        return flagged
    }

    /// The judge's verdict on every option of the questions it checked: rows of `judge_verdict`,
    /// in the order of `questions`.
    static func verdictRows(_ questions: [Question], verdicts: [String: [Verdict]]?, generator: String) -> [JudgeVerdict] {
        var rows: [JudgeVerdict] = []
        for question in questions {
            for item in verdicts?[question.key] ?? [] {
                rows.append(
                    JudgeVerdict(
                        itemKey: question.key, optionIndex: item.optionIndex, optionText: question.options[item.optionIndex],
                        verdict: item.couldBeCorrect ? .couldBeCorrect : .wrong, rationale: item.rationale, generator: generator,
                        requestHash: item.requestHash))
            }
        }
        return rows
    }

    /// The questions under review, with their version and round.
    static func questions(_ db: Database, now: Date) throws -> [Question] {
        // A question's round: how many of its phase-2 tasks sent it back to phase 1.
        let events = try ReviewQueue.events(
            db, sql: "SELECT * FROM review_event WHERE task_key IN (SELECT key FROM review_task WHERE phase = 2) ORDER BY id")
        var rounds: [String: Int] = [:]
        for task in try ReviewTask.fetchAll(db, sql: "SELECT * FROM review_task WHERE phase = 2") {
            let state = TaskState.derive(task, events: events[task.key] ?? [], now: now)
            if state.status == .decided && state.resolved?.verdict == .questionBad { rounds[task.itemKey, default: 0] += 1 }
        }
        // Read by position (the order of the SELECT), row by row; the options' lists parsed and
        // the versions hashed afterwards, over the cores.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.item_key, a.category, a.question, a.options, a.answer_index, s.content_hash FROM augmented_question a
                JOIN source_item s ON s.key = a.item_key ORDER BY a.item_key
                """)
        typealias Stored = (item: String, category: String, text: String, options: String, answerIndex: Int, contentHash: String)
        var stored: [Stored] = []
        while let row = try rows.next() { stored.append((row[0], row[1], row[2], row[3], row[4], row[5])) }
        return try ParallelMap.tryMap(stored) { row in
            let options = try JSONList.strings(row.options, column: "augmented_question.options")
            let version = String(Digest.sha256(row.contentHash + "\u{0}" + options[row.answerIndex]).prefix(12))
            let round = rounds[row.item] ?? 0
            let key = ReviewTask.phaseOneKey(item: row.item, version: version) + (round > 0 ? "/r\(round)" : "")
            return Question(
                key: row.item, category: row.category, text: row.text, options: options, answerIndex: row.answerIndex, version: version,
                phaseOneKey: key, round: round)
        }
    }

    static func phaseTwoKey(_ question: Question, option: String) -> String {
        "p2:\(question.key)@\(question.version)/r\(question.round)#\(Digest.sha256(option).prefix(8))"
    }

    static func index(of letter: String) -> Int {
        OptionLetter.index(ofLetter: letter) ?? 0
    }

    /// Per MMLU item: how many filter models agree on the same wrong letter.
    static func priorities(_ db: Database) throws -> [String: Int] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT item_key, MAX(n) AS priority FROM (
                    SELECT item_key, letter, COUNT(*) AS n FROM filter_answer
                    WHERE status = 'ok' AND is_correct = 0 GROUP BY item_key, letter)
                GROUP BY item_key
                """)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["item_key"] as String, $0["priority"] as Int) })
    }
}
