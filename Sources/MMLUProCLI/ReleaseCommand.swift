import ArgumentParser
import Foundation
import MMLUProCore

/// `mmlupro release ...` (or `mmlupro-release ...`): the release stage, and importing an
/// existing release as the previous one.
public struct ReleaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release: run the stage, or import an existing release as the previous one.",
        subcommands: [ReleaseRunCommand.self, ReleaseImportCommand.self], defaultSubcommand: ReleaseRunCommand.self)
    public init() {}
}

/// `release run`: ids, validation exemplars, gates, files.
public struct ReleaseRunCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the release stage (also part of `mmlupro build`): ids, validation exemplars, release gates, the JSON split.")
    public static let stage = StageName.release
    @OptionGroup public var options: CommonOptions
    @OptionGroup public var batch: BatchOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (batch.exportFile, batch.importFile) }
    public init() {}
}

/// `release import`: an existing release (for instance the public MMLU-Pro) as the previous one.
public struct ReleaseImportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a release (JSON or JSON Lines, one split per file, named test.* or validation.*) as a previous release.",
        discussion: """
            Its question ids are reserved: a question of this build with the same src and question text keeps the id, \
            and no other question is ever given one. The next release is compared with it (diff.json, errata.json) \
            when release.previous names it or it is the latest release in the store.
            """)
    @OptionGroup public var options: CommonOptions
    @Option(help: "The version to record it as (e.g. public-2024-06).") public var version: String
    @Argument(help: "The release's files.") public var files: [String]
    public init() {}

    public func run() async throws {
        try await reportingErrors {
            let (_, pool) = try options.open()
            let (version, files) = (self.version, self.files.map { (url: URL(fileURLWithPath: $0), displayPath: $0) })
            let report = try await pool.write { db in try ReleaseArchive.importRelease(version: version, files: files, db: db) }
            let splits = report.records.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("imported release \(version): \(splits); \(report.reserved) question ids reserved")
        }
    }
}

/// `mmlupro audit FILE...`: the defect checks over any MMLU-Pro copy.
public struct AuditCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check MMLU-Pro files (JSON or JSON Lines, ours or any copy) for the defects the public release shipped.",
        discussion: """
            Each file is one split, named by the file (test.json, validation.jsonl). The exit code is 1 when a check \
            finds a broken record (every check but the advisory near_duplicate_questions and meta_options, which are \
            judgement calls; with --strict, any check), so the audit can gate a CI job; 2 when a file cannot be read.

            --shortcuts reports options-only attacks instead: how often an evaluator who never reads the subject \
            picks the answer from the options alone (longest, unique format, numeric family centre, a learned \
            classifier...), against chance, with 95% intervals, per source (and --by-category), and how many wrong \
            options are reused from other questions or unrelated to their own. It exits 0 unless a file cannot be read.
            """)
    @Argument(help: "The files to audit.") public var files: [String]
    @Flag(help: "Print the report as one JSON object.") public var json = false
    @Option(name: .customLong("ignore"), help: "A check not to count as a defect (repeatable).")
    public var ignored: [String] = []
    @Option(help: "Question ids to list per check in the text report.") public var limit = 20
    @Flag(help: "Report options-only shortcut attacks instead of defects.") public var shortcuts = false
    @Flag(help: "With --shortcuts: break the accuracy down by category too.") public var byCategory = false
    @Flag(help: "Exit 1 on the advisory checks too (near_duplicate_questions, meta_options).") public var strict = false
    public init() {}

    public func run() async throws {
        for name in ignored where Audit.Check(rawValue: name) == nil {
            throw ValidationError("unknown check \(name); checks: \(Audit.Check.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var entries: [Audit.Entry] = []
        do {
            for file in files {
                let split = AuditFile.split(of: file)
                entries += try AuditFile.read(URL(fileURLWithPath: file), displayPath: file).map { Audit.Entry($0.record, split: split) }
            }
        } catch let error as InputError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if shortcuts {
            let report = Shortcuts.run(entries.map(\.record))
            print(
                json ? ShortcutText.json(report) : ShortcutText.text(report, files: files, byCategory: byCategory),
                terminator: json ? "\n" : "")
            return
        }
        let report = Audit.run(entries)
        if json {
            print(AuditText.json(report))
        } else {
            print(AuditText.text(report, files: files, limit: limit), terminator: "")
        }
        let defects = report.checks.filter { !ignored.contains($0.id.rawValue) && (strict || !$0.id.isAdvisory) }
            .reduce(0) { $0 + $1.count }
        if defects > 0 { throw ExitCode(1) }
    }
}
