import Foundation
import GRDB
import Testing

@testable import MMLUProCore

@Suite struct CollectTests {
    @Test func sampleCounts() async throws {
        let sandbox = try Sandbox()
        let reports = try await sandbox.build([.collect])
        #expect(reports[0].counts["ingested"] == 89)
        #expect(reports[0].counts["duplicates"] == 1)
        let (_, pool) = try sandbox.open()
        let counts = try await pool.read { (db: Database) throws in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT source || '/' || split, COUNT(*) FROM source_item GROUP BY 1").map {
                    ($0[0] as String, $0[1] as Int)
                })
        }
        #expect(counts == ["mmlu/test": 30, "mmlu/dev": 25, "mmlu/val": 10, "theoremqa/test": 8, "scibench/test": 8, "stemez/test": 8])
    }

    @Test func textIsKeptExactlyAsTheSourceHasIt() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build([.collect])
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            let latex = try #require(
                try SourceItem.fetchOne(db, sql: "SELECT * FROM source_item WHERE source = 'theoremqa' AND question LIKE '%frac%'"))
            #expect(latex.question.contains("\\frac{1}{2}"))
            #expect(latex.question.contains("\\alpha"))
            #expect(!latex.question.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })

            let multiline = try #require(try SourceItem.fetchOne(db, key: "mmlu/test/college_physics/3"))
            #expect(multiline.question.contains("\n"))
            let none = try #require(try SourceItem.fetchOne(db, key: "mmlu/test/econometrics/3"))
            #expect(none.options?[0] == "None")
            let spaced = try #require(try SourceItem.fetchOne(db, key: "mmlu/test/high_school_biology/3"))
            // The whitespace that leaked the answer in the public release is removed, and recorded.
            #expect(spaced.options?[1] == "Meiosis")
            let repair = try Row.fetchOne(
                db, sql: "SELECT field, reason, before, after FROM text_repair WHERE item_key = ?", arguments: [spaced.key])
            #expect(repair?["field"] == "option 1")
            #expect(repair?["reason"] == "surrounding_whitespace")
            #expect(repair?["before"] == " Meiosis")
            #expect(repair?["after"] == "Meiosis")
            let crlf = try #require(try SourceItem.fetchOne(db, key: "mmlu/test/moral_scenarios/5"))
            #expect(crlf.category == nil)
            #expect(!crlf.answer!.contains("\r"))

            // SciBench: the answer is the source's LaTeX; the number only checks it.
            let comma = try #require(try SourceItem.fetchOne(db, key: "scibench/atkins/1"))
            #expect(comma.answer == "$1250.5$")
            #expect(comma.extra["answer_number"] == .string("1,250.5"))
            #expect(SciBenchAnswer.value(of: comma.answer!) == 1250.5)
            #expect(comma.category == "chemistry")
            let minus = try #require(try SourceItem.fetchOne(db, key: "scibench/stat/0"))
            #expect(SciBenchAnswer.value(of: minus.answer!) == -0.25)
            #expect(SciBenchAnswer.agrees(latex: minus.answer!, number: "\u{2212}0.25") == true)
        }
    }

    @Test func suitabilityReasons() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build([.collect])
        let (_, pool) = try sandbox.open()
        let reasons = try await pool.read { (db: Database) throws in
            try Row.fetchAll(db, sql: "SELECT item_key, reason FROM removal WHERE stage = 'collect'").map {
                "\($0[0] as String) \($0[1] as String)"
            }.sorted()
        }
        #expect(
            reasons == [
                "scibench/stat/1 missing_answer",
                "stemez/Economics/E08-0210 needs_picture",
                "stemez/ElectricCircuits/D03-0044 needs_picture",
                "theoremqa/sample/is_91_prime.json true_false",
                "theoremqa/sample/singular_matrix.json inline_options",
                "theoremqa/sample/voltage_divider.json needs_picture",
            ])
        let duplicate = try await pool.read { db in try Row.fetchOne(db, sql: "SELECT item_key, origin FROM duplicate_record") }
        #expect(duplicate?["item_key"] == "stemez/Physics/D24-0001")
        #expect((duplicate?["origin"] as String?)?.hasSuffix("stemez.jsonl:7") == true)
    }

    @Test(
        "a STEM Website crawl with eaten escapes glued to words is repaired; one it cannot place holds that question, and the rest releases"
    )
    func gluedEscapesInACrawl() async throws {
        let sandbox = try Sandbox()
        func line(_ id: String, _ question: String, _ answer: String) throws -> String {
            let object: [String: Any] = [
                "question": question, "solution": "Working it through, the answer is \(answer).", "images": [String](),
                "html_file": "/home/crawler/Physics/\(id).htm", "image_question": false, "image_answer": false, "short_answer": true,
                "answer": answer,
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let crawl = [
            try line("G01-0001", "A gas has 2.5 \u{08}ulletcm^-3 molecules of what density class?", "2.5 molecules per cm^3"),
            try line("G01-0002", "A flux density of 3 Wb\u{08}ulletm^-2 acts on a 2 m^2 loop. What is the flux?", "6 Wb"),
            try line("G01-0003", "A gas is held at 300 \u{09}extdegreeK. What is that in Celsius?", "26.85 C"),
            try line("G01-0004", "What is the period of a pendulum of length 2\u{01}m?", "2.84 s"),
        ]
        try sandbox.write("raw/stemez/stemez.jsonl", try sandbox.read("raw/stemez/stemez.jsonl") + crawl.joined(separator: "\n") + "\n")
        try sandbox.edit("pipeline.yaml", replacing: "  version: \"0.1.0\"", with: "  version: \"0.1.0\"\n  preview: true")
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            let held = try Row.fetchAll(db, sql: "SELECT item_key, reason, detail FROM removal WHERE item_key LIKE 'stemez/Physics/G01-%'")
            #expect(held.map { $0["item_key"] as String } == ["stemez/Physics/G01-0004"])
            #expect(held.first?["reason"] == "unrepaired_control_character")
            #expect((held.first?["detail"] as String?)?.contains("U+0001") == true)
            let questions = try String.fetchAll(
                db,
                sql:
                    "SELECT question FROM source_item WHERE key IN ('stemez/Physics/G01-0001', 'stemez/Physics/G01-0002', 'stemez/Physics/G01-0003') ORDER BY key"
            )
            #expect(
                questions.map { $0.contains("\\bullet cm^-3") || $0.contains("Wb\\bullet m^-2") || $0.contains("300 \\textdegree K") } == [
                    true, true, true,
                ])
        }
        let test = try JSONDecoder().decode(
            [ReleaseRecord].self, from: try #require(try releaseFiles(sandbox, "build/release/0.1.0-preview")["test.json"]))
        #expect(test.contains { $0.question.contains("\\bullet cm^-3") })
        #expect(!test.contains { $0.question.contains("pendulum of length") })
    }

    @Test func numbersWrittenAsText() {
        #expect(NumberText.value(of: "89,034.79") == 89034.79)
        #expect(NumberText.value(of: "\u{2212}1.642876") == -1.642876)
        #expect(NumberText.value(of: " 0.139") == 0.139)
        #expect(NumberText.value(of: "") == nil)
        #expect(NumberText.value(of: "1,2") == nil)
        #expect(NumberText.value(of: "12 m") == nil)
    }

    @Test func rebuildTellsNewChangedAndUnchangedApart() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build([.collect])
        try sandbox.edit("raw/scibench/stat.json", replacing: "\"answer_number\": \"\"", with: "\"answer_number\": \"52.3\"")
        let report = try await sandbox.build([.collect])[0]
        #expect(report.counts["changed"] == 1)
        #expect(report.counts["unchanged"] == 88)
        #expect(report.counts["unsuitable"] == 5)
    }

    // MARK: Bad input: an error naming the place, and the database left exactly as it was.

    struct BrokenCase: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var content: [UInt8]
        var code: InputError.Code
        var location: String
        var testDescription: String { name }

        init(_ name: String, _ file: String, _ text: String, _ code: InputError.Code, _ location: String) {
            self.init(name, file, bytes: Array(text.utf8), code, location)
        }

        init(_ name: String, _ file: String, bytes: [UInt8], _ code: InputError.Code, _ location: String) {
            (self.name, self.file, self.content, self.code, self.location) = (name, file, bytes, code, location)
        }
    }

    static let brokenCases: [BrokenCase] = [
        BrokenCase("csv: 5 fields", "raw/mmlu/test/college_physics_test.csv", "q,a,b,c,A\n", .fieldCount, "college_physics_test.csv:1"),
        BrokenCase(
            "csv: 7 fields on line 2", "raw/mmlu/test/college_physics_test.csv", "q,a,b,c,d,A\nq,a,b,c,d,e,A\n", .fieldCount,
            "college_physics_test.csv:2"),
        BrokenCase(
            "csv: unterminated quote", "raw/mmlu/test/college_physics_test.csv", "q,a,b,c,d,A\n\"q,a,b,c,d,A\n", .malformedCSV,
            "college_physics_test.csv:2"),
        BrokenCase(
            "csv: bad answer letter", "raw/mmlu/test/college_physics_test.csv", "q,a,b,c,d,E\n", .invalidValue, "college_physics_test.csv:1"
        ),
        BrokenCase(
            "csv: invalid UTF-8", "raw/mmlu/test/college_physics_test.csv",
            bytes: Array("q,a,b,c,d,A\nq\u{E9},".utf8) + [0xFF] + Array(",b,c,d,A\n".utf8), .invalidUTF8, "college_physics_test.csv:2"),
        BrokenCase(
            "csv: unknown subject", "raw/mmlu/test/underwater_basketry_test.csv", "q,a,b,c,d,A\n", .unknownSubject,
            "underwater_basketry_test.csv"),
        BrokenCase(
            "theoremqa: invalid JSON", "raw/theoremqa/theoremqa_test.json", "[{\"Question\": \"x\",", .invalidJSON, "theoremqa_test.json"),
        BrokenCase(
            "theoremqa: Answer of the wrong type", "raw/theoremqa/theoremqa_test.json",
            #"[{"Question": "q", "Answer": "7", "Answer_type": "integer", "Picture": null, "id": "a", "field": "Math"}]"#, .wrongType,
            "theoremqa_test.json $[0].Answer"),
        BrokenCase(
            "theoremqa: missing Question", "raw/theoremqa/theoremqa_test.json",
            #"[{"Answer": 7, "Answer_type": "integer", "Picture": null, "id": "a", "field": "Math"}]"#, .missingField,
            "theoremqa_test.json $[0]"),
        BrokenCase(
            "theoremqa: unknown field", "raw/theoremqa/theoremqa_test.json",
            #"[{"Question": "q", "Answer": 7, "Answer_type": "integer", "Picture": null, "id": "a", "field": "Poetry"}]"#, .unknownSubject,
            "theoremqa_test.json $[0].field"),
        BrokenCase(
            "theoremqa: invalid UTF-8", "raw/theoremqa/theoremqa_test.json",
            bytes: Array("[\n{\"Question\": \"".utf8) + [0xC0, 0x80] + Array("\"}]".utf8), .invalidUTF8, "theoremqa_test.json:2"),
        BrokenCase(
            "scibench: answer_number not a string", "raw/scibench/stat.json",
            #"[{"problem_text": "p", "answer_latex": "1", "answer_number": 1, "unit": " ", "source": "stat", "problemid": "1", "comment": " "}]"#,
            .wrongType, "stat.json $[0].answer_number"),
        BrokenCase("scibench: invalid JSON", "raw/scibench/stat.json", "[{]", .invalidJSON, "stat.json"),
        BrokenCase("scibench: unknown textbook", "raw/scibench/poetry.json", "[]", .unknownSubject, "poetry.json"),
        BrokenCase(
            "stemez: invalid JSON on line 2", "raw/stemez/stemez.jsonl",
            #"{"question": "q", "solution": "s", "images": [], "html_file": "/c/Physics/D1.htm", "image_question": false, "image_answer": false, "short_answer": true, "answer": "5 amp"}"#
                + "\n{oops\n", .invalidJSON, "stemez.jsonl:2"),
        BrokenCase(
            "stemez: wrong type", "raw/stemez/stemez.jsonl",
            #"{"question": "q", "solution": "s", "images": [], "html_file": "/c/Physics/D1.htm", "image_question": "no", "image_answer": false, "short_answer": true, "answer": "5 amp"}"#,
            .wrongType, "stemez.jsonl:1 $.image_question"),
        BrokenCase(
            "stemez: missing answer key", "raw/stemez/stemez.jsonl",
            #"{"question": "q", "solution": "s", "images": [], "html_file": "/c/Physics/D1.htm", "image_question": false, "image_answer": false, "short_answer": true}"#,
            .missingField, "stemez.jsonl:1 $"),
        BrokenCase(
            "stemez: unknown book", "raw/stemez/stemez.jsonl",
            #"{"question": "q", "solution": "s", "images": [], "html_file": "/c/Poetry/D1.htm", "image_question": false, "image_answer": false, "short_answer": true, "answer": "x"}"#,
            .unknownSubject, "stemez.jsonl:1 $.html_file"),
    ]

    @Test(arguments: brokenCases)
    func brokenInputStopsTheStageAndLeavesTheDatabaseAsItWas(_ broken: BrokenCase) async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }

        try sandbox.write(broken.file, bytes: broken.content)
        await #expect {
            try await sandbox.build()
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.code == broken.code && error.location.hasSuffix(broken.location)
        }
        let after = try await pool.read { try withoutFailedRuns($0) }
        #expect(after == before)
    }
}

