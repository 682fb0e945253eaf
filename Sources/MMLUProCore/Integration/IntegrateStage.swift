import Foundation
import GRDB

/// Question integration: TheoremQA, SciBench and STEM Website records that passed the
/// suitability rules become 4-option questions.
///
/// The answer: TheoremQA's as the source gives it; SciBench's LaTeX answer with its LaTeX unit;
/// the STEM Website's extracted by the model from the worked solution (the source's own answer
/// kept beside it), and an extraction that is empty, multi-part or disagrees with the source is
/// held or dropped (`integrate.on_bad_extraction`). Then the model writes 3 distractors.
public struct IntegrateStage: Stage {
    public static let name = StageName.integrate
    public static let logicVersion = 3
    public static let tables = ["integrate_hold", "integrated_question"]

    public init() {}

    public struct Inputs: Sendable {
        var distractorTemplate: PromptTemplate
        var extractionTemplate: PromptTemplate
    }

    /// The outcome for one item.
    struct Result: Sendable {
        var key: String
        var answer: String?
        var answerOrigin: IntegratedQuestion.AnswerOrigin
        var sourceAnswer: String?
        var options: [String] = []
        var shortfall = 0
        var proposals: [DistractorWriter.Proposal] = []
        /// Held or removed: (removed?, reason, detail).
        var stopped: (removed: Bool, reason: String, detail: String)?
    }

    public struct Work: Sendable {
        var results: [Result]
        var generator: String
        var templateVersion: String
    }

