import ArgumentParser
import Foundation
import MMLUProCore

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
