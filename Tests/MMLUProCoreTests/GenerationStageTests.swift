import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// The integrate and augment stages on the sample, with the offline heuristic generator.
@Suite struct GenerationStageTests {
    struct Augmented: Decodable, FetchableRecord, Equatable {
        var item_key: String
        var split: String
        var src: String
        var options: String
        var answer_index: Int
        var shuffled: Bool
        var generator: String
        var template_version: String
        var list: [String] { try! JSONDecoder().decode([String].self, from: Data(options.utf8)) }
    }

    @Test func everyQuestionHasTenOptionsAndKeepsItsAnswer() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let (questions, items, short) = try await pool.read { db in
            (
                try Augmented.fetchAll(db, sql: "SELECT * FROM augmented_question ORDER BY item_key"), try SourceItem.fetchAll(db),
                try Set(String.fetchAll(db, sql: "SELECT item_key FROM augment_flag WHERE reason = 'short_of_options'"))
            )
        }
        #expect(questions.count == 52)
        // The heuristic finds nothing good enough for a few (tRNA, rRNA, mRNA, DNA polymerase; gene,
        // cell, organ, tissue): they stay short, flagged, as the paper's questions with fewer options do.
        #expect(short.count == 4)
        let byKey = Dictionary(uniqueKeysWithValues: items.map { ($0.key, $0) })
        for question in questions {
            #expect(question.list.count == 10 || (short.contains(question.item_key) && question.list.count >= 4), "\(question.item_key)")
            #expect(Set(question.list.map(OptionValidator.normalized)).count == question.list.count, "\(question.item_key)")
            #expect(question.generator.contains("heuristic, not a language model"))
            #expect(question.template_version == "distractors/v2")
            let item = byKey[question.item_key]!
            if item.source == .mmlu {
                let original = item.options![Int(Character(item.answer!).asciiValue! - 65)]
                #expect(question.list[question.answer_index] == original)
                #expect(question.src == (item.split == "test" ? "ori_mmlu-" : "cot_lib-") + item.subject)
                #expect(question.split == (item.split == "test" ? "test" : "validation"))
            }
        }
        #expect(questions.filter { $0.split == "validation" }.count == 20)
        // Answers land on many letters, not always A.
        #expect(Set(questions.map(\.answer_index)).count >= 6)
    }

    @Test func integratedAnswersAreFormattedAndDoubtfulExtractionsHeld() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            #expect(
                try String.fetchOne(db, sql: "SELECT answer FROM integrated_question WHERE item_key = 'scibench/atkins/1'")
                    == "$1250.5$ $\\mathrm{J}$")
            #expect(try String.fetchOne(db, sql: "SELECT answer FROM integrated_question WHERE item_key = 'scibench/stat/0'") == "$-0.25$")
            #expect(
                try String.fetchOne(db, sql: "SELECT reason FROM integrate_hold WHERE item_key = 'stemez/ElectricCircuits/D03-0012'")
                    == "extraction_multipart")
            #expect(
                try String.fetchOne(db, sql: "SELECT answer_origin FROM integrated_question WHERE item_key = 'stemez/Genetics/G14-0301'")
                    == "extracted")
            #expect(
                try String.fetchOne(db, sql: "SELECT source_answer FROM integrated_question WHERE item_key = 'stemez/Genetics/G14-0301'")
                    == "Bb")
            // 4 options each: the answer first, then 3 distractors.
            let options = try String.fetchAll(db, sql: "SELECT options FROM integrated_question")
            #expect(options.count == 17)
            #expect(options.allSatisfy { (try? JSONDecoder().decode([String].self, from: Data($0.utf8)).count) == 4 })
        }
    }

    @Test func dropPolicyRemovesDoubtfulExtractions() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "on_bad_extraction: hold", with: "on_bad_extraction: drop")
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let removal = try await pool.read {
            try Row.fetchOne($0, sql: "SELECT stage, reason FROM removal WHERE item_key = 'stemez/ElectricCircuits/D03-0012'")
        }
        #expect(removal?["stage"] == "integrate")
        #expect(removal?["reason"] == "extraction_multipart")
    }

    @Test func rebuildGivesTheSameOptionsInTheSameOrder() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let first = try await pool.read { try dump($0, excluding: ["stage_run"]) }
        try await sandbox.build(force: true)
        #expect(try await pool.read { try dump($0, excluding: ["stage_run"]) } == first)
        let other = try Sandbox()
        try await other.build()
        let (_, otherPool) = try other.open()
        // The review log carries times and tokens of its own; everything else is the same.
        let log: Set<String> = ["stage_run", "review_event", "review_task", "reviewer", "release_version"]
        #expect(try await otherPool.read { try dump($0, excluding: log) } == (try await pool.read { try dump($0, excluding: log) }))
    }

    @Test func metaOptionsStayLastOrInPlaceAndAreFlagged() async throws {
        let sandbox = try Sandbox()
        try sandbox.write(
            "raw/mmlu/dev/high_school_biology_dev.csv",
            """
            Which of these are found in plant cells?,Chloroplasts,A cell wall,A large central vacuole,All of the above,D
            Which base pairs with adenine in DNA?,Thymine,Uracil,Guanine,None of the above,A
            Which organ produces insulin?,Liver,Pancreas,Both A and B,Spleen,B
            Which process makes ATP in mitochondria?,Glycolysis,Fermentation,Oxidative phosphorylation,Transcription,C
            What carries oxygen in red blood cells?,Albumin,Keratin,Collagen,Hemoglobin,D

            """)
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        func question(_ row: Int) async throws -> Augmented? {
            try await pool.read {
                try Augmented.fetchOne(
                    $0, sql: "SELECT * FROM augmented_question WHERE item_key = ?", arguments: ["mmlu/dev/high_school_biology/\(row)"])
            }
        }
        func flag(_ row: Int) async throws -> String? {
            try await pool.read {
                try String.fetchOne(
                    $0, sql: "SELECT reason || ': ' || detail FROM augment_flag WHERE item_key = ? AND reason = 'positional_meta_option'",
                    arguments: ["mmlu/dev/high_school_biology/\(row)"])
            }
        }
        // The answer "All of the above": any option added would make it wrong, so none is; it stays last.
        let all = try #require(try await question(0))
        #expect(all.list.count == 4 && all.list.last == "All of the above" && all.answer_index == 3 && all.shuffled)
        #expect(Set(all.list.dropLast()) == ["Chloroplasts", "A cell wall", "A large central vacuole"])
        #expect(try await flag(0)?.contains("no option was added") == true)
        // "None of the above" as a wrong option: the others (the new ones too) are shuffled before it.
        let none = try #require(try await question(1))
        #expect(none.list.count == 10 && none.list.last == "None of the above" && none.shuffled)
        #expect(none.list[none.answer_index] == "Thymine")
        #expect(try await flag(1)?.hasPrefix("positional_meta_option: kept last") == true)
        // A reference by letter: the source order stays, so "A" and "B" still mean what they meant.
        let letters = try #require(try await question(2))
        #expect(
            !letters.shuffled && letters.list.prefix(4) == ["Liver", "Pancreas", "Both A and B", "Spleen"] && letters.answer_index == 1)
        #expect(try await flag(2)?.hasPrefix("positional_meta_option: kept in source order") == true)
        // The offline generator never takes a meta-option as the parent of a new one.
        #expect(!none.list.contains { $0.hasPrefix("None of the") && $0 != "None of the above" })
    }
}