    static let extractionPlaceholders: Set<String> = ["question", "solution", "source_answer"]

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        struct Relevant: Encodable {
            var integrate: IntegrateConfig?
            var distractorModel: String?
            var extractionModel: String?
        }
        let integrate = configuration.pipeline.integrate
        let providers = configuration.pipeline.providers
        return Digest.sha256(
            canonical: Relevant(
                integrate: integrate, distractorModel: integrate.flatMap { providers[$0.distractors.provider]?.identity },
                extractionModel: integrate.flatMap { providers[$0.extraction.provider]?.identity }))
    }

    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String) {
        guard let integrate = configuration.pipeline.integrate else {
            throw PipelineStateError(message: "the integrate stage needs an `integrate:` section in \(configuration.path)")
        }
        let distractors = try PromptTemplate.load(
            integrate.distractors.template, of: configuration, placeholders: DistractorWriter.placeholders)
        let extraction = try PromptTemplate.load(
            integrate.extraction.template, of: configuration, placeholders: Self.extractionPlaceholders)
        return (
            Inputs(distractorTemplate: distractors, extractionTemplate: extraction), Digest.sha256(distractors.digest + extraction.digest)
        )
    }

    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Work {
        let configuration = context.configuration.pipeline.integrate!
        let items = try await context.writer.read { db in
            try SourceItem.fetchAll(
                db,
                sql: """
                    SELECT * FROM source_item WHERE source IN ('stemez', 'theoremqa', 'scibench')
                    AND key NOT IN (SELECT item_key FROM removal WHERE stage = 'collect') ORDER BY key
                    """)
        }
        let writer = DistractorWriter(
            gateway: try context.models.gateway(configuration.distractors.provider, stage: Self.name, context: context),
            template: inputs.distractorTemplate, settings: configuration.distractors)
        let extractor = try context.models.gateway(configuration.extraction.provider, stage: Self.name, context: context)
        // Siblings for the heuristic: other answers of the category, then MMLU options of it.
        let mmluOptions = try await context.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT category, options FROM source_item WHERE source = 'mmlu' AND category IS NOT NULL ORDER BY key"
            ).map { (category: $0["category"] as String, options: $0["options"] as String) }
        }
        var siblingPool = Dictionary(
            grouping: items.compactMap { item in Self.sourceAnswer(item).map { (item.category ?? "", $0) } }, by: \.0
        )
        .mapValues { $0.map(\.1) }
        for row in mmluOptions {
            let options = (try? JSONList.strings(row.options, column: "source_item.options")) ?? []
            siblingPool[row.category, default: []] += options
        }
        let pools = siblingPool
        // A fixed-size sample per item, chosen by its key: the heuristic needs a handful, not thousands.
        @Sendable func siblings(_ item: SourceItem) -> [String] {
            let pool = pools[item.category ?? ""] ?? []
            guard pool.count > 40 else { return pool }
            var generator = SplitMix64(seed: SeededShuffle.seed(item.key))
            return (0..<40).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }
        }

        // What the first round will send, and whether the budget allows it.
        let firstRequests = items.map { item -> ChatRequest in
            if item.source == .stemez { return extractionRequest(item, inputs.extractionTemplate, configuration.extraction, extractor) }
            let answer = Self.sourceAnswer(item) ?? ""
            return writer.firstRequest(
                question: item.question, answer: answer, options: [answer], count: 3, category: item.category ?? "",
                siblings: siblings(item))
        }
        let results = try await writer.gateway.run(
            items, firstRound: firstRequests, announcement: "integrate: \(items.count) questions; first round: ", progress: "integrate",
            context: context
        ) { item in
            try await integrate(
                item, writer: writer, extractor: extractor, configuration: configuration, template: inputs.extractionTemplate,
                siblings: siblings(item))
        }
        return Work(results: results, generator: writer.gateway.generatorName, templateVersion: inputs.distractorTemplate.version)
    }

    private func integrate(
        _ item: SourceItem, writer: DistractorWriter, extractor: ModelGateway, configuration: IntegrateConfig, template: PromptTemplate,
        siblings: [String]
    ) async throws -> Result {
        var result = Result(key: item.key, answer: Self.sourceAnswer(item), answerOrigin: .source, sourceAnswer: item.answer)
        if item.source == .stemez {
            result.answerOrigin = .extracted
            let (answer, problem) = try await extract(item, extractor: extractor, settings: configuration.extraction, template: template)
            result.answer = answer
            if let problem {
                result.stopped = (configuration.onBadExtraction == .drop, problem.reason, problem.detail)
                return result
            }
        }
        guard let answer = result.answer, !answer.isEmpty else {
            result.stopped = (true, "missing_answer", "no answer to build options around")
            return result
        }
        let outcome = try await writer.write(
            question: item.question, answer: answer, options: [answer], count: 3, category: item.category ?? "",
            siblings: siblings.filter { $0 != answer })
        result.options = [answer] + outcome.accepted
        result.shortfall = outcome.shortfall
        result.proposals = outcome.proposals
        return result
    }

    private func extractionRequest(_ item: SourceItem, _ template: PromptTemplate, _ settings: GenerationConfig, _ gateway: ModelGateway)
        -> ChatRequest
    {
        ChatRequest(
            model: gateway.provider.modelName,
            messages: template.render(["question": item.question, "solution": item.solution ?? "", "source_answer": item.answer ?? ""]),
            temperature: 0, maxTokens: settings.maxTokens, seed: settings.seed, responseFormat: .object(["type": .string("json_object")]),
            task: .extractAnswer(.init(question: item.question, solution: item.solution ?? "", sourceAnswer: item.answer)))
    }

    /// Asks for the short answer; re-asks (with another seed) when the reply does not parse.
    private func extract(_ item: SourceItem, extractor: ModelGateway, settings: GenerationConfig, template: PromptTemplate) async throws
        -> (
            String?, (reason: String, detail: String)?
        )
    {
        var request = extractionRequest(item, template, settings, extractor)
        for attempt in 0..<settings.attempts {
            request.seed = settings.seed + attempt
            let reply = try await extractor.complete(request)
            guard let object = DistractorWriter.parseObject(reply.content), let answer = object["answer"]?.string else {
                try await extractor.reject(reply, reason: "unparsable", detail: "expected a JSON object with an \"answer\" string")
                continue
            }
            let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return (nil, ("extraction_empty", "the model found no short answer in the solution")) }
            if AnswerChecks.isMultipart(trimmed) {
                return (trimmed, ("extraction_multipart", "extracted \"\(trimmed)\" has several parts"))
            }
            if let source = item.answer, AnswerChecks.isMultipart(source) {
                return (
                    trimmed, ("extraction_multipart", "the source's answer \"\(source)\" has several parts; extracted only \"\(trimmed)\"")
                )
            }
            if let source = item.answer, !source.isEmpty, !AnswerChecks.agrees(trimmed, with: source) {
                return (trimmed, ("extraction_disagrees", "extracted \"\(trimmed)\", the source says \"\(source)\""))
            }
            return (trimmed, nil)
        }
        return (nil, ("extraction_unparsed", "no parsable extraction in \(settings.attempts) attempts"))
    }

    /// The answer as an option, for the sources whose answer needs no model.
    static func sourceAnswer(_ item: SourceItem) -> String? {
        switch item.source {
        case .scibench: item.answer.map { SciBenchAnswer.option(latex: $0, unit: item.unit ?? "") }
        case .theoremqa, .stemez: item.answer?.trimmingCharacters(in: .whitespaces)
        case .mmlu: nil
        }
    }

    public func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        try db.clearOutput(of: Self.name, tables: Self.tables)
        var counts: StageCounts = ["questions": 0, "held": 0, "removed": 0, "short": 0]
        for result in work.results {
            try GeneratedOptions.insert(result.proposals, stage: Self.name, key: result.key, db: db)
            if let stopped = result.stopped {
                if stopped.removed {
                    try db.recordRemoval(by: Self.name, item: result.key, reason: stopped.reason, detail: stopped.detail)
                    counts["removed", default: 0] += 1
                } else {
                    try IntegrateHold(itemKey: result.key, reason: stopped.reason, detail: stopped.detail).insertRow(db)
                    counts["held", default: 0] += 1
                }
                counts["\(stopped.removed ? "removed" : "held"):\(stopped.reason)", default: 0] += 1
                continue
            }
            guard let answer = result.answer else {
                throw PipelineStateError(message: "\(result.key): integrated without an answer")
            }
            try IntegratedQuestion(
                itemKey: result.key, answer: answer, answerOrigin: result.answerOrigin, sourceAnswer: result.sourceAnswer,
                options: result.options, shortfall: result.shortfall, generator: work.generator, templateVersion: work.templateVersion
            ).insertRow(db)
            counts["questions", default: 0] += 1
            if result.shortfall > 0 { counts["short", default: 0] += 1 }
        }
        return counts
    }
}
