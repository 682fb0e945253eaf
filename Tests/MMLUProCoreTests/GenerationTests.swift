import Foundation
import Testing

@testable import MMLUProCore

@Suite struct OptionValidatorTests {
    let validator = OptionValidator(maxLengthRatio: 3)

    func reason(_ candidate: String, answer: String = "0.5", options: [String] = ["0.5", "0.25"]) -> OptionValidator.Reason? {
        validator.rejection(of: candidate, answer: answer, options: options)?.0
    }

    @Test func emptyAndWhitespaceOnly() {
        #expect(reason("") == .empty)
        #expect(reason("  \n ") == .empty)
    }

    @Test("numerically equal to the answer", arguments: ["0.5", "1/2", "50%", "5 x 10^-1", "5e-1", " 0.50 ", "0.5000"])
    func equalsAnswer(_ candidate: String) {
        #expect(reason(candidate) == .equalsAnswer)
    }

    @Test func sameNumberInTheSameUnitOnly() {
        #expect(reason("5 amp", answer: "5 amp", options: ["5 amp"]) == .equalsAnswer)
        #expect(reason("5.0 amp", answer: "5 amp", options: ["5 amp"]) == .equalsAnswer)
        #expect(reason("5 mA", answer: "5 amp", options: ["5 amp"]) == nil)
        #expect(reason("0.5 m", answer: "0.5", options: ["0.5"]) == nil)
    }

    @Test func duplatesAfterWhitespaceButCaseIsKept() {
        #expect(reason("the  cell\nwall", answer: "x", options: ["x", "the cell wall"]) == .duplicate)
        #expect(reason("Bb", answer: "BB", options: ["BB", "bb"]) == nil)
        #expect(reason("bb", answer: "BB", options: ["BB", "bb"]) == .duplicate)
    }

    @Test(
        "meta-options",
        arguments: [
            "All of the above", "none of these", "Both A and B", "A and C", "either (B) or (D)", "Neither of them", "Options A and B",
            "A, B and C",
        ])
    func metaOptions(_ candidate: String) {
        #expect(reason(candidate, answer: "x", options: ["x"]) == .metaOption)
    }

    @Test("not meta-options", arguments: ["A cat", "Vitamin A and C deficiency", "Type A personality", "All mammals", "Both parents"])
    func notMetaOptions(_ candidate: String) {
        #expect(reason(candidate, answer: "x", options: ["x"]) == nil)
    }

    @Test func letterPrefixes() {
        for candidate in ["A. mitochondria", "(B) 5 amp", "C) 7", "D: ribosome"] {
            #expect(reason(candidate, answer: "x", options: ["x"]) == .letterPrefix, "\(candidate)")
        }
    }

    @Test func farLongerThanTheOtherOptions() {
        let long = String(repeating: "a long winded option ", count: 5)
        #expect(reason(long, answer: "short", options: ["short", "brief one"]) == .tooLong)
        #expect(reason("a bit longer option", answer: "short", options: ["short"]) == nil)
    }
}

@Suite struct QuantityTests {
    @Test func parsesNumbersWithUnits() throws {
        let joules = try #require(Quantity.parse("2.4 x 10^3 joules"))
        #expect(joules.value == 2400)
        #expect(joules.unit == "joules")
        #expect(joules.significantFigures == 2)
        #expect(joules.isScientific)
        #expect(Quantity.parse("85,580,000 foot-pounds")?.value == 85_580_000)
        #expect(Quantity.parse("\u{2212}2")?.value == -2)
        #expect(Quantity.parse("1.41e3 K")?.unit == "K")
        #expect(Quantity.parse("The output is as follows") == nil)
        #expect(Quantity.parse("Bb") == nil)
    }

