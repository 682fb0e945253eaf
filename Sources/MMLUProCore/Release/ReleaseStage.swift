import Foundation
import GRDB

/// Release: the JSON test and validation split in the published schema.
///
/// Every question that review accepted or corrected gets a question id from the registry
/// (`question_id`: given once, kept forever, never reused; new ids in category blocks). The
/// validation split is 5 MMLU dev questions per category, each with a rationale from the
/// configured files or a model; with neither, it is left out and the manifest says why. The
/// release gates then check every record; a failing gate refuses the release and names every
/// failing question, unless a recorded waiver covers it. The files are written atomically to
/// `<output>/<version>/`, which is never overwritten with other content.
///
/// Questions that are built but not released (validation surplus, no rationale) are recorded in
/// `removal` with the reason.
public struct ReleaseStage: Stage {
    public static let name = StageName.release
    public static let logicVersion = 2
    public static let tables = ["released_question", "release_waiver", "validation_rationale"]

    public init() {}

    public struct Inputs: Sendable {
        /// Rationales by item key (`jsonl` files).
        var rationales: [String: Rationale]
        /// Exemplars to match to dev questions (`cot-prompts` files), and the least similarity.
        var exemplars: [Exemplar] = []
        var minSimilarity = 0.9
        var waivers: [Waiver]
        var template: PromptTemplate?
        /// Digests of every input file, by configuration-relative path, for the manifest.
        var files: [String: String]
    }

    public struct Work: Sendable {
        var inputs: Inputs
        /// Rationales written by the model, by item key.
        var written: [String: Rationale]
        var generator: String?
    }

