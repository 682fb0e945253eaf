import Foundation
import Testing

@testable import MMLUProCore

/// A clean record to plant one defect in.
private func record(
    _ id: Int, _ question: String = "", options: [String]? = nil, answerIndex: Int = 2, category: String = "physics",
    src: String = "ori_mmlu-college_physics"
) -> ReleaseRecord {
    ReleaseRecord(
        questionID: id, question: question.isEmpty ? "What is the value of quantity number \(id) in the standard model?" : question,
        options: options ?? (0..<10).map { "option \($0) of question \(id)" }, answerIndex: answerIndex, category: category, src: src)
}

/// Twenty clean records in varied shapes: none may be reported by any check (precision).
private func cleanRecords() -> [ReleaseRecord] {
    var records = (100..<110).map { record($0) }
    records.append(
        record(
            110, "Genotypes: what fraction of offspring of Bb x Bb are bb?",
            options: ["1/4", "1/2", "3/4", "Bb", "bb", "BB", "0", "1", "1/8", "3/8"], answerIndex: 0, category: "biology"))
    records.append(record(111, "Put a saucer of water on your table. A process that then occurs is"))
    records.append(record(112, "The distance of your image behind a plane mirror is equal to"))
    records.append(record(113, "Which of the following figures was a leader of the Protestant Reformation?", category: "history"))
    records.append(record(114, "Of the following problems concerning a given undirected graph G, which is solvable in polynomial time?"))
    records.append(record(115, "Given the table below, which statement is true? Labor hours: France 40 80 Belgium 15 60 Spain 20 30"))
    records.append(record(116, "The cost figures show a mean of $125,000 with a standard deviation of $32,000."))
    records.append(record(117, "Compute $\\frac{1}{2} + \\alpha$ where\tthe tab is layout only."))
    records.append(record(118, "A price of 50 € and ½ of a cake, café au lait: which is cheaper?"))
    records.append(record(119, "Line one\nline two\tline three: which is right?"))
    return records
}

@Suite("Audit: one planted defect per check, and clean records it must not report")
struct AuditTests {
    /// One planted defect per check: (check, records, the ids it must report).
    static let planted: [(Audit.Check, [ReleaseRecord], [Int])] = [
        (
            .duplicateQuestions,
            [
                record(1, "Which gas is most abundant in air?", options: ["N2", "O2", "Ar", "CO2"], answerIndex: 0),
                // Shuffled, with a trailing space added: still the same question (the public "fix").
                record(2, "Which gas is most  abundant in air? ", options: ["O2 ", "N2", "CO2", "Ar"], answerIndex: 1),
            ], [1, 2]
        ),
        (
            .nearDuplicateQuestions,
            [
                record(
                    1,
                    "A ball of mass 2 kg is thrown upward at 10 m/s from the roof of a building that is 20 m tall. How long is it in the air?",
                    options: ["1 s", "2 s", "3.24 s", "4 s"]),
                record(
                    2,
                    "A ball of mass 2 kg is thrown upward at 10 m/s from the roof of a building that is 20 m high. How long is it in the air?",
                    options: ["1 s", "2 s", "3.24 s", "4 s"]),
            ], [1, 2]
        ),
        (.optionWhitespace, [record(1, options: ["a", " b", "c", "d"])], [1]),
        (
            .whitespaceAnswerLeak,
            [record(1, options: ["alpha", "beta", " gamma", "delta", "epsilon"], answerIndex: 2)], [1]
        ),
        (.controlCharacters, [record(1, "Evaluate \u{0C}rac{1}{2} + \u{07}lpha.")], [1]),
        (.mojibake, [record(1, "The defendant \u{80}\u{94} a tenant \u{80}\u{94} sued. The rÃ©sumÃ© was sent.")], [1]),
        (.answerIndexMismatch, [mismatched(1)], [1]),
        (.answerIndexOutOfRange, [record(1, options: ["a", "b", "c"], answerIndex: 5)], [1]),
        (.optionCount, [record(1, options: ["a", "b"], answerIndex: 0)], [1]),
        (.emptyOptions, [record(1, options: ["a", "  ", "c", "d"], answerIndex: 0)], [1]),
        (.duplicateOptions, [record(1, options: ["0.16 N", "0.32 N", "0.16  N", "0.36 N"], answerIndex: 0)], [1]),
        (.metaOptions, [record(1, options: ["a", "b", "c", "All of the above"], answerIndex: 3)], [1]),
        (.figureReference, [record(1, "In the figure below, what is the tension in the rope?")], [1]),
        (
            .splitOverlap, [record(1, "What is the SI unit of electric charge?"), record(2, "What is the SI unit of electric charge?")],
            [1, 2]
        ),
    ]

