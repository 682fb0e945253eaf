import Foundation
import GRDB
import Logging
import MMLUProHTTP
import Testing

@testable import MMLUProCore

/// The augment stage against a real OpenAI-compatible server on 127.0.0.1.
@Suite(.serialized) struct ModelStageTests {
    let server: FakeModelServer

    init() throws { server = try FakeModelServer() }

    init(serverForTesting server: FakeModelServer) { self.server = server }

    /// The sample, with augmentation done by the fake server's "model".
    func sandbox(concurrency: Int = 4, extra: String = "") throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.edit(
            "pipeline.yaml", replacing: "  offline: {kind: offline}",
            with: """
                  offline: {kind: offline}
                  fake: {kind: openai, base_url: "\(server.baseURL)", model: fake-model, max_concurrency: \(concurrency), retry_base_seconds: 0.05\(extra)}
                """)
        try sandbox.edit("pipeline.yaml", replacing: "generation: {provider: offline", with: "generation: {provider: fake")
        return sandbox
    }

    static func models(_ mode: ModelGateway.Mode = .live, budget: Double? = nil) -> ModelFactory {
        ModelFactory(mode: mode, budget: budget) { name, provider in try OpenAIClient.make(name: name, provider: provider) }
    }

    func augmented(_ sandbox: Sandbox) async throws -> [String] {
        let (_, pool) = try sandbox.open()
        return try await pool.read {
            try String.fetchAll(
                $0, sql: "SELECT item_key || ' ' || answer_index || ' ' || options FROM augmented_question ORDER BY item_key")
        }
    }

    @Test func augmentsThroughTheServerAndNeverAsksTwice() async throws {
        let sandbox = try sandbox()
        try await sandbox.build(Sandbox.upToReview, models: Self.models())
        let questions = try await augmented(sandbox)
        #expect(questions.count == 52)
        // Every question took its new options from the server's replies (marked text, or
        // numbers written like a numeric answer), all accepted in the first round.
        let (_, pool) = try sandbox.open()
        let fromServer = try await pool.read {
            try Int.fetchOne(
                $0,
                sql: """
                    SELECT COUNT(DISTINCT item_key) FROM generated_option
                    WHERE stage = 'augment' AND accepted = 1 AND request_hash IS NOT NULL
                    """)
        }
        #expect(fromServer == 52)
        let sent = try await server.requests().count
        #expect(sent == 52)
        // Forced rerun: every response is stored, nothing is sent, the result is the same.
        try await sandbox.build([.augment], force: true, models: Self.models())
        #expect(try await server.requests().count == sent)
        #expect(try await augmented(sandbox) == questions)
        // Replay only works too.
        try await sandbox.build([.augment], force: true, models: Self.models(.replayOnly))
        #expect(try await server.requests().count == sent)
        let generator = try await pool.read { try String.fetchOne($0, sql: "SELECT DISTINCT generator FROM augmented_question") }
        #expect(generator == "fake: fake-model")
    }

    @Test func changingASamplingParameterOrTheTemplateMisses() async throws {
        let sandbox = try sandbox()
        try await sandbox.build(Sandbox.upToReview, models: Self.models())
        #expect(try await server.requests().count == 52)
        try sandbox.edit(
            "pipeline.yaml", replacing: "generation: {provider: fake, template: prompts/distractors.v2.txt, attempts: 3}",
            with: "generation: {provider: fake, template: prompts/distractors.v2.txt, attempts: 3, temperature: 0.9}")
        try await sandbox.build(Sandbox.upToReview, models: Self.models())
        #expect(try await server.requests().count == 104)
        try sandbox.edit(
            "prompts/distractors.v2.txt", replacing: "You write wrong answer options", with: "You write incorrect answer options")
        try await sandbox.build(Sandbox.upToReview, models: Self.models())
        #expect(try await server.requests().count == 156)
    }

    @Test func invalidOptionsAreRejectedAndAskedForAgain() async throws {
        let database = try Store.inMemory()
        let provider = ProviderConfig(
            kind: .openai, baseURL: server.baseURL, model: "fake-model", maxConcurrency: 1, retryBaseSeconds: 0.01)
        let gateway = ModelGateway(
            providerName: "fake", provider: provider, model: try OpenAIClient.make(name: "fake", provider: provider), writer: database,
            stage: .augment, logger: Logger(label: "test"))
        let sandbox = try Sandbox()
        let template = try PromptTemplate.load(
            sandbox.url("prompts/distractors.v2.txt"), displayPath: "t", placeholders: DistractorWriter.placeholders)
        let writer = DistractorWriter(gateway: gateway, template: template, settings: GenerationConfig(provider: "fake", template: "t"))
        try await server.script([
            ["content": #"{"distractors": ["1/2", "0.7", " 0.7 ", "All of the above"]}"#],  // 3 rejected, 1 accepted
            ["content": "Sorry, I cannot help with that."],  // unparsable: re-asked
        ])
        let outcome = try await writer.write(
            question: "What is 1 - 0.5?", answer: "0.5", options: ["0.5"], count: 3, category: "math", siblings: [])
        #expect(outcome.accepted.count == 3)
        #expect(outcome.accepted[0] == "0.7")
        #expect(outcome.shortfall == 0)
        let reasons = outcome.proposals.filter { !$0.accepted }.map { "\($0.text)|\($0.reason!)" }
        #expect(reasons == ["1/2|equals_answer", " 0.7 |duplicate", "All of the above|meta_option"])
        let requests = try await server.requests()
        #expect(requests.count == 3)
        // The third request lists the rejected options and asks for the 2 still missing.
        let lastPrompt = ((requests[2]["messages"] as? [[String: Any]])?.last?["content"] as? String) ?? ""
        #expect(lastPrompt.contains("Write exactly 2 new wrong options"))
        #expect(lastPrompt.contains("- 1/2"))
        let rejections = try await database.read { try String.fetchAll($0, sql: "SELECT reason FROM model_rejection ORDER BY reason") }
        #expect(rejections == ["unparsable"])
    }

    @Test func budgetStopsTheStageBeforeItSendsAnything() async throws {
        let sandbox = try sandbox(extra: ", price_input: 1000, price_output: 1000")
        try await sandbox.build([.collect, .filter, .integrate], models: Self.models())
        await #expect(throws: ModelGatewayError.self) { try await sandbox.build([.augment], models: Self.models(budget: 0.5)) }
        #expect(try await server.requests().count == 0)
        let (_, pool) = try sandbox.open()
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM augmented_question") } == 0)
    }

    @Test func replayOnlyFailsOnAMissingResponse() async throws {
        let sandbox = try sandbox()
        await #expect(throws: ModelGatewayError.self) { try await sandbox.build(models: Self.models(.replayOnly)) }
        #expect(try await server.requests().count == 0)
    }

    @Test func batchExportAndImport() async throws {
        let sandbox = try sandbox()
        try await sandbox.build([.collect, .filter, .integrate], models: Self.models())
        await #expect(throws: ModelGatewayError.batchPending(items: 52)) {
            try await sandbox.build([.augment], models: Self.models(.batchExport))
        }
        let (_, pool) = try sandbox.open()
        let exported = sandbox.url("batch.jsonl")
        let count = try await pool.read { try BatchFile.export(stage: .augment, to: exported, db: $0) }
        #expect(count == 52)
        let lines = try String(contentsOf: exported, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(Set(lines.map { $0["custom_id"] as! String }).count == 52)
        #expect(lines.allSatisfy { $0["method"] as? String == "POST" && $0["url"] as? String == "/v1/chat/completions" })
        #expect(lines.allSatisfy { (($0["body"] as? [String: Any])?["messages"] as? [Any])?.count == 2 })
        #expect(try await server.requests().isEmpty)

        // Results come back in another order; one request failed.
        var results: [String] = []
        var written = Set<String>()
        for (index, line) in lines.reversed().enumerated() {
            let id = line["custom_id"] as! String
            let prompt = ((line["body"] as! [String: Any])["messages"] as! [[String: Any]]).map { $0["content"] as! String }
            let distractors = FakeDistractors.list(prompt.joined(separator: "\n"), count: 6, marker: "Batch option \(id.prefix(6))")
            written.formUnion(distractors)
            let content = String(data: try JSONSerialization.data(withJSONObject: ["distractors": distractors]), encoding: .utf8)!
            let body: [String: Any] =
                index == 0
                ? ["error": ["message": "server error"]]
                : [
                    "choices": [["message": ["role": "assistant", "content": content]]],
                    "usage": ["prompt_tokens": 50, "completion_tokens": 30],
                ]
            let result: [String: Any] = [
                "id": "r\(index)", "custom_id": id, "response": ["status_code": index == 0 ? 500 : 200, "body": body], "error": NSNull(),
            ]
            results.append(String(data: try JSONSerialization.data(withJSONObject: result), encoding: .utf8)!)
        }
        try sandbox.write("results.jsonl", results.joined(separator: "\n") + "\n")
        let report = try await pool.write {
            try BatchFile.importResults(from: sandbox.url("results.jsonl"), displayPath: "results.jsonl", providers: [:], db: $0)
        }
        #expect(report == BatchFile.ImportReport(stored: 51, failed: 1, unknown: 0, alreadyStored: 0))
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM model_pending") } == 1)

        // The failed one is sent live; everything else comes from the batch.
        try await sandbox.build([.augment], models: Self.models())
        #expect(try await server.requests().count == 1)
        let questions = try await augmented(sandbox)
        #expect(questions.count == 52)
        // By where each question's accepted options came from (a question's numbers can equal
        // another's, so the text alone cannot tell).
        let bySource = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.via, COUNT(DISTINCT g.item_key) FROM generated_option g JOIN model_response r ON r.request_hash = g.request_hash
                        WHERE g.stage = 'augment' AND g.accepted = 1 GROUP BY r.via
                        """
                ).map { ($0[0] as String, $0[1] as Int) })
        }
        #expect(bySource == ["batch": 51, "live": 1])
        let options = try await pool.read {
            try String.fetchAll($0, sql: "SELECT options FROM augmented_question").map {
                try JSONDecoder().decode([String].self, from: Data($0.utf8))
            }
        }
        #expect(options.filter { !written.isDisjoint(with: $0) }.count >= 51)
    }

    @Test func filterAsksALivePanelModelWhereNoFileAnswers() async throws {
        let sandbox = try sandbox()
        try sandbox.edit(
            "pipeline.yaml", replacing: "models: [llama-2-7b, mistral-7b, gemma-7b, yi-6b]",
            with: "models: [llama-2-7b, mistral-7b, gemma-7b, yi-6b, live-7b]")
        try sandbox.edit(
            "pipeline.yaml", replacing: "  threshold: 2",
            with: """
                  threshold: 2
                  live:
                    live-7b: {provider: fake, template: prompts/answer.v1.txt, temperature: 0, max_tokens: 64}
                """)
        try await sandbox.build([.collect, .filter], models: Self.models())
        let (_, pool) = try sandbox.open()
        let rows = try await pool.read { try Row.fetchAll($0, sql: "SELECT * FROM filter_answer WHERE model = 'live-7b'") }
        // 30 test questions, 6 of them in the excluded subject: 24 asked.
        #expect(rows.count == 24)
        #expect(rows.allSatisfy { ($0["origin"] as String) == "live:fake" && ($0["raw_output"] as String).contains("The answer is (") })
        #expect(rows.allSatisfy { ($0["status"] as String) == "ok" })
        #expect(try await server.requests().count == 24)
        let prompt = try await server.requests().first.flatMap { ($0["messages"] as? [[String: Any]])?.last?["content"] as? String } ?? ""
        #expect(prompt.contains("Options:\nA. "))
        try await sandbox.build([.filter], force: true, models: Self.models())
        #expect(try await server.requests().count == 24)
    }

    @Test func filterScoresABaseModelByTheLogProbabilitiesOfTheLetters() async throws {
        let sandbox = try sandbox()
        try sandbox.write(
            "prompts/answer-completion.v1.txt",
            "version: answer-completion/v1\n=== user\nThe following are multiple choice questions (with answers) about {{subject}}.\n\n{{question}}\n{{options}}\nAnswer:\n"
        )
        try sandbox.edit(
            "pipeline.yaml", replacing: "models: [llama-2-7b, mistral-7b, gemma-7b, yi-6b]",
            with: "models: [llama-2-7b, mistral-7b, gemma-7b, yi-6b, base-1b]")
        try sandbox.edit(
            "pipeline.yaml", replacing: "  threshold: 2",
            with: """
                  threshold: 2
                  live:
                    base-1b: {provider: fake, template: prompts/answer-completion.v1.txt, scoring: logprobs}
                """)
        try await sandbox.build([.collect, .filter], models: Self.models())
        let (_, pool) = try sandbox.open()
        let rows = try await pool.read { try Row.fetchAll($0, sql: "SELECT * FROM filter_answer WHERE model = 'base-1b'") }
        #expect(rows.count == 24)
        let requests = try await server.requests()
        #expect(requests.count == 24)
        // Completions with log-probabilities, the prompt ending where the answer letter goes.
        #expect(requests.allSatisfy { ($0["prompt"] as? String)?.hasSuffix("\nAnswer:") == true })
        #expect(requests.allSatisfy { ($0["prompt"] as? String)?.contains("\nA. ") == true })
        #expect(requests.allSatisfy { $0["logprobs"] as? Int == 20 && $0["max_tokens"] as? Int == 1 && $0["messages"] == nil })
        for row in rows {
            let raw: String = row["raw_output"]
            let letter = FilterStage.mostLikelyLetter(raw, optionCount: 4)
            #expect((row["letter"] as String?) == letter)
            #expect((row["status"] as String) == (letter == nil ? "unparsed" : "ok"))
        }
        #expect(rows.contains { ($0["status"] as String) == "unparsed" })
        #expect(rows.contains { ($0["status"] as String) == "ok" })
    }

    @Test func mostLikelyLetterReadsTheTopLogprobs() {
        let content = #"{"text": " B", "top_logprobs": {" B": -0.4, " A": -1.2, "(C": -0.1, " E": 0, " the": -0.01}}"#
        #expect(FilterStage.mostLikelyLetter(content, optionCount: 4) == "C")
        #expect(FilterStage.mostLikelyLetter(content, optionCount: 5) == "E")
        #expect(FilterStage.mostLikelyLetter(#"{"text": "x", "top_logprobs": {" the": -0.1}}"#, optionCount: 4) == nil)
        #expect(FilterStage.mostLikelyLetter("not json", optionCount: 4) == nil)
    }

    @Test func aModelWritesValidationRationalesThatMustConcludeWithTheAnswer() async throws {
        // One request at a time, so the first candidate gets the two scripted replies.
        let sandbox = try sandbox(concurrency: 1)
        try sandbox.edit("pipeline.yaml", replacing: "generation: {provider: fake", with: "generation: {provider: offline")
        try sandbox.edit(
            "pipeline.yaml", replacing: "rationales: [raw/release/rationales.jsonl]",
            with: "rationales: []\n  rationale_model: {provider: fake, template: prompts/rationale.v1.txt, temperature: 0, attempts: 3}")
        // The first reply has no option letter at its end ("(Z)"): the wrong shape. The second
        // concludes with an option that is not the answer: the wrong conclusion. Each is
        // rejected and asked again; the third, the right one, is used.
        try await server.script([
            ["content": "A: Let's think step by step. Surely it is this one. The answer is (Z)."], ["wrong_rationale": true],
        ])
        try await sandbox.build(models: Self.models())
        let validation = try JSONDecoder().decode(
            [ReleaseRecord].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/validation.json")))
        #expect(validation.count == 20)
        #expect(
            validation.allSatisfy {
                $0.cotContent.hasPrefix("A: Let's think step by step. Option ") && $0.cotContent.hasSuffix("The answer is (\($0.answer)).")
            })
        let (_, pool) = try sandbox.open()
        let rejected = try await pool.read { try Row.fetchAll($0, sql: "SELECT stage, reason FROM model_rejection ORDER BY reason") }
        #expect(
            rejected.map { "\($0["stage"] as String) \($0["reason"] as String)" } == ["release wrong_conclusion", "release wrong_shape"])
        #expect(try await server.requests().count == 22)
        let manifest = try JSONDecoder().decode(
            [String: JSONValue].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/manifest.json")))
        #expect(manifest["generators"]?["rationales_model"] == .array([.string("fake: fake-model")]))
    }
    /// A model judge: prepare works out which questions it re-checks (those phase 1 accepted)
    /// without writing anything. A phase-1 decision recorded while the judge works (after
    /// prepare, before run) leaves its question pending, never accepted unchecked; the next
    /// build judges it, with one request more, and its verdicts name the stored reply.
    @Test func aDecisionMadeWhileAModelJudgeWorksWaitsForTheJudge() async throws {
        let sandbox = try sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "generation: {provider: fake", with: "generation: {provider: offline")
        try sandbox.edit("pipeline.yaml", replacing: "judge: {provider: offline", with: "judge: {provider: fake")
        try sandbox.edit("pipeline.yaml", replacing: "decisions: [raw/review/decisions.jsonl]", with: "decisions: []")
        try await sandbox.build(Sandbox.upToReview, models: Self.models())
        let (configuration, pool) = try sandbox.open()
        let queue = ReviewQueue(writer: pool, leaseSeconds: 600, guidelineVersion: "test")
        let ann = try await queue.reviewer(token: try await queue.addReviewer("ann"))
        let (inputs, _) = try ReviewStage().loadInputs(configuration)
        let context = StageContext(
            configuration: configuration, writer: pool, models: Self.models(), logger: Logger(label: "test"), report: { _ in },
            progressLine: nil)
        let work = try await ReviewStage().prepare(inputs, context: context)
        #expect(work.verdicts?.isEmpty == true)
        #expect(!work.judgesInRun)
        // Prepare wrote nothing.
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM review_event") } == 0)
        let task = try #require(try await queue.claim(ann, phase: 1))
        try await queue.decide(ann, task: task.key, ReviewDecision(verdict: .ok))
        let status = try await pool.write { db in
            _ = try ReviewStage().run(work, configuration: configuration, db: db)
            return try Row.fetchOne(db, sql: "SELECT status, detail FROM reviewed_question WHERE task_key = ?", arguments: [task.key])
        }
        #expect(status?["status"] == "pending")
        #expect((status?["detail"] as String?)?.contains("phase 2 not run") == true)
        #expect(try await server.requests().isEmpty)
        try await sandbox.build([.review], models: Self.models())
        #expect(
            try await pool.read {
                try String.fetchOne($0, sql: "SELECT status FROM reviewed_question WHERE task_key = ?", arguments: [task.key])
            } == "accepted")
        #expect(try await server.requests().count == 1)
        let verdicts = try await pool.read {
            try Row.fetchAll($0, sql: "SELECT verdict, request_hash FROM judge_verdict WHERE item_key = ?", arguments: [task.itemKey])
        }
        #expect(verdicts.count == 9)
        #expect(verdicts.allSatisfy { $0["verdict"] == "wrong" && ($0["request_hash"] as String?) != nil })
    }
}
