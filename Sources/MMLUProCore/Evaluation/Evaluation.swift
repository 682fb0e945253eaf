import Foundation
import GRDB

/// The difficulty check the paper makes: a model's accuracy on a release's 10-option questions
/// against its accuracy on the same questions with their original 4 MMLU options, by MMLU-Pro's
/// own protocol. If the added options make a question harder, the first is lower.
///
/// - `cot`: 5-shot chain of thought with the validation exemplars of the question's category
///   (zero-shot when the release has none), the letter read by the official cascade
///   (``AnswerExtractor``); a reply it cannot read is unparsed and counts as wrong, never a guess.
/// - `logprobs`: for base models, the same exemplars with their letters only, and the option
///   letter with the highest log-probability as the next token (`/v1/completions`).
///
/// Every call goes through the ``ModelGateway``: stored before it is used, never asked twice,
/// so an evaluation killed at any moment resumes where it stopped.
public enum Evaluation {
    public enum Method: String, Codable, Sendable, CaseIterable {
        case cot
        case logprobs
    }

    public struct Settings: Sendable {
        public var method: Method
        /// Questions per category (the first by question id that have original options); nil for all.
        public var perCategory: Int?
        public var shots: Int
        public var maxTokens: Int

        public init(method: Method = .cot, perCategory: Int? = nil, shots: Int = 5, maxTokens: Int = 1024) {
            self.method = method
            self.perCategory = perCategory
            self.shots = shots
            self.maxTokens = maxTokens
        }
    }

    /// One question asked twice: with the release's options and with its original ones.
    struct Question: Sendable {
        var record: ReleaseRecord
        var original: [String]
        var originalAnswer: Int
    }

    /// Right, wrong, unparsed and failed answers over a set of questions.
    public struct Tally: Codable, Sendable, Equatable {
        public private(set) var questions = 0
        public private(set) var correct = 0
        public private(set) var unparsed = 0
        public private(set) var errors = 0
        public private(set) var accuracy = 0.0

        public init() {}

        mutating func add(_ outcome: Outcome) {
            questions += 1
            switch outcome {
            case .correct: correct += 1
            case .wrong: break
            case .unparsed: unparsed += 1
            case .error: errors += 1
            }
            accuracy = Double(correct) / Double(questions)
        }
    }

    enum Outcome: Sendable { case correct, wrong, unparsed, error }

    public struct Row: Codable, Sendable, Equatable {
        public private(set) var category: String
        /// The original 4 options.
        public private(set) var original: Tally
        /// The release's options.
        public private(set) var release: Tally
        /// Accuracy lost to the added options, in points.
        public private(set) var drop: Double

        init(category: String, original: Tally, release: Tally) {
            self.category = category
            self.original = original
            self.release = release
            self.drop = (original.accuracy - release.accuracy) * 100
        }
    }

    public struct Report: Codable, Sendable, Equatable {
        public var provider: String
        public var model: String
        public var method: Method
        /// Exemplars per prompt (0 when the release has no validation split).
        public var shots: Int
        /// Test questions of the release without original MMLU options (not asked).
        public var withoutOriginal: Int
        public var categories: [Row]
        public var overall: Row

        enum CodingKeys: String, CodingKey {
            case provider, model, method, shots, categories, overall
            case withoutOriginal = "without_original"
        }
    }

    // MARK: - Questions

    /// The release's records from `folder` (test and validation splits, JSON or JSON Lines).
    public static func readRelease(_ folder: URL) throws -> (test: [ReleaseRecord], validation: [ReleaseRecord]) {
        func split(_ name: String) throws -> [ReleaseRecord] {
            for ext in ["json", "jsonl"] {
                let url = folder.appendingPathComponent("\(name).\(ext)")
                if FileManager.default.fileExists(atPath: url.path) {
                    return try AuditFile.read(url, displayPath: url.path).map(\.record)
                }
            }
            return []
        }
        let test = try split("test")
        guard !test.isEmpty else {
            throw InputError(.missingFile, at: folder.path, "no test.json or test.jsonl in the release folder")
        }
        return (test, try split("validation"))
    }

