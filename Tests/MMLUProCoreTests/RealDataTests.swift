import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// Ingest and filter of the real inputs in `../shared/datasets`. Runs wherever they exist,
/// CI included.
@Suite(.enabled(if: hasSharedDatasets, "needs ../shared/datasets"), .serialized)
struct RealDataTests {
    /// One build of the real inputs, shared by the tests of this suite.
    static func build() async throws -> (Sandbox, DatabasePool) {
        try await RealDataBuild.shared.get()
    }
}

actor RealDataBuild {
    static let shared = RealDataBuild()
    private var result: (Sandbox, DatabasePool)?

    func get() async throws -> (Sandbox, DatabasePool) {
        if let result { return result }
        let made = try await Self.make()
        result = made
        return made
    }

    private static func make() async throws -> (Sandbox, DatabasePool) {
        let sandbox = try Sandbox(copySample: false)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("config"), to: sandbox.url("config"))
        try sandbox.write(
            "pipeline.yaml",
            """
            database: build/full.sqlite
            stages: [collect, filter]
            categories: config/categories.yaml
            sources:
              mmlu: {path: \(sharedDatasets.path)/mmlu/data}
              theoremqa: {path: \(sharedDatasets.path)/theoremqa/theoremqa_test.json}
              scibench: {path: \(sharedDatasets.path)/scibench/dataset/original}
            filter:
              models: [a, b, c, d, e, f, g, h]
              threshold: 4
            """)
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        return (sandbox, pool)
    }
}