    static func mismatched(_ id: Int) -> ReleaseRecord {
        var value = record(id, answerIndex: 2)
        value.answer = "D"
        return value
    }

    @Test("each check finds its planted defect, and nothing in the clean records", arguments: 0..<planted.count)
    func plantedDefect(_ index: Int) {
        let (check, defective, ids) = Self.planted[index]
        var entries = cleanRecords().map { Audit.Entry($0, split: "test") }
        for (offset, value) in defective.enumerated() {
            // The split overlap needs the second copy in another split.
            entries.append(Audit.Entry(value, split: check == .splitOverlap && offset == 1 ? "validation" : "test"))
        }
        let report = Audit.run(entries)
        #expect(report.result(check)?.questionIDs.sorted() == ids, "\(check.rawValue): \(report.result(check)?.findings ?? [])")
        // Precision: no check reports a clean record.
        for result in report.checks {
            #expect(result.questionIDs.allSatisfy { $0 < 100 }, "\(result.id.rawValue) reported a clean record: \(result.findings)")
        }
    }

    @Test("every check of the issue has a planted case")
    func coverage() {
        #expect(Set(Self.planted.map(\.0)) == Set(Audit.Check.allCases))
    }

    @Test("a control character names the LaTeX command it ate")
    func eatenCommands() {
        let found = TextDefects.controlCharacters(in: "\u{07}lpha, \u{08}ullet, \u{0C}rac, \u{0B}ert, $\u{09}au$, \u{0D}ightarrow, \u{01}")
        #expect(
            found.map(\.description) == [
                "U+0007 (ate \\alpha)", "U+0008 (ate \\bullet)", "U+000C (ate \\frac)", "U+000B (ate \\vert)", "U+0009 (ate \\tau)",
                "U+000D (ate \\rightarrow)", "U+0001",
            ])
        let repaired = TextDefects.repair("x = \u{0C}rac{a}{b} \u{0D}ightarrow \u{07}lpha\nnext line")
        #expect(repaired.text == "x = \\frac{a}{b} \\rightarrow \\alpha\nnext line")
        #expect(repaired.repairs.count == 3)
    }

    @Test("a command glued to the next word is repaired with the space LaTeX needs; what no command explains is left")
    func gluedCommands() {
        let cases: [(String, String)] = [
            ("n = 3 \u{08}ulletcm^-3", "n = 3 \\bullet cm^-3"), ("B = 2 Wb\u{08}ulletm^-2", "B = 2 Wb\\bullet m^-2"),
            ("T = 300 \u{09}extdegreeK", "T = 300 \\textdegree K"), ("3 \u{09}imes 4", "3 \\times 4"),
            ("\u{0C}racab", "\\frac ab"), ("$x = \nrac{1}{2}$", "$x = \\frac{1}{2}$"),
            ("$a \nightarrow b$", "$a \\rightarrow b$"), ("$n = \nactorial{5}$", "$n = \\factorial{5}$"),
            // Layout and prose stay: a tab before a short word, a line break without LaTeX around or before a word.
            ("name\u{09}of", "name\u{09}of"), ("plain\nrac", "plain\nrac"), ("$x$ is an\nangle", "$x$ is an\nangle"),
            ("a\u{09}extra b", "a\u{09}extra b"), ("$x$ lies on the\nfloor", "$x$ lies on the\nfloor"),
            ("$y$ at the\nmid point", "$y$ at the\nmid point"),
        ]
        for (damaged, expected) in cases {
            #expect(TextDefects.repair(damaged).text == expected, "\(TextDefects.visible(damaged))")
        }
        #expect(TextDefects.controlCharacters(in: TextDefects.repair("x\u{08}99").text).map(\.description) == ["U+0008"])
    }

    @Test("line endings become \\n, recorded; a carriage return left in text is a control character")
    func lineEndings() {
        let repaired = TextDefects.repair("one\r\ntwo\rthree")
        #expect(repaired.text == "one\ntwo\nthree")
        #expect(repaired.repairs.map(\.kind) == [.lineEnding, .lineEnding])
        #expect(TextDefects.controlCharacters(in: "one\r\ntwo").map(\.description) == ["U+000D"])
        #expect(TextDefects.controlCharacters(in: "one\ttwo").isEmpty)
    }

    @Test("mojibake is decoded: lost lead bytes, Windows-1252 and Latin-1 readings")
    func mojibakeRepair() {
        let cases: [(String, String)] = [
            ("a \u{80}\u{94} b", "a — b"), ("tenant\u{80}\u{99}s", "tenant’s"), ("create\u{85}", "create…"),
            ("CIF.\"\u{9D} then", "CIF.\"” then"), ("rÃ©sumÃ©", "résumé"), ("U.S.C. Â§ 1983", "U.S.C. § 1983"),
            ("donâ€™t", "don’t"), ("9Â½ percent", "9½ percent"),
            // Left alone: text that only looks foreign.
            ("café ½ € São", "café ½ € São"),
        ]
        for (damaged, expected) in cases {
            #expect(TextDefects.repairMojibake(damaged).text == expected, "\(TextDefects.visible(damaged))")
        }
        #expect(TextDefects.mojibake(in: "café ½ € São").isEmpty)
    }

    @Test("figures: the share of longest correct options against chance, option counts, letters")
    func figures() {
        let records = [
            record(1, options: ["a", "bb", "longest one", "c"], answerIndex: 2),
            record(2, options: ["aaaa", "b", "c", "d"], answerIndex: 1),
        ]
        let figures = Audit.run(records.map { Audit.Entry($0, split: "test") }).figures
        #expect(figures.longestIsCorrect == 0.5)
        #expect(figures.longestIsCorrectByChance == 0.25)
        #expect(figures.optionCounts == ["4": 2])
        #expect(figures.answerLetters == ["C": 1, "B": 1])
    }
}

