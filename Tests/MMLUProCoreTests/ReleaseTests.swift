import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// The files of a release folder, by name.
func releaseFiles(_ sandbox: Sandbox, _ folder: String = "build/release/0.1.0") throws -> [String: Data] {
    let url = sandbox.url(folder)
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
        files[name] = try Data(contentsOf: url.appendingPathComponent(name))
    }
    return files
}

private func records(_ data: Data?) throws -> [ReleaseRecord] {
    try JSONDecoder().decode([ReleaseRecord].self, from: try #require(data))
}

private func manifest(_ files: [String: Data]) throws -> [String: JSONValue] {
    try JSONDecoder().decode([String: JSONValue].self, from: try #require(files["manifest.json"]))
}

@Suite("Release: the JSON split, ids, manifest, data card")
struct ReleaseTests {
    @Test("the sample build writes a release in the published schema")
    func sampleRelease() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let files = try releaseFiles(sandbox)
        #expect(
            Set(files.keys) == [
                "test.json", "test.jsonl", "validation.json", "validation.jsonl", "manifest.json", "DATACARD.md", "funnel.svg",
            ])
        let test = try records(files["test.json"])
        let validation = try records(files["validation.json"])
        #expect(test.count == 31)
        #expect(validation.count == 20)
        // The JSON Lines twins hold the same records.
        let lines = String(decoding: files["test.jsonl"]!, as: UTF8.self).split(separator: "\n")
        #expect(try lines.map { try JSONDecoder().decode(ReleaseRecord.self, from: Data($0.utf8)) } == test)

        let all = validation + test
        #expect(Set(all.map(\.questionID)).count == all.count)
        for record in all {
            #expect(record.answer == OptionLetter.letter(record.answerIndex))
            #expect((3...10).contains(record.options.count))
        }
        // Validation: 5 per category present, each rationale concluding with the right letter.
        #expect(
            Dictionary(grouping: validation, by: \.category).mapValues(\.count) == ["biology": 5, "economics": 5, "law": 5, "physics": 5])
        for record in validation {
            #expect(record.cotContent.hasPrefix("A: Let's think step by step."))
            #expect(record.cotContent.hasSuffix("The answer is (\(record.answer))."))
            #expect(record.src.hasPrefix("cot_lib-"))
        }
        #expect(test.allSatisfy { $0.cotContent.isEmpty })
        let srcPattern = /^(ori_mmlu-[a-z_]+|stemez-[A-Z][A-Za-z]+|theoremQA-(Math|Physics|EECS|Finance)|scibench-[a-z]+)$/
        #expect(test.allSatisfy { $0.src.wholeMatch(of: srcPattern) != nil })
        // Ids: validation first, then test, in one block per category.
        #expect(validation.map(\.questionID) == Array(0..<20))
        var seen: [String] = []
        for record in test where seen.last != record.category {
            #expect(!seen.contains(record.category), "category \(record.category) is not one block")
            seen.append(record.category)
        }

        // The manifest: the digest of every file and record.
        let manifest = try manifest(files)
        #expect(manifest["version"] == .string("0.1.0"))
        #expect(manifest["preview"] == .bool(false))
        guard case .object(let digests)? = manifest["files"], case .object(let recordDigests)? = manifest["records"],
            case .object(let inputs)? = manifest["inputs"]
        else { Issue.record("manifest without files, records or inputs"); return }
        for (name, data) in files where name != "manifest.json" {
            #expect(digests[name] == .string(Digest.sha256(data)), "\(name)")
        }
        #expect(recordDigests.count == all.count)
        #expect(recordDigests[String(test[0].questionID)] == .string(Digest.sha256(test[0].jsonLine)))
        #expect(inputs["pipeline.yaml"] != nil && inputs["raw/mmlu/test/college_physics_test.csv"] != nil)

        // The data card and the chart.
        let card = String(decoding: files["DATACARD.md"]!, as: UTF8.self)
        for expected in [
            "## Funnel", "![What each step kept and removed, per source](funnel.svg)", "| review | bad_question_clarity | mmlu | 1 |",
            "## Compared with the paper", "offline-heuristic",
        ] {
            #expect(card.contains(expected), "\(expected)")
        }
        let chart = String(decoding: files["funnel.svg"]!, as: UTF8.self)
        #expect(chart.hasPrefix("<svg") && chart.contains("<title>mmlu released: 34</title>"))
    }

    @Test("a rebuild with nothing changed gives a byte-identical release, in the same store and in a new one")
    func byteIdentical() async throws {
        let first = try Sandbox()
        try await first.build()
        let original = try releaseFiles(first)

        let reports = try await first.build()
        #expect(reports.allSatisfy { $0.outcome == .upToDate })
        try await first.build([.release], force: true)
        #expect(try releaseFiles(first) == original)

        // The folder deleted by hand: the next build writes it again, the same.
        try FileManager.default.removeItem(at: first.url("build/release/0.1.0"))
        try await first.build([.release], force: true)
        #expect(try releaseFiles(first) == original)

        let second = try Sandbox()
        try await second.build()
        #expect(try releaseFiles(second) == original)
    }

    @Test("a published version is never overwritten; the next version keeps every id, retires removed ones, lists the changes")
    func versions() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let first = try records(try releaseFiles(sandbox)["test.json"])

        // A reviewer removes a question and corrects an answer.
        let (_, pool) = try sandbox.open()
        let tasks = try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.key, q.question_id FROM review_task t JOIN released_question q ON q.item_key = t.item_key
                    WHERE t.phase = 1 AND q.split = 'test' ORDER BY q.question_id LIMIT 2
                    """
            ).map { ["key": $0["key"] as String, "question_id": String($0["question_id"] as Int)] }
        }
        let removedID = Int(tasks[0]["question_id"]!)!
        let correctedID = Int(tasks[1]["question_id"]!)!
        let corrected = first.first { $0.questionID == correctedID }!
        let newAnswer = OptionLetter.letter((corrected.answerIndex + 1) % corrected.options.count)
        let decisions = [
            "{\"task\": \"\(tasks[0]["key"]!)\", \"reviewer\": \"ana\", \"kind\": \"adjudicate\", \"decision\": {\"verdict\": \"remove\", \"reason\": \"no_correct_answer\"}, \"at\": \"2026-12-01T10:00:00.000Z\", \"guideline_version\": \"2026-11\"}",
            "{\"task\": \"\(tasks[1]["key"]!)\", \"reviewer\": \"ana\", \"kind\": \"adjudicate\", \"decision\": {\"verdict\": \"wrong_answer\", \"answer\": \"\(newAnswer)\", \"note\": \"the key is off by one\"}, \"at\": \"2026-12-01T10:05:00.000Z\", \"guideline_version\": \"2026-11\"}",
        ]
        // An adjudicator overrules the sample reviewer.
        try sandbox.write("raw/review/more.jsonl", decisions.joined(separator: "\n") + "\n")
        try sandbox.edit(
            "pipeline.yaml", replacing: "decisions: [raw/review/decisions.jsonl]",
            with: "decisions: [raw/review/decisions.jsonl, raw/review/more.jsonl]")
        try sandbox.edit(
            "pipeline.yaml", replacing: "reviewers: {sample-reviewer: reviewer}",
            with: "reviewers: {sample-reviewer: reviewer, ana: adjudicator, ben: adjudicator}")
        try await sandbox.build([.collect, .filter, .integrate, .augment, .review])

        // Same version, other content: refused, and the published folder is untouched.
        let before = try releaseFiles(sandbox)
        await #expect(throws: ReleaseArchive.Conflict.self) { try await sandbox.build([.release]) }
        #expect(try releaseFiles(sandbox) == before)

        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
        try await sandbox.build([.release])
        #expect(try releaseFiles(sandbox) == before)
        let files = try releaseFiles(sandbox, "build/release/0.2.0")
        let second = try records(files["test.json"])
        #expect(!second.contains { $0.questionID == removedID })
        for record in second where record.questionID != correctedID {
            #expect(first.contains(record), "question \(record.questionID) changed")
        }
        #expect(second.first { $0.questionID == correctedID }?.answer == newAnswer)
        #expect(Set(second.map(\.questionID)).isSubset(of: Set(first.map(\.questionID))))

        let diff = try JSONDecoder().decode([String: JSONValue].self, from: try #require(files["diff.json"]))
        #expect(diff["previous"] == .string("0.1.0"))
        #expect(diff["removed"] == .array([.number(Double(removedID))]))
        #expect(diff["added"] == .array([]))
        let errata = try JSONDecoder().decode([[String: JSONValue]].self, from: try #require(files["errata.json"]))
        #expect(errata.count == 1)
        #expect(errata.first?["question_id"] == .number(Double(correctedID)))
        #expect(errata.first?["reviewer"] == .string("ana"))
        #expect(errata.first?["reason"] == .string("wrong_answer: the key is off by one"))
        #expect(errata.first?["date"] == .string("2026-12-01T10:05:00.000Z"))

        // The removed question's id is retired: bring it back and it gets the same id, not a new one.
        try sandbox.write("raw/review/more.jsonl", String(decisions[1]) + "\n")
        try sandbox.write(
            "raw/review/undo.jsonl",
            "{\"task\": \"\(tasks[0]["key"]!)\", \"reviewer\": \"ben\", \"kind\": \"adjudicate\", \"decision\": {\"verdict\": \"ok\"}, \"at\": \"2026-12-02T10:00:00.000Z\", \"guideline_version\": \"2026-11\"}\n"
        )
        try sandbox.edit("pipeline.yaml", replacing: "raw/review/more.jsonl]", with: "raw/review/more.jsonl, raw/review/undo.jsonl]")
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.2.0\"", with: "version: \"0.3.0\"")
        try await sandbox.build()
        let third = try records(try releaseFiles(sandbox, "build/release/0.3.0")["test.json"])
        #expect(third.contains { $0.questionID == removedID })
        #expect(third.map(\.questionID).max() == first.map(\.questionID).max())
    }

    @Test("without rationale files or a model the validation split is left out, and the manifest says why")
    func noRationales() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "rationales: [raw/release/rationales.jsonl]", with: "rationales: []")
        try await sandbox.build()
        let files = try releaseFiles(sandbox)
        #expect(files["validation.json"] == nil && files["validation.jsonl"] == nil)
        guard case .string(let why)? = try manifest(files)["validation_omitted"] else {
            Issue.record("no validation_omitted in the manifest")
            return
        }
        #expect(why.contains("never made up"))
        let (_, pool) = try sandbox.open()
        #expect(
            try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM removal WHERE reason = 'no_rationale_source'") } == 20)
    }

    @Test("a rationale concluding with another letter is not used; its category then lacks exemplars")
    func rationaleMismatch() async throws {
        let sandbox = try Sandbox()
        let text = try sandbox.read("raw/release/rationales.jsonl")
        let line = text.split(separator: "\n").first { $0.contains("mmlu/dev/econometrics/0") }!
        try sandbox.write(
            "raw/release/rationales.jsonl", text.replacingOccurrences(of: line, with: line.replacingOccurrences(of: "(G).", with: "(A).")))
        try await sandbox.build()
        let validation = try records(try releaseFiles(sandbox)["validation.json"])
        #expect(!validation.contains { $0.category == "economics" })
        #expect(validation.count == 15)
        let (_, pool) = try sandbox.open()
        let reasons = try await pool.read {
            try String.fetchAll(
                $0, sql: "SELECT reason FROM removal WHERE stage = 'release' AND item_key LIKE 'mmlu/dev/econometrics/%' ORDER BY reason")
        }
        #expect(reasons == ["rationale_mismatch"] + Array(repeating: "validation_short_category", count: 4))
        #expect(try manifest(try releaseFiles(sandbox))["validation_short_categories"] == .object(["economics": .number(4)]))
    }

    static let badFiles: [(String, String, String, InputError.Code)] = [
        (
            "rationales", "{\"item\": \"mmlu/dev/x/0\", \"cot_content\": \"The answer is (A).\"}\n", "rationales.jsonl:1 $.cot_content",
            .invalidValue
        ),
        ("rationales", "{\"item\": \"mmlu/dev/x/0\"}\n", "rationales.jsonl:1 $", .missingField),
        (
            "rationales", "{\"item\": \"a\", \"cot_content\": \"A: Let's think step by step. The answer is (B). \"}\n",
            "rationales.jsonl:1 $.cot_content", .invalidValue
        ),
        (
            "waivers", "{\"gate\": \"mojibake\", \"item\": \"k\", \"by\": \"ana\", \"reason\": \"fine\"}\n", "waivers.jsonl:1 $.gate",
            .invalidValue
        ),
        (
            "waivers", "{\"gate\": \"figure_reference\", \"item\": \"k\", \"by\": \"\", \"reason\": \"fine\"}\n", "waivers.jsonl:1 $.by",
            .missingField
        ),
        ("waivers", "not json\n", "waivers.jsonl:1", .invalidJSON),
        (
            "waivers", "{\"gate\": \"figure_reference\", \"item\": \"k\", \"by\": \"ana\", \"reason\": \" \\n\\t \"}\n",
            "waivers.jsonl:1 $.reason", .missingField
        ),
    ]

    @Test("a broken rationale or waiver file is an error naming the line; the store is left as it was", arguments: 0..<badFiles.count)
    func badInput(_ index: Int) async throws {
        let (kind, content, location, code) = Self.badFiles[index]
        let sandbox = try Sandbox()
        try await sandbox.build([.collect, .filter, .integrate, .augment, .review])
        let (_, pool) = try sandbox.open()
        let before = try await pool.read { try withoutFailedRuns($0) }
        try sandbox.write("raw/release/\(kind).jsonl", content)
        let error = await #expect(throws: InputError.self) { try await sandbox.build([.release]) }
        #expect(error?.code == code)
        #expect(error?.location.hasSuffix(location) == true, "\(String(describing: error))")
        #expect(try await pool.read { try withoutFailedRuns($0) } == before)
    }

    @Test("a question that mentions a missing figure is dropped at collect; a recorded waiver lets it through to the release")
    func figureRuleAndWaiver() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit(
            "raw/scibench/atkins.json", replacing: "Calculate the standard enthalpy of combustion of methane",
            with: "As shown in the figure, calculate the standard enthalpy of combustion of methane")
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let removal = try await pool.read {
            try Row.fetchOne($0, sql: "SELECT item_key, reason, detail FROM removal WHERE stage = 'collect' AND detail LIKE 'mentions%'")
                .map { [$0["item_key"] as String, $0["reason"] as String, $0["detail"] as String] }
        }
        let key = try #require(removal?[0])
        #expect(removal?[1] == "needs_picture")
        #expect(key == "scibench/atkins/0")
        #expect(removal?[2] == "mentions \"shown in the figure\", which the text does not contain")

        // A waiver: kept at collect and accepted by the release gate, recorded with who and why.
        // (The edited question's review decision no longer applies, so this is a preview.)
        try sandbox.write(
            "raw/release/waivers.jsonl",
            "{\"gate\": \"figure_reference\", \"item\": \"\(key)\", \"by\": \"ana\", \"reason\": \"the figure is described in the text\"}\n"
        )
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"\n  preview: true")
        try await sandbox.build()
        let files = try releaseFiles(sandbox, "build/release/0.2.0-preview")
        #expect(try records(files["test.json"]).contains { $0.question.contains("As shown in the figure, calculate") })
        let manifest = try manifest(files)
        #expect(manifest["preview"] == .bool(true))
        guard case .array(let waivers)? = manifest["waivers"], case .object(let waiver)? = waivers.first,
            case .object(let failure)? = waiver["failure"]
        else {
            Issue.record("no waiver in the manifest")
            return
        }
        #expect(waiver["by"] == .string("ana"))
        #expect(failure["item"] == .string(key))
        #expect(manifest["unreviewed"] == .object(["pending": .number(1)]))
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM release_waiver") } == 1)
    }

    @Test("a figure mention that reaches the release refuses it, naming the question and how to waive it")
    func figureGate() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build(Sandbox.upToReview)
        let (_, pool) = try sandbox.open()
        let key = "mmlu/test/college_physics/1"
        try await pool.write {
            try $0.execute(
                sql: "UPDATE augmented_question SET question = 'See the diagram. ' || question WHERE item_key = ?", arguments: [key])
        }
        let refused = await #expect(throws: ReleaseRefused.self) { try await sandbox.build([.release]) }
        let failure = try #require(refused?.failures.first)
        #expect(refused?.failures.count == 1)
        #expect(failure.gate == "figure_reference" && failure.itemKey == key)
        #expect(failure.detail.contains("See the diagram"))
        #expect(refused?.description.contains("{\"gate\": \"figure_reference\", \"item\": \"\(key)\"") == true)
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("build/release/0.1.0").path))
    }

    @Test("an open review task refuses the release unless a preview is asked for")
    func reviewGate() async throws {
        let sandbox = try Sandbox()
        try sandbox.write("raw/review/decisions.jsonl", "")
        try await sandbox.build([.collect, .filter, .integrate, .augment, .review])
        let refused = await #expect(throws: ReleaseRefused.self) { try await sandbox.build([.release]) }
        #expect(refused?.failures.allSatisfy { $0.gate == ReleaseGates.reviewOpen } == true)
        #expect(refused?.failures.count == 52)
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.1.0\"\n  preview: true")
        try await sandbox.build([.release])
        let files = try releaseFiles(sandbox, "build/release/0.1.0-preview")
        #expect(try manifest(files)["preview"] == .bool(true))
        #expect(String(decoding: files["DATACARD.md"]!, as: UTF8.self).contains("> **Preview.**"))
    }

    @Test("an unattended review closes every task as automatic; its release can only be a preview")
    func unattended() async throws {
        let sandbox = try Sandbox()
        try sandbox.write("raw/review/decisions.jsonl", "")
        try sandbox.edit("pipeline.yaml", replacing: "  overlap: 1\n", with: "  overlap: 1\n  unattended: true\n")
        try await sandbox.build([.collect, .filter, .integrate, .augment, .review])
        let (_, pool) = try sandbox.open()
        try await pool.read { (db: Database) throws in
            #expect(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_event WHERE reviewer = 'automatic' AND origin = 'automatic'")! > 52)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reviewed_question WHERE status = 'pending'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_task_state WHERE status = 'open'") == 0)
            // Each automatic event records the task's state before and after it, as a person's does.
            for event in try ReviewEvent.fetchAll(db, sql: "SELECT * FROM review_event WHERE reviewer = 'automatic' ORDER BY id LIMIT 60") {
                let task = try #require(try ReviewTask.fetchOne(db, key: event.taskKey))
                let events = try ReviewEvent.fetchAll(
                    db, sql: "SELECT * FROM review_event WHERE task_key = ? AND id <= ? ORDER BY id", arguments: [event.taskKey, event.id])
                #expect(event.before == Digest.canonicalJSON(TaskState.derive(task, events: Array(events.dropLast()), now: Date())))
                #expect(event.after == Digest.canonicalJSON(TaskState.derive(task, events: events, now: Date())))
            }
        }
        // Nothing pretends a person looked: refused as a release, allowed as a preview.
        let refused = await #expect(throws: ReleaseRefused.self) { try await sandbox.build([.release]) }
        #expect(refused?.failures.first?.gate == "review_open")
        #expect(refused?.failures.first?.detail == ReleaseGates.describe("automatic"))
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.1.0\"\n  preview: true")
        let reports = try await sandbox.build()
        #expect(reports.dropLast().allSatisfy { $0.outcome == .upToDate }, "the automatic decisions must not make review rerun")
        let files = try releaseFiles(sandbox, "build/release/0.1.0-preview")
        guard case .object(let unreviewed)? = try manifest(files)["unreviewed"] else { Issue.record("no unreviewed"); return }
        #expect(unreviewed["automatic"] != nil)
        #expect(String(decoding: files["DATACARD.md"]!, as: UTF8.self).contains("decided automatically (no person)"))
    }

    @Test("an imported release: its ids are reserved and reused for the same questions; the diff and errata are against it")
    func importPrevious() async throws {
        // A "public" release: the sample's own test split, with ids moved to 1000+ and one
        // answer wrong, as the public MMLU-Pro had.
        let origin = try Sandbox()
        try await origin.build()
        var published = try records(try releaseFiles(origin)["test.json"])
        for index in published.indices { published[index].questionID += 1000 }
        let wrong = published[3].questionID
        published[3].answerIndex = (published[3].answerIndex + 1) % published[3].options.count
        published[3].answer = OptionLetter.letter(published[3].answerIndex)
        let sandbox = try Sandbox()
        try sandbox.write("public/test.jsonl", published.map { $0.jsonLine + "\n" }.joined())

        let (_, pool) = try sandbox.open()
        let report = try await pool.write { db in
            try ReleaseArchive.importRelease(
                version: "public", files: [(sandbox.url("public/test.jsonl"), "public/test.jsonl")], db: db)
        }
        #expect(report.records == ["test": 31] && report.reserved == 31)
        try await sandbox.build()
        let files = try releaseFiles(sandbox)
        let test = try records(files["test.json"])
        #expect(Set(test.map(\.questionID)) == Set(published.map(\.questionID)))
        let validation = try records(files["validation.json"])
        #expect(validation.map(\.questionID).min() == 1051, "new ids come after every reserved one")
        let errata = try JSONDecoder().decode([[String: JSONValue]].self, from: try #require(files["errata.json"]))
        #expect(errata.map { $0["question_id"] } == [.number(Double(wrong))])
        #expect(try manifest(files)["previous"] == .string("public"))

        // Importing again under the same name, or ids this build already gave out, is refused.
        await #expect(throws: ReleaseArchive.Conflict.self) {
            try await pool.write { db in
                try ReleaseArchive.importRelease(
                    version: "public", files: [(sandbox.url("public/test.jsonl"), "public/test.jsonl")], db: db)
            }
        }
    }
}

@Suite("Release gates: a test per gate")
struct ReleaseGateTests {
    @Test("each gate refuses its planted defect and names the question", arguments: ReleaseGates.checks)
    func gate(_ check: Audit.Check) throws {
        let (_, defective, ids) = try #require(AuditTests.planted.first { $0.0 == check })
        let entries = defective.enumerated().map { offset, record in
            (
                key: "item/\(record.questionID)", split: check == .splitOverlap && offset == 1 ? "validation" : "test",
                reviewState: "accepted", record: record
            )
        }
        let verdict = ReleaseGates(preview: false, waivers: []).evaluate(entries)
        let failing = verdict.failures.filter { $0.gate == check.rawValue }
        #expect(Set(failing.map(\.questionID)) == Set(ids))
        #expect(failing.allSatisfy { $0.itemKey == "item/\($0.questionID)" && !$0.detail.isEmpty })
    }

    @Test("open review refuses unless preview; a waiver covers only its gate and item")
    func reviewAndWaivers() throws {
        let record = ReleaseRecord(
            questionID: 7, question: "In the figure below, what is the tension?", options: ["1 N", "2 N", "3 N", "4 N"], answerIndex: 1,
            category: "physics", src: "ori_mmlu-college_physics")
        let entries = [(key: "k7", split: "test", reviewState: "pending", record: record)]
        let strict = ReleaseGates(preview: false, waivers: []).evaluate(entries)
        #expect(Set(strict.failures.map(\.gate)) == [ReleaseGates.reviewOpen, "figure_reference"])
        let waiver = Waiver(gate: .figureReference, itemKey: "k7", by: "ana", reason: "described in words", origin: "w.jsonl:1")
        let other = Waiver(gate: .figureReference, itemKey: "k8", by: "ana", reason: "other question", origin: "w.jsonl:2")
        let preview = ReleaseGates(preview: true, waivers: [waiver, other]).evaluate(entries)
        #expect(preview.failures.isEmpty)
        #expect(preview.waived.map(\.by) == ["ana"])
        #expect(preview.unreviewed == ["pending": 1])
    }
}
