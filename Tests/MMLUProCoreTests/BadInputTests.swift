import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// The bad-input suite: hundreds of broken input and configuration files, each built over a
/// finished sample build. Every one must stop the build with an error naming the file and the
/// line (or key), never trap, and leave the store exactly as it was.
@Suite struct BadInputTests {
    /// One broken file: what to change, and the location the error must name.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var mutation: String
        var expected: String
        var apply: @Sendable (String) -> String
        var testDescription: String { "\(file): \(mutation)" }
    }

    /// Line-level breakage of every line of the JSON Lines and CSV inputs, and a set of
    /// structural breakage of the JSON, YAML and template files.
    static let cases: [Case] = makeCases()

    static func makeCases() -> [Case] {
        var cases: [Case] = []
        func add(_ file: String, _ mutation: String, _ expected: String, _ apply: @escaping @Sendable (String) -> String) {
            cases.append(Case(file: file, mutation: mutation, expected: expected, apply: apply))
        }
        func lines(_ file: String) -> [String] {
            (try? String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8))?.components(separatedBy: "\n")
                .filter { !$0.isEmpty } ?? []
        }
        func replacingLine(_ index: Int, _ transform: @escaping @Sendable (String) -> String) -> @Sendable (String) -> String {
            { text in
                var all = text.components(separatedBy: "\n")
                all[index] = transform(all[index])
                return all.joined(separator: "\n")
            }
        }
        let name = { (file: String) in (file as NSString).lastPathComponent }
        let lmEval = "raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl"
        for file in [
            "raw/filter/answers.jsonl", "raw/review/decisions.jsonl", "raw/release/rationales.jsonl", "raw/stemez/stemez.jsonl",
            "raw/filter/lm-eval/yi-6b/samples_mmlu_college_physics_2024-05-01T12-00-00.jsonl", lmEval,
        ] {
            for index in lines(file).indices {
                let at = "\(name(file)):\(index + 1)"
                cases.append(
                    Case(
                        file: file, mutation: "line \(index + 1) is not JSON", expected: at, apply: replacingLine(index) { _ in "not json" }
                    ))
                cases.append(
                    Case(
                        file: file, mutation: "line \(index + 1) cut short", expected: at,
                        apply: replacingLine(index) { String($0.prefix($0.count / 2)) }))
            }
        }
        for file in try! FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("raw/mmlu/test").path).sorted()
        where !file.hasPrefix("moral") {
            let path = "raw/mmlu/test/" + file
            // Only records written on one line without quotes: breaking a line inside a quoted,
            // multi-line question changes the text, not the format.
            var open = false
            var whole: [Int] = []
            for (index, line) in lines(path).enumerated() {
                let quotes = line.filter { $0 == "\"" }.count
                if !open && quotes == 0 { whole.append(index) }
                if quotes % 2 == 1 { open.toggle() }
            }
            for index in whole {
                cases.append(
                    Case(
                        file: path, mutation: "line \(index + 1) has a field too many", expected: "\(file):\(index + 1)",
                        apply: replacingLine(index) { $0 + ",extra" }))
                cases.append(
                    Case(
                        file: path, mutation: "line \(index + 1) is one field", expected: "\(file):\(index + 1)",
                        apply: replacingLine(index) { _ in "just one field" }))
            }
        }
        add("raw/theoremqa/theoremqa_test.json", "not JSON", "theoremqa_test.json") { _ in "{ not json" }
        add("raw/theoremqa/theoremqa_test.json", "an object, not a list", "theoremqa_test.json") { _ in "{}" }
        add("raw/theoremqa/theoremqa_test.json", "cut short", "theoremqa_test.json") { String($0.prefix($0.count / 2)) }
        add("raw/theoremqa/theoremqa_test.json", "invalid UTF-8", "theoremqa_test.json") { $0 }
        add("raw/scibench/atkins.json", "cut short", "atkins.json") { String($0.prefix($0.count / 3)) }
        add("raw/scibench/atkins.json", "not JSON", "atkins.json") { _ in "[1, 2" }
        add("raw/scibench/atkins.json", "a number for a text field", "atkins.json") {
            $0.replacingOccurrences(of: #""problem_text": ""#, with: #""problem_text": 1, "x": ""#)
        }
        add("raw/scibench/stat.json", "an answer field missing", "stat.json") {
            $0.replacingOccurrences(of: #""answer_number""#, with: #""answer_numbr""#)
        }
        // lm-evaluation-harness samples: the shape of a logged document.
        let lmEvalName = name(lmEval)
        add(lmEval, "doc_id as text", "\(lmEvalName):1 $.doc_id") { $0.replacingOccurrences(of: #""doc_id": 0"#, with: #""doc_id": "0""#) }
        add(lmEval, "a negative doc_id", "\(lmEvalName):1 $.doc_id") {
            $0.replacingOccurrences(of: #""doc_id": 0"#, with: #""doc_id": -3"#)
        }
        add(lmEval, "doc_id past the subject's rows", "\(lmEvalName):1 $.doc_id") {
            $0.replacingOccurrences(of: #""doc_id": 0"#, with: #""doc_id": 4000"#)
        }
        add(lmEval, "filtered_resps missing", "\(lmEvalName):1") { $0.replacingOccurrences(of: #""filtered_resps""#, with: #""filtered""#) }
        add(lmEval, "filtered_resps empty", "\(lmEvalName):1 $.filtered_resps") {
            let lines = $0.components(separatedBy: "\n")
            guard let range = lines[0].range(of: #""filtered_resps": "#) else { return $0 }
            return ([String(lines[0][..<range.upperBound]) + "[]}"] + lines.dropFirst()).joined(separator: "\n")
        }
        add(lmEval, "a fifth log-likelihood", "\(lmEvalName):1 $.filtered_resps") {
            let lines = $0.components(separatedBy: "\n")
            guard let range = lines[0].range(of: #""filtered_resps": ["#) else { return $0 }
            return ([lines[0].replacingCharacters(in: range, with: #""filtered_resps": [["-0.01", "True"], "#)] + lines.dropFirst())
                .joined(separator: "\n")
        }
        add(lmEval, "the question of another row", "\(lmEvalName):1 $.doc.question") {
            $0.replacingOccurrences(of: "the sum of the OLS residuals is", with: "the sum of the OLS residuals was")
        }
        add("raw/filter/lm-eval/yi-6b/samples_mmlu_econometrics_2024-05-01T12-00-00.jsonl", "invalid UTF-8", lmEvalName) { $0 }
        add("config/categories.yaml", "not YAML", "categories.yaml") { $0 + "\n  - [unclosed" }
        add("config/categories.yaml", "an unknown category", "categories.yaml") {
            $0.replacingOccurrences(of: "anatomy: health", with: "anatomy: medicine")
        }
        add("pipeline.yaml", "an unknown key", "pipeline.yaml:") {
            $0.replacingOccurrences(of: "  threshold: 2", with: "  threshold: 2\n  treshold: 3")
        }
        add("pipeline.yaml", "a wrong type", "pipeline.yaml:") { $0.replacingOccurrences(of: "threshold: 2", with: "threshold: two") }
        add("pipeline.yaml", "a negative count", "pipeline.yaml:") { $0.replacingOccurrences(of: "overlap: 1", with: "overlap: -1") }
        add("pipeline.yaml", "not YAML", "pipeline.yaml:") { $0 + "\nstages: [collect" }
        add("prompts/distractors.v2.txt", "no version line", "distractors.v2.txt:1") { _ in "=== user\nhi\n" }
        add("prompts/distractors.v2.txt", "an unknown placeholder", "distractors.v2.txt:") { $0 + "\n{{qestion}}\n" }
        add("prompts/distractors.v2.txt", "an unclosed placeholder", "distractors.v2.txt:") { $0 + "\n{{question\n" }
        add("prompts/judge.v1.txt", "an unknown role", "judge.v1.txt:") { $0 + "\n=== robot\nhi\n" }
        add("raw/release/waivers.jsonl", "an unknown gate", "waivers.jsonl:1") { _ in
            #"{"gate": "mojibake", "item": "k", "by": "a", "reason": "r"}"# + "\n"
        }
        add("raw/release/waivers.jsonl", "an empty reason", "waivers.jsonl:1") { _ in
            #"{"gate": "figure_reference", "item": "k", "by": "a", "reason": " "}"# + "\n"
        }
        return cases
    }

    /// A Chain-of-Thought Hub exemplar file (`release.rationales` with `format: cot-prompts`),
    /// broken in each way its reader checks.
    static let exemplarCases: [Case] = {
        let file = "raw/release/cot.json"
        let at = "cot.json $.college_physics"
        func replacing(_ old: String, _ new: String) -> @Sendable (String) -> String {
            { $0.replacingOccurrences(of: old, with: new) }
        }
        return [
            Case(file: file, mutation: "not JSON", expected: "cot.json", apply: { _ in "{\"college_physics\": " }),
            Case(file: file, mutation: "a list, not an object", expected: "cot.json", apply: { _ in "[\"Q: x\"]" }),
            Case(
                file: file, mutation: "a subject's exemplars as a number", expected: "cot.json", apply: { _ in #"{"college_physics": 3}"# }),
            Case(file: file, mutation: "cut short", expected: "cot.json", apply: { String($0.prefix($0.count / 2)) }),
            Case(file: file, mutation: "invalid UTF-8", expected: "cot.json", apply: { $0 }),
            Case(file: file, mutation: "no header line", expected: at, apply: replacing("The following are multiple choice", "Some")),
            Case(
                file: file, mutation: "an exemplar without its options", expected: "\(at) exemplar 1",
                apply: replacing("\\n(A) volt", "\\nvolt")),
            Case(
                file: file, mutation: "an exemplar without its reasoning line", expected: "\(at) exemplar 1",
                apply: replacing("\\nA: Let's think step by step. The volt", "\\nThe volt")),
            Case(
                file: file, mutation: "a rationale without its conclusion", expected: "\(at) exemplar 1",
                apply: replacing("Charge is measured in coulombs. The answer is (B).", "Charge is measured in coulombs.")),
            Case(
                file: file, mutation: "a conclusion with a letter past J", expected: "\(at) exemplar 1",
                apply: replacing("coulombs. The answer is (B).", "coulombs. The answer is (K).")),
        ]
    }()

    @Test("there are at least 300 cases over every kind of input") func count() {
        let all = Self.cases + Self.exemplarCases
        print("bad-input suite: \(all.count) cases over \(Set(all.map(\.file)).count) files")
        #expect(all.count >= 300)
    }

    /// The exemplar cases over a finished build that takes its rationales from a `cot-prompts`
    /// file.
    @Test("every broken exemplar file stops the build naming the subject and exemplar, and the store is left as it was")
    func brokenExemplarFiles() async throws {
        let sandbox = try ExemplarTests.sandbox()
        try await sandbox.build()
        try await expectEachCaseFails(Self.exemplarCases, in: sandbox)
    }

    /// Every case in turn over one finished sample build, each file restored after its case:
    /// each must fail naming its file and line, and the store must be the same at the end as
    /// at the start (a case that wrote anything would show there).
    @Test("every broken input stops the build with its file and line, and the store is left as it was")
    func brokenInputs() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let failures = try await expectEachCaseFails(Self.cases, in: sandbox)
        print("bad-input suite: \(Self.cases.count) cases, \(failures) failed")
    }

    /// Builds with each case's file broken in turn (restored after it): each must fail naming
    /// its file and line, and the store must be the same at the end as at the start (a case
    /// that wrote anything would show there) but for the record of each failed run.
    /// - Returns: How many cases did not fail as they should.
    @discardableResult
    func expectEachCaseFails(_ cases: [Case], in sandbox: Sandbox) async throws -> Int {
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }
        var failures = 0
        for brokenCase in cases {
            let original = try String(contentsOf: sandbox.url(brokenCase.file), encoding: .utf8)
            if brokenCase.mutation == "invalid UTF-8" {
                try sandbox.write(brokenCase.file, bytes: [0xFF, 0xFE] + Array(original.utf8))
            } else {
                try sandbox.write(brokenCase.file, brokenCase.apply(original))
            }
            do {
                try await sandbox.build()
                Issue.record("the build accepted \(brokenCase.testDescription)")
                failures += 1
            } catch let error as InputError {
                if !error.location.contains(brokenCase.expected) {
                    Issue.record("\(brokenCase.testDescription): expected the error at \(brokenCase.expected), found \(error)")
                    failures += 1
                }
            } catch let error as PipelineStateError {
                if !"\(error)".contains(brokenCase.expected.components(separatedBy: ":")[0]) {
                    Issue.record("\(brokenCase.testDescription): \(error)")
                    failures += 1
                }
            }
            try sandbox.write(brokenCase.file, original)
        }
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
        // Each failure of a stage is recorded for `status`, with its error.
        let recorded = try await pool.read { try String.fetchAll($0, sql: "SELECT detail FROM stage_run WHERE outcome = 'failed'") }
        #expect(recorded.count > cases.count / 2)
        #expect(recorded.allSatisfy { !$0.isEmpty })
        return failures
    }

}
