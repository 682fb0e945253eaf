import Foundation
import Testing

@testable import MMLUProCore

/// The executables, run as a user runs them: exit codes, stdout and stderr.
@Suite struct CommandLineTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binaries: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: beside.appendingPathComponent("mmlupro").path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent(executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("--version; status before any build says so and creates nothing; the build names where the release went")
    func versionStatusAndReleasePath() async throws {
        let sandbox = try Sandbox()
        let version = try run("mmlupro", ["--version"], in: sandbox.root)
        #expect(version.status == 0 && version.stdout == BuildInfo.version + "\n")
        let status = try run("mmlupro", ["status"], in: sandbox.root)
        #expect(status.status != 0)
        #expect(status.stderr.contains("run `mmlupro build` first"), "\(status.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("build/mmlupro.sqlite").path))
        let build = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(build.stdout.hasSuffix("release 0.1.0: build/release/0.1.0/\n"), "\(build.stdout.suffix(200))")
    }

    @Test func buildThenStatus() async throws {
        let sandbox = try Sandbox()
        let build = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(build.status == 0)
        #expect(build.stdout.contains("collect: completed"))
        #expect(build.stdout.contains("filter: completed"))
        let again = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(again.stdout.contains("collect: up to date"))
        #expect(again.stdout.contains("filter: up to date"))
        let status = try run("mmlupro", ["status", "--config", "pipeline.yaml"], in: sandbox.root)
        #expect(status.status == 0)
        #expect(status.stdout.contains("Funnel by source and category"))
        #expect(status.stdout.contains("too_easy"))
    }

    @Test func stageExecutablesTakeTheSameConfig() async throws {
        let sandbox = try Sandbox()
        let collect = try run("mmlupro-collect", ["--config", sandbox.configPath], in: packageRoot)
        #expect(collect.status == 0)
        #expect(collect.stdout.hasPrefix("collect: completed"))
        let filter = try run("mmlupro-filter", ["--config", sandbox.configPath], in: packageRoot)
        #expect(filter.status == 0)
        #expect(filter.stdout.hasPrefix("filter: completed"))
    }

    @Test("a missing file named in words with its absolute path, from any folder")
    func missingFileFromASubfolder() async throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.url("sub"), withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: sandbox.url("raw/release/waivers.jsonl"))
        try FileManager.default.createDirectory(at: sandbox.url("raw/release/waivers.jsonl"), withIntermediateDirectories: true)
        let result = try run("mmlupro", ["build", "--config", "../pipeline.yaml"], in: sandbox.url("sub"))
        #expect(result.status == 1)
        #expect(result.stderr.contains(sandbox.url("raw/release/waivers.jsonl").path), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("could not be completed"), "\(result.stderr)")
    }

    @Test func badConfigurationExitsNonZeroNamingLineAndKey() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "  threshold: 2", with: "  threshold: 2\n  treshold: 3")
        let result = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(result.status == 1)
        // One line: the file and line, then the key path; the wording is the configuration tests' business.
        let line = try Sandbox.line(of: "  threshold: 2", in: "pipeline.yaml") + 1
        #expect(result.stderr.hasPrefix("error: pipeline.yaml:\(line): filter.treshold:"), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("build/mmlupro.sqlite").path))
    }

    @Test func badInputExitsNonZeroNamingFileAndLine() async throws {
        let sandbox = try Sandbox()
        try sandbox.write("raw/mmlu/dev/econometrics_dev.csv", "q,a,b,c,d,A\nq,a,b,c,d\n")
        let result = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: raw/mmlu/dev/econometrics_dev.csv:2: expected 6 fields"))
    }

    @Test func unknownCommandShowsUsage() async throws {
        let result = try run("mmlupro", ["bulid"], in: packageRoot)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Usage") || result.stderr.contains("bulid"))
    }
}

