import ArgumentParser
import Foundation
import MMLUProCore

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
