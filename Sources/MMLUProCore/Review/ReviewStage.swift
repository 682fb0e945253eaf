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
            try PromptTemplate.load(
                configuration.url($0.template), displayPath: configuration.display($0.template), placeholders: Self.judgePlaceholders)
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
    /// - Returns: The questions under review and the counts of what was recorded.
    static func openPhaseOne(_ files: [InputFile], review: ReviewConfig, now: Date, db: Database) throws -> ([Question], StageCounts) {
        var counts: StageCounts = ["imported": 0, "not_in_build": 0]
        let questions = try Self.questions(db, now: now)
        let priorities = try Self.priorities(db)
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO review_task (key, phase, item_key, version, category, priority, overlap, created_at)
                VALUES (?, 1, ?, ?, ?, ?, ?, ?)
                """)
        for question in questions {
            try insert.execute(arguments: [
                question.phaseOneKey, question.key, question.version, question.category, priorities[question.key] ?? 0, review.overlap,
                StageRun.timestamp(now),
            ])
        }
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
        return (questions, counts)
    }

    /// The planted defects of calibration tasks.
    enum Defect: String, CaseIterable {
        /// The key points at a wrong option: caught by `wrong_answer` with the real answer.
        case wrongKey = "wrong_key"
        /// A wrong option twice: caught by `remove`.
        case duplicateOption = "duplicate_option"
        /// The answer twice, once as a "wrong" option: caught by `remove`.
        case answerTwice = "answer_twice"
    }

    /// Opens a calibration task for the share `rate` of questions (chosen by a hash of the item,
    /// so the same ones on every build): the question with a planted defect, under a key of
    /// the same form as a real task's (`p1:ITEM@VERSION`, the version a hash of what it shows),
    /// with the question's priority. Never an outcome of the stage, so never released.
    /// - Returns: How many calibration tasks the build has.
    static func plantCalibration(
        _ questions: [Question], rate: Double, overlap: Int, priorities: [String: Int], now: Date, db: Database
    ) throws -> Int {
        let task = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO review_task (key, phase, item_key, version, category, priority, overlap, created_at)
                VALUES (?, 1, ?, ?, ?, ?, ?, ?)
                """)
        let row = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO calibration_task (task_key, item_key, defect, options, answer_index, catch_verdict, catch_answer)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        var planted = 0
        for question in questions where question.options.count >= 3 && question.round == 0 {
            let hash = SeededShuffle.seed(question.key + "\u{0}calibration")
            guard Double(hash % 1_000_000) / 1_000_000 < rate else { continue }
            let n = question.options.count
            let wrong = question.options.indices.filter { $0 != question.answerIndex }
            var options = question.options
            var answerIndex = question.answerIndex
            let defect = Defect.allCases[Int((hash >> 20) % 3)]
            var catchVerdict = ReviewDecision.Verdict.remove
            var catchAnswer: String?
            switch defect {
            case .wrongKey:
                answerIndex = wrong[Int((hash >> 24) % UInt64(wrong.count))]
                catchVerdict = .wrongAnswer
                catchAnswer = OptionLetter.letter(question.answerIndex)
            case .duplicateOption:
                let first = wrong[Int((hash >> 24) % UInt64(wrong.count))]
                let second = wrong.filter { $0 != first }[Int((hash >> 32) % UInt64(wrong.count - 1))]
                options[second] = options[first]
            case .answerTwice:
                options[wrong[Int((hash >> 24) % UInt64(wrong.count))]] = question.options[question.answerIndex]
            }
            _ = n
            let shown = Digest.canonicalJSON(options)
            let version = String(Digest.sha256(question.version + "\u{0}" + shown + "\u{0}\(answerIndex)").prefix(12))
            let key = ReviewTask.phaseOneKey(item: question.key, version: version)
            try task.execute(arguments: [
                key, question.key, version, question.category, priorities[question.key] ?? 0, overlap, StageRun.timestamp(now),
            ])
            try row.execute(arguments: [key, question.key, defect.rawValue, shown, answerIndex, catchVerdict.rawValue, catchAnswer])
            planted += 1
        }
        return planted
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

    /// Writes nothing: which questions the judge re-checks is worked out on phase 1 as
    /// ``run(_:configuration:db:)`` will leave it, in a transaction rolled back at once, so a
    /// run killed or refused while the judge works leaves the review tables as they were.
    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Work {
        let review = context.configuration.pipeline.review!
        guard let judgeSettings = review.judge, let template = inputs.judgeTemplate else {
            return Work(verdicts: nil, generator: "", files: inputs.files)
        }
        let now = Date()
        let accepted = try await context.writer.writeWithoutTransaction { db -> [(Question, Int)] in
            var accepted: [(Question, Int)] = []
            try db.inTransaction {
                let (questions, _) = try Self.openPhaseOne(inputs.files, review: review, now: now, db: db)
                accepted = Self.accepted(questions, states: try Self.states(db, now: now))
                return .rollback
            }
            return accepted
        }

        // Phase 2: the judge, for every question phase 1 accepted or corrected.
        let gateway = try context.models.gateway(judgeSettings.provider, stage: Self.name, context: context)
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

    static func judgeRequest(
        _ question: Question, answerIndex: Int, attempt: Int, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway
    ) -> ChatRequest {
        let letters = Array("ABCDEFGHIJ")
        let options = question.options.enumerated().map { "\(letters[$0.offset]). \($0.element)" }.joined(separator: "\n")
        return ChatRequest(
            model: gateway.provider.modelName,
            messages: template.render(["question": question.text, "options": options, "answer": String(letters[answerIndex])]),
            temperature: settings.temperature, maxTokens: settings.maxTokens, seed: settings.seed + attempt,
            responseFormat: .object(["type": .string("json_object")]),
            task: .judge(.init(question: question.text, options: question.options, answerIndex: answerIndex)))
    }

    /// Asks the judge; a reply that does not parse is recorded and asked again.
    static func judge(_ question: Question, answerIndex: Int, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway)
        async throws -> [Verdict]
    {
        for attempt in 0..<settings.attempts {
            let request = judgeRequest(
                question, answerIndex: answerIndex, attempt: attempt, template: template, settings: settings, gateway: gateway)
            let reply = try await gateway.complete(request)
            switch parseVerdicts(reply.content, optionCount: question.options.count, answerIndex: answerIndex) {
            case .success(let parsed):
                return parsed.map {
                    Verdict(
                        optionIndex: $0.index, couldBeCorrect: $0.couldBeCorrect, rationale: $0.rationale, requestHash: reply.requestHash)
                }
            case .failure(let rejection):
                try await gateway.reject(reply, reason: rejection.reason, detail: rejection.detail)
            }
        }
        return []
    }

    /// Why a judge reply is not used.
    struct JudgeRejection: Error {
        var reason: String
        var detail: String
    }

    /// The verdicts of a judge reply. Rejected, to be asked again, when it is not the JSON shape,
    /// names a letter that is not one of the question's (`K`, or `b` in lower case: never read as
    /// another option), or gives a verdict other than `could_be_correct` or `wrong`. A verdict
    /// on the answer itself is left out.
    static func parseVerdicts(_ content: String, optionCount: Int, answerIndex: Int)
        -> Result<[(index: Int, couldBeCorrect: Bool, rationale: String)], JudgeRejection>
    {
        guard let list = DistractorWriter.parseObject(content)?["verdicts"]?.array else {
            return .failure(JudgeRejection(reason: "unparsable", detail: "expected a JSON object with a \"verdicts\" array"))
        }
        let letters = (0..<optionCount).map { OptionLetter.letter($0) }
        var verdicts: [(index: Int, couldBeCorrect: Bool, rationale: String)] = []
        for entry in list {
            let named = entry["option"]?.string?.trimmingCharacters(in: CharacterSet(charactersIn: "() ")) ?? ""
            guard let index = letters.firstIndex(of: named) else {
                return .failure(
                    JudgeRejection(
                        reason: "bad_letter",
                        detail: "names option \"\(named)\"; the options are \(letters.first ?? "A") to \(letters.last ?? "A")"))
            }
            let verdict = entry["verdict"]?.string ?? ""
            guard verdict == "could_be_correct" || verdict == "wrong" else {
                return .failure(
                    JudgeRejection(reason: "bad_verdict", detail: "verdict \"\(verdict)\"; expected could_be_correct or wrong"))
            }
            if index == answerIndex { continue }
            verdicts.append((index, verdict == "could_be_correct", entry["rationale"]?.string ?? ""))
        }
        return .success(verdicts)
    }

    public func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        let review = configuration.pipeline.review!
        try db.clearOutput(of: Self.name, tables: Self.tables)
        let now = Date()
        let (questions, phaseOne) = try Self.openPhaseOne(work.files, review: review, now: now, db: db)
        var counts = phaseOne
        counts["tasks"] = questions.count

        // Phase 2 verdicts and tasks.
        let verdict = try db.cachedStatement(
            sql: """
                INSERT INTO judge_verdict (item_key, option_index, option_text, verdict, rationale, generator, request_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        let task = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO review_task (key, phase, item_key, option_text, version, category, priority, overlap, created_at)
                VALUES (?, 2, ?, ?, ?, ?, 0, ?, ?)
                """)
        var flagged: [String: [(index: Int, key: String)]] = [:]
        for question in questions {
            for item in work.verdicts?[question.key] ?? [] {
                let text = question.options[item.optionIndex]
                try verdict.execute(arguments: [
                    question.key, item.optionIndex, text, item.couldBeCorrect ? "could_be_correct" : "wrong", item.rationale,
                    work.generator,
                    item.requestHash,
                ])
                guard item.couldBeCorrect else { continue }
                let key = Self.phaseTwoKey(question, option: text)
                try task.execute(arguments: [
                    key, question.key, text, question.version, question.category, review.overlap, StageRun.timestamp(now),
                ])
                flagged[question.key, default: []].append((item.optionIndex, key))
                counts["flagged", default: 0] += 1
            }
        }

        // Decisions in the configured files about phase-2 tasks that did not exist before; the
        // lines about tasks this build does not have, over every file.
        var notInBuild = 0
        for file in work.files {
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

        // Outcomes.
        let states = try Self.states(db, now: now)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO reviewed_question (item_key, status, task_key, options, answer_index, detail, removed_options)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for question in questions {
            var outcome = Self.outcome(question, states: states, flags: flagged[question.key] ?? [])
            if let verdicts = work.verdicts, verdicts[question.key] == nil, outcome.status == "accepted" || outcome.status == "corrected" {
                // Decided in phase 1 while the judge was at work: phase 2 has not checked it.
                outcome = Outcome(
                    status: "pending", options: question.options, answerIndex: question.answerIndex,
                    detail: "phase 2 not run: phase 1 decided during this build's judging; build again")
            }
            if outcome.status == "removed", let reason = outcome.reason {
                try db.recordRemoval(by: Self.name, item: question.key, reason: reason, detail: outcome.detail)
            }
            try insert.execute(arguments: [
                question.key, outcome.status, question.phaseOneKey, Digest.canonicalJSON(outcome.options), outcome.answerIndex,
                outcome.detail,
                Digest.canonicalJSON(outcome.removed),
            ])
            counts[outcome.status, default: 0] += 1
        }
        return counts
    }

    struct Outcome {
        var status: String
        var options: [String]
        var answerIndex: Int
        var removed: [String] = []
        var detail: String
        var reason: String?
    }

    /// What the standing decisions make of a question.
    static func outcome(_ question: Question, states: [String: TaskState], flags: [(index: Int, key: String)]) -> Outcome {
        var outcome = Outcome(status: "pending", options: question.options, answerIndex: question.answerIndex, detail: "")
        guard let first = states[question.phaseOneKey], first.status == .decided, let decision = first.resolved else {
            outcome.detail = "phase 1 \(states[question.phaseOneKey]?.status.rawValue ?? "open")"
            return outcome
        }
        let who = first.adjudicator.map { "adjudicated by \($0)" } ?? first.decisions.keys.sorted().joined(separator: ", ")
        let note = decision.note.map { ": \($0)" } ?? ""
        switch decision.verdict {
        case .remove:
            outcome.status = "removed"
            outcome.reason = decision.reason!.rawValue
            outcome.detail = "\(decision.reason!.rawValue) (\(who))\(note)"
            return outcome
        case .wrongAnswer:
            let letters = Array("ABCDEFGHIJ")
            let new = index(of: decision.answer!)
            outcome.detail = "answer \(letters[question.answerIndex]) → \(letters[new]) (\(who))\(note)"
            outcome.answerIndex = new
            outcome.status = "corrected"
        case .ok:
            outcome.detail = "ok (\(who))"
            outcome.status = "accepted"
        default:
            outcome.detail = "phase 1 \(decision.verdict.rawValue)"
            return outcome
        }
        // Phase 2: every flagged option must be decided.
        var remove: Set<Int> = []
        for (index, key) in flags {
            guard let state = states[key], state.status == .decided, let second = state.resolved else {
                return Outcome(
                    status: "pending", options: question.options, answerIndex: question.answerIndex, detail: "phase 2 open: \(key)")
            }
            switch second.verdict {
            case .removeOption: remove.insert(index)
            case .questionBad:
                return Outcome(
                    status: "pending", options: question.options, answerIndex: question.answerIndex,
                    detail: "sent back to phase 1 by \(key)")
            default: break
            }
        }
        outcome.removed = remove.sorted().map { question.options[$0] }
        outcome.options = question.options.indices.filter { !remove.contains($0) }.map { question.options[$0] }
        outcome.answerIndex -= remove.filter { $0 < outcome.answerIndex }.count
        if !remove.isEmpty { outcome.detail += "; false negatives removed: \(outcome.removed.map { "\"\($0)\"" }.joined(separator: ", "))" }
        return outcome
    }

    /// The questions under review, with their version and round.
    static func questions(_ db: Database, now: Date) throws -> [Question] {
        let states = try states(db, now: now)
        let tasks = try ReviewTask.fetchAll(db, sql: "SELECT * FROM review_task WHERE phase = 2")
        var rounds: [String: Int] = [:]
        for task in tasks where states[task.key]?.status == .decided && states[task.key]?.resolved?.verdict == .questionBad {
            rounds[task.itemKey, default: 0] += 1
        }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT a.item_key, a.category, a.question, a.options, a.answer_index, s.content_hash FROM augmented_question a
                JOIN source_item s ON s.key = a.item_key ORDER BY a.item_key
                """
        ).map { row in
            let item: String = row["item_key"]
            let options = try JSONDecoder().decode([String].self, from: Data((row["options"] as String).utf8))
            let answerIndex: Int = row["answer_index"]
            let version = String(Digest.sha256((row["content_hash"] as String) + "\u{0}" + options[answerIndex]).prefix(12))
            let round = rounds[item] ?? 0
            let key = ReviewTask.phaseOneKey(item: item, version: version) + (round > 0 ? "/r\(round)" : "")
            return Question(
                key: item, category: row["category"], text: row["question"], options: options, answerIndex: answerIndex, version: version,
                phaseOneKey: key, round: round)
        }
    }

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
        // the decision, for a given overlap: derived once, recorded with two prepared
        // statements. A task with claims or releases goes the way a person's decision goes.
        let eventful = Set(try String.fetchAll(db, sql: "SELECT DISTINCT task_key FROM review_event"))
        let tasks = Dictionary(uniqueKeysWithValues: try ReviewTask.fetchAll(db, keys: pending).map { ($0.key, $0) })
        let at = StageRun.timestamp(now)
        if try String.fetchOne(db, sql: "SELECT name FROM reviewer WHERE name = ?", arguments: [automaticReviewer]) == nil {
            try db.execute(
                sql: "INSERT INTO reviewer (name, role, token_sha256, created_at) VALUES (?, 'reviewer', ?, ?)",
                arguments: [automaticReviewer, "automatic: no token, cannot sign in", at])
        }
        let decisionJSON = Digest.canonicalJSON(decision)
        var states: [Int: (before: String, after: String, status: String)] = [:]
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO review_event (at, reviewer, kind, task_key, decision, before, after, guideline_version, origin)
                VALUES (?, ?, 'decide', ?, ?, ?, ?, ?, 'automatic')
                """)
        let state = try db.cachedStatement(sql: "UPDATE review_task_state SET status = ? WHERE task_key = ?")
        var report = ReviewExchange.ImportReport()
        for key in pending {
            guard let task = tasks[key] else { continue }
            if eventful.contains(key) {
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
                    Digest.canonicalJSON(TaskState.derive(task, events: [], now: now)), Digest.canonicalJSON(after), after.status.rawValue
                )
            }
            let (before, after, status) = states[task.overlap]!
            try insert.execute(arguments: [at, automaticReviewer, key, decisionJSON, before, after, guidelineVersion])
            try state.execute(arguments: [status, key])
            report.recorded += 1
        }
        return report.recorded
    }

    static func phaseTwoKey(_ question: Question, option: String) -> String {
        "p2:\(question.key)@\(question.version)/r\(question.round)#\(Digest.sha256(option).prefix(8))"
    }

    static func states(_ db: Database, now: Date) throws -> [String: TaskState] {
        let events = try ReviewQueue.events(db)
        var states: [String: TaskState] = [:]
        for task in try ReviewTask.fetchAll(db) {
            states[task.key] = TaskState.derive(task, events: events[task.key] ?? [], now: now)
        }
        return states
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
