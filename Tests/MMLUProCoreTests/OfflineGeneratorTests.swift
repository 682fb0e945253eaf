import Foundation
import Testing

@testable import MMLUProCore

@Suite("Offline generator: numeric mistakes in the options' notation, text variants, neighbours")
struct OfflineGeneratorTests {
    @Test(arguments: [
        ("1.7 × 10^{-5}", 3.4e-5, "3.4 × 10^{-5}"),
        ("$1.7 \\times 10^{-5}$ M", 1.7e-4, "$1.7 \\times 10^{-4}$ M"),
        ("2.4 x 10^3 joules", 4800, "4.8 x 10^3 joules"),
        ("1.41e3 K", 705, "7.05e2 K"),
        ("$1,600", 3200, "$3,200"),
        ("0.25 m/s", 0.5, "0.50 m/s"),
        ("0.25 m/s", 0.0025, "0.0025 m/s"),
        ("12", 13, "13"),
        ("0.05882352941 Ω", 0.11764705882, "0.11764705882 Ω"),  // more decimals than 10 are kept
        ("−3.0 kJ mol^-1", -1.5, "−1.5 kJ mol^-1"),
        ("-2", 4, "4"),
        ("The rate rose by 25% in 2010", 50, "The rate rose by 50% in 2010"),
    ])
    func numbersAreRewrittenInTheirOwnNotation(original: String, value: Double, expected: String) throws {
        let span = try #require(NumberSpan(original))
        #expect(span.rendering(value) == expected)
    }

    /// The text around a number is kept scalar for scalar, outside ASCII too (a combining
    /// accent, `µ`, `≈`), and an `e`, `x` or space after it is an exponent only where one
    /// follows.
    @Test(arguments: [
        ("≈ 3.0 × 10^{5} m/s", "≈ ", " m/s", 3.0e5, "3.0 × 10^{5}"),
        ("5 eggs", "", " eggs", 5, "5"),
        ("7e", "", "e", 7, "7"),
        ("4 x 3 grid", "", " x 3 grid", 4, "4"),
        ("2.5e−3 µm", "", "µm", 2.5e-3, "2.5e−3 "),  // the exponent's closing takes the space
        ("(−0.25 °C)", "(", " °C)", -0.25, "−0.25"),
        ("Cafe\u{301} 12 au lait", "Cafe\u{301} ", " au lait", 12, "12"),
        ("x\u{301}9 or 8\u{301}", "x\u{301}", " or 8\u{301}", 9, "9"),  // a combining mark is no letter
        ("$6.02 \\times 10^{23}$ mol", "$", "$ mol", 6.02e23, "6.02 \\times 10^{23}"),
    ])
    func numberSpansKeepTheTextAroundThem(text: String, prefix: String, suffix: String, value: Double, number: String) throws {
        let span = try #require(NumberSpan(text))
        #expect(span.prefix == prefix)
        #expect(span.suffix == suffix)
        #expect(abs(span.value - value) <= abs(value) * 1e-12)
        #expect(span.prefix + number + span.suffix == text)
    }

    /// `NumberSpan.fixed` writes what `String(format: "%.<places>f")` writes.
    @Test func fixedDecimalsAreWhatTheFormatWrites() {
        let values = [0, 0.5, 1.25, -2.675, 3.14159265358979, 1e-7, 6.02e23, 123_456.789, -0.0, 9.995, 1e300]
        for value in values {
            for places in 0...12 {
                #expect(NumberSpan.fixed(value, places: places) == String(format: "%.\(places)f", value), "\(value) \(places)")
            }
        }
    }

    @Test func numberSpansReadValues() throws {
        #expect(NumberSpan("1.7 × 10^{-5} s")?.value == 1.7e-5)
        #expect(NumberSpan("$1,600")?.value == 1600)
        #expect(NumberSpan("−0.25")?.value == -0.25)
        #expect(NumberSpan("CO2 at 300 K")?.value == 300)  // CO2 is a name, not the number 2
        #expect(NumberSpan("no number here") == nil)
    }

