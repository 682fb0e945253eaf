import Foundation
import GRDB

/// Option augmentation: every question of the build (MMLU questions the filter kept, and the
/// integrated 4-option questions) gets distractors from the model until it has
/// `augment.options` (10), each validated and regenerated as needed. Options are then shuffled
/// with a seed derived from the item key, so a rebuild gives the same order, except in a
/// question whose own options refer to others by position ("all of the above", "A and C"):
/// those keep their order and are flagged for review.
public struct AugmentStage: Stage {
    public static let name = StageName.augment
    public static let logicVersion = 3
    public static let tables = ["augment_flag", "augmented_question"]

    public init() {}

    /// A question entering the stage.
    struct Question: Sendable {
        var key: String
        var split: String
        var category: String
        var src: String
        var subject: String
        var text: String
        var options: [String]
        var origins: [String]
        var answerIndex: Int
    }

    struct Result: Sendable {
        var question: Question
        var options: [String]
        var origins: [String]
        var answerIndex: Int
        var shuffled: Bool
        var shortfall: Int
        var proposals: [DistractorWriter.Proposal]
        var flags: [(reason: String, detail: String)]
    }

    public struct Work: Sendable {
        /// In the order of the questions. The heuristic generator's arrive while the stage
        /// writes the first ones; a model's are all there (stored) before the stage writes.
        var results: ArrivingResults<Result>
        /// Questions left out by `augment.limit` (a trial run).
        var skipped: [String] = []
        var generator: String
        var templateVersion: String
    }

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        struct Relevant: Encodable {
            var augment: AugmentConfig?
            var model: String?
        }
        let augment = configuration.pipeline.augment
        return Digest.sha256(
            canonical: Relevant(
                augment: augment, model: augment.flatMap { configuration.pipeline.providers[$0.generation.provider]?.identity }))
    }

    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: PromptTemplate, digest: String) {
        guard let augment = configuration.pipeline.augment else {
            throw PipelineStateError(message: "the augment stage needs an `augment:` section in \(configuration.path)")
        }
        let template = try PromptTemplate.load(
            augment.generation.template, of: configuration, placeholders: DistractorWriter.placeholders)
        return (template, template.digest)
    }

    public func prepare(_ template: PromptTemplate, context: StageContext) async throws -> Work {
        let configuration = context.configuration.pipeline.augment!
        let pool = try await context.writer.read { db in try Self.pool(db) }
        let questions = configuration.limit.map { Array(pool.prefix($0)) } ?? pool
        let skipped = pool.dropFirst(questions.count).map(\.key)
        var writer = DistractorWriter(
            gateway: try context.models.gateway(configuration.generation.provider, stage: Self.name, context: context), template: template,
            settings: configuration.generation)
        writer.usage = Self.usage(pool)
        writer.maxUses = configuration.maxReuse
        let maxLends = max(configuration.maxReuse - 1, 0)
        let material = try await ParallelMap.offload { Self.material(questions, maxLends: maxLends) }

        let first = zip(questions, material).map { question, material in
            writer.firstRequest(
                question: question.text, answer: question.options[question.answerIndex], options: question.options,
                count: max(0, configuration.options - question.options.count), category: question.category,
                siblings: material.siblings, vocabulary: material.vocabulary, vocabularyFromOptions: material.vocabularyFromOptions)
        }
        let items = Array(zip(questions.indices, zip(questions, material)))
        let generate = { @Sendable [writer] (put: @escaping @Sendable (Int, Result) -> Void) async throws -> [Result] in
            try await writer.gateway.run(
                items, firstRound: first, announcement: "augment: \(questions.count) questions; first round: ", progress: "augment",
                context: context
            ) { index, item in
                // Stopped when the stage's transaction gave up on the results.
                try Task.checkCancellation()
                let result = try await augment(item.0, writer: writer, target: configuration.options, material: item.1)
                put(index, result)
                return result
            }
        }
        // The heuristic's options have nothing to be stored before they are used: the stage's
        // transaction writes them as they are made, one core writing while the other generates.
        // (So the heuristic must not use the store: the writer is busy until it is done.) A
        // model's replies are all stored first, and the transaction opens once they are.
        let results =
            writer.gateway.isHeuristic
            ? ArrivingResults(count: questions.count) { put in _ = try await generate(put) }
            : ArrivingResults(try await generate { _, _ in })
        return Work(results: results, skipped: skipped, generator: writer.gateway.generatorName, templateVersion: template.version)
    }

    private func augment(_ question: Question, writer: DistractorWriter, target: Int, material: Material) async throws -> Result {
        let answer = question.options[question.answerIndex]
        // Which options refer to others, each option read once.
        let sourceMeta = question.options.map(OptionValidator.isMetaOption)
        let positional = question.options.indices.filter { sourceMeta[$0] }.map { question.options[$0] }
        // "All of the above" / "None of the above" refer to the set, not to letters: the other
        // options are shuffled and these stay last, where "above" still means every other one.
        // An answer "All of the above" would be made wrong by any option added: none is.
        let setOnly = !positional.isEmpty && positional.allSatisfy(OptionValidator.isSetReference)
        let answerIsAll = setOnly && OptionValidator.isSetReference(answer) && answer.lowercased().hasPrefix("all")
        let want = answerIsAll ? 0 : max(0, target - question.options.count)
        let outcome =
            want == 0
            ? DistractorWriter.Outcome(accepted: [], proposals: [], shortfall: 0)
            : try await writer.write(
                question: question.text, answer: answer, options: question.options, count: want, category: question.category,
                siblings: material.siblings, vocabulary: material.vocabulary, vocabularyFromOptions: material.vocabularyFromOptions)
        var options = question.options + outcome.accepted
        var origins = question.origins + outcome.accepted.map { _ in "augment" }
        var answerIndex = question.answerIndex
        var flags: [(String, String)] = []
        let listed = positional.map { "\"\($0)\"" }.joined(separator: ", ")
        if positional.isEmpty || setOnly {
            // Shuffle the options that are not set references; those follow, in source order.
            let meta = sourceMeta + outcome.accepted.map(OptionValidator.isMetaOption)
            let movable = options.indices.filter { !meta[$0] }
            let last = options.indices.filter { meta[$0] }
            let order = SeededShuffle.permutation(count: movable.count, key: question.key).map { movable[$0] } + last
            options = order.map { options[$0] }
            origins = order.map { origins[$0] }
            answerIndex = order.firstIndex(of: answerIndex)!
            if setOnly {
                flags.append(
                    (
                        "positional_meta_option",
                        "kept last: \(listed)" + (answerIsAll ? "; the answer refers to all the others, so no option was added" : "")
                    ))
            }
        } else {
            flags.append(("positional_meta_option", "kept in source order: \(listed)"))
        }
        if outcome.shortfall > 0 {
            flags.append(("short_of_options", "\(options.count) of \(target) options after \(writer.settings.attempts) attempts"))
        }
        return Result(
            question: question, options: options, origins: origins, answerIndex: answerIndex, shuffled: positional.isEmpty || setOnly,
            shortfall: outcome.shortfall, proposals: outcome.proposals, flags: flags)
    }

    /// The heuristic's raw material for one question: words of the most similar questions of
    /// its subject, and options of theirs shaped like its own.
    struct Material: Sendable {
        var siblings: [String]
        var vocabulary: [String]
        /// How many of the vocabulary's first words come from options (answer-shaped).
        var vocabularyFromOptions: Int
    }

    /// In how many questions each normalised option text is an option.
    static func usage(_ questions: [Question]) -> [String: Int] {
        let normalized = ParallelMap.map(questions) { $0.options.map(OptionValidator.normalized) }
        var usage: [String: Int] = [:]
        usage.reserveCapacity(questions.count * 4)
        for options in normalized {
            // A text twice in one question counts once (a few options: compared in turn, not hashed into a set).
            for index in options.indices where !options[..<index].contains(options[index]) { usage[options[index], default: 0] += 1 }
        }
        return usage
    }

    /// Material for every question, in key order: neighbours by TF-IDF within the subject;
    /// sibling options of the same kind (number or text), length band, capital and full stop as
    /// the question's own, each lent to at most `maxLends` questions.
    static func material(_ questions: [Question], maxLends: Int) -> [Material] {
        let neighbours = Neighbours(
            questions.map { .init(key: $0.key, group: $0.subject, text: $0.text, options: $0.options) })
        // Each option's shape, read once: its text, words, number or not, capital, full stop.
        struct Shape {
            var text: String
            var words: Int
            var numeric: Bool
            var capital: Bool
            var stop: Bool
        }
        let shapes = ParallelMap.map(questions) { question in
            question.options.map { option -> Shape in
                let text = OptionValidator.normalized(option)
                return Shape(
                    // Normalised ASCII text: its words are its spaces and one.
                    text: text,
                    words: text.utf8.allSatisfy { $0 < 0x80 }
                        ? (text.isEmpty ? 0 : text.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 }) : text.split(separator: " ").count,
                    numeric: OfflineGenerator.isNumeric([text]),
                    capital: text.first?.isUppercase == true, stop: text.hasSuffix("."))
            }
        }
        // The siblings are lent in key order.
        let vocabularies = questions.indices.map { neighbours.vocabulary($0) }
        var lent: [String: Int] = [:]
        return questions.indices.map { index in
            let own = shapes[index]
            let numeric = own.allSatisfy(\.numeric)
            let (fewest, most) = (own.map(\.words).min() ?? 1, own.map(\.words).max() ?? 1)
            let capital = own.filter(\.capital).count * 2 >= own.count
            let stop = own.filter(\.stop).count * 2 >= own.count
            var siblings: [String] = []
            for neighbour in neighbours.nearest[index] where siblings.count < 6 {
                for shape in shapes[neighbour] where siblings.count < 6 {
                    // The shape first, the count of loans (a lookup by text) last.
                    guard shape.numeric == numeric, shape.words * 2 >= fewest, shape.words <= most * 3 / 2 + 1,
                        shape.capital == capital, shape.stop == stop, !own.contains(where: { $0.text == shape.text }),
                        !siblings.contains(shape.text), lent[shape.text, default: 0] < maxLends
                    else { continue }
                    siblings.append(shape.text)
                    lent[shape.text, default: 0] += 1
                }
            }
            let vocabulary = vocabularies[index]
            return Material(siblings: siblings, vocabulary: vocabulary.words, vocabularyFromOptions: vocabulary.fromOptions)
        }
    }

    /// The questions entering augmentation, in key order.
    static func pool(_ db: Database) throws -> [Question] {
        var questions: [Question] = []
        // The columns used, read by position (the order of the SELECT) from a cursor.
        let mmlu = try Row.fetchCursor(
            db,
            sql: """
                SELECT s.key, s.split, s.subject, s.category, s.question, s.options, s.answer
                FROM source_item s JOIN filter_decision d ON d.item_key = s.key
                WHERE d.outcome = 'kept' AND s.source = 'mmlu' AND s.category IS NOT NULL ORDER BY s.key
                """)
        while let row = try mmlu.next() {
            let options = try (row[5] as String?).map { try JSONList.strings($0, column: "source_item.options") } ?? []
            guard let answer = row[6] as String?, let answerIndex = OptionLetter.index(ofLetter: answer) else { continue }
            let split = row[1] as String == "test" ? "test" : "validation"
            let subject: String = row[2]
            questions.append(
                Question(
                    key: row[0], split: split, category: row[3], src: "\(split == "test" ? "ori_mmlu" : "cot_lib")-\(subject)",
                    subject: subject, text: row[4], options: options, origins: options.map { _ in "source" }, answerIndex: answerIndex))
        }
        let integrated = try Row.fetchAll(
            db,
            sql: """
                SELECT s.key, s.source, s.subject, s.category, s.question, i.options, i.answer_origin FROM integrated_question i
                JOIN source_item s ON s.key = i.item_key ORDER BY s.key
                """)
        for row in integrated {
            let source = Source(rawValue: row["source"])!
            let subject: String = row["subject"]
            let options = try JSONList.strings(row["options"], column: "integrated_question.options")
            let prefix = ["stemez": "stemez", "theoremqa": "theoremQA", "scibench": "scibench"][source.rawValue]!
            questions.append(
                Question(
                    key: row["key"], split: "test", category: row["category"], src: "\(prefix)-\(subject)", subject: subject,
                    text: row["question"], options: options, origins: [row["answer_origin"]] + options.dropFirst().map { _ in "integrate" },
                    answerIndex: 0))
        }
        return questions.sorted { $0.key < $1.key }
    }

    public func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        try db.clearOutput(of: Self.name, tables: Self.tables)
        var counts: StageCounts = ["questions": 0, "short": 0, "unshuffled": 0]
        for key in work.skipped {
            let detail = "a trial run: augment.limit takes the first \(configuration.pipeline.augment?.limit ?? 0) questions by key"
            try db.recordRemoval(by: Self.name, item: key, reason: "not_sampled", detail: detail)
            counts["removed:not_sampled", default: 0] += 1
        }
        // Rows written in batches, in the order of the questions, as their results arrive.
        var proposals: [GeneratedOption] = []
        var augmented: [AugmentedQuestion] = []
        var flags: [AugmentFlag] = []
        func flush() throws {
            try GeneratedOption.insertRows(proposals, db: db)
            try AugmentedQuestion.insertRows(augmented, db: db)
            try AugmentFlag.insertRows(flags, db: db)
            (proposals, augmented, flags) = ([], [], [])
        }
        // A failed write stops the generation (once it is done, this does nothing).
        defer { work.results.cancel() }
        for index in 0..<work.results.count {
            if augmented.count == 512 { try flush() }
            let result = try work.results.take(index)
            let question = result.question
            proposals += GeneratedOptions.rows(result.proposals, stage: Self.name, key: question.key)
            guard result.options.count >= 3 else {
                let detail =
                    "only \(result.options.count) option(s) after \(configuration.pipeline.augment?.generation.attempts ?? 0) attempts"
                try db.recordRemoval(by: Self.name, item: question.key, reason: "too_few_options", detail: detail)
                counts["removed:too_few_options", default: 0] += 1
                continue
            }
            guard let split = AugmentedQuestion.Split(rawValue: question.split) else {
                throw PipelineStateError(message: "\(question.key): split \(question.split) is neither test nor validation")
            }
            augmented.append(
                AugmentedQuestion(
                    itemKey: question.key, split: split, category: question.category, src: question.src, question: question.text,
                    options: result.options, answerIndex: result.answerIndex, optionOrigins: result.origins, shuffled: result.shuffled,
                    shortfall: result.shortfall, generator: work.generator, templateVersion: work.templateVersion))
            flags += result.flags.map { AugmentFlag(itemKey: question.key, reason: $0.reason, detail: $0.detail) }
            counts["questions", default: 0] += 1
            counts["\(question.split)", default: 0] += 1
            if result.shortfall > 0 { counts["short", default: 0] += 1 }
            if !result.shuffled { counts["unshuffled", default: 0] += 1 }
        }
        try flush()
        return counts
    }
}