    @Test func perturbationsKeepUnitNotationAndSignificantFigures() throws {
        let task = ModelTask.DistractorTask(
            question: "q", answer: "2.4 x 10^3 joules", options: ["2.4 x 10^3 joules"], rejected: [], count: 9, category: "physics",
            siblings: [])
        let distractors = OfflineGenerator.distractors(for: task, seed: 7)
        #expect(distractors.count == 9)
        for option in distractors {
            #expect(option.hasSuffix(" joules") && option.contains(" x 10^"), "\(option)")
            let quantity = try #require(Quantity.parse(option))
            #expect(quantity.significantFigures == 2, "\(option)")
            #expect(!quantity.isNear(Quantity.parse("2.4 x 10^3 joules")!))
        }
        #expect(OfflineGenerator.distractors(for: task, seed: 7) == distractors)  // deterministic
    }

    @Test func textAnswersUseSiblingsAndNeverTheAnswer() {
        let task = ModelTask.DistractorTask(
            question: "q", answer: "Bb", options: ["Bb"], rejected: ["BB"], count: 3, category: "biology",
            siblings: ["Bb", "BB", "bb", "Aa", " Bb ", "aa"])
        let distractors = OfflineGenerator.distractors(for: task, seed: 1)
        #expect(Set(distractors) == ["bb", "Aa", "aa"])
    }

    @Test("SciBench answers are written as the source's LaTeX, with its LaTeX unit")
    func sciBenchAnswersKeepLaTeX() {
        #expect(SciBenchAnswer.option(latex: " $1.7 \\times 10^{-5}$", unit: " ") == "$1.7 \\times 10^{-5}$")
        #expect(
            SciBenchAnswer.option(latex: " 2.26 \\times 10^{-5} ", unit: " $\\mathrm{~m}^3 \\mathrm{~mol}^{-1}$")
                == "$2.26 \\times 10^{-5}$ $\\mathrm{~m}^3 \\mathrm{~mol}^{-1}$")
        #expect(SciBenchAnswer.option(latex: "50.7", unit: "$\\mathrm{atm}$ ") == "50.7 $\\mathrm{atm}$")
        #expect(SciBenchAnswer.option(latex: "$3 \\pm 2 \\sqrt{2}$", unit: " $") == "$3 \\pm 2 \\sqrt{2}$")
    }

    @Test("the value of a LaTeX answer, to check answer_number against it")
    func sciBenchValues() throws {
        let cases: [(String, Double)] = [
            ("$1.7 \\times 10^{-5}$", 1.7e-5), ("$\\frac{36}{125}$", 0.288), ("$2 \\pi$", 2 * .pi), ("89,034.79", 89034.79),
            ("\u{2212}2", -2), ("$3 \\pm 2 \\sqrt{2}$", 3 + 2 * 2.0.squareRoot()), ("$1 - \\frac{1}{e}$", 1 - 1 / M_E),
            ("$3(\\frac{1}{3})-3(\\frac{1}{3})^2+(\\frac{1}{3})^3$", 19.0 / 27), ("$1-(11 / 12)^{12}$", 1 - pow(11.0 / 12, 12)),
            ("$\\frac{8 \\pi}{\\sqrt{64 \\pi^2+1}}$", 0.9992093669), ("$(\\ln 50) / 0.03$", 130.400766848),
            ("$\\cos ^{-1}\\left(\\frac{2}{3}\\right)$", acos(2.0 / 3)), ("$-\\arctan (\\sqrt{3} / 4)$", -0.40864),
        ]
        for (latex, expected) in cases {
            let value = try #require(SciBenchAnswer.value(of: latex), "\(latex)")
            #expect(abs(value - expected) < 1e-4 * max(1, abs(expected)), "\(latex)")
        }
        #expect(SciBenchAnswer.value(of: "${ }^9 \\mathrm{~B}$") == nil)
        #expect(SciBenchAnswer.agrees(latex: "$1.7 \\times 10^{-5}$", number: "0.00017") == false)
        #expect(SciBenchAnswer.agrees(latex: "$\\frac{1}{3}$", number: "0.333333") == true)
        #expect(SciBenchAnswer.agrees(latex: "${ }^9 \\mathrm{~B}$", number: "") == nil)
    }
}

