import Foundation

/// Asks a model for wrong options, validates each, and asks again for what is missing,
/// telling the model which options were rejected, up to the configured number of attempts.
/// Shared by the integrate (3 distractors) and augment (4 → 10) stages.
struct DistractorWriter: Sendable {
    let gateway: ModelGateway
    let template: PromptTemplate
    let settings: GenerationConfig
    /// How many questions of the build have each normalised text as an option, and how many
    /// may at most before a candidate is `overused`.
    var usage: [String: Int] = [:]
    var maxUses = Int.max

    static let placeholders: Set<String> = ["question", "answer", "options", "count", "category", "rejected"]

    /// One proposed option and what became of it (a row of `generated_option`).
    struct Proposal: Sendable, Equatable {
        var attempt: Int
        var position: Int
        var text: String
        var accepted: Bool
        var reason: String?
        var detail: String?
        var requestHash: String?
    }

    struct Outcome: Sendable {
        var accepted: [String]
        var proposals: [Proposal]
        var shortfall: Int
    }

    /// The first request for an item, for estimates.
    func firstRequest(
        question: String, answer: String, options: [String], count: Int, category: String, siblings: [String], vocabulary: [String]? = nil,
        vocabularyFromOptions: Int? = nil
    ) -> ChatRequest {
        request(
            question: question, answer: answer, options: options, rejected: [], count: count, category: category, siblings: siblings,
            vocabulary: vocabulary, vocabularyFromOptions: vocabularyFromOptions, attempt: 0)
    }

    /// Writes `count` distractors for a question whose options (the answer among them) are `options`.
    func write(
        question: String, answer: String, options: [String], count: Int, category: String, siblings: [String], vocabulary: [String]? = nil,
        vocabularyFromOptions: Int? = nil
    ) async throws -> Outcome {
        var checker = OptionChecker(
            answer: answer, options: options, maxLengthRatio: settings.maxLengthRatio, usage: usage, maxUses: maxUses)
        var accepted: [String] = []
        var rejected: [String] = []
        var proposals: [Proposal] = []
        for attempt in 0..<settings.attempts where accepted.count < count {
            let need = count - accepted.count
            let request = request(
                question: question, answer: answer, options: options + accepted, rejected: rejected, count: need, category: category,
                siblings: siblings, vocabulary: vocabulary, vocabularyFromOptions: vocabularyFromOptions, attempt: attempt)
            let reply = try await gateway.complete(request)
            guard let proposed = Self.parseList(reply.content, key: "distractors") else {
                try await gateway.reject(reply, reason: "unparsable", detail: "expected a JSON object with a \"distractors\" array")
                continue
            }
            if proposed.count < need {
                try await gateway.reject(reply, reason: "too_few", detail: "asked for \(need), got \(proposed.count)")
            }
            for (position, text) in proposed.enumerated() {
                var proposal = Proposal(attempt: attempt, position: position, text: text, accepted: false, requestHash: reply.requestHash)
                if accepted.count == count {
                    (proposal.reason, proposal.detail) = ("surplus", "more options than asked for")
                } else if let (reason, detail) = checker.rejection(of: text) {
                    (proposal.reason, proposal.detail) = (reason.rawValue, detail)
                    rejected.append(text)
                } else {
                    proposal.accepted = true
                    accepted.append(OptionValidator.normalized(text))
                    checker.accept(text)
                }
                proposals.append(proposal)
            }
        }
        return Outcome(accepted: accepted, proposals: proposals, shortfall: count - accepted.count)
    }

    private func request(
        question: String, answer: String, options: [String], rejected: [String], count: Int, category: String, siblings: [String],
        vocabulary: [String]?, vocabularyFromOptions: Int?, attempt: Int
    ) -> ChatRequest {
        // The heuristic generator answers from the task, never from the prompt: none is rendered for it.
        var messages: [ChatMessage] = []
        if !gateway.isHeuristic {
            let listed = options.enumerated().map { "\(OptionLetter.letter($0.offset)). \($0.element)" }.joined(separator: "\n")
            messages = template.render([
                "question": question, "answer": answer, "options": listed, "count": String(count), "category": category,
                "rejected": rejected.isEmpty ? "(none)" : rejected.map { "- \($0)" }.joined(separator: "\n"),
            ])
        }
        return ChatRequest(
            model: gateway.provider.modelName, messages: messages,
            temperature: settings.temperature,
            maxTokens: settings.maxTokens, seed: settings.seed + attempt, responseFormat: .object(["type": .string("json_object")]),
            task: .distractors(
                .init(
                    question: question, answer: answer, options: options, rejected: rejected, count: count, category: category,
                    siblings: siblings, vocabulary: vocabulary, vocabularyFromOptions: vocabularyFromOptions)))
    }

    /// Reads `{"<key>": [...]}` from a reply, tolerating code fences and text around the object.
    static func parseList(_ content: String, key: String) -> [String]? {
        guard let object = parseObject(content), let list = object[key]?.array else { return nil }
        let strings = list.compactMap { value -> String? in
            if let text = value.string { return text }
            if let number = value.number {
                return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            }
            return nil
        }
        return strings.count == list.count ? strings : nil
    }

    /// The first JSON object in a reply.
    static func parseObject(_ content: String) -> JSONValue? {
        guard let start = content.firstIndex(of: "{"), let end = content.lastIndex(of: "}"), start < end else { return nil }
        guard let value = JSONParser.parse(content[start...end].utf8), case .object = value else { return nil }
        return value
    }
}
