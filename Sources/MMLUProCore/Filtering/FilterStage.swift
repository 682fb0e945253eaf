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
    }

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        Digest.sha256(canonical: configuration.pipeline.filter)
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
        let digest = Digest.sha256(groups.flatMap { $0.files.map { "\($0.path) \($0.sha256)" } }.joined(separator: "\n"))
        return (Inputs(files: groups), digest)
    }

    public func run(_ inputs: Inputs, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        let filter = configuration.pipeline.filter
        let items = try Row.fetchAll(
            db, sql: "SELECT key, split, subject, category, answer, question FROM source_item WHERE source = 'mmlu' ORDER BY key")
        var gold: [String: String] = [:]
        var questions: [String: String] = [:]
        for row in items {
            gold[row["key"]] = row["answer"]
            questions[row["key"]] = row["question"]
        }
        let subjects = Set(configuration.categories.mmlu.keys)

        // 1. The answer matrix.
        var matrix: [String: [String: ModelAnswer]] = [:]
        var counts: StageCounts = ["answers": 0, "unparsed": 0, "errors": 0, "ignored": 0]
        let panel = Set(filter.models)
        for group in inputs.files {
            for file in group.files {
                let answers =
                    switch group.source.format {
                    case .jsonl: try AnswerFileReader.read(file)
                    case .lmEval: try LMEvalReader.read(file, model: group.source.model!, subjects: subjects, questions: questions)
                    }
                for var answer in answers {
                    guard let goldLetter = gold[answer.itemKey] else {
                        throw InputError(
                            .unknownItem, at: answer.origin,
                            "expected the key of an MMLU item (mmlu/<split>/<subject>/<row>), found \"\(answer.itemKey)\"")
                    }
                    guard panel.contains(answer.model) else {
                        counts["ignored", default: 0] += 1
                        continue
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
            }
        }

        // 2. A decision for every MMLU item.
        try db.clearOutput(of: Self.name, tables: Self.tables)
        let insertAnswer = try db.cachedStatement(
            sql: "INSERT INTO filter_answer (item_key, model, origin, raw_output, letter, status, is_correct) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (_, answers) in matrix.sorted(by: { $0.key < $1.key }) {
            for (_, answer) in answers.sorted(by: { $0.key < $1.key }) {
                try insertAnswer.execute(arguments: [
                    answer.itemKey, answer.model, answer.origin, answer.rawOutput, answer.letter, answer.status.rawValue, answer.isCorrect,
                ])
            }
        }
        let insertDecision = try db.cachedStatement(
            sql: "INSERT INTO filter_decision (item_key, outcome, reason, detail, correct, answered, panel) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let insertRemoval = try db.cachedStatement(sql: "INSERT INTO removal (stage, item_key, reason, detail) VALUES (?, ?, ?, ?)")
        for row in items {
            let key: String = row["key"]
            let decision = decide(
                key: key, split: row["split"], subject: row["subject"], category: row["category"],
                answers: matrix[key] ?? [:], filter: filter)
            try insertDecision.execute(arguments: [
                key, decision.outcome.rawValue, decision.reason.rawValue, decision.detail, decision.correct, decision.answered,
                decision.panel,
            ])
            if decision.outcome == .dropped {
                try insertRemoval.execute(arguments: [Self.name.rawValue, key, decision.reason.rawValue, decision.detail])
            }
            counts[decision.outcome.rawValue, default: 0] += 1
            counts["\(decision.outcome.rawValue):\(decision.reason.rawValue)", default: 0] += 1
        }
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