extension CommandLineTests {
    /// The README's review demo: one build, then every task is open for a new reviewer.
    @Test func theReviewDemoGivesOpenTasks() async throws {
        let sandbox = try Sandbox()
        let build = try run("mmlupro", ["build", "--config", "pipeline.review-demo.yaml"], in: sandbox.root)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("release 0.1.0 (preview): build/review-demo/0.1.0-preview/"))
        let added = try run("mmlupro", ["review", "add-reviewer", "ann", "--config", "pipeline.review-demo.yaml"], in: sandbox.root)
        let token = String(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "=").last ?? "")
        let claim = try run("mmlupro", ["review", "claim", "--config", "pipeline.review-demo.yaml", "--token", token], in: sandbox.root)
        #expect(claim.status == 0 && claim.stdout.hasPrefix("task p1:"), "\(claim.stdout)\(claim.stderr)")
        // The sample build beside it is untouched.
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("build/mmlupro.sqlite").path))
    }

    @Test func reviewInTheTerminal() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit("pipeline.yaml", replacing: "decisions: [raw/review/decisions.jsonl]", with: "decisions: []")
        // With no decisions every review task is open: the release is refused, naming them.
        let refusedBuild = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(refusedBuild.status == 1)
        #expect(refusedBuild.stderr.contains("error: release 0.1.0 refused"), "\(refusedBuild.stderr)")
        #expect(refusedBuild.stderr.contains("52 gate failures") && refusedBuild.stderr.contains("\n  review_open: question 0 ("))
        // Status shows the failed run and its error, not a stage to rerun.
        let status = try run("mmlupro", ["status"], in: sandbox.root).stdout
        #expect(status.contains("  release   failed       20"))
        #expect(status.contains("release 0.1.0 refused: 52 gate failures"))
        #expect(status.contains("… 48 more lines"))
        #expect(status.contains("A failed run wrote nothing"))
        let added = try run("mmlupro", ["review", "add-reviewer", "ann"], in: sandbox.root)
        #expect(added.stdout.hasPrefix("export MMLUPRO_REVIEWER_TOKEN=mr_"))
        #expect(added.stderr.contains("shown once"))
        let token = String(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "=").last ?? "")
        let claim = try run("mmlupro-review", ["claim", "--token", token], in: sandbox.root)
        #expect(claim.status == 0)
        let key = try #require(claim.stdout.split(separator: "\n").first.map { String($0.dropFirst("task ".count)) })
        #expect(claim.stdout.contains("* "))  // the marked answer
        #expect(claim.stdout.contains("[answer, source]") && claim.stdout.contains("left in this queue"))
        #expect(claim.stdout.contains("source: raw/"))
        let refused = try run("mmlupro", ["review", "decide", key, "remove", "--token", token], in: sandbox.root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("remove needs a reason"))
        // Every invalid value names the valid ones.
        let badVerdict = try run("mmlupro", ["review", "decide", key, "maybe", "--token", token], in: sandbox.root)
        #expect(badVerdict.stderr.contains("the verdicts: ok, wrong_answer, remove, expert"))
        let badReason = try run("mmlupro", ["review", "decide", key, "remove", "--reason", "blurry", "--token", token], in: sandbox.root)
        #expect(badReason.stderr.contains("the reasons: bad_question_clarity"))
        let badStatus = try run("mmlupro", ["review", "tasks", "--status", "done"], in: sandbox.root)
        #expect(badStatus.status != 0 && badStatus.stderr.contains("the states: open, disputed, decided"))
        // Claim by key: another reviewer cannot take ann's task; ann gets it back as hers.
        let mine = try run("mmlupro", ["review", "claim", key, "--token", token], in: sandbox.root)
        #expect(mine.status == 0 && mine.stdout.hasPrefix("task \(key)"))
        let other = String(
            try run("mmlupro", ["review", "add-reviewer", "bob"], in: sandbox.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "=").last ?? "")
        let taken = try run("mmlupro", ["review", "claim", key, "--token", other], in: sandbox.root)
        #expect(taken.status == 1 && taken.stderr.contains("every slot is taken"))
        let decided = try run(
            "mmlupro", ["review", "decide", key, "remove", "--reason", "needs_image", "--token", token], in: sandbox.root)
        #expect(decided.stdout == "\(key): decided\n")
        let wrongToken = try run("mmlupro", ["review", "claim", "--token", "mr_nope"], in: sandbox.root)
        #expect(wrongToken.status == 1)
        let build = try run("mmlupro", ["review", "run"], in: sandbox.root)
        #expect(build.stdout.contains("review: completed"))
        #expect(build.stdout.contains("removed 1"))
        let progress = try run("mmlupro", ["review", "progress"], in: sandbox.root)
        #expect(progress.stdout.contains("reviewer ann: 1 decisions, 1 today"))
        let report = try run("mmlupro", ["review", "progress", "--json"], in: sandbox.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect((object["reviewers"] as? [String: Any])?["ann"] != nil)
        #expect(object["agreement"] != nil && object["calibration"] != nil)
    }
}