    static let rationalePlaceholders: Set<String> = ["question", "options", "answer"]

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        struct Relevant: Encodable {
            var release: ReleaseConfig?
            var categories: [String]
            var reviewed: Bool
            var rationaleModel: String?
        }
        let release = configuration.pipeline.release
        return Digest.sha256(
            canonical: Relevant(
                release: release, categories: configuration.categories.categories,
                reviewed: configuration.pipeline.stages.contains(.review),
                rationaleModel: release?.rationaleModel.flatMap { configuration.pipeline.providers[$0.provider]?.identity }))
    }

    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String) {
        guard let release = configuration.pipeline.release else {
            throw PipelineStateError(message: "the release stage needs a `release:` section in \(configuration.path)")
        }
        var rationales: [String: Rationale] = [:]
        var exemplars: [Exemplar] = []
        var files: [String: String] = [:]
        for source in release.rationales {
            let file = try InputFile(source: .mmlu, path: source.path, configuration: configuration)
            files[source.path] = file.sha256
            if source.format == .cotPrompts {
                exemplars += try Exemplars.read(file)
                continue
            }
            for (key, rationale) in try Rationale.read(file) {
                guard rationales[key] == nil else {
                    throw InputError(.duplicate, at: rationale.origin, "expected one rationale per item, found \(key) in two files")
                }
                rationales[key] = rationale
            }
        }
        var waivers: [Waiver] = []
        for path in release.waivers {
            let file = try InputFile(source: .mmlu, path: path, configuration: configuration)
            files[path] = file.sha256
            waivers += try Waiver.read(file)
        }
        let template = try release.rationaleModel.map {
            try PromptTemplate.load($0.template, of: configuration, placeholders: Self.rationalePlaceholders)
        }
        let configText = try SourceText.read(URL(fileURLWithPath: configuration.path), displayPath: configuration.path)
        files[(configuration.path as NSString).lastPathComponent] = Digest.sha256(configText)
        let digest = Digest.sha256(
            (files.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" } + [template?.digest ?? ""]).joined(separator: "\n"))
        let minSimilarity = release.rationales.filter { $0.format == .cotPrompts }.map(\.minSimilarity).min() ?? 0.9
        return (
            Inputs(
                rationales: rationales, exemplars: exemplars, minSimilarity: minSimilarity, waivers: waivers, template: template,
                files: files),
            digest
        )
    }

    /// The other releases in the store (the diff is against one of them, and imported ones
    /// reserve ids), and whether this version's folder still holds what was published.
    public func stateDigest(_ db: Database, configuration: BuildConfiguration) throws -> String {
        guard let release = configuration.pipeline.release else { return "" }
        let versions = try Row.fetchAll(
            db, sql: "SELECT version, manifest_sha256 FROM release_version WHERE version <> ? ORDER BY version",
            arguments: [release.version])
        var state = versions.map { "\($0[0] as String) \($0[1] as String)" }
        if let published = try String.fetchOne(
            db, sql: "SELECT manifest_sha256 FROM release_version WHERE version = ?", arguments: [release.version])
        {
            let manifest = configuration.url(release.folder).appendingPathComponent("manifest.json")
            let onDisk = (try? Data(contentsOf: manifest)).map(Digest.sha256) ?? "missing"
            // Nothing to say while the folder holds what was published; a rerun otherwise.
            if onDisk != published { state.append("folder: \(onDisk)") }
        }
        return Digest.sha256(state.joined(separator: "\n"))
    }

    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Work {
        let release = context.configuration.pipeline.release!
        guard let settings = release.rationaleModel, let template = inputs.template else {
            return Work(inputs: inputs, written: [:], generator: nil)
        }
        // The model writes rationales for the validation candidates the files do not cover.
        let (all, matched) = try await context.writer.read { db in
            (
                try Self.candidates(db, reviewed: context.configuration.pipeline.stages.contains(.review)),
                try Self.matchExemplars(inputs, db: db).matches
            )
        }
        let candidates = all.filter { $0.split == "validation" && inputs.rationales[$0.key] == nil && matched[$0.key] == nil }
        let gateway = try context.models.gateway(settings.provider, stage: Self.name, context: context)
        let requests = candidates.map { Self.rationaleRequest($0, attempt: 0, template: template, settings: settings, gateway: gateway) }
        let results = try await gateway.run(
            candidates, firstRound: requests, announcement: "release: the model writes \(candidates.count) rationales; ",
            progress: "release: rationales", context: context
        ) { candidate in
            (candidate.key, try await Self.writeRationale(candidate, template: template, settings: settings, gateway: gateway))
        }
        var written: [String: Rationale] = [:]
        for (key, rationale) in results { written[key] = rationale }
        return Work(inputs: inputs, written: written.compactMapValues { $0 }, generator: gateway.generatorName)
    }

    static func rationaleRequest(
        _ candidate: Candidate, attempt: Int, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway
    ) -> ChatRequest {
        let options = candidate.options.enumerated().map { "\(OptionLetter.letter($0.offset)). \($0.element)" }.joined(separator: "\n")
        return ChatRequest(
            model: gateway.provider.modelName,
            messages: template.render([
                "question": candidate.question, "options": options, "answer": OptionLetter.letter(candidate.answerIndex),
            ]),
            temperature: settings.temperature, maxTokens: settings.maxTokens, seed: settings.seed + attempt)
    }

    /// Asks for a rationale; one of the wrong shape, or concluding with another letter, is
    /// recorded as rejected and asked again. Nil when every attempt failed.
    static func writeRationale(_ candidate: Candidate, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway)
        async throws -> Rationale?
    {
        let letter = OptionLetter.letter(candidate.answerIndex)
        for attempt in 0..<settings.attempts {
            let request = rationaleRequest(candidate, attempt: attempt, template: template, settings: settings, gateway: gateway)
            let reply = try await gateway.complete(request)
            let text = reply.content.trimmingCharacters(in: .whitespacesAndNewlines)
            switch Rationale.conclusion(text) {
            case letter?:
                return Rationale(text: text, origin: "model:\(reply.requestHash ?? "unstored")")
            case let other?:
                try await gateway.reject(reply, reason: "wrong_conclusion", detail: "concludes (\(other)), the answer is (\(letter))")
            case nil:
                try await gateway.reject(
                    reply, reason: "wrong_shape", detail: "expected \"\(Rationale.opening) ... The answer is (\(letter)).\"")
            }
        }
        return nil
    }

    // MARK: - Run

    public func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        let release = configuration.pipeline.release!
        try db.clearOutput(of: Self.name, tables: Self.tables)
        let reviewed = configuration.pipeline.stages.contains(.review)
        let candidates = try Self.candidates(db, reviewed: reviewed)
        var counts: StageCounts = [:]
        func remove(_ key: String, _ reason: String, _ detail: String) throws {
            try db.recordRemoval(by: Self.name, item: key, reason: reason, detail: detail)
            counts["removed", default: 0] += 1
        }

        // Waivers, recorded.
        for waiver in work.inputs.waivers { try waiver.insert(db) }

        // The validation split: N per category with a rationale that concludes with the answer.
        let hasSource = !release.rationales.isEmpty || release.rationaleModel != nil
        let exemplars = try Self.matchExemplars(work.inputs, db: db)
        counts["exemplars_unmatched"] = exemplars.unmatched.count
        counts["exemplars_repeated"] = exemplars.repeated.count
        let (validation, shortCategories) = try Self.validationSplit(
            candidates, work: work, exemplars: exemplars, configuration: configuration, db: db, remove: remove)
        let test = candidates.filter { $0.split == "test" }
        let selected = validation + test

        // Question ids, then the records.
        let ids = try QuestionIDRegistry.assign(
            selected, categoryOrder: configuration.categories.categories, version: release.version, db: db)
        var entries: [(candidate: Candidate, record: ReleaseRecord)] = selected.map { candidate in
            (
                candidate,
                ReleaseRecord(
                    questionID: ids[candidate.key]!, question: candidate.question, options: candidate.options,
                    answerIndex: candidate.answerIndex, cotContent: candidate.cotContent, category: candidate.category,
                    src: candidate.src)
            )
        }
        entries.sort { ($0.record.questionID) < ($1.record.questionID) }

        // The gates.
        // The gates, then the shortcut report (each spreads its own work over the cores; both
        // at once would pass 200 MB).
        let gates = ReleaseGates(preview: release.preview, waivers: work.inputs.waivers)
        let verdict = gates.evaluate(entries.map { ($0.candidate.key, $0.candidate.split, $0.candidate.reviewState, $0.record) })
        guard verdict.failures.isEmpty else { throw ReleaseRefused(version: release.version, failures: verdict.failures) }
        let shortcuts = Shortcuts.run(entries.filter { $0.candidate.split == "test" }.map(\.record))
        let exceeded = ReleaseGates.shortcutFailures(shortcuts, limits: release.shortcutGates)
        guard exceeded.isEmpty else { throw ShortcutGatesRefused(version: release.version, failures: exceeded) }

        // The files, the archive and the released questions.
        let output = try ReleaseBuilder(
            configuration: configuration, release: release, entries: entries, validationOmitted: hasSource ? nil : Self.noRationaleReason,
            shortCategories: shortCategories, verdict: verdict, inputFiles: work.inputs.files, rationaleGenerator: work.generator,
            shortcuts: shortcuts
        ).build(db)
        try ReleaseArchive.publish(output, release: release, configuration: configuration, db: db)
        try ReleasedQuestion.insertRows(
            output.records.map { record in
                guard let split = ReleasedQuestion.Split(rawValue: record.split) else {
                    throw PipelineStateError(message: "\(record.itemKey): split \(record.split) is neither test nor validation")
                }
                return ReleasedQuestion(itemKey: record.itemKey, questionId: record.questionID, split: split, sha256: record.sha256)
            }, db: db)
        counts["test"] = test.count
        counts["validation"] = validation.count
        counts["waived"] = verdict.waived.count
        counts["removed"] = counts["removed"] ?? 0
        return counts
    }

    /// Every question still in the build after review, by item key.
    static func candidates(_ db: Database, reviewed: Bool) throws -> [Candidate] {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.item_key, a.split, a.category, a.src, s.source, a.question, a.options, a.answer_index,
                       r.status, r.options AS reviewed_options, r.answer_index AS reviewed_answer, r.detail
                FROM augmented_question a JOIN source_item s ON s.key = a.item_key
                LEFT JOIN reviewed_question r ON r.item_key = a.item_key
                WHERE r.status IS NULL OR r.status <> 'removed'
                ORDER BY a.item_key
                """)
        // Questions an unattended review decided (no person looked at them).
        let automatic = Set(
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT t.item_key FROM review_event e JOIN review_task t ON t.key = e.task_key
                    WHERE e.kind = 'decide' AND e.reviewer = ?
                    """, arguments: [ReviewStage.automaticReviewer]))
        // Read by position (the order of the SELECT above), row by row; the options' JSON is
        // read afterwards over the cores.
        var read:
            [(
                key: String, split: String, category: String, src: String, source: String, question: String, options: String,
                answerIndex: Int, reviewState: String, reviewDetail: String
            )] = []
        while let row = try rows.next() {
            let status: String? = row[8]
            if reviewed && status == nil { continue }
            let key: String = row[0]
            let reviewState =
                automatic.contains(key) && (status == "accepted" || status == "corrected") ? "automatic" : status ?? "unreviewed"
            read.append((key, row[1], row[2], row[3], row[4], row[5], row[9] ?? row[6], row[10] ?? row[7], reviewState, row[11] ?? ""))
        }
        return try ParallelMap.tryMap(read) { row in
            Candidate(
                key: row.key, split: row.split, category: row.category, src: row.src, source: row.source, question: row.question,
                options: try JSONList.strings(row.options, column: "reviewed_question.options"), answerIndex: row.answerIndex,
                reviewState: row.reviewState, reviewDetail: row.reviewDetail)
        }
    }
}