@Suite struct ShuffleAndTemplateTests {
    @Test func shuffleIsDeterministicAndSpreadsTheAnswer() {
        #expect(
            SeededShuffle.permutation(count: 10, key: "mmlu/test/anatomy/3")
                == SeededShuffle.permutation(count: 10, key: "mmlu/test/anatomy/3"))
        #expect(Set(SeededShuffle.permutation(count: 10, key: "k")) == Set(0..<10))
        var positions = [Int](repeating: 0, count: 10)
        for index in 0..<2000 {
            let order = SeededShuffle.permutation(count: 10, key: "item/\(index)")
            positions[order.firstIndex(of: 0)!] += 1
        }
        // 200 expected per letter; 140...260 is more than 4 standard deviations.
        #expect(positions.allSatisfy { (140...260).contains($0) }, "\(positions)")
    }

    @Test func templateLoadsAndRenders() throws {
        let sandbox = try Sandbox(copySample: false)
        try sandbox.write("t.txt", "version: test/v2\n=== system\nYou help.\n=== user\nQ: {{question}}\nN={{count}}\n")
        let template = try PromptTemplate.load(sandbox.url("t.txt"), displayPath: "t.txt", placeholders: ["question", "count"])
        #expect(template.version == "test/v2")
        #expect(
            template.render(["question": "Why?", "count": "6"]) == [
                ChatMessage(role: "system", content: "You help."), ChatMessage(role: "user", content: "Q: Why?\nN=6"),
            ])
    }

    @Test func templateErrorsNameTheLine() throws {
        let sandbox = try Sandbox(copySample: false)
        try sandbox.write("a.txt", "=== user\nhi\n")
        #expect { try PromptTemplate.load(sandbox.url("a.txt"), displayPath: "a.txt", placeholders: []) } throws: {
            ($0 as? InputError)?.location == "a.txt:1"
        }
        try sandbox.write("b.txt", "version: x\n=== user\nQ: {{question}}\nA: {{anwser}}\n")
        #expect { try PromptTemplate.load(sandbox.url("b.txt"), displayPath: "b.txt", placeholders: ["question", "answer"]) } throws: {
            ($0 as? InputError)?.location == "b.txt:4"
        }
        // An unclosed placeholder would reach the model as text.
        try sandbox.write("c.txt", "version: x\n=== user\nQ: {{question}}\nA: {{answer\n")
        #expect { try PromptTemplate.load(sandbox.url("c.txt"), displayPath: "c.txt", placeholders: ["question", "answer"]) } throws: {
            ($0 as? InputError)?.location == "c.txt:4"
        }
        // JSON in a template is text.
        try sandbox.write("d.txt", "version: x\n=== user\nReply {\"a\": {\"b\": 1}} to {{question}}\n")
        #expect(throws: Never.self) {
            try PromptTemplate.load(sandbox.url("d.txt"), displayPath: "d.txt", placeholders: ["question"])
        }
    }
}

@Suite struct JSONValueTests {
    @Test func parseMatchesTheCodableDecoding() throws {
        let text = #"{"a": true, "b": 1, "c": 1.5, "d": [0, false, null, "x"], "e": {"f": "g"}}"#
        let parsed = JSONValue.parse(Data(text.utf8))
        #expect(parsed == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
        #expect(parsed?["d"] == .array([.number(0), .bool(false), .null, .string("x")]))
        #expect(JSONValue.parse(Data("not json".utf8)) == nil)
    }
}

@Suite struct NormalizedTests {
    @Test func fastPathAgreesWithTheCharacterSplit() {
        let cases = [
            "plain text", " padded ", "two  spaces", "tab\there", "café au lait", "Ωmega first", "a \u{301}b", "nbsp\u{00A0}here",
            "ogham\u{1680}space", "em\u{2003}space", "ideographic\u{3000}space", "line\u{2028}sep", "résumé", "",
        ]
        for text in cases {
            #expect(OptionValidator.normalized(text) == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(text)")
        }
    }
}

