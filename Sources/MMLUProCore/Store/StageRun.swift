import Foundation
import GRDB

/// A row of `stage_run`: one stage run that wrote its output, or an invalidation.
public struct StageRun: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "stage_run"

    public enum Outcome: String, Codable, Sendable {
        case completed, invalidated, failed
    }

    public var id: Int64?
    public var stage: String
    /// `completed`; `invalidated` when a stage before it changed; `failed` with the error in
    /// `detail` (a failed run wrote nothing else).
    public var outcome: Outcome
    public var configDigest: String
    public var inputDigest: String
    public var startedAt: String
    public var finishedAt: String
    /// Canonical JSON of the run's counts.
    public var counts: String
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case id, stage, outcome, counts, detail
        case configDigest = "config_digest"
        case inputDigest = "input_digest"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The latest run of a stage that wrote its output or had it invalidated: what its tables
    /// hold. Failed runs wrote nothing and are left out.
    public static func latest(_ stage: StageName, db: Database) throws -> StageRun? {
        try StageRun.fetchOne(
            db, sql: "SELECT * FROM stage_run WHERE stage = ? AND outcome <> 'failed' ORDER BY id DESC LIMIT 1",
            arguments: [stage.rawValue])
    }

    /// The failed run of a stage after its latest ``latest(_:db:)`` one, if its last attempt failed.
    public static func failure(_ stage: StageName, db: Database) throws -> StageRun? {
        let last = try StageRun.fetchOne(
            db, sql: "SELECT * FROM stage_run WHERE stage = ? ORDER BY id DESC LIMIT 1", arguments: [stage.rawValue])
        return last?.outcome == .failed ? last : nil
    }

    /// Records that a run of `stage` failed with `error`, in a transaction of its own.
    /// The message is stored with every configured provider's key taken out.
    static func recordFailure(
        _ stage: StageName, error: any Error, startedAt: Date, configuration: BuildConfiguration, writer: any DatabaseWriter
    ) async {
        let keys = configuration.pipeline.providers.values.compactMap { $0.apiKeyEnv.flatMap { ProcessInfo.processInfo.environment[$0] } }
        let record = StageRun(
            stage: stage.rawValue, outcome: .failed, configDigest: "", inputDigest: "", startedAt: timestamp(startedAt),
            finishedAt: timestamp(Date()), counts: "{}", detail: Secrets.redact("\(error)", secrets: keys))
        // Best effort: the error being reported matters more than its record.
        _ = try? await writer.write { db in
            var record = record
            try record.insert(db)
        }
    }

    /// The counts, decoded.
    public var decodedCounts: StageCounts {
        (try? JSONDecoder().decode(StageCounts.self, from: Data(counts.utf8))) ?? [:]
    }

    /// An ISO 8601 UTC timestamp with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