/// The content hash is written by hand: it must stay the hash `JSONEncoder` gave (sorted keys,
/// absent fields left out), or every stored item would read as changed on the next run.
@Suite struct ContentHashTests {
    /// The encoder's input, as the hash was first computed.
    struct EncodedContent: Encodable {
        var source: Source, split: String, subject: String, category: String?, question: String
        var options: [String]?, answer: String?, answerType: String, unit: String?, solution: String?
        var extra: [String: JSONValue]
    }

    @Test("the hand-written content hash equals the hash of JSONEncoder's canonical text")
    func contentHashMatchesTheEncoder() {
        var generator = SplitMix64(seed: 29)
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        let texts = ["", "x", "Answer", "é\u{301}", "\"q\"\\", "a/b", "line\nbreak\t", "\u{1}", "$\\frac{1}{2}$", "😀"]
        func value(_ depth: Int) -> JSONValue {
            switch generator.next() % (depth > 2 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(generator.next() % 2 == 0)
            case 2: return .number(pick([0, 1, -0.0, 0.1, 2.5, 1e21, 1e-7, 123456789012345, 1e15, 3.0, -42]))
            case 3: return .string(pick(texts))
            case 4: return .array((0..<Int(generator.next() % 3)).map { _ in value(depth + 1) })
            default:
                var object: [String: JSONValue] = [:]
                for _ in 0..<Int(generator.next() % 3) {
                    object[pick(["B", "a", "Answer_type", "answer", "a10", "a9", "é"])] = value(depth + 1)
                }
                return .object(object)
            }
        }
        for index in 0..<3_000 {
            var extra: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 4) { extra[pick(["Answer_type", "id", "b", "A", "field"])] = value(0) }
            let item = SourceItem(
                key: "k/\(index)", source: pick(Source.allCases), split: pick(["test", "dev"]), subject: pick(texts),
                category: pick([nil, "math", "é"]), origin: "file:\(index)", question: pick(texts),
                options: pick([nil, [], ["A", "b/c"], texts]), answer: pick([nil, "A", "1.5"]), answerType: pick(["letter", "text"]),
                unit: pick([nil, "m/s"]), solution: pick([nil, "because\n"]), extra: extra)
            let expected = Digest.sha256(
                canonical: EncodedContent(
                    source: item.source, split: item.split, subject: item.subject, category: item.category, question: item.question,
                    options: item.options, answer: item.answer, answerType: item.answerType, unit: item.unit, solution: item.solution,
                    extra: item.extra))
            #expect(item.contentHash == expected, "\(item)")
        }
    }
}