    /// The questions to ask: per category the first `perCategory` test records (by question id)
    /// whose question is an MMLU test question of the store, with its original options.
    static func questions(_ test: [ReleaseRecord], perCategory: Int?, db: Database) throws -> (questions: [Question], without: Int) {
        var originals: [String: (options: [String], answer: Int)] = [:]
        let rows = try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT question, options, answer FROM source_item WHERE source = 'mmlu' AND split = 'test' AND options IS NOT NULL ORDER BY key"
        )
        for row in rows {
            let options = try JSONList.strings(row["options"], column: "source_item.options")
            guard let letter: String = row["answer"], let answer = OptionLetter.index(ofLetter: letter) else { continue }
            let key = OptionValidator.normalized(row["question"] as String)
            if originals[key] == nil { originals[key] = (options, answer) }
        }
        var chosen: [Question] = []
        var without = 0
        var taken: [String: Int] = [:]
        for record in test.sorted(by: { $0.questionID < $1.questionID }) {
            guard let original = originals[OptionValidator.normalized(record.question)] else {
                without += 1
                continue
            }
            if let perCategory, taken[record.category, default: 0] >= perCategory { continue }
            taken[record.category, default: 0] += 1
            chosen.append(Question(record: record, original: original.options, originalAnswer: original.answer))
        }
        return (chosen, without)
    }

    // MARK: - Prompts

    static let letters = Array("ABCDEFGHIJ")

    static func block(_ question: String, _ options: [String]) -> String {
        "Question:\n\(question)\nOptions:\n"
            + options.enumerated().map { "\(letters[$0.offset]). \($0.element)" }.joined(separator: "\n") + "\n"
    }

    /// The official MMLU-Pro prompt: the instruction, the exemplars of the category with their
    /// reasoning (`cot`) or letter (`logprobs`), then the question.
    static func prompt(category: String, exemplars: [ReleaseRecord], question: String, options: [String], method: Method) -> String {
        var text =
            "The following are multiple choice questions (with answers) about \(category). "
            + (method == .cot
                ? "Think step by step and then finish your answer with \"the answer is (X)\" where X is the correct letter choice.\n\n"
                : "Answer with the letter of the correct option.\n\n")
        for exemplar in exemplars {
            text += block(exemplar.question, exemplar.options)
            if method == .cot {
                let reasoning =
                    exemplar.cotContent.hasPrefix("A: ") ? "Answer: " + exemplar.cotContent.dropFirst(3) : "Answer: " + exemplar.cotContent
                text += reasoning + "\n\n"
            } else {
                text += "Answer: \(exemplar.answer)\n\n"
            }
        }
        text += block(question, options)
        text += method == .cot ? "Answer: Let's think step by step." : "Answer:"
        return text
    }

    static func request(_ prompt: String, options: [String], question: String, method: Method, model: String, maxTokens: Int)
        -> ChatRequest
    {
        let task = ModelTask.answer(.init(question: question, options: options))
        switch method {
        case .cot:
            return ChatRequest(
                model: model, messages: [ChatMessage(role: "user", content: prompt)], temperature: 0, maxTokens: maxTokens, seed: 0,
                task: task)
        case .logprobs:
            return ChatRequest(model: model, messages: [], temperature: 0, maxTokens: 1, seed: 0, task: task, prompt: prompt, logprobs: 20)
        }
    }

    /// How a reply answers a question with `count` options whose answer is `answer`.
    static func outcome(_ content: String, count: Int, answer: Int, method: Method) -> Outcome {
        let letter =
            method == .logprobs ? FilterStage.mostLikelyLetter(content, optionCount: count) : AnswerExtractor.letter(in: content)
        guard let letter else { return .unparsed }
        return OptionLetter.index(ofLetter: letter) == answer ? .correct : .wrong
    }

    // MARK: - Running

    /// Asks every question twice (release options, original options) through `gateway`.
    public static func run(
        test: [ReleaseRecord], validation: [ReleaseRecord], settings: Settings, gateway: ModelGateway, reader: any DatabaseReader,
        progressLine: (@Sendable (String) -> Void)? = nil, report: (String) -> Void = { _ in }
    ) async throws -> Report {
        let (questions, without) = try await reader.read { db in try Self.questions(test, perCategory: settings.perCategory, db: db) }
        let byCategory = Dictionary(grouping: validation, by: \.category).mapValues {
            Array($0.sorted { $0.questionID < $1.questionID }.prefix(settings.shots))
        }
        let shots = validation.isEmpty ? 0 : settings.shots
        if validation.isEmpty { report("evaluate: the release has no validation split: zero-shot prompts") }
        // Two requests per question: its release options, then its original ones.
        var asks: [(question: Int, original: Bool, request: ChatRequest)] = []
        for (index, question) in questions.enumerated() {
            let exemplars = byCategory[question.record.category] ?? []
            for original in [false, true] {
                let options = original ? question.original : question.record.options
                let text = prompt(
                    category: question.record.category, exemplars: exemplars, question: question.record.question, options: options,
                    method: settings.method)
                asks.append(
                    (
                        index, original,
                        request(
                            text, options: options, question: question.record.question, method: settings.method,
                            model: gateway.provider.modelName, maxTokens: settings.maxTokens)
                    ))
            }
        }
        let estimate = try await gateway.estimate(asks.map(\.request))
        report("evaluate: \(questions.count) questions, \(asks.count) prompts; \(estimate.summary)")
        try await gateway.checkBudget(estimate)
        let progress = progressLine.map { ProgressReporter(label: "evaluate", total: asks.count, gateway: gateway, sink: $0) }
        let outcomes = try await ConcurrentMap.map(asks, limit: max(gateway.provider.maxConcurrency, 1), progress: progress) { ask in
            let question = questions[ask.question]
            let (count, answer) =
                ask.original
                ? (question.original.count, question.originalAnswer) : (question.record.options.count, question.record.answerIndex)
            do {
                let reply = try await gateway.complete(ask.request)
                return Self.outcome(reply.content, count: count, answer: answer, method: settings.method)
            } catch ModelGatewayError.failed {
                return Outcome.error
            }
        }
        // Tallies by category (and "all"), for the original options and the release's.
        var tallies: [String: (original: Tally, release: Tally)] = [:]
        for (ask, outcome) in zip(asks, outcomes) {
            for key in [questions[ask.question].record.category, "\u{0}all"] {
                if ask.original {
                    tallies[key, default: (Tally(), Tally())].original.add(outcome)
                } else {
                    tallies[key, default: (Tally(), Tally())].release.add(outcome)
                }
            }
        }
        let rows = tallies.sorted { $0.key < $1.key }.map { Row(category: $0.key, original: $0.value.original, release: $0.value.release) }
        let all = tallies["\u{0}all"] ?? (Tally(), Tally())
        return Report(
            provider: gateway.providerName, model: gateway.provider.modelName, method: settings.method, shots: shots,
            withoutOriginal: without, categories: rows.filter { $0.category != "\u{0}all" },
            overall: Row(category: "all", original: all.original, release: all.release))
    }

    /// The report as a table: per category, accuracy on the original and the release options,
    /// the drop, and how many replies could not be read.
    public static func text(_ report: Report) -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var table = [
            ["category", "questions", "4 options (original)", "release options", "change (points)", "unparsed (4 / release)", "errors"]
        ]
        for row in report.categories + [report.overall] {
            table.append([
                row.category, String(row.release.questions), percent(row.original.accuracy), percent(row.release.accuracy),
                abs(row.drop) < 0.05 ? "0.0" : String(format: "%+.1f", -row.drop), "\(row.original.unparsed) / \(row.release.unparsed)",
                String(row.original.errors + row.release.errors),
            ])
        }
        var out = [
            "evaluation of \(report.provider) (\(report.model)), \(report.method.rawValue), \(report.shots)-shot: "
                + "accuracy on the same questions with their original 4 MMLU options and with the release's options", "",
        ]
        out += Funnel.render(table, numericFrom: 1)
        out.append("")
        out.append(
            "unparsed replies count as wrong (never guessed); \(report.withoutOriginal) test questions have no original MMLU options and were not asked"
        )
        return out.joined(separator: "\n") + "\n"
    }
}
