import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// Validation rationales from a Chain-of-Thought Hub exemplar file (`cot-prompts`): matched to
/// dev questions by text, answer checked, eaten LaTeX repaired, letters rewritten to the released
/// option positions.
@Suite struct ExemplarTests {
    /// Exemplars for the sample's five `college_physics` dev questions, in the file's shape, each
    /// with a case: equal; a sentence glued in front; a near match with eaten LaTeX; a wrong
    /// answer; a letter the question does not have.
    static let file: String = {
        let physics = [
            """
            Q: What is the SI unit of electric charge?
            (A) volt (B) coulomb (C) ohm (D) tesla
            A: Let's think step by step. The volt (A) measures potential and the ohm (C) resistance; (D) is magnetic. Charge is measured in coulombs. The answer is (B).
            """,
            """
            Q: The kinetic energy is a scalar. A uniform solid sphere rolls without slipping on a level floor. What fraction of its total kinetic energy is rotational?
            (A) 2/7 (B) 2/5 (C) 1/2 (D) 5/7
            A: Let's think step by step. I = (2/5)MR^2, so the rotational part is (1/5)Mv^2 of (7/10)Mv^2; not (B), not (D). The answer is (A).
            """,
            """
            Q: A 1000 kg car moves at 20 m/s. What is its kinetic energy ?
            (A) 20 kJ (B) 200 kJ (C) 400 kJ (D) 10 kJ
            A: Let's think step by step. $KE = \nrac{1}{2} m v^2 = 200$ kJ, which is (B), not (C). The answer is (B).
            """,
            """
            Q: Resistors of 6 ohm and 3 ohm are connected in parallel. What is the equivalent resistance?
            (A) 9 ohm (B) 4.5 ohm (C) 2 ohm (D) 0.5 ohm
            A: Let's think step by step. In series they add. The answer is (A).
            """,
            """
            Q: The first law of thermodynamics is an expression of the conservation of
            (A) momentum (B) charge (C) energy (D) mass
            A: Let's think step by step. It is energy, as in (C), not (E). The answer is (C).
            """,
        ]
        let object = [
            "college_physics": "The following are multiple choice questions (with answers) about college physics.\n\n"
                + physics.map { "Q: " + $0.dropFirst(3) }.joined(separator: "\n\n") + "\n\n"
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }()

    static func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.write("raw/release/cot.json", file)
        try sandbox.edit(
            "pipeline.yaml", replacing: "rationales: [raw/release/rationales.jsonl]",
            with: "rationales: [{format: cot-prompts, path: raw/release/cot.json}]")
        return sandbox
    }