    @Test func numericDistractorsFollowTheOptionsAndAvoidTheAnswer() throws {
        let options = ["2.4 x 10^3 joules", "1.2 x 10^3 joules", "3.6 x 10^3 joules", "4.0 x 10^3 joules"]
        let task = ModelTask.DistractorTask(
            question: "q", answer: options[0], options: options, rejected: [], count: 6, category: "physics", siblings: [])
        let distractors = OfflineGenerator.distractors(for: task, seed: 7)
        #expect(distractors.count == 6)
        let answer = try #require(Quantity.parse(options[0]))
        for option in distractors {
            #expect(option.hasSuffix(" x 10^3 joules") || option.contains(" x 10^"), "\(option)")
            #expect(option.hasSuffix(" joules"), "\(option)")
            let quantity = try #require(Quantity.parse(option))
            #expect(quantity.significantFigures == 2, "\(option)")
            #expect(!quantity.isNear(answer), "\(option) is a rounding of the answer")
        }
        #expect(Set(distractors + options).count == 10)
        #expect(OfflineGenerator.distractors(for: task, seed: 7) == distractors)  // deterministic
    }

    /// The answer is one mistake from nothing in particular: over many questions, the
    /// numeric-family attack and the learned attacker stay near chance on what it makes,
    /// including questions built from the answer alone (integrate's case).
    @Test func numericDistractorsLeaveNoFamilyCentre() throws {
        var generator = SplitMix64(seed: 11)
        var records: [ReleaseRecord] = []
        for id in 0..<300 {
            let value = Double(generator.next() % 9000 + 100) / 100
            let answer = String(format: "%.2f", value)
            let integrate = ModelTask.DistractorTask(
                question: "q", answer: answer, options: [answer], rejected: [], count: 3, category: "physics", siblings: [])
            let four = [answer] + OfflineGenerator.distractors(for: integrate, seed: UInt64(id))
            let augment = ModelTask.DistractorTask(
                question: "q", answer: answer, options: four, rejected: [], count: 6, category: "physics", siblings: [])
            var options = four + OfflineGenerator.distractors(for: augment, seed: UInt64(id) + 1000)
            let order = SeededShuffle.permutation(count: options.count, key: "q\(id)")
            options = order.map { options[$0] }
            records.append(
                ReleaseRecord(
                    questionID: id, question: "Compute it.", options: options, answerIndex: order.firstIndex(of: 0)!,
                    category: "physics", src: "scibench-atkins"))
        }
        #expect(records.allSatisfy { $0.options.count == 10 })
        let report = Shortcuts.run(records)
        let family = try #require(report.attack(.numericFamilyCentre))
        #expect(family.overall.accuracy <= 0.15, "\(family.overall)")
        let learned = try #require(report.attack(.learned))
        #expect(learned.overall.accuracy <= 0.22, "\(learned.overall)")
        let unique = report.attack(.uniqueFormat)?.overall
        #expect((unique?.questions ?? 0) == 0, "\(String(describing: unique))")
    }