/// The byte-level fast paths give what the `Character`-level readings give, on random text
/// built from the characters where they could differ.
@Suite struct FastTextTests {
    static let alphabet: [String] = [
        "a", "B", "z", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}",
        "\u{301}", "\u{200D}", "\u{FE0F}", "é", "e\u{301}", "×", "😀", "👩‍🔬", "all", "None", "of", "the", "above", "both", "A", "(B)", "ß",
        "9", "-", ",",
    ]

    @Test("normalized(_:) equals splitting on whitespace Characters and joining with spaces")
    func normalizedMatchesTheCharacterReading() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 9)
            let text = (0..<length).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] }.joined()
            let expected = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            #expect(OptionValidator.normalized(text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("collapseScalars(_:), where it answers, equals the Character reading; it answers for plain non-ASCII text")
    func scalarCollapseMatchesTheCharacterReading() {
        // Scalars that join graphemes in every way Unicode has (prepended, spacing mark, Thai
        // AM, joiners, Hangul jamo, regional indicators, an emoji modifier) beside white space.
        let alphabet =
            Self.alphabet + [
                "\u{600}", "\u{903}", "\u{E33}", "\u{200C}", "\u{1100}", "\u{1161}", "\u{11A8}", "🇫🇷", "\u{1F3FB}", "\u{2028}", "\u{1680}",
            ]
        var generator = SplitMix64(seed: 8)
        var answered = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 9)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            guard let collapsed = OptionValidator.collapseScalars(text) else { continue }
            answered += 1
            let expected = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            #expect(collapsed == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(answered > 5_000)
        #expect(OptionValidator.collapseScalars("  4\u{A0}×\n10⁻³ m\u{3000}") == "4 × 10⁻³ m")
        #expect(OptionValidator.collapseScalars("a \u{301}b") == nil)
    }

    /// The content words as strings, as the generator and the shortcut report first read them.
    static func contentWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        var current: [UInt8] = []
        func flush() {
            if current.count >= 3 {
                let word = String(decoding: current, as: UTF8.self)
                if !TextFeatures.stopwords.contains(word) { words.insert(String(word.prefix(6))) }
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: current.append(byte + 0x20)
            case 0x61...0x7A, 0x80...: current.append(byte)
            default: flush()
            }
        }
        flush()
        return words
    }

    @Test("content-word hashes read over bytes equal the hashes of the content words as strings")
    func contentWordHashesMatchTheWords() {
        let words = [
            "the", "The", "statements", "Statement", "following", "FOLLOWING", "neither", "increase", "increases", "doe", "does",
            "résumé", "naïve", "über", "ab", "abc", "abcdefgh", "abcdefghij", "theirs", "statementsx", "ßeta", "😀x", "e\u{301}tude",
        ]
        let separators = [" ", "  ", ",", "-", "'", "9", "\n", "\u{A0}", "."]
        var generator = SplitMix64(seed: 17)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 7) {
                text += words[Int(generator.next() % UInt64(words.count))] + separators[Int(generator.next() % UInt64(separators.count))]
            }
            let expected = Set(
                Self.contentWords(text).map { word in
                    word.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
                }
            ).sorted()
            #expect(TextFeatures.contentWordHashes(text) == expected, "\(text)")
            // The early-exit test agrees with the full list, against a topic of a few words.
            let topic = Set(TextFeatures.contentWordHashes(words[Int(generator.next() % UInt64(words.count))] + " résumé"))
            #expect(TextFeatures.sharesContentWord(text, with: topic) == expected.contains(where: topic.contains), "\(text)")
        }
    }

    @Test("every stopword, in any case, is left out of the content words; a word a letter away that is none is kept")
    func everyStopwordIsLeftOut() {
        for word in TextFeatures.stopwords where word.utf8.count >= 3 {
            #expect(TextFeatures.contentWordHashes(word).isEmpty, "\(word)")
            #expect(TextFeatures.contentWordHashes(word.uppercased() + " " + word.capitalized).isEmpty, "\(word)")
            for letter in ["q", "z", "x"] {
                for variant in [letter + word.dropFirst(), word.dropLast() + letter, word + letter]
                where !TextFeatures.stopwords.contains(variant) {
                    #expect(TextFeatures.contentWordHashes(variant).count == 1, "\(variant)")
                }
            }
        }
    }

    /// The format as words, as the generator and the shortcut report first read it.
    static func formatWords(_ option: String) -> [String] {
        let quantity = Quantity.parse(option)
        let bytes = Array(option.utf8)
        func contains(_ needle: String) -> Bool {
            let needle = Array(needle.utf8)
            guard bytes.count >= needle.count else { return false }
            return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        let scientific = quantity?.isScientific == true || contains("10^") || contains("\\times 10")
        let unit = quantity.map { $0.unit.isEmpty ? "none" : "unit" } ?? "text"
        var decimals = "-"
        if quantity != nil {
            if let dot = bytes.firstIndex(of: 0x2E) {
                decimals = String(bytes[(dot + 1)...].prefix { (0x30...0x39).contains($0) }.count)
            } else {
                decimals = "0"
            }
        }
        let head = option.utf8.drop { $0 == 0x20 || $0 == 0x24 }.prefix(3)
        let sign = head.first == 0x2D || head.first == 0x2B || head.elementsEqual([0xE2, 0x88, 0x92])
        let latex = bytes.contains(0x24) || bytes.contains(0x5C)
        return [
            scientific ? "sci" : "plain", unit, decimals, sign ? "signed" : "unsigned", latex ? "latex" : "plain",
            contains("×") ? "times" : "plain",
        ]
    }

    @Test("an option's format, one small value per feature, reads as the words of the string reading; unique counts agree")
    func optionFormatMatchesTheWords() {
        let pieces = [
            "5", "12", "-", "+", "−", " ", "$", ".", "0.50", "1,234", "x", "×", "10^", "\\times 10", "^3", "e-3", "%", "kg", "m/s",
            "\\frac{1}{2}", "{", "}", "J", "abc", "é", "\r\n",
        ]
        var generator = SplitMix64(seed: 37)
        var options: [String] = []
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 6)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            #expect(OptionFormat.Feature.allCases.map(TextFeatures.format(text).word) == Self.formatWords(text), "\(text)")
            options.append(text)
        }
        // Unique-format counts over groups of options: the same as counting over the words.
        func reference(_ formats: [[String]]) -> [Int] {
            guard formats.count >= 3 else { return formats.map { _ in 0 } }
            var counts = formats.map { _ in 0 }
            for feature in 0..<6 {
                let values = formats.map { $0[feature] }
                let tally = Dictionary(grouping: values.indices, by: { values[$0] })
                guard tally.count == 2, let single = tally.values.first(where: { $0.count == 1 }) else { continue }
                counts[single[0]] += 1
            }
            return counts
        }
        for start in stride(from: 0, to: options.count - 10, by: 7) {
            let group = Array(options[start..<(start + Int(generator.next() % 6) + 1)])
            #expect(TextFeatures.uniqueFormatCounts(group.map(TextFeatures.format)) == reference(group.map(Self.formatWords)), "\(group)")
        }
    }

    @Test("a word's ending class read over its bytes equals the suffix test on the string")
    func endingClassMatchesTheSuffixTest() {
        let words = [
            "nation", "nations", "ity", "quality", "qualities", "organism", "graphy", "run", "faster", "cities", "é-tion", "ßsion",
        ]
        let endings: [(ending: String, kind: Int)] = TextVariants.endingClasses.enumerated().flatMap { kind, endings in
            endings.map { (ending: $0, kind: kind) }
        }
        let all: [String] = words + endings.map { "abc" + $0.ending } + endings.map(\.ending)
        for word in all {
            let matching = endings.filter { word.utf8.count > $0.ending.utf8.count + 2 && word.hasSuffix($0.ending) }
            let longest = matching.max { $0.ending.utf8.count < $1.ending.utf8.count }
            let expected = longest?.kind ?? TextVariants.endingClasses.count
            #expect(TextVariants.endingClass(word) == expected, "\(word)")
        }
    }

    @Test("fixed-point numbers written by the C library equal Foundation's String(format:)")
    func fixedFormattingMatchesFoundation() {
        var generator = SplitMix64(seed: 47)
        for _ in 0..<50_000 {
            let magnitude = pow(10, Double(Int(generator.next() % 30)) - 15)
            let value = Double(generator.next() % 1_000_000) / 1_000_000 * magnitude * 9.99
            let places = Int(generator.next() % 12)
            #expect(NumberSpan.fixed(value, places: places) == String(format: "%.\(places)f", value), "\(value) \(places)")
        }
        for value in [0, 0.5, 1.5, 2.5, 0.125, 1e14, 999_999.999_5, 1e-300] {
            #expect(NumberSpan.fixed(value, places: 2) == String(format: "%.2f", value))
        }
        #expect(NumberSpan.fixed(1e14, places: 400) == String(format: "%.400f", 1e14))
    }

    @Test("JSON string literals escaped over bytes equal the scalar-by-scalar escaping")
    func jsonTextEscapingMatchesTheScalarReading() {
        func reference(_ text: String) -> String {
            var output = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                case "\u{08}": output += "\\b"
                case "\u{0C}": output += "\\f"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}"
                        || scalar == "\u{2029}"
                    {
                        output +=
                            "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                            + String(scalar.value, radix: 16)
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
            return output + "\""
        }
        let pieces =
            Self.alphabet + ["\"", "\\", "\u{0}", "\u{1F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{2027}", "€", "\u{8}"]
        var generator = SplitMix64(seed: 53)
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 8)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            #expect(JSONText.quoted(text) == reference(text), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test("the audit's word-trigram shingles equal the hashes of the trigrams of the split words")
    func shinglesMatchTheSplitWords() {
        let pieces = Self.alphabet + ["Word", "ÉTÉ", "İstanbul", "x²", "٣", "—", "’", "Straße", "e\u{301}t", "9", "a1"]
        var generator = SplitMix64(seed: 59)
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 9)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            let expected =
                words.count < 3
                ? [Audit.stableHash(words.joined(separator: " "))]
                : Array(Set((0...(words.count - 3)).map { Audit.stableHash(words[$0..<($0 + 3)].joined(separator: " ")) })).sorted()
            #expect(Audit.shingles(text) == expected, "\(text)")
        }
    }

    @Test("the learned attacker's digit count equals counting scalars with a numeric type")
    func digitCountMatchesTheScalarProperties() {
        var generator = SplitMix64(seed: 19)
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 9)).map { _ in
                (Self.alphabet + ["0", "5", "²", "½", "٣", "Ⅳ", "①", "十"])[Int(generator.next() % UInt64(Self.alphabet.count + 8))]
            }.joined()
            let (digits, scalars) = LearnedAttacker.digits(text)
            #expect(digits == text.unicodeScalars.filter { $0.properties.numericType != nil }.count, "\(text)")
            #expect(scalars == text.unicodeScalars.count)
        }
    }

    @Test("text the quick test calls unpadded is what trimming white space and new lines leaves as it is")
    func surroundingSpaceQuickTestIsSafe() {
        var generator = SplitMix64(seed: 23)
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 6)).map { _ in
                (Self.alphabet + ["\u{1C}", "\u{1F}", "\u{0}"])[Int(generator.next() % UInt64(Self.alphabet.count + 3))]
            }.joined()
            if !TextDefects.hasSurroundingSpace(text) {
                #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == text, "\(text.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test("trigrams of ASCII text lower-cased byte by byte equal those of the lower-cased string")
    func trigramsMatchTheLowercasedString() {
        func reference(_ text: String) -> [UInt32] {
            let bytes = Array(text.lowercased().utf8)
            guard bytes.count >= 3 else { return [bytes.reduce(0 as UInt32) { $0 &* 31 &+ UInt32($1) } | 0x8000_0000] }
            var grams = Set<UInt32>()
            for index in 0...(bytes.count - 3) {
                let gram: UInt32 = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                grams.insert(gram)
            }
            return grams.sorted()
        }
        var generator = SplitMix64(seed: 31)
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 7)).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] }
                .joined()
            #expect(TextFeatures.trigrams(text) == reference(text), "\(text)")
        }
    }

    @Test("trigramCentroid(_:) gives the pairwise Jaccard sums of the trigram sets, bit for bit")
    func trigramCentroidMatchesPairwiseJaccard() {
        var generator = SplitMix64(seed: 32)
        func texts(_ count: Int) -> [String] {
            (0..<count).map { _ in
                (0..<Int(generator.next() % 7)).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] }.joined()
            }
        }
        for round in 0..<3_000 {
            // Up to 10 options, and now and then more texts than the hash sets hold (64).
            let texts = texts(round % 500 == 0 ? 60 + round % 11 : Int(1 + generator.next() % 10))
            let sets = texts.map(TextFeatures.trigrams)
            var expected = Array(repeating: 0.0, count: texts.count)
            for i in sets.indices {
                for j in sets.indices where j > i {
                    let similarity = TextFeatures.jaccard(sets[i], sets[j])
                    expected[i] += similarity
                    expected[j] += similarity
                }
            }
            #expect(TextFeatures.trigramCentroid(texts) == expected, "\(texts)")
        }
    }

    @Test("the byte-level meta-word test finds every word the letter-level reading finds")
    func metaWordsAreNeverMissed() {
        let words: Set<Substring> = [
            "all", "none", "both", "neither", "each", "any", "either", "only", "option", "options", "choice", "choices",
        ]
        var generator = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 7)
            let text = (0..<length).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] }.joined()
            let letterLevel = text.lowercased().split(whereSeparator: { !$0.isLetter }).contains(where: words.contains)
            if letterLevel { #expect(OptionValidator.hasMetaWord(text), "\(text)") }
        }
    }

    @Test("the quick tests before the meta-option expression never change its answer")
    func metaOptionQuickTestsAreSafe() {
        let pieces = [
            "all", "None", "of", "the", "above", "these", "both", "Either", "neither", "only", "and", "or", "nor", "each", "any",
            "option", "choices", "(A)", "B", "C)", "(D", "J", "K", "a", " ", ", ", "\t", "1", "_", "é", "x", "answers",
            "Options", "ONLY", "optionſ", "nonE", "either(B)", "s", "(", "below", "nor",
        ]
        var generator = SplitMix64(seed: 13)
        var found = 0
        for _ in 0..<50_000 {
            let length = Int(generator.next() % 8) + 1
            // Mostly words with spaces between them, sometimes glued.
            let text = (0..<length).map { _ in
                pieces[Int(generator.next() % UInt64(pieces.count))] + (generator.next() % 4 == 0 ? "" : " ")
            }.joined()
            let expected = OptionValidator.matchesMeta(OptionValidator.normalized(text))
            if expected { found += 1 }
            #expect(OptionValidator.isMetaOption(text) == expected, "\(text.debugDescription)")
        }
        #expect(found > 1_000)
    }
}

