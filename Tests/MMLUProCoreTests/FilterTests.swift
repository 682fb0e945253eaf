import Foundation
import GRDB
import Testing

@testable import MMLUProCore

@Suite struct FilterTests {
    @Test(
        "extraction cascade",
        arguments: [
            ("The answer is (B).", "B"),
            ("so the answer is C", "C"),
            ("Answer: D", "D"),
            ("A looks wrong. Answer: C", "C"),
            ("I think it is D", "D"),
            ("The answer is (J)", "J"),
            ("B\n\nbecause of A", "A"),
            ("Cannot determine this from the information given.", nil),
            ("", nil),
            ("the answer is unclear", nil),
        ] as [(String, String?)])
    func extraction(text: String, letter: String?) {
        #expect(AnswerExtractor.letter(in: text) == letter)
    }

    func decide(_ correct: Int, missing: Int = 0, of panel: Int = 8, threshold: Int = 4, policy: MissingAnswerPolicy = .keep)
        -> FilterDecision
    {
        let models = (0..<panel).map { "m\($0)" }
        var answers: [String: ModelAnswer] = [:]
        for (index, model) in models.enumerated() where index < panel - missing {
            var answer = ModelAnswer(itemKey: "k", model: model, origin: "o", rawOutput: nil, letter: "A", status: .ok)
            answer.isCorrect = index < correct
            answers[model] = answer
        }
        let filter = FilterConfig(models: models, threshold: threshold, missing: policy)
        return FilterStage().decide(key: "k", split: "test", subject: "anatomy", category: "health", answers: answers, filter: filter)
    }

    @Test func moreThanThresholdCorrectIsDropped() {
        #expect(decide(5).outcome == .dropped)
        #expect(decide(5).reason == .tooEasy)
        #expect(decide(4).outcome == .kept)
        #expect(decide(4).reason == .passed)
        #expect(decide(0).outcome == .kept)
    }

    @Test func missingAnswersFollowThePolicyOnlyWhenTheyMatter() {
        #expect(decide(5, missing: 2).reason == .tooEasy)  // already decided
        #expect(decide(1, missing: 2).reason == .passed)  // cannot reach 5
        #expect(decide(3, missing: 2, policy: .keep).outcome == .kept)
        #expect(decide(3, missing: 2, policy: .keep).reason == .missingAnswers)
        #expect(decide(3, missing: 2, policy: .drop).outcome == .dropped)
        #expect(decide(3, missing: 2, policy: .hold).outcome == .held)
    }