    @Test func crossoverJoinsTheHeadOfOneOptionToTheTailOfAnother() {
        var generator = SplitMix64(seed: 3)
        let parent = "No, because the arrest is based on the regular use of narcotics."
        let partner = "Yes, because addiction is a status and cannot be punished."
        let joined = TextVariants(options: [parent, partner], vocabulary: []).crossover(0, generator: &generator)
        #expect(
            joined == "No, because addiction is a status and cannot be punished."
                || joined == "No, because the arrest is a status and cannot be punished.")
        #expect(TextVariants(options: ["amplitude", "frequency"], vocabulary: []).crossover(0, generator: &generator) == nil)
    }

    @Test func substitutionTakesAWordOfTheSameKindFromTheNeighbours() {
        var generator = SplitMix64(seed: 1)
        let variant = TextVariants(
            options: ["developmental epigenetics"], vocabulary: ["methylation", "environmental", "histone", "behavioural"]
        ).substitution(0, generator: &generator)
        #expect(["environmental epigenetics", "behavioural epigenetics", "developmental methylation"].contains(variant ?? ""))
        #expect(TextVariants(options: ["It is so"], vocabulary: ["methylation"]).substitution(0, generator: &generator) == nil)
    }

    @Test func antonymsKeepCase() {
        var generator = SplitMix64(seed: 1)
        func antonym(_ option: String) -> String? {
            TextVariants(options: [option], vocabulary: []).variant(.antonym, parent: 0, generator: &generator)
        }
        #expect(antonym("Increasing marginal utility") == "Decreasing marginal utility")
        #expect(antonym("prices rise,") == "prices fall,")
    }

    @Test func textDistractorsAreNewStringsFromEveryOption() throws {
        let options = [
            "Diminishing marginal productivity.", "Diminishing marginal utility.", "Increasing marginal utility.",
            "Increasing returns to scale.",
        ]
        let task = ModelTask.DistractorTask(
            question: "If, for each additional unit of a variable input, the increases in output become smaller, this is",
            answer: options[0], options: options, rejected: [], count: 6, category: "economics", siblings: ["Opportunity cost."],
            vocabulary: ["elasticity", "liquidity", "substitution", "production", "equity", "scarcity", "efficiency"])
        let distractors = OfflineGenerator.distractors(for: task, seed: 5)
        #expect(distractors.count == 6, "\(distractors)")
        for option in distractors {
            #expect(!options.contains(option))
            #expect(option.hasSuffix("."), "\(option)")
            #expect(option.first?.isUppercase == true, "\(option)")
        }
        #expect(OfflineGenerator.distractors(for: task, seed: 5) == distractors)
    }

    @Test func neighboursAreTheMostSimilarQuestionsOfTheSubject() {
        let documents: [Neighbours.Document] = [
            .init(key: "a", group: "bio", text: "Which RNA carries amino acids to the ribosome?", options: ["tRNA", "mRNA"]),
            .init(key: "b", group: "bio", text: "The ribosome reads which RNA during translation?", options: ["mRNA", "rRNA"]),
            .init(key: "c", group: "bio", text: "Photosynthesis happens in which organelle?", options: ["chloroplast", "vacuole"]),
            .init(key: "d", group: "law", text: "The ribosome clause of the contract is void?", options: ["yes", "no"]),
        ]
        let neighbours = Neighbours(documents)
        #expect(neighbours.nearest[0].first == 1)
        #expect(!neighbours.nearest[0].contains(3))  // never across subjects
        let (vocabulary, fromOptions) = neighbours.vocabulary(0)
        #expect(vocabulary.contains("rrna") && vocabulary.contains("translation"))
        #expect(!vocabulary.contains("ribosome"))  // its own word
        #expect(vocabulary.prefix(fromOptions).contains("rrna") && !vocabulary.prefix(fromOptions).contains("translation"))
    }

    @Test func validatorRejectsOddFormatsOverusedStringsAndCaseTwins() {
        var checker = OptionChecker(
            answer: "2.5 m/s", options: ["2.5 m/s", "3.1 m/s", "4.0 m/s"], maxLengthRatio: 3, usage: ["9.9 m/s": 2, "7.7 m/s": 1],
            maxUses: 2)
        #expect(checker.rejection(of: "5.0 × 10^1 m/s")?.0 == .formatMismatch)
        #expect(checker.rejection(of: "5.00 m/s")?.0 == .formatMismatch)  // decimals
        #expect(checker.rejection(of: "-5.0 m/s")?.0 == .formatMismatch)  // the only signed one
        #expect(checker.rejection(of: "9.9 m/s")?.0 == .overused)
        #expect(checker.rejection(of: "7.7 m/s") == nil)
        #expect(checker.rejection(of: "2.51 m/s")?.0 == .equalsAnswer)  // a rounding of the answer
        checker.accept("Utilitarianism")
        #expect(checker.rejection(of: "utilitarianism")?.0 == .duplicate)
        let genetics = OptionChecker(answer: "Bb", options: ["Bb", "BB"], maxLengthRatio: 3)
        #expect(genetics.rejection(of: "bb") == nil)
    }

    @Test func theJudgeFlagsACaseOnlyDuplicate() {
        let verdicts = OfflineGenerator.judge(
            .init(
                question: "Which theory?",
                options: [
                    "Kantianism", "Utilitarianism", "utilitarianism", "Bb", "bb", "BbEe will be brown.", "Bbee will be brown.",
                    "Bb × bb", "BB × Bb",
                ], answerIndex: 0))
        let flagged = verdicts.filter { $0["verdict"] == "could_be_correct" }.map { $0["option"] }
        #expect(flagged == ["B", "C"])  // genotypes differ by case and are different options
    }
}