extension JSONValue {
    /// A value `JSONSerialization` produced: the oracle the parser is checked against.
    init?(any object: Any) {
        switch object {
        case is NSNull: self = .null
        case let number as NSNumber:
            // NSNumber carries both booleans and numbers; a boolean's type code is "c".
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else {
                self = .number(number.doubleValue)
            }
        case let string as String: self = .string(string)
        case let array as [Any]:
            var values: [JSONValue] = []
            for element in array {
                guard let value = JSONValue(any: element) else { return nil }
                values.append(value)
            }
            self = .array(values)
        case let dictionary as [String: Any]:
            var values: [String: JSONValue] = [:]
            for (key, element) in dictionary {
                guard let value = JSONValue(any: element) else { return nil }
                values[key] = value
            }
            self = .object(values)
        default: return nil
        }
    }
}

/// The JSON parser reads what `JSONSerialization` reads, the same way, and refuses what it refuses.
@Suite struct JSONParserTests {
    static func foundation(_ text: String) -> JSONValue? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])).flatMap(JSONValue.init(any:))
    }

    @Test("edge cases: escapes, surrogates, numbers, fragments, a byte-order mark, broken text")
    func edgeCases() {
        let cases = [
            #"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#, #"  [1, -0, 0.5, -2.5e-3, 1E+2, 123456789]  "#,
            #""\u00e9\ud83d\ude00\n\t\"\\\/""#,
            "\u{FEFF}{\"x\": 1}", #"{"verdicts": [{"option": "B", "verdict": "wrong", "rationale": "x"}]}"#, "{}", "[]", "3", "\"s\"",
            #"{"a": 1, "a": 2}"#, "{", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "[1] x", "\"\\x\"",
            "\"\\ud800\"", "\"a\nb\"", "{\"a\":}", "", "   ", "[\"\\u12\"]", "NaN", "Infinity", "{\"k\": [[[[]]]]}",
            "[1, ]", "{\"a\": 1 ,}", "[,]", "[1,,]",
        ]
        for text in cases {
            #expect(JSONParser.parse(Array(text.utf8)) == Self.foundation(text), "\(text)")
        }
        #expect(JSONParser.parse([0x22, 0xFF, 0x22]) == nil)
        #expect(JSONParser.parse(Array(String(repeating: "[", count: 600).utf8) + Array(String(repeating: "]", count: 600).utf8)) == nil)
    }

    @Test("random documents parse to what Foundation parses them to")
    func randomDocuments() throws {
        var generator = SplitMix64(seed: 3)
        func random(_ depth: Int) -> Any {
            switch generator.next() % (depth > 3 ? 4 : 6) {
            case 0: return NSNull()
            case 1: return generator.next() % 2 == 0
            case 2: return Double(Int(generator.next() % 2_000_000) - 1_000_000) / Double(1 + generator.next() % 1000)
            case 3:
                let pieces = ["a", "é", "😀", "\"", "\\", "\n", "\u{1}", "/", " ", "\u{2028}", "x"]
                return (0..<Int(generator.next() % 6)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            case 4: return (0..<Int(generator.next() % 4)).map { _ in random(depth + 1) }
            default:
                var object: [String: Any] = [:]
                for index in 0..<Int(generator.next() % 4) { object["k\(index)\(generator.next() % 3)"] = random(depth + 1) }
                return object
            }
        }
        for _ in 0..<2_000 {
            let document = random(0)
            let text = String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.fragmentsAllowed]), as: UTF8.self)
            let ours = JSONParser.parse(Array(text.utf8))
            let theirs = Self.foundation(text)
            #expect(ours.map(Self.rounded) == theirs.map(Self.rounded), "\(text)")
            // Ours reads each number exactly as Swift prints it; Foundation can miss the last digit.
            if case .number(let value) = ours, let number = document as? Double { #expect(value == number) }
        }
    }

    /// Numbers to 12 significant digits: Foundation's parser on Linux is not correctly rounded.
    static func rounded(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number): .number(Double(String(format: "%.12g", number))!)
        case .array(let items): .array(items.map(rounded))
        case .object(let members): .object(members.mapValues(rounded))
        default: value
        }
    }
}

/// Stored option lists are written by hand, byte for byte as `JSONEncoder` (sorted keys, no
/// escaped slashes) wrote them before: the stored text is hashed and compared across builds.
@Suite struct JSONListTests {
    @Test("a list's text is JSONEncoder's canonical text, on random strings of every kind of character")
    func listTextMatchesTheEncoder() throws {
        var generator = SplitMix64(seed: 11)
        let pieces = [
            "a", "é", "😀", "\"", "\\", "\n", "\r\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "/", " ", "\u{2028}", "\u{FEFF}", "x",
            "$\\frac{1}{2}$",
            "e\u{301}", "\u{0}",
        ]
        for _ in 0..<5_000 {
            let list = (0..<Int(generator.next() % 5)).map { _ in
                (0..<Int(generator.next() % 6)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            }
            let text = JSONList.text(list)
            #expect(text == Digest.canonicalJSON(list), "\(list)")
            #expect(try JSONList.strings(text, column: "test") == list)
        }
    }
}