    @Test func splitsAndExclusion() {
        let filter = FilterConfig(models: ["m"], threshold: 0)
        let stage = FilterStage()
        #expect(
            stage.decide(key: "k", split: "val", subject: "anatomy", category: "health", answers: [:], filter: filter).reason
                == .splitUnused)
        #expect(
            stage.decide(key: "k", split: "dev", subject: "anatomy", category: "health", answers: [:], filter: filter).reason == .notJudged)
        #expect(
            stage.decide(key: "k", split: "test", subject: "moral_scenarios", category: nil, answers: [:], filter: filter).reason
                == .excludedSubject)
    }

    @Test func sampleMatrixAndDecisions() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_answer") == 100)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_answer WHERE status = 'unparsed'") == 5)
            // Every unparsed answer is counted wrong, never guessed.
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM filter_answer WHERE status = 'unparsed' AND (letter IS NOT NULL OR is_correct)") == 0)
            // lm-eval log-likelihood answers for yi-6b: argmax of the option log-likelihoods.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_answer WHERE model = 'yi-6b'") == 12)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(is_correct) FROM filter_answer WHERE model = 'yi-6b'") == 7)
            // Every MMLU item has a decision; every drop is a removal with the same reason.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision") == 65)
            #expect(
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM filter_decision d LEFT JOIN removal r ON r.item_key = d.item_key AND r.stage = 'filter'
                        WHERE (d.outcome = 'dropped') <> (r.reason IS NOT NULL) OR (r.reason IS NOT NULL AND r.reason <> d.reason)
                        """) == 0)
            // The merge: every kept question has its category from the table.
            #expect(
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key WHERE d.outcome = 'kept' AND s.category IS NULL"
                ) == 0)
            #expect(
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key WHERE s.subject = 'moral_scenarios' AND d.reason <> 'excluded_subject' AND s.split <> 'val'"
                ) == 0)
            // The two items mistral-7b did not answer are reported.
            // yi-6b answered two subjects only; mistral-7b skipped two items.
            let missing = try String.fetchAll(
                db, sql: "SELECT item_key FROM filter_decision WHERE detail LIKE '%no answer from%' ORDER BY 1")
            #expect(missing == (0..<6).map { "mmlu/test/high_school_biology/\($0)" } + (0..<6).map { "mmlu/test/professional_law/\($0)" })
            let mistral = try String.fetchAll(
                db, sql: "SELECT item_key FROM filter_decision WHERE detail LIKE '%no answer from%mistral-7b%' ORDER BY 1")
            #expect(mistral == ["mmlu/test/high_school_biology/2", "mmlu/test/professional_law/4"])
        }
    }

    @Test func thresholdIsConfiguration() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "threshold: 2", with: "threshold: 0")
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            // With threshold 0, one correct model is enough to drop a judged question.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision WHERE reason = 'too_easy' AND correct < 1") == 0)
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM filter_decision WHERE reason IN ('passed', 'missing_answers') AND correct > 0") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision WHERE reason = 'too_easy'")! > 9)
        }
    }

    struct BrokenAnswers: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var text: String
        var code: InputError.Code
        var location: String
        var testDescription: String { name }
    }

    static let brokenAnswers: [BrokenAnswers] = [
        .init(
            name: "unknown item", file: "raw/filter/answers.jsonl",
            text: #"{"item": "mmlu/test/anatomy/0", "model": "gemma-7b", "output": "B"}"#, code: .unknownItem, location: "answers.jsonl:1"),
        .init(
            name: "two answers for one item and model", file: "raw/filter/answers.jsonl",
            text: #"{"item": "mmlu/test/econometrics/0", "model": "gemma-7b", "output": "B"}"# + "\n"
                + #"{"item": "mmlu/test/econometrics/0", "model": "gemma-7b", "letter": "C"}"#, code: .duplicate,
            location: "answers.jsonl:2"),
        .init(
            name: "letter out of range", file: "raw/filter/answers.jsonl",
            text: #"{"item": "mmlu/test/econometrics/0", "model": "gemma-7b", "letter": "Z"}"#, code: .invalidValue,
            location: "answers.jsonl:1 $.letter"),
        .init(
            name: "neither output nor letter", file: "raw/filter/answers.jsonl",
            text: #"{"item": "mmlu/test/econometrics/0", "model": "gemma-7b"}"#, code: .missingField, location: "answers.jsonl:1"),
        .init(name: "invalid JSON", file: "raw/filter/answers.jsonl", text: "{\"item\": ", code: .invalidJSON, location: "answers.jsonl:1"),
        .init(
            name: "lm-eval doc_id past the end", file: "raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl",
            text: #"{"doc_id": 99, "doc": {"question": "q"}, "filtered_resps": [[-1.0, false], [-2.0, false]]}"#, code: .unknownItem,
            location: ":1 $.doc_id"),
        .init(
            name: "lm-eval question from another copy",
            file: "raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl",
            text: #"{"doc_id": 0, "doc": {"question": "Something else entirely?"}, "filtered_resps": [[-1.0, false], [-2.0, false]]}"#,
            code: .mismatch, location: ":1 $.doc.question"),
        .init(
            name: "lm-eval five log-likelihoods for a 4-option question",
            file: "raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl",
            text: #"{"doc_id": 0, "filtered_resps": [[-9.0, false], [-8.0, false], [-7.0, false], [-6.0, false], [-1.0, true]]}"#,
            code: .mismatch, location: ":1 $.filtered_resps"),
        .init(
            name: "lm-eval a negative doc_id", file: "raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl",
            text: #"{"doc_id": -1, "filtered_resps": [[-1.0, false], [-2.0, false], [-3.0, false], [-4.0, false]]}"#,
            code: .invalidValue, location: ":1 $.doc_id"),
        .init(
            name: "lm-eval unknown task", file: "raw/filter/lm-eval/yi-6b/samples_mmlu_basketry_2024-05-01T12-00-00.jsonl", text: "",
            code: .unknownSubject, location: "samples_mmlu_basketry_2024-05-01T12-00-00.jsonl"),
    ]

    @Test(arguments: brokenAnswers)
    func brokenAnswerFilesLeaveTheDatabaseAsItWas(_ broken: BrokenAnswers) async throws {
        let sandbox = try Sandbox()
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }
        try sandbox.write(broken.file, broken.text)
        await #expect {
            try await sandbox.build(Sandbox.upToReview)
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.code == broken.code && error.location.hasSuffix(broken.location)
        }
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
    }

    @Test func generativeLMEvalSamplesAreExtracted() async throws {
        let sandbox = try Sandbox()
        let question = try sandbox.read("raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl")
            .split(separator: "\n").first.map { String($0) }
        let doc = try JSONDecoder().decode(JSONValue.self, from: Data(question!.utf8))["doc"]!
        let line = Digest.canonicalJSON([
            "doc_id": JSONValue.number(0), "doc": doc, "resps": .array([.array([.string("Let me think. The answer is (C).")])]),
            "filtered_resps": .array([.string("C")]),
        ])
        try sandbox.write("raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl", line + "\n")
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        let answer = try await pool.read {
            try ModelAnswer.fetchOne($0, sql: "SELECT * FROM filter_answer WHERE model = 'yi-6b' AND item_key = 'mmlu/test/econometrics/0'")
        }
        #expect(answer?.letter == "C")
        #expect(answer?.rawOutput == "Let me think. The answer is (C).")
    }
}