extension CommandLineTests {
    @Test func auditReportsDefectsAsTextAndJSONAndGatesByExitCode() async throws {
        let sandbox = try Sandbox()
        #expect(try run("mmlupro", ["build"], in: sandbox.root).status == 0)
        let clean = try run(
            "mmlupro", ["audit", "build/release/0.1.0/test.json", "build/release/0.1.0/validation.jsonl"], in: sandbox.root)
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("test 31, validation 20 records"))
        #expect(clean.stdout.contains("\nno defects found\n"))

        // A copy with the public release's defects: a whitespace leak, an eaten \frac, a wrong letter.
        var records = try JSONDecoder().decode([ReleaseRecord].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/test.json")))
        records[0].options[records[0].answerIndex] = " " + records[0].options[records[0].answerIndex]
        records[1].question = "Evaluate \u{0C}rac{1}{2}: " + records[1].question
        records[2].answer = records[2].answer == "A" ? "B" : "A"
        try sandbox.write("copy/test.jsonl", records.map { $0.jsonLine + "\n" }.joined())
        let text = try run("mmlupro", ["audit", "copy/test.jsonl"], in: sandbox.root)
        #expect(text.status == 1)
        #expect(text.stdout.contains("control_characters             1"))
        #expect(text.stdout.contains("question: U+000C (ate \\frac)"))
        let json = try run("mmlupro", ["audit", "--json", "copy/test.jsonl"], in: sandbox.root)
        #expect(json.status == 1)
        let report = try JSONDecoder().decode(Audit.Report.self, from: Data(json.stdout.utf8))
        #expect(report.result(.whitespaceAnswerLeak)?.questionIDs == [records[0].questionID])
        #expect(report.result(.controlCharacters)?.questionIDs == [records[1].questionID])
        #expect(report.result(.answerIndexMismatch)?.questionIDs == [records[2].questionID])
        #expect(report.result(.duplicateQuestions)?.count == 0)
        // Ignoring the checks that fire makes it pass.
        let ignored = try run(
            "mmlupro",
            [
                "audit", "copy/test.jsonl", "--ignore", "whitespace_answer_leak", "--ignore", "option_whitespace", "--ignore",
                "control_characters",
                "--ignore", "answer_index_mismatch",
            ], in: sandbox.root)
        #expect(ignored.status == 0)

        // An advisory check (a meta-option) is reported but fails the audit only with --strict.
        var advisory = try JSONDecoder().decode(
            [ReleaseRecord].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/test.json")))
        advisory[0].options[(advisory[0].answerIndex + 1) % advisory[0].options.count] = "All of the above"
        try sandbox.write("copy/advisory.jsonl", advisory.map { $0.jsonLine + "\n" }.joined())
        let lenient = try run("mmlupro", ["audit", "copy/advisory.jsonl"], in: sandbox.root)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("meta_options                   1"))
        #expect(try run("mmlupro", ["audit", "--strict", "copy/advisory.jsonl"], in: sandbox.root).status == 1)

        try sandbox.write("copy/broken.jsonl", "{\"question_id\": 1, \"question\": \"q\"}\n")
        let broken = try run("mmlupro", ["audit", "copy/broken.jsonl"], in: sandbox.root)
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("error: copy/broken.jsonl:1 $: expected key \"options\""))
    }

    @Test func auditShortcutsReportsAttacksOnAnyFile() async throws {
        let sandbox = try Sandbox()
        #expect(try run("mmlupro", ["build"], in: sandbox.root).status == 0)
        // The data card carries the report of the release.
        let card = try String(contentsOf: sandbox.url("build/release/0.1.0/DATACARD.md"), encoding: .utf8)
        #expect(card.contains("## Shortcuts: what the options give away"))
        #expect(card.contains("| numeric_family_centre |"))

        // A copy where the answer is always the longest option and has a ×10 family: both attacks see it.
        var records = try JSONDecoder().decode([ReleaseRecord].self, from: Data(contentsOf: sandbox.url("build/release/0.1.0/test.json")))
        for index in records.indices {
            let longest = records[index].options.map(\.count).max() ?? 0
            records[index].options[records[index].answerIndex] += " (the longest)" + String(repeating: "!", count: longest)
        }
        try sandbox.write("copy/test.jsonl", records.map { $0.jsonLine + "\n" }.joined())
        let text = try run("mmlupro", ["audit", "--shortcuts", "--by-category", "copy/test.jsonl"], in: sandbox.root)
        #expect(text.status == 0)
        #expect(text.stdout.contains("shortcut report of copy/test.jsonl: \(records.count) questions"))
        #expect(text.stdout.contains("by category: accuracy (chance)"))
        let json = try run("mmlupro", ["audit", "--shortcuts", "--json", "copy/test.jsonl"], in: sandbox.root)
        #expect(json.status == 0)
        let report = try JSONDecoder().decode(Shortcuts.Report.self, from: Data(json.stdout.utf8))
        #expect(report.questions == records.count)
        #expect(report.attack(.longest)?.overall.accuracy == 1)
        #expect(report.attack(.longest)?.bySource["ori_mmlu"]?.accuracy == 1)

        let broken = try run("mmlupro", ["audit", "--shortcuts", "copy/missing.json"], in: sandbox.root)
        #expect(broken.status == 2)

        // A store that imported a release first (the public MMLU-Pro, say): a shortcut gate refuses
        // its release; without the gate, the data card sets the imported figures beside its own.
        let other = try Sandbox()
        try other.write("public/test.json", try sandbox.read("build/release/0.1.0/test.json"))
        let imported = try run("mmlupro", ["release", "import", "--version", "public-copy", "public/test.json"], in: other.root)
        #expect(imported.status == 0, "\(imported.stderr)")
        try other.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.1.0\"\n  shortcut_gates: {longest: 0.001}")
        let refused = try run("mmlupro", ["build"], in: other.root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("release.shortcut_gates") && refused.stderr.contains("\n  longest: "), "\(refused.stderr)")
        try other.edit("pipeline.yaml", replacing: "\n  shortcut_gates: {longest: 0.001}", with: "")
        #expect(try run("mmlupro", ["build"], in: other.root).status == 0)
        let next = try String(contentsOf: other.url("build/release/0.1.0/DATACARD.md"), encoding: .utf8)
        #expect(next.contains("| attack (options only) | questions | right | 95% interval | chance | public-copy: right | chance |"))
        try sandbox.edit("pipeline.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.3.0\"\n  shortcut_gates: {lenghtiest: 0.1}")
        let unknown = try run("mmlupro", ["build"], in: sandbox.root)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown shortcut gate lenghtiest"))
    }
}
