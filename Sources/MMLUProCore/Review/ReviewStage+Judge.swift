import Foundation
import GRDB

/// Phase 2's judge: the request that asks a model to re-check every option, and its verdicts.
extension ReviewStage {
    static func judgeRequest(
        _ question: Question, answerIndex: Int, attempt: Int, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway
    ) -> ChatRequest {
        // The heuristic judge answers from the task, never from the prompt: none is rendered for it.
        var messages: [ChatMessage] = []
        if !gateway.isHeuristic {
            let options = question.options.enumerated().map { "\(OptionLetter.letter($0.offset)). \($0.element)" }.joined(separator: "\n")
            messages = template.render(["question": question.text, "options": options, "answer": OptionLetter.letter(answerIndex)])
        }
        return ChatRequest(
            model: gateway.provider.modelName, messages: messages,
            temperature: settings.temperature, maxTokens: settings.maxTokens, seed: settings.seed + attempt,
            responseFormat: .object(["type": .string("json_object")]),
            task: .judge(.init(question: question.text, options: question.options, answerIndex: answerIndex)))
    }

    /// Asks the judge; a reply that does not parse is recorded and asked again. The heuristic
    /// judge's rule is called directly: its reply would be JSON written only to be read back
    /// (nothing of it is stored, as for any heuristic reply).
    static func judge(_ question: Question, answerIndex: Int, template: PromptTemplate, settings: GenerationConfig, gateway: ModelGateway)
        async throws -> [Verdict]
    {
        if gateway.isHeuristic { return ruled(question, answerIndex: answerIndex) }
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

    /// The heuristic judge's verdicts: its rule called directly.
    static func ruled(_ question: Question, answerIndex: Int) -> [Verdict] {
        OfflineGenerator.rulings(.init(question: question.text, options: question.options, answerIndex: answerIndex)).map {
            Verdict(optionIndex: $0.index, couldBeCorrect: $0.couldBeCorrect, rationale: $0.rationale, requestHash: nil)
        }
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
}