@Suite struct FigureReferenceQuickTestTests {
    /// Every text the expression finds a phrase in passes the quick test that lets it run:
    /// random texts around the keywords (in every case, glued to letters, digits, `_` and
    /// non-ASCII letters), and every question of the real MMLU (or the sample's).
    @Test("the byte-level quick test never skips a text the figure expression matches")
    func quickTestNeverSkipsAMatch() throws {
        let pieces = [
            "Figure 3", "fig. 2", "FIGS. 4", "the following table", "the table below", "this diagram", "the graph shows", "shown in the",
            "chart", "stable", "_table", "9table", "étable", "Ètable", " ", "\n", "(", "in the picture", "see the photograph", "map",
            "Plot", "illustration", "image", "of", "above", "x", "2", "#", "the", "accompanying", "listed", "on",
        ]
        var generator = SplitMix64(seed: 41)
        var texts: [String] = []
        for _ in 0..<20_000 {
            texts.append((0..<Int(generator.next() % 8)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        let root = hasSharedDatasets ? sharedDatasets.appendingPathComponent("mmlu") : packageRoot.appendingPathComponent("raw/mmlu")
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "csv" else { continue }
            for record in try CSVParser.parse([UInt8](Data(contentsOf: url)), displayPath: url.path) {
                texts.append(record.fields[0])
            }
        }
        var matched = 0
        for text in texts where FigureReference.phrase(in: text) != nil {
            matched += 1
            #expect(FigureReference.mayMention(text), "\(text)")
        }
        #expect(matched > 1_000)
    }
}