    @Test("each exemplar is matched, checked and rewritten to the released letters, or removed with the reason")
    func sampleBuild() async throws {
        let sandbox = try Self.sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let (matches, removals, repairs) = try await pool.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT item_key, method, similarity, letters FROM validation_rationale ORDER BY item_key"),
                try Dictionary(
                    uniqueKeysWithValues: Row.fetchAll(
                        db,
                        sql: "SELECT item_key, reason FROM removal WHERE stage = 'release' AND item_key LIKE 'mmlu/dev/college_physics/%'"
                    ).map { ($0[0] as String, $0[1] as String) }),
                try Row.fetchAll(db, sql: "SELECT item_key, field, before, after FROM text_repair WHERE stage = 'release'")
            )
        }
        #expect(matches.map { $0["item_key"] as String } == (0...2).map { "mmlu/dev/college_physics/\($0)" })
        #expect(matches.map { $0["method"] as String } == ["equal", "suffix", "similar"])
        #expect((matches[2]["similarity"] as Double) > 0.9 && (matches[2]["similarity"] as Double) < 1)
        #expect(removals["mmlu/dev/college_physics/3"] == "rationale_answer_mismatch")
        #expect(removals["mmlu/dev/college_physics/4"] == "rationale_option_missing")
        // Three usable exemplars are too few for the category: none is released.
        #expect(removals["mmlu/dev/college_physics/0"] == "validation_short_category")
        #expect(repairs.count == 1)
        #expect(repairs.first?["field"] == "cot_content")
        #expect(repairs.first?["after"] == "\\frac")

        // Every letter of a rewritten rationale names the option the exemplar named.
        let exemplars = try Exemplars.read(
            InputFile(source: .mmlu, path: "raw/release/cot.json", configuration: try sandbox.configuration()))
        let options = try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT item_key, options FROM augmented_question WHERE item_key LIKE 'mmlu/dev/college_physics/%'"
                ).map { ($0[0] as String, try JSONDecoder().decode([String].self, from: Data(($0[1] as String).utf8))) })
        }
        let inputs = ReleaseStage.Inputs(rationales: [:], exemplars: exemplars, waivers: [], template: nil, files: [:])
        let resolved = try await pool.read { db in try ReleaseStage.matchExemplars(inputs, db: db) }
        let (match, dev) = (resolved.matches, resolved.dev)
        for index in 0...2 {
            let key = "mmlu/dev/college_physics/\(index)"
            let released = try #require(options[key])
            guard case .success(let (text, _)) = Exemplars.rewrite(match[key]!, dev: dev[key]!, released: released) else {
                Issue.record("\(key) not rewritten")
                continue
            }
            let before = Self.letters(exemplars[index].rationale)
            let after = Self.letters(text)
            #expect(before.count == after.count && before.count >= 3)
            for (old, new) in zip(before, after) {
                let named = exemplars[index].options[OptionLetter.index(ofLetter: old)!]
                #expect(released[OptionLetter.index(ofLetter: new)!] == named, "\(key): (\(old)) → (\(new))")
            }
            #expect(Rationale.conclusion(text) == OptionLetter.letter(released.firstIndex(of: dev[key]!.options[dev[key]!.answerIndex])!))
        }
    }

    @Test("with five good exemplars the category is released, its rationales ending with the released letter")
    func releasedValidation() async throws {
        let sandbox = try Self.sandbox()
        // Fix the two bad exemplars.
        let fixed = Self.file.replacingOccurrences(
            of: "In series they add. The answer is (A).", with: "In parallel, 6*3/9 = 2. The answer is (C)."
        )
        .replacingOccurrences(of: "not (E).", with: "not (D).")
        try sandbox.write("raw/release/cot.json", fixed)
        try await sandbox.build()
        let validation = try JSONDecoder().decode(
            [ReleaseRecord].self, from: try #require(try releaseFiles(sandbox)["validation.json"]))
        let physics = validation.filter { $0.src == "cot_lib-college_physics" }
        #expect(physics.count == 5)
        for record in physics {
            #expect(record.cotContent.hasSuffix("The answer is (\(record.answer))."))
            #expect(!record.cotContent.contains("\n"))
        }
        // The other categories have no exemplars and so no validation questions.
        #expect(Set(validation.map(\.category)) == ["physics"])
    }

    @Test("the exemplar file's own defects: inline options, letters after a parenthesis, glued commands")
    func parsing() throws {
        #expect(Exemplars.splitOptions("4 (B) 3 (C) 6 (D) 24 (E) 8") == ["4", "3", "6", "24", "8"])
        #expect(Exemplars.splitOptions("I only\n(B) II only\n(C) f(B) x\n(D) all") == ["I only", "II only", "f(B) x", "all"])
        #expect(Exemplars.similarity("kitten", "sitting") > 0.57 && Exemplars.similarity("kitten", "sitting") < 0.58)
        #expect(Exemplars.similarity("a", "abcdefghij", atLeast: 0.9) == 0)
        let order = Exemplars.validationOrder(
            ["mmlu/dev/b/1", "mmlu/dev/a/0", "mmlu/dev/b/0", "mmlu/dev/a/10", "mmlu/dev/a/2"], key: { $0 })
        #expect(order == ["mmlu/dev/a/0", "mmlu/dev/b/0", "mmlu/dev/a/2", "mmlu/dev/b/1", "mmlu/dev/a/10"])
    }

    @Test(
        "a broken exemplar file is an error naming the subject and exemplar",
        arguments: [
            ("{\"x\": \"no header\\n\\nQ: q\\n(A) a (B) b\\nA: Let's think step by step. The answer is (A).\"}", "$.x"),
            ("{\"x\": \"The following are multiple choice questions.\\n\\nQ: q without options\"}", "$.x exemplar 1"),
            (
                "{\"x\": \"The following are multiple choice questions.\\n\\nQ: q\\n(A) a (B) b\\nA: Let's think step by step. It is a.\"}",
                "$.x exemplar 1"
            ),
            ("[1, 2]", "cot.json"),
        ])
    func badFile(_ content: String, _ location: String) async throws {
        let sandbox = try Self.sandbox()
        try await sandbox.build([.collect, .filter, .integrate, .augment, .review])
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }
        try sandbox.write("raw/release/cot.json", content)
        let error = await #expect(throws: InputError.self) { try await sandbox.build([.release]) }
        #expect(error?.location.contains(location) == true, "\(String(describing: error))")
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
    }

    static func letters(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return scalars.indices.compactMap { i in
            guard scalars[i] == "(", i + 2 < scalars.count, scalars[i + 2] == ")", ("A"..."J").contains(scalars[i + 1]),
                i == 0 || !scalars[i - 1].properties.isAlphabetic
            else { return nil }
            return String(scalars[i + 1])
        }
    }
}
