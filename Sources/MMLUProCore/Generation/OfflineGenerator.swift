import Foundation

/// The built-in deterministic option generator: no model, no network, no cost. It answers a
/// request's ``ModelTask`` with heuristics (numeric perturbations that keep the unit and the
/// significant figures, unit swaps, sibling answers of the same category) in the JSON shape a
/// language model is asked for. It is named as heuristic in the configuration (`kind:
/// offline`) and in every record it produces; it is not a language model.
public struct OfflineGenerator: LanguageModel {
    /// The name recorded as the generator of its outputs.
    public static let modelName = ProviderConfig.offlineModelName

    public init() {}

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        ChatResponse(content: respond(to: request), promptTokens: 0, completionTokens: 0)
    }

    /// The reply, synchronously.
    public func respond(to request: ChatRequest) -> String {
        switch request.task {
        case .distractors(let task)?:
            let seed = SeededShuffle.seed(task.question + "\u{0}" + task.answer) &+ UInt64(bitPattern: Int64(request.seed ?? 0))
            return CanonicalJSON.text(.object(["distractors": .array(Self.distractors(for: task, seed: seed).map { .string($0) })]))
        case .extractAnswer(let task)?:
            return CanonicalJSON.text(.object(["answer": .string(Self.extractAnswer(task))]))
        case .judge(let task)?:
            return CanonicalJSON.text(.object(["verdicts": .array(Self.judge(task).map { .object($0.mapValues { .string($0) }) })]))
        case .answer(let task)?:
            // Not a model: it answers with the longest option, the classic length cue.
            let longest = task.options.indices.max { task.options[$0].count < task.options[$1].count } ?? 0
            return "The answer is (\(Array("ABCDEFGHIJ")[longest]))."
        case nil:
            return "{}"
        }
    }

    /// Up to `task.count` wrong options, none equal to the answer, an option or a rejected one.
    ///
    /// Numbers: each new value is one mistake of ``NumericErrors`` away from an option (the one
    /// with the fewest relatives so far), written in that option's notation. Text: variants of
    /// the options (``TextVariants``), parents taken in turn so the answer is no centre, each
    /// chosen near a length drawn from the options' own. Last, options of similar questions of
    /// the same shape (`siblings`, each lent to a few questions at most).
    static func distractors(for task: ModelTask.DistractorTask, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        var checker = OptionChecker(answer: task.answer, options: task.options, maxLengthRatio: 3)
        var chosen: [String] = []
        let rejected = Set(task.rejected.map(OptionValidator.normalized))
        func acceptable(_ candidate: String) -> Bool {
            let text = OptionValidator.normalized(candidate)
            return !rejected.contains(text) && checker.rejection(of: candidate, normalized: text) == nil
        }
        /// Takes a candidate `acceptable` has just passed (with nothing taken since).
        func take(_ candidate: String) -> Bool {
            guard chosen.count < task.count else { return false }
            chosen.append(candidate)
            checker.accept(candidate)
            return true
        }
        func accept(_ candidate: String) -> Bool { acceptable(candidate) && take(candidate) }
        let answer = task.options.firstIndex(of: task.answer)
        if listElements(task.answer) != nil {
            listVariants(task.options, answer: answer, count: task.count, generator: &generator, accept: accept)
        } else if isNumeric(task.options) {
            _ = NumericErrors.candidates(
                options: task.options, answer: answer, count: task.count, generator: &generator, accept: accept)
        } else {
            // Words of the question and options: a new option sharing none is unrelated to them, a cue.
            var topic = Set(TextFeatures.contentWordHashes(task.question))
            for option in task.options { topic.formUnion(TextFeatures.contentWordHashes(option)) }
            textVariants(task, answer: answer, topic: topic, generator: &generator, acceptable: acceptable, take: take)
            // Siblings that share a word with the question or its options first.
            let related = task.siblings.filter { TextFeatures.sharesContentWord($0, with: topic) }
            for sibling in related + task.siblings.filter({ !related.contains($0) }) where chosen.count < task.count {
                _ = accept(sibling)
            }
        }
        return chosen
    }

    /// The next parent: one of `open` with the fewest `load`, chosen at random. An option alone
    /// in its format (`unique`: ``TextFeatures/uniqueFormatCounts(_:)`` of the options' formats,
    /// worked out by the caller when they change) comes first, so that a child shares it and it
    /// is alone no more. In a tie the answer steps aside half the time: it is often the option
    /// with the most material (longer, more content words), and when others run out of
    /// variants it would otherwise collect their share and become the option the rest resemble.
    static func parent(
        _ open: [Int], load: (Int) -> Int, answer: Int?, unique: [Int] = [], generator: inout SplitMix64
    ) -> Int {
        func weight(_ index: Int) -> Int { load(index) - (index < unique.count && unique[index] > 0 ? 1_000 : 0) }
        let fewest = open.map(weight).min()!
        var parents = open.filter { weight($0) == fewest }
        if parents.count > 1, let answer, parents.contains(answer), generator.next() % 2 == 0 { parents.removeAll { $0 == answer } }
        return parents[Int(generator.next() % UInt64(parents.count))]
    }

    /// Whether every option is a number, with at most a short unit or symbol around it. LaTeX
    /// markup does not count (`$\frac{1}{\sqrt{4 \pi}}$`, `2.50 $10^4 \mathrm{~N} / \mathrm{C}$`
    /// are numbers as SciBench writes them).
    static func isNumeric(_ options: [String]) -> Bool {
        !options.isEmpty
            && options.allSatisfy { option in
                guard let span = NumberSpan(option) else { return false }
                return !withoutLaTeX(span.prefix).contains(where: { $0.isLetter || $0 == "[" || $0 == "(" })
                    && withoutLaTeX(span.suffix).split(separator: " ").count <= 4
            }
    }

    /// Text without LaTeX markup: `\commands`, braces, `$` and `~` taken out.
    static func withoutLaTeX(_ text: String) -> String {
        guard text.contains(where: { "\\${}~".contains($0) }) else { return text }
        var output = ""
        var command = false
        for character in text {
            if character == "\\" {
                command = true
            } else if command && character.isLetter {
                continue
            } else {
                command = false
                if !"${}~".contains(character) { output.append(character) }
            }
        }
        return output
    }

    private static func textVariants(
        _ task: ModelTask.DistractorTask, answer: Int?, topic: Set<UInt64>, generator: inout SplitMix64, acceptable: (String) -> Bool,
        take: (String) -> Bool
    ) {
        let originals = task.options
        let variants = TextVariants(
            options: originals, vocabulary: task.vocabulary ?? [], fromOptions: task.vocabularyFromOptions ?? 0)
        let lengths = originals.map { TextFeatures.characterCount(OptionValidator.normalized($0)) }
        var children = Array(repeating: 0, count: originals.count)
        var formats = originals.map(TextFeatures.format)
        var unique = TextFeatures.uniqueFormatCounts(formats)
        var exhausted = Set<Int>()
        let strategies: [(TextVariants.Strategy, Int)] = [(.crossover, 3), (.substitution, 3), (.antonym, 1), (.number, 1), (.series, 3)]
        let total = strategies.reduce(0) { $0 + $1.1 }
        var made = 0
        /// The best variant of `parentIndex` of a few tries: one that shares a word with the
        /// question or options before one that does not, then the nearest to `target` length.
        func bestVariant(_ parentIndex: Int, target: Double) -> (text: String, related: Bool)? {
            // Six tries drawn first (the draws do not depend on the checks); then the nearest
            // acceptable one, the first of equals: the same pick as checking each try in turn,
            // with the validator run only until one passes.
            var tries: [(text: String, related: Bool, distance: Double)] = []
            for _ in 0..<6 {
                var point = Int(generator.next() % UInt64(total))
                var strategy = strategies[0].0
                for (candidate, weight) in strategies {
                    if point < weight {
                        strategy = candidate
                        break
                    }
                    point -= weight
                }
                guard let text = variants.variant(strategy, parent: parentIndex, generator: &generator) else { continue }
                let related = TextFeatures.sharesContentWord(text, with: topic)
                let length = TextFeatures.characterCount(OptionValidator.normalized(text))
                tries.append((text, related, abs(Double(length) - target) + (related ? 0 : 1_000)))
            }
            let order = tries.indices.sorted {
                tries[$0].distance != tries[$1].distance ? tries[$0].distance < tries[$1].distance : $0 < $1
            }
            return order.lazy.map { tries[$0] }.first { acceptable($0.text) }.map { ($0.text, $0.related) }
        }
        // Options that refer to other options are no parents: "None of the trochlear" is nonsense.
        exhausted.formUnion(originals.indices.filter { variants.options[$0].isMeta })
        while made < task.count && exhausted.count < originals.count {
            let target = Double(lengths[Int(generator.next() % UInt64(lengths.count))]) * (0.9 + Double(generator.next() % 36) / 100)
            // Parents in turn; when the first can only give a variant unrelated to the question,
            // the next ones are asked for a related one before it is taken.
            var open = originals.indices.filter { !exhausted.contains($0) }
            var chosen: (parent: Int, text: String)?
            var fallback: (parent: Int, text: String)?
            while chosen == nil, !open.isEmpty {
                let parentIndex = parent(open, load: { children[$0] }, answer: answer, unique: unique, generator: &generator)
                open.removeAll { $0 == parentIndex }
                guard let variant = bestVariant(parentIndex, target: target) else {
                    exhausted.insert(parentIndex)
                    continue
                }
                if variant.related {
                    chosen = (parentIndex, variant.text)
                } else if fallback == nil {
                    fallback = (parentIndex, variant.text)
                }
            }
            // Every variant `bestVariant` returns has passed `acceptable`, and nothing was taken since.
            guard let pick = chosen ?? fallback, take(pick.text) else { break }
            children[pick.parent] += 1
            formats.append(TextFeatures.format(pick.text))
            unique = TextFeatures.uniqueFormatCounts(formats)
            made += 1
        }
    }

    /// The elements of a list answer like `[1, 2, 3]`, when they are all numbers.
    static func listElements(_ text: String) -> [String]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let elements = trimmed.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !elements.isEmpty, elements.allSatisfy({ Double($0) != nil }) else { return nil }
        return elements
    }

    /// Lists one mistake away from a list option (an element off by one or two, two
    /// neighbours swapped, the order reversed), parents taken in turn as for numbers.
    static func listVariants(
        _ options: [String], answer: Int?, count: Int, generator: inout SplitMix64, accept: (String) -> Bool
    ) {
        var lists = options.compactMap(listElements)
        guard lists.count == options.count else { return }
        var children = Array(repeating: 0, count: lists.count)
        var made = 0
        var failures = 0
        func render(_ list: [String]) -> String { "[" + list.joined(separator: ", ") + "]" }
        while made < count && failures < 80 {
            let index = parent(Array(lists.indices), load: { children[$0] }, answer: answer, generator: &generator)
            var list = lists[index]
            let roll = generator.next() % 10
            if roll == 9, list.count > 1 {
                list.reverse()
            } else if roll >= 7, list.count > 1 {
                let at = Int(generator.next() % UInt64(list.count - 1))
                list.swapAt(at, at + 1)
            } else {
                let at = Int(generator.next() % UInt64(list.count))
                let delta = [1.0, -1.0, 2.0, -2.0][Int(generator.next() % 4)]
                let value = Double(list[at])! + delta
                list[at] = list[at].contains(".") ? String(value) : String(Int(value))
            }
            if accept(render(list)) {
                lists.append(list)
                children[index] += 1
                children.append(0)
                made += 1
            } else {
                failures += 1
            }
        }
    }

    /// One verdict of the rule-based judge: the option's index, and why.
    struct Ruling: Equatable {
        var index: Int
        var couldBeCorrect: Bool
        var rationale: String
    }

    /// The rule-based judge: an option other than the answer could be correct when it is the
    /// same text ignoring case and spacing, or the same number within 2% (a rounding of it).
    static func rulings(_ task: ModelTask.JudgeTask) -> [Ruling] {
        let letters = Array("ABCDEFGHIJ")
        let answer = task.options[task.answerIndex]
        // Each option's text, as compared: read once, not once per pair.
        let texts = task.options.map(OptionValidator.normalized)
        let lowered = texts.map { $0.lowercased() }
        let answerText = texts[task.answerIndex]
        let answerValue = Quantity.parse(answer)
        return task.options.indices.filter { $0 != task.answerIndex }.map { index in
            let text = texts[index]
            if text == answerText || (lowered[index] == lowered[task.answerIndex] && !OptionChecker.caseMatters(text, answerText)) {
                return Ruling(index: index, couldBeCorrect: true, rationale: "the same text as the answer but for case or spacing")
            }
            if let twin = task.options.indices.first(where: {
                $0 != index && lowered[$0] == lowered[index] && !OptionChecker.caseMatters(text, texts[$0])
            }) {
                return Ruling(
                    index: index, couldBeCorrect: true, rationale: "the same text as option \(letters[twin]) but for case: a duplicate")
            }
            if let answerValue, let value = Quantity.parse(task.options[index]), value.isNear(answerValue) {
                return Ruling(index: index, couldBeCorrect: true, rationale: "within 2% of the answer \"\(answer)\": a rounding of it?")
            }
            return Ruling(index: index, couldBeCorrect: false, rationale: "differs from the answer")
        }
    }

    /// The rule-based judge's reply, in the JSON shape a model is asked for.
    static func judge(_ task: ModelTask.JudgeTask) -> [[String: String]] {
        rulings(task).map {
            [
                "option": OptionLetter.letter($0.index), "verdict": $0.couldBeCorrect ? "could_be_correct" : "wrong",
                "rationale": $0.rationale,
            ]
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
