import Foundation
import GRDB

/// Initial filtering of MMLU, and the 57 → 14 merge.
///
/// Reads the models' answers into the item × model matrix (`filter_answer`), then decides
/// every MMLU item (`filter_decision`): a split configured `drop` is dropped; a subject the
/// category table excludes is dropped; in a split configured `judge`, a question more than
/// `threshold` models answer correctly is dropped as too easy. An item whose outcome hangs on
/// missing answers is kept, dropped or held as `filter.missing` says. Every drop is also a
/// `removal` row.
public struct FilterStage: Stage {
    public static let name = StageName.filter
    public static let logicVersion = 1
    public static let tables = ["filter_decision", "filter_answer"]

    public init() {}

    /// The answer files, grouped by the configured source they came from.
    public struct Inputs: Sendable {
        var files: [(source: AnswerSource, files: [InputFile])]
        /// The JSON Lines answer files, parsed when read (so a broken one stops the build before
        /// any stage writes), by file path.
        var parsed: [String: [ModelAnswer]] = [:]
        /// The lm-evaluation-harness sample files, read and checked for shape, by file path.
        var samples: [String: (subject: String, samples: [LMEvalReader.Sample])] = [:]
        /// Prompt templates of the models answered live, by model.
        var liveTemplates: [String: PromptTemplate]
    }

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        struct Relevant: Encodable {
            var filter: FilterConfig
            var liveModels: [String: String]
        }
        let providers = configuration.pipeline.providers
        let live = configuration.pipeline.filter.live.mapValues { providers[$0.provider]?.identity ?? "" }
        return Digest.sha256(canonical: Relevant(filter: configuration.pipeline.filter, liveModels: live))
    }

    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String) {
        var groups: [(source: AnswerSource, files: [InputFile])] = []
        for source in configuration.pipeline.filter.answers {
            let paths =
                switch source.format {
                case .jsonl: [source.path]
                case .lmEval: try LMEvalReader.sampleFiles(in: source.path, configuration: configuration)
                }
            groups.append((source, try paths.map { try InputFile(source: .mmlu, path: $0, configuration: configuration) }))
        }
        var templates: [String: PromptTemplate] = [:]
        for (model, settings) in configuration.pipeline.filter.live {
            templates[model] = try PromptTemplate.load(settings.template, of: configuration, placeholders: Self.answerPlaceholders)
        }
        let digest = Digest.sha256(
            (groups.flatMap { $0.files.map { "\($0.path) \($0.sha256)" } }
                + templates.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.digest)" })
                .joined(separator: "\n"))
        var parsed: [String: [ModelAnswer]] = [:]
        var samples: [String: (subject: String, samples: [LMEvalReader.Sample])] = [:]
        let subjects = Set(configuration.categories.mmlu.keys)
        for group in groups {
            for file in group.files {
                switch group.source.format {
                case .jsonl: parsed[file.path] = try AnswerFileReader.read(file)
                case .lmEval: samples[file.path] = try LMEvalReader.parse(file, subjects: subjects)
                }
            }
        }
        return (Inputs(files: groups, parsed: parsed, samples: samples, liveTemplates: templates), digest)
    }

    /// An MMLU item as the filter sees it.
    struct Item: Sendable {
        var key: String
        var split: String
        var subject: String
        var category: String?
        var answer: String
        var question: String
        var options: [String]
    }

    public struct Work: Sendable {
        var items: [Item]
        var matrix: [String: [String: ModelAnswer]]
        var counts: StageCounts
    }

    /// Every MMLU item in key order: the columns used, read by position from a cursor.
    static func items(_ db: Database) throws -> [Item] {
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT key, split, subject, category, answer, question, options FROM source_item WHERE source = 'mmlu' ORDER BY key")
        var items: [Item] = []
        while let row = try rows.next() {
            items.append(
                Item(
                    key: row[0], split: row[1], subject: row[2], category: row[3], answer: row[4] ?? "", question: row[5],
                    options: try (row[6] as String?).map { try JSONList.strings($0, column: "source_item.options") } ?? []))
        }
        return items
    }

    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Work {
        let configuration = context.configuration
        let filter = configuration.pipeline.filter
        // Every MMLU item, so answer files may name any of them; the ones collect removed
        // (duplicates, missing figures) are not judged, and answers about them are ignored.
        let (all, removed) = try await context.writer.read { db in
            (
                try Self.items(db),
                Set(try String.fetchAll(db, sql: "SELECT item_key FROM removal WHERE stage = 'collect'"))
            )
        }
        let items = all.filter { !removed.contains($0.key) }
        var gold: [String: String] = [:]
        var questions: [String: (text: String, optionCount: Int)] = [:]
        for item in all {
            gold[item.key] = item.answer
            questions[item.key] = (item.question, item.options.count)
        }

        // 1. Answers from files.
        var matrix: [String: [String: ModelAnswer]] = [:]
        var counts: StageCounts = ["answers": 0, "unparsed": 0, "errors": 0, "ignored": 0, "live": 0]
        let panel = Set(filter.models)
        func add(_ answer: ModelAnswer) throws {
            var answer = answer
            guard let goldLetter = gold[answer.itemKey] else {
                throw InputError(
                    .unknownItem, at: answer.origin,
                    "expected the key of an MMLU item (mmlu/<split>/<subject>/<row>), found \"\(answer.itemKey)\"")
            }
            guard panel.contains(answer.model), !removed.contains(answer.itemKey) else {
                counts["ignored", default: 0] += 1
                return
            }
            if let earlier = matrix[answer.itemKey]?[answer.model] {
                throw InputError(
                    .duplicate, at: answer.origin,
                    "expected one answer per item and model, found a second for \(answer.itemKey) by \(answer.model) (first at \(earlier.origin))"
                )
            }
            answer.isCorrect = answer.status == .ok && answer.letter == goldLetter
            matrix[answer.itemKey, default: [:]][answer.model] = answer
            counts["answers", default: 0] += 1
            if answer.status == .unparsed { counts["unparsed", default: 0] += 1 }
            if answer.status == .error { counts["errors", default: 0] += 1 }
        }
        for group in inputs.files {
            for file in group.files {
                let answers =
                    switch group.source.format {
                    case .jsonl: inputs.parsed[file.path] ?? []
                    case .lmEval:
                        try inputs.samples[file.path].map { try LMEvalReader.answers($0, model: group.source.model!, questions: questions) }
                            ?? []
                    }
                for answer in answers { try add(answer) }
            }
        }

        // 2. Live answers, for the models served by a provider, where no file has one.
        for (model, settings) in filter.live.sorted(by: { $0.key < $1.key }) {
            let judged = items.filter { filter.splits[$0.split] == .judge && $0.category != nil && matrix[$0.key]?[model] == nil }
            let answers = try await Self.liveAnswers(
                judged, model: model, settings: settings, template: inputs.liveTemplates[model]!, context: context)
            for answer in answers { try add(answer) }
            counts["live", default: 0] += answers.count
        }
        return Work(items: items, matrix: matrix, counts: counts)
    }

    /// A model's answers to the `judged` items, asked live through its provider (an error is recorded as
    /// an answer with status `error`, never retried here).
    static func liveAnswers(
        _ judged: [Item], model: String, settings: GenerationConfig, template: PromptTemplate, context: StageContext
    ) async throws -> [ModelAnswer] {
        let gateway = try context.models.gateway(settings.provider, stage: Self.name, context: context)
        let requests = judged.map { Self.answerRequest($0, template: template, settings: settings, gateway: gateway) }
        let estimate = try await gateway.estimate(requests)
        context.report("filter: \(model) answers \(judged.count) questions live; \(estimate.summary)")
        try await gateway.checkBudget(estimate)
        return try await ConcurrentMap.map(
            Array(zip(judged, requests)), limit: gateway.provider.maxConcurrency,
            progress: context.progress("filter: \(model)", total: judged.count, gateway: gateway)
        ) {
            item, request in
            let origin = "live:\(settings.provider)"
            do {
                let reply = try await gateway.complete(request)
                if settings.scoring == .logprobs {
                    let letter = Self.mostLikelyLetter(reply.content, optionCount: item.options.count)
                    return ModelAnswer(
                        itemKey: item.key, model: model, origin: origin, rawOutput: reply.content, letter: letter,
                        status: letter == nil ? .unparsed : .ok)
                }
                return ModelAnswer(itemKey: item.key, model: model, origin: origin, rawOutput: reply.content)
            } catch ModelGatewayError.failed(_, let error) {
                return ModelAnswer(itemKey: item.key, model: model, origin: origin, rawOutput: "\(error)", letter: nil, status: .error)
            }
        }
    }

    /// The option letter most likely as the next token (`A`, ` A`, `(A` all count as `A`), from a
    /// completion's `top_logprobs`; nil when no letter of an option is among them.
    static func mostLikelyLetter(_ content: String, optionCount: Int) -> String? {
        guard let top = DistractorWriter.parseObject(content)?["top_logprobs"], case .object(let tokens) = top else { return nil }
        let letters = Set("ABCDEFGHIJ".prefix(optionCount).map(String.init))
        var best: (letter: String, logprob: Double)?
        for (token, value) in tokens {
            guard case .number(let logprob) = value else { continue }
            let letter = token.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "(")))
            guard letters.contains(letter) else { continue }
            if best == nil || logprob > best!.logprob || (logprob == best!.logprob && letter < best!.letter) {
                best = (letter, logprob)
            }
        }
        return best?.letter
    }

    /// The request asking a panel model to answer one question: a chat, or for `logprobs`
    /// scoring the template's text as one prompt whose next token is the answer letter.
    static func answerRequest(_ item: Item, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway) -> ChatRequest {
        let letters = Array("ABCDEFGHIJ")
        let options = item.options.enumerated().map { "\(letters[$0.offset]). \($0.element)" }.joined(separator: "\n")
        let subject = item.subject.replacingOccurrences(of: "_", with: " ")
        if settings.scoring == .logprobs {
            let prompt = template.render(["question": item.question, "options": options, "subject": subject]).map(\.content)
                .joined(separator: "\n\n")
            return ChatRequest(
                model: gateway.provider.modelName, messages: [], temperature: 0, maxTokens: 1, seed: settings.seed,
                task: .answer(.init(question: item.question, options: item.options)), prompt: prompt, logprobs: 20)
        }
        return ChatRequest(
            model: gateway.provider.modelName,
            messages: template.render(["question": item.question, "options": options, "subject": subject]),
            temperature: settings.temperature, maxTokens: settings.maxTokens, seed: settings.seed,
            task: .answer(.init(question: item.question, options: item.options)))
    }

    static let answerPlaceholders: Set<String> = ["question", "options", "subject"]

    public func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        let filter = configuration.pipeline.filter
        var counts = work.counts
        let matrix = work.matrix
        // The matrix, and a decision for every MMLU item.
        try db.clearOutput(of: Self.name, tables: Self.tables)
        // Rows written in batches, in the order one insert each would write them.
        try ModelAnswer.insertRows(
            matrix.sorted(by: { $0.key < $1.key }).flatMap { $0.value.sorted(by: { $0.key < $1.key }).map(\.value) }, db: db)
        var decisions: [FilterDecision] = []
        var removals: [Removal] = []
        for item in work.items {
            let key = item.key
            let decision = decide(
                key: key, split: item.split, subject: item.subject, category: item.category,
                answers: matrix[key] ?? [:], filter: filter)
            decisions.append(decision)
            if decision.outcome == .dropped {
                removals.append(Removal(stage: Self.name.rawValue, itemKey: key, reason: decision.reason.rawValue, detail: decision.detail))
            }
            counts[decision.outcome.rawValue, default: 0] += 1
            counts["\(decision.outcome.rawValue):\(decision.reason.rawValue)", default: 0] += 1
        }
        try FilterDecision.insertRows(decisions, db: db)
        try Removal.insertRows(removals, db: db)
        return counts
    }

    /// The filter's rule for one item.
    func decide(key: String, split: String, subject: String, category: String?, answers: [String: ModelAnswer], filter: FilterConfig)
        -> FilterDecision
    {
        func make(_ outcome: FilterDecision.Outcome, _ reason: FilterDecision.Reason, _ detail: String, correct: Int = 0, answered: Int = 0)
            -> FilterDecision
        {
            FilterDecision(
                itemKey: key, outcome: outcome, reason: reason, detail: detail, correct: correct, answered: answered,
                panel: filter.models.count)
        }
        let policy = filter.splits[split] ?? .drop
        if policy == .drop {
            return make(.dropped, .splitUnused, "the \(split) split is configured drop")
        }
        guard category != nil else {
            return make(.dropped, .excludedSubject, "\(subject) is excluded by the category table")
        }
        if policy == .keep {
            return make(.kept, .notJudged, "the \(split) split is configured keep")
        }
        if filter.models.isEmpty {
            return make(.kept, .notJudged, "no filter models configured")
        }
        let correctModels = filter.models.filter { answers[$0]?.isCorrect == true }
        let missingModels = filter.models.filter { answers[$0] == nil || answers[$0]?.status == .error }
        let answered = filter.models.count - missingModels.count
        let summary =
            "\(correctModels.count) of \(filter.models.count) correct"
            + (correctModels.isEmpty ? "" : " (\(correctModels.joined(separator: ", ")))")
            + (missingModels.isEmpty ? "" : "; no answer from \(missingModels.joined(separator: ", "))")
        if correctModels.count > filter.threshold {
            return make(.dropped, .tooEasy, summary + "; more than \(filter.threshold)", correct: correctModels.count, answered: answered)
        }
        if correctModels.count + missingModels.count > filter.threshold {
            let outcome: FilterDecision.Outcome =
                switch filter.missing {
                case .keep: .kept
                case .drop: .dropped
                case .hold: .held
                }
            return make(
                outcome, .missingAnswers, summary + "; the missing answers could push it over \(filter.threshold)",
                correct: correctModels.count, answered: answered)
        }
        return make(.kept, .passed, summary, correct: correctModels.count, answered: answered)
    }
}
