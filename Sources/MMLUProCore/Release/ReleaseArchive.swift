import Foundation
import GRDB

/// Releases on disk and in the store: publishing one (never over another with other content)
/// and importing an existing one (for instance the public MMLU-Pro) as the previous release.
public enum ReleaseArchive {
    /// Why a release cannot be written or imported.
    public struct Conflict: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Writes the release folder and records the release, inside the caller's transaction.
    ///
    /// A version already published with the same manifest is left as it is (its folder is
    /// written again if it was deleted); with another manifest it is refused, unless both are
    /// previews, which the new one replaces. Files go to a temporary folder beside the target
    /// and are moved into place in one rename, so a reader never sees half a release.
    static func publish(_ output: ReleaseBuilder.Output, release: ReleaseConfig, configuration: BuildConfiguration, db: Database) throws {
        let existing = try Row.fetchOne(
            db, sql: "SELECT origin, preview, manifest_sha256 FROM release_version WHERE version = ?", arguments: [release.version])
        if let existing {
            let origin: String = existing["origin"]
            let wasPreview: Bool = existing["preview"]
            let sha: String = existing["manifest_sha256"]
            if origin == "imported" {
                throw Conflict(message: "release \(release.version) is an imported release; set release.version to a new version")
            }
            if sha != output.manifestSHA256 && !(wasPreview && release.preview) {
                throw Conflict(
                    message:
                        "release \(release.version) was already published with other content (manifest \(sha.prefix(12))); a release is never overwritten: set release.version to a new version"
                )
            }
        }
        let folder = configuration.url(release.folder)
        try writeFolder(output.files, to: folder, replace: release.preview, display: configuration.display(release.folder))
        // The same release again: its record stands as it was.
        if (existing?["manifest_sha256"] as String?) == output.manifestSHA256 { return }

        try db.execute(sql: "DELETE FROM release_version WHERE version = ?", arguments: [release.version])
        try ReleaseVersion(
            version: release.version, origin: .built, preview: release.preview, manifestSha256: output.manifestSHA256,
            records: output.records.count, createdAt: StageRun.timestamp(Date())
        ).insert(db)
        try StoredReleaseRecord.insertRows(
            output.records.map {
                StoredReleaseRecord(
                    version: release.version, questionId: $0.questionID, split: $0.split, itemKey: $0.itemKey, record: $0.line,
                    sha256: $0.sha256)
            }, db: db)
    }

    /// Writes `files` as `folder`. An existing folder with the same files is left alone; one
    /// with other files is replaced when `replace` (a preview), and refused otherwise.
    static func writeFolder(_ files: [(name: String, data: Data)], to folder: URL, replace: Bool, display: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.path) {
            let names = Set((try? manager.contentsOfDirectory(atPath: folder.path)) ?? [])
            let same =
                names == Set(files.map(\.name))
                && files.allSatisfy { (try? Data(contentsOf: folder.appendingPathComponent($0.name))) == $0.data }
            if same { return }
            guard replace else {
                throw Conflict(
                    message: "\(display) exists with other content; a release is never overwritten: set release.version to a new version")
            }
        }
        let parent = folder.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        // Leftovers of a build killed while writing (their process is gone).
        for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(".\(folder.lastPathComponent).partial-") || name.hasPrefix(".\(folder.lastPathComponent).old-") {
            try? manager.removeItem(at: parent.appendingPathComponent(name))
        }
        let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        for (name, data) in files {
            try data.write(to: temporary.appendingPathComponent(name))
        }
        if manager.fileExists(atPath: folder.path) {
            let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            try manager.moveItem(at: folder, to: old)
            try manager.moveItem(at: temporary, to: folder)
            try? manager.removeItem(at: old)
        } else {
            try manager.moveItem(at: temporary, to: folder)
        }
    }

    /// What an import did.
    public struct ImportReport: Sendable, Equatable {
        public var records: [String: Int]
        public var reserved: Int
    }

    /// Imports a release (JSON or JSON Lines files in the published schema, one split per file,
    /// named by the file: `test.json`, `validation.jsonl`) as `version`: its records are kept
    /// for the diff, and its question ids are reserved in the registry, so this build's
    /// questions that match one (same `src` and question text) keep its id and no other
    /// question ever gets it.
    /// - Throws: ``InputError`` for a malformed file; ``Conflict`` when the version exists or an
    ///   id is already given to another question.
    public static func importRelease(version: String, files: [(url: URL, displayPath: String)], db: Database) throws -> ImportReport {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM release_version WHERE version = ?", arguments: [version]) == 0 else {
            throw Conflict(message: "a release \(version) is already in the store")
        }
        var report = ImportReport(records: [:], reserved: 0)
        var all: [(split: String, record: ReleaseRecord, line: String)] = []
        for file in files {
            let split = AuditFile.split(of: file.displayPath)
            for (record, _) in try AuditFile.read(file.url, displayPath: file.displayPath) {
                all.append((split, record, record.jsonLine))
                report.records[split, default: 0] += 1
            }
        }
        var seen: [Int: String] = [:]
        for (split, record, _) in all {
            if let other = seen.updateValue(split, forKey: record.questionID) {
                throw Conflict(message: "question_id \(record.questionID) appears twice (\(other) and \(split)); ids must be unique")
            }
        }
        try ReleaseVersion(
            version: version, origin: .imported, preview: false, manifestSha256: Digest.sha256(all.map(\.line).joined(separator: "\n")),
            records: all.count, createdAt: StageRun.timestamp(Date())
        ).insert(db)
        for (split, record, line) in all {
            try StoredReleaseRecord(
                version: version, questionId: record.questionID, split: split, itemKey: nil, record: line, sha256: Digest.sha256(line)
            ).insert(db)
            if try !AssignedQuestionID.exists(db, key: record.questionID) {
                try AssignedQuestionID(
                    questionId: record.questionID, itemKey: nil, category: record.category, origin: "import:\(version)",
                    firstRelease: version
                ).insert(db)
                report.reserved += 1
            } else if let holder = try String.fetchOne(
                db, sql: "SELECT item_key FROM question_id WHERE question_id = ? AND origin = 'build'", arguments: [record.questionID])
            {
                throw Conflict(
                    message:
                        "question_id \(record.questionID) of \(version) is already given to \(holder) by this build; import a previous release before the first build of the store"
                )
            }
        }
        return report
    }
}