extension RealDataTests {
    func count(_ sql: String) async throws -> [String: Int] {
        let (_, pool) = try await Self.build()
        return try await pool.read { (db: Database) throws in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) })
        }
    }

    @Test func mmluCountsPerSplitAndSubject() async throws {
        #expect(
            try await count("SELECT split, COUNT(*) FROM source_item WHERE source = 'mmlu' GROUP BY 1") == [
                "test": 14042, "dev": 285, "val": 1531,
            ])
        let expected = try String(
            contentsOf: packageRoot.appendingPathComponent("Tests/MMLUProCoreTests/Fixtures/mmlu-subject-counts.tsv"), encoding: .utf8
        )
        .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        #expect(expected.count == 57)
        let actual = try await count("SELECT subject || '/' || split, COUNT(*) FROM source_item WHERE source = 'mmlu' GROUP BY 1")
        for row in expected {
            #expect(actual["\(row[0])/test"] == Int(row[1]), "\(row[0]) test")
            #expect(actual["\(row[0])/dev"] == Int(row[2]), "\(row[0]) dev")
            #expect(actual["\(row[0])/val"] == Int(row[3]), "\(row[0]) val")
        }
    }

    @Test func addedSourceCounts() async throws {
        #expect(
            try await count("SELECT source, COUNT(*) FROM source_item WHERE source <> 'mmlu' GROUP BY 1") == [
                "theoremqa": 800, "scibench": 695,
            ])
        let files = try await count(
            "SELECT CASE WHEN key LIKE 'scibench/%\\_sol/%' ESCAPE '\\' THEN 'sol' ELSE 'book' END, COUNT(*) FROM source_item WHERE source = 'scibench' GROUP BY 1"
        )
        #expect(files == ["book": 583, "sol": 112])
        let picture = try await count(
            "SELECT reason, COUNT(*) FROM removal r JOIN source_item s ON s.key = r.item_key WHERE s.source = 'theoremqa' GROUP BY 1")
        #expect(picture["needs_picture"] == 54)  // 53 with a Picture, 1 that mentions "Fig. 1" (figure rule)
        #expect(picture["true_false"] == 112)  // 115 bool questions, 3 of them with a picture
        #expect(picture["inline_options"] == 16)  // 18 option questions, 2 with a picture
    }

    /// The real `theoremqa_test.json` itself writes `\frac`, `\to`, `\right` and `\rfloor` as the
    /// JSON escapes `\f`, `\t` and `\r` in six questions. Collect repairs each one, recorded in
    /// `text_repair`; no eaten command is left in any stored question.
    @Test func eatenLaTeXIsRepairedAndRecorded() async throws {
        let (_, pool) = try await Self.build()
        let rows = try await pool.read { try String.fetchAll($0, sql: "SELECT question FROM source_item WHERE source <> 'mmlu'") }
        #expect(rows.allSatisfy { TextDefects.controlCharacters(in: $0).allSatisfy { $0.command == nil } })
        let repaired = try await pool.read {
            try String.fetchAll(
                $0, sql: "SELECT DISTINCT item_key FROM text_repair WHERE reason = 'latex_control_character' ORDER BY 1")
        }
        #expect(
            repaired == [
                "scibench/quan/31", "theoremqa/elainewan/econ_micro_12.json", "theoremqa/elainewan/math_abstact_algebra_7_7.json",
                "theoremqa/elainewan/math_calculus_2.json", "theoremqa/elainewan/math_calculus_2_13.json",
                "theoremqa/elainewan/math_real_analysis_additional_5.json", "theoremqa/mingyin/Lebesgue-measure4.json",
            ])
        #expect(rows.contains { $0.contains("\\frac{") })
    }

    @Test func filterAndMergeOnRealData() async throws {
        let decisions = try await count(
            "SELECT s.split || ':' || d.reason, COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key GROUP BY 1")
        // No answers are shipped: every judged question is kept as missing_answers.
        #expect(
            decisions == [
                // Collect removed 135 test, 6 dev and 35 val questions: duplicates (a test question's
                // dev twin is the copy removed), missing figures.
                "test:missing_answers": 14042 - 895 - 135, "test:excluded_subject": 895,
                "dev:not_judged": 280 - 6, "dev:excluded_subject": 5, "val:split_unused": 1531 - 35,
            ])
        let categories = try await count(
            "SELECT COALESCE(s.category, '-'), COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key WHERE d.outcome = 'kept' AND s.split = 'test' GROUP BY 1"
        )
        #expect(categories.count == 14)
        #expect(categories["-"] == nil)
        #expect(categories["law"] == 1534 + 121 + 108 - 1)
    }

    @Test("a test question whose twin is a dev question stays in the test split; the dev copy is removed")
    func crossSplitDuplicatesKeepTheTestCopy() async throws {
        let kept = [
            "mmlu/test/clinical_knowledge/56", "mmlu/test/clinical_knowledge/93", "mmlu/test/clinical_knowledge/252",
            "mmlu/test/college_medicine/81", "mmlu/test/college_medicine/152",
        ]
        let removed = try await count(
            "SELECT item_key, COUNT(*) FROM removal WHERE reason = 'duplicate_question' AND item_key LIKE 'mmlu/%' GROUP BY 1")
        for key in kept { #expect(removed[key] == nil, "\(key)") }
        let dev = try await count(
            "SELECT item_key || ' ' || detail, 1 FROM removal WHERE reason = 'duplicate_question' AND item_key LIKE 'mmlu/dev/%'")
        for key in kept { #expect(dev.keys.contains { $0.hasSuffix("same question and answer as \(key)") }, "\(key)") }
    }

    @Test("SciBench answers are the source's LaTeX; a number that disagrees is recorded")
    func sciBenchAnswersAsTheLaTeXSays() async throws {
        let (_, pool) = try await Self.build()
        let items = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: SourceItem.fetchAll(db, sql: "SELECT * FROM source_item WHERE source = 'scibench'").map {
                    ($0.key, $0)
                })
        }
        func option(_ key: String) -> String? { items[key].map { SciBenchAnswer.option(latex: $0.answer ?? "", unit: $0.unit ?? "") } }
        #expect(option("scibench/atkins/51") == "$1.7 \\times 10^{-5}$")
        #expect(option("scibench/atkins/87") == "$2.26 \\times 10^{-5}$ $\\mathrm{~m}^3 \\mathrm{~mol}^{-1}$")
        #expect(option("scibench/stat/30") == "$\\frac{36}{125}$")
        #expect(option("scibench/class/2") == "$2 \\pi$ $\\sqrt{\\frac{b}{a+g}}$")
        #expect(option("scibench/class/45") == "$3 \\pm 2 \\sqrt{2}$")
        let disagreements = try await count(
            "SELECT item_key, COUNT(*) FROM text_repair WHERE reason = 'answer_number_disagrees' GROUP BY 1")
        for key in ["scibench/atkins/51", "scibench/atkins/87", "scibench/stat/30"] { #expect(disagreements[key] == 1, "\(key)") }
        #expect(disagreements["scibench/class/2"] == nil)
    }

    @Test("no carriage return is left in the text a release shows; each line ending repaired is recorded")
    func lineEndings() async throws {
        let (_, pool) = try await Self.build()
        let withCR = try await pool.read { db in
            try SourceItem.fetchAll(db, sql: "SELECT * FROM source_item").filter { item in
                ([item.question, item.answer ?? "", item.unit ?? ""] + (item.options ?? [])).contains { $0.contains("\r") }
            }.map(\.key)
        }
        #expect(withCR.isEmpty, "\(withCR.prefix(5))")
        let repaired = try await count("SELECT reason, COUNT(DISTINCT item_key) FROM text_repair WHERE reason = 'line_ending' GROUP BY 1")
        #expect((repaired["line_ending"] ?? 0) >= 162)
    }

    @Test("the validation split from the real exemplars: 5 per category, letters rewritten to the released options")
    func validationFromTheExemplars() async throws {
        let sandbox = try Sandbox(copySample: false)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("config"), to: sandbox.url("config"))
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("prompts"), to: sandbox.url("prompts"))
        try FileManager.default.createDirectory(at: sandbox.url("mmlu"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: sandbox.url("mmlu/dev"), withDestinationURL: sharedDatasets.appendingPathComponent("mmlu/data/dev"))
        let exemplarFile = sharedDatasets.appendingPathComponent("mmlu-cot/mmlu_cot_prompts.json").path
        try sandbox.write(
            "pipeline.yaml",
            """
            database: build/dev.sqlite
            stages: [collect, filter, augment, review, release]
            categories: config/categories.yaml
            sources:
              mmlu: {path: mmlu, splits: [dev]}
            filter:
              models: [a]
              threshold: 0
              splits: {dev: keep}
            providers:
              offline: {kind: offline}
            augment:
              options: 10
              generation: {provider: offline, template: prompts/distractors.v2.txt, attempts: 3}
            review:
              unattended: true
              guideline_version: "2026-11"
              judge: {provider: offline, template: prompts/judge.v1.txt, temperature: 0}
            release:
              version: "dev"
              preview: true
              rationales: [{format: cot-prompts, path: \(exemplarFile)}]
            """)
        try await sandbox.build()
        let validation = try JSONDecoder().decode(
            [ReleaseRecord].self, from: try #require(try releaseFiles(sandbox, "build/release/dev-preview")["validation.json"]))
        #expect(validation.count == 70)
        let categories = Dictionary(grouping: validation, by: \.category).mapValues(\.count)
        #expect(categories.count == 14 && categories.values.allSatisfy { $0 == 5 })
        #expect(validation.allSatisfy { $0.src.hasPrefix("cot_lib-") && $0.cotContent.hasSuffix("The answer is (\($0.answer)).") })
        #expect(validation.allSatisfy { TextDefects.controlCharacters(in: $0.cotContent).isEmpty && !$0.cotContent.contains("\nrac") })

        // Every letter a rationale mentions names the option the exemplar named.
        let exemplars = try Exemplars.read(
            InputFile(source: .mmlu, path: exemplarFile, configuration: try sandbox.configuration()))
        let (_, pool) = try sandbox.open()
        let inputs = ReleaseStage.Inputs(rationales: [:], exemplars: exemplars, waivers: [], template: nil, files: [:])
        let resolved = try await pool.read { db in try ReleaseStage.matchExemplars(inputs, db: db) }
        let keys = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT question_id, item_key FROM released_question").map {
                    ($0[0] as Int, $0[1] as String)
                })
        }
        var checked = 0
        for record in validation {
            let key = try #require(keys[record.questionID])
            let match = try #require(resolved.matches[key])
            let before = ExemplarTests.letters(match.exemplar.rationale)
            let after = ExemplarTests.letters(record.cotContent)
            #expect(before.count == after.count, "\(key)")
            for (old, new) in zip(before, after) {
                let devIndex = try #require(match.optionMap[OptionLetter.index(ofLetter: old)!])
                #expect(record.options[OptionLetter.index(ofLetter: new)!] == resolved.dev[key]!.options[devIndex], "\(key) (\(old))")
                checked += 1
            }
        }
        // The conclusions and 30 other mentions.
        #expect(checked == 100)
        let reasons = try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT item_key || ' ' || reason FROM removal WHERE reason LIKE 'rationale_%' ORDER BY 1")
        }
        #expect(
            reasons == [
                "mmlu/dev/college_chemistry/2 rationale_answer_mismatch",
                "mmlu/dev/high_school_computer_science/4 rationale_answer_mismatch",
            ])
    }
}