/// The audit reads JSON arrays with our parser and falls back to the decoder: both readings
/// must give the same records, and a record the fast reading refuses must still get the
/// decoder's error.
@Suite struct AuditFileReadingTests {
    static func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("the parser's records equal the decoder's, cot_content absent, null or set, extra keys, escapes")
    func fastReadingMatchesTheDecoder() throws {
        let text = #"""
            [{"question_id": 1, "question": "Q \u00e9 \"x\" / y", "options": ["a", "b\n", " c"], "answer": "B", "answer_index": 1,
              "cot_content": "", "category": "math", "src": "ori_mmlu-x"},
             {"question_id": 70000, "question": "😀", "options": [], "answer": "A", "answer_index": 3, "category": "law",
              "src": "stemez-X", "extra": {"k": [1, 2]}},
             {"question_id": 3, "question": "", "options": ["1.5"], "answer": "J", "answer_index": 0, "cot_content": null,
              "category": "other", "src": "s"}]
            """#
        let url = try Self.write(text)
        defer { try? FileManager.default.removeItem(at: url) }
        let fast = try AuditFile.read(url, displayPath: "f.json").map(\.record)
        let decoded = try JSONDecoder().decode([ReleaseRecord].self, from: Data(text.utf8))
        #expect(fast == decoded)
        #expect(fast[1].answer == "A" && fast[1].answerIndex == 3)  // kept as the file has them
    }

    @Test("a record the parser cannot read gets the decoder's error")
    func refusedRecordsGetTheDecodersError() throws {
        for (bad, field) in [
            (
                #"[{"question_id": "1", "question": "q", "options": [], "answer": "A", "answer_index": 0, "category": "c", "src": "s"}]"#,
                "question_id"
            ),
            (
                #"[{"question_id": 1, "question": "q", "options": [2], "answer": "A", "answer_index": 0, "category": "c", "src": "s"}]"#,
                "options"
            ),
            // The decoder calls a fraction where an integer belongs invalid JSON, naming no field.
            (
                #"[{"question_id": 1, "question": "q", "options": [], "answer": "A", "answer_index": 0.5, "category": "c", "src": "s"}]"#,
                "valid JSON"
            ),
            (#"[{"question_id": 1, "question": "q", "options": [], "answer": "A", "answer_index": 0, "category": "c"}]"#, "src"),
        ] {
            let url = try Self.write(bad)
            defer { try? FileManager.default.removeItem(at: url) }
            let error = #expect(throws: InputError.self) { try AuditFile.read(url, displayPath: "f.json") }
            #expect(error.map { "\($0)".contains(field) } == true, "\(bad): \(String(describing: error))")
        }
    }
}