@Suite struct TextVariantsReadingTests {
    /// The two readings of an option, as comparable text.
    static func describe(_ option: TextVariants.Option) -> String {
        "\(option.words)|\(option.lowered)|\(option.slots.map { "\($0.index) \($0.core) \($0.lead) \($0.trail) \($0.kind)" })|"
            + "\(option.members.map { "\($0.index) \($0.series) \($0.member)" })|\(option.isMeta)"
    }

    @Test("ASCII options read over bytes as they read Character by Character")
    func asciiReadingMatchesTheCharacterReading() throws {
        let pieces = [
            "The", "fifth", "Amendment", "Tuesday", "increase", "(a)", "x-ray", "co-operation", "-", "'s", "\"", ".", ",", "5", "10th",
            "Roman", "LAW", "iPhone", "the", "of", "a", " ", "  ", "\t", "\n", "Both", "A", "and", "B", "all", "above", "second;",
            "constitutional", "Tuesday.", "(first)", "nation-state", "ABC", "eighteenth", "Twelve",
        ]
        var generator = SplitMix64(seed: 17)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 8) + 1
            texts.append(
                (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] + (generator.next() % 3 == 0 ? "" : " ") }
                    .joined())
        }
        // And the options of the sample's MMLU questions.
        for url in try FileManager.default.contentsOfDirectory(
            at: packageRoot.appendingPathComponent("raw/mmlu/test"), includingPropertiesForKeys: nil)
        where url.pathExtension == "csv" {
            for record in try CSVParser.parse([UInt8](Data(contentsOf: url)), displayPath: url.path) {
                texts += record.fields.dropFirst().dropLast()
            }
        }
        var slots = 0
        for text in texts where text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let bytes = TextVariants.readASCII(text)
            #expect(Self.describe(bytes) == Self.describe(TextVariants.readCharacters(text)), "\(text.debugDescription)")
            slots += bytes.slots.count
        }
        #expect(slots > 10_000)
    }

    @Test("antonym slots, the ASCII replacement and the capital test read over bytes as their Character readings do")
    func byteReadingsOfTheStrategiesMatch() {
        let pieces = [
            "Increase", "increases", "higher", "Yes", "No", "left-right", "long-run", "x", "-", "é", "É", "\r\n", " ", "fifth", "Fifth",
            "FIFTH", "5th", "(a)", "more.", "ħ", "kB", "Always", "ALWAYS",
        ]
        var generator = SplitMix64(seed: 43)
        for _ in 0..<20_000 {
            let words = (0..<Int(generator.next() % 6)).map { _ in
                (0..<Int(generator.next() % 3 + 1)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            }
            // Antonym slots: the same as reading each word Character by Character.
            var expected: [String] = []
            for (index, word) in words.enumerated() {
                let core = String(word.prefix { $0.isLetter || $0 == "-" })
                guard !core.isEmpty else { continue }
                if let opposite = TextVariants.antonymTable[core] {
                    expected.append("\(index) \(core) \(opposite)")
                } else if let opposite = TextVariants.antonymTable[core.lowercased()], core.first?.isUppercase == true {
                    expected.append("\(index) \(core) \(opposite.prefix(1).uppercased() + opposite.dropFirst())")
                }
            }
            #expect(TextVariants.antonymSlots(words).map { "\($0.index) \($0.core) \($0.opposite)" } == expected, "\(words)")
            let text = words.joined(separator: " ")
            let target = pieces[Int(generator.next() % UInt64(pieces.count))]
            #expect(TextVariants.replacingAll(text, target, with: "ħx") == text.replacingOccurrences(of: target, with: "ħx"), "\(text)")
            #expect(TextVariants.startsUppercase(text) == (text.first?.isUppercase == true), "\(text)")
        }
    }
}
