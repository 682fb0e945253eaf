import Foundation

/// The built-in deterministic option generator: no model, no network, no cost. It answers a
/// request's ``ModelTask`` with heuristics (numeric perturbations that keep the unit and the
/// significant figures, unit swaps, sibling answers of the same category) in the JSON shape a
/// language model is asked for. It is named as heuristic in the configuration (`kind:
/// offline`) and in every record it produces; it is not a language model.
public struct OfflineGenerator: LanguageModel {
    /// The name recorded as the generator of its outputs.
    public static let modelName = "offline-heuristic"

    public init() {}

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        ChatResponse(content: respond(to: request), promptTokens: 0, completionTokens: 0)
    }

    /// The reply, synchronously.
    public func respond(to request: ChatRequest) -> String {
        switch request.task {
        case .distractors(let task)?:
            let seed = SeededShuffle.seed(task.question + "\u{0}" + task.answer) &+ UInt64(bitPattern: Int64(request.seed ?? 0))
            return Digest.canonicalJSON(["distractors": Self.distractors(for: task, seed: seed)])
        case .extractAnswer(let task)?:
            return Digest.canonicalJSON(["answer": Self.extractAnswer(task)])
        case .judge(let task)?:
            return Digest.canonicalJSON(["verdicts": Self.judge(task)])
        case .answer(let task)?:
            // Not a model: it answers with the longest option, the classic length cue.
            let longest = task.options.indices.max { task.options[$0].count < task.options[$1].count } ?? 0
            return "The answer is (\(Array("ABCDEFGHIJ")[longest]))."
        case nil:
            return "{}"
        }
    }

    /// Up to `task.count` wrong options, none equal to the answer, an option or a rejected one.
    static func distractors(for task: ModelTask.DistractorTask, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        var candidates: [String] = []
        if let quantity = Quantity.parse(task.answer), quantity.unit.count <= 40 {
            // One unit swap first, when the unit has a family, then perturbed values, then the other swaps.
            let swaps = unitSwaps(quantity).shuffled(using: &generator)
            candidates += swaps.prefix(1) + numericCandidates(quantity).shuffled(using: &generator) + swaps.dropFirst()
        } else if let list = listCandidates(task.answer) {
            candidates += list.shuffled(using: &generator)
        }
        candidates += task.siblings.shuffled(using: &generator)

        var checker = OptionChecker(answer: task.answer, options: task.options, maxLengthRatio: 3)
        var chosen: [String] = []
        let rejected = Set(task.rejected.map(OptionValidator.normalized))
        for candidate in candidates where chosen.count < task.count {
            guard !rejected.contains(OptionValidator.normalized(candidate)), checker.rejection(of: candidate) == nil else { continue }
            chosen.append(candidate)
            checker.accept(candidate)
        }
        return chosen
    }

    private static let multipliers: [Double] = [2, 0.5, 10, 0.1, 1.5, 0.75, 3, 1.0 / 3, 1.25, 0.8, 4, 0.25, 1.1, 0.9, 5, 0.2, 100, 0.01]

    /// Unit families: a distractor may keep the number and change the unit.
    private static let unitFamilies: [[String]] = [
        ["J", "kJ", "MJ", "cal"], ["joules", "kilojoules", "calories"], ["m", "cm", "mm", "km"], ["g", "kg", "mg"],
        ["s", "ms", "min"], ["A", "mA"], ["amp", "milliamp"], ["V", "mV", "kV"], ["volts", "millivolts", "kilovolts"],
        ["W", "kW", "MW"], ["watts", "kilowatts"], ["Pa", "kPa", "MPa", "atm"], ["mol", "mmol"], ["L", "mL"], ["K", "°C"],
        ["N", "kN"], ["Hz", "kHz", "MHz"], ["ohms", "kilohms"],
    ]

    static func numericCandidates(_ quantity: Quantity) -> [String] {
        var values = multipliers.map { quantity.value * $0 }
        if quantity.value == quantity.value.rounded(), abs(quantity.value) < 1e6 {
            values += [1, -1, 2, -2, 3].map { quantity.value + $0 }
        }
        if quantity.value != 0 { values.append(-quantity.value) }
        return values.map { quantity.formatted($0) }
    }

    /// The same number in the other units of the answer's unit family.
    static func unitSwaps(_ quantity: Quantity) -> [String] {
        guard let family = unitFamilies.first(where: { $0.contains(quantity.unit) }) else { return [] }
        return family.filter { $0 != quantity.unit }.map { quantity.formatted(quantity.value, unit: $0) }
    }

    /// Perturbations of a list answer like `[1, 2, 3]`.
    static func listCandidates(_ answer: String) -> [String]? {
        let trimmed = answer.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let elements = trimmed.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !elements.isEmpty, elements.allSatisfy({ Double($0) != nil }) else { return nil }
        func render(_ list: [String]) -> String { "[" + list.joined(separator: ", ") + "]" }
        var candidates: [String] = []
        if elements.count > 1 { candidates.append(render(elements.reversed())) }
        for index in elements.indices {
            for delta in [1.0, -1.0, 2.0] {
                var copy = elements
                let value = Double(copy[index])! + delta
                copy[index] = copy[index].contains(".") ? String(value) : String(Int(value))
                candidates.append(render(copy))
            }
        }
        return candidates
    }

    /// The rule-based judge: an option other than the answer could be correct when it is the
    /// same text ignoring case and spacing, or the same number within 2% (a rounding of it).
    static func judge(_ task: ModelTask.JudgeTask) -> [[String: String]] {
        let letters = Array("ABCDEFGHIJ")
        let answer = task.options[task.answerIndex]
        let answerText = OptionValidator.normalized(answer).lowercased()
        let answerValue = Quantity.parse(answer)
        return task.options.indices.filter { $0 != task.answerIndex }.map { index in
            let option = task.options[index]
            var verdict = "wrong"
            var rationale = "differs from the answer"
            if OptionValidator.normalized(option).lowercased() == answerText {
                (verdict, rationale) = ("could_be_correct", "the same text as the answer but for case or spacing")
            } else if let value = Quantity.parse(option), let answerValue,
                Quantity.normalizedUnit(value.unit) == Quantity.normalizedUnit(answerValue.unit),
                abs(value.value - answerValue.value) <= 0.02 * max(abs(value.value), abs(answerValue.value))
            {
                (verdict, rationale) = ("could_be_correct", "within 2% of the answer \"\(answer)\": a rounding of it?")
            }
            return ["option": String(letters[index]), "verdict": verdict, "rationale": rationale]
        }
    }

    /// The source's short answer when it is one part; otherwise the last quantity in the solution.
    static func extractAnswer(_ task: ModelTask.ExtractionTask) -> String {
        if let answer = task.sourceAnswer?.trimmingCharacters(in: .whitespaces), !answer.isEmpty, answer.count <= 80,
            !AnswerChecks.isMultipart(answer)
        {
            return answer
        }
        let pattern = try! NSRegularExpression(pattern: #"[-−]?\d[\d,]*(?:\.\d+)?(?:\s*(?:x|×)\s*10\^?-?\d+)?(?:\s+[A-Za-z°/\-]+){0,2}"#)
        let solution = task.solution
        let matches = pattern.matches(in: solution, range: NSRange(solution.startIndex..., in: solution))
        guard let last = matches.last, let range = Range(last.range, in: solution) else { return "" }
        return String(solution[range]).trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    }
}

/// Checks on extracted short answers.
public enum AnswerChecks {
    /// Whether an answer has several parts: `(a) ... (b) ...`, `1) ... 2) ...`.
    public static func isMultipart(_ answer: String) -> Bool {
        let lower = answer.lowercased()
        return (lower.contains("(a)") && lower.contains("(b)")) || (lower.contains("(i)") && lower.contains("(ii)"))
            || (lower.range(of: #"(^|\s)1[.)]\s.*\s2[.)]\s"#, options: .regularExpression) != nil)
    }

    /// Whether an extracted answer agrees with the source's: the same number (within 2%), or
    /// one text containing the other once case and spacing are ignored.
    public static func agrees(_ extracted: String, with source: String) -> Bool {
        if let a = Quantity.parse(extracted), let b = Quantity.parse(source) {
            return a.value == b.value || abs(a.value - b.value) <= 0.02 * max(abs(a.value), abs(b.value))
        }
        let x = OptionValidator.normalized(extracted).lowercased()
        let y = OptionValidator.normalized(source).lowercased()
        return !x.isEmpty && !y.isEmpty && (x.contains(y) || y.contains(x))
    }
}
