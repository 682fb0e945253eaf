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
        let rows = try await pool.read { try Row.fetchAll($0, sql: "SELECT key, question FROM source_item WHERE source <> 'mmlu'") }
        #expect(rows.allSatisfy { TextDefects.controlCharacters(in: $0["question"] as String).allSatisfy { $0.command == nil } })
        let repaired = try await pool.read {
            try String.fetchAll(
                $0, sql: "SELECT DISTINCT item_key FROM text_repair WHERE reason = 'latex_control_character' ORDER BY 1")
        }
        #expect(
            repaired == [
                "theoremqa/elainewan/econ_micro_12.json", "theoremqa/elainewan/math_abstact_algebra_7_7.json",
                "theoremqa/elainewan/math_calculus_2.json", "theoremqa/elainewan/math_calculus_2_13.json",
                "theoremqa/elainewan/math_real_analysis_additional_5.json", "theoremqa/mingyin/Lebesgue-measure4.json",
            ])
        #expect(rows.contains { ($0["question"] as String).contains("\\frac{") })
    }

    @Test func filterAndMergeOnRealData() async throws {
        let decisions = try await count(
            "SELECT s.split || ':' || d.reason, COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key GROUP BY 1")
        // No answers are shipped: every judged question is kept as missing_answers.
        #expect(
            decisions == [
                // Collect removed 140 test, 1 dev and 35 val questions: duplicates, missing figures.
                "test:missing_answers": 14042 - 895 - 140, "test:excluded_subject": 895,
                "dev:not_judged": 280 - 1, "dev:excluded_subject": 5, "val:split_unused": 1531 - 35,
            ])
        let categories = try await count(
            "SELECT COALESCE(s.category, '-'), COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key WHERE d.outcome = 'kept' AND s.split = 'test' GROUP BY 1"
        )
        #expect(categories.count == 14)
        #expect(categories["-"] == nil)
        #expect(categories["law"] == 1534 + 121 + 108 - 1)
    }
}
