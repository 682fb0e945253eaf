import Foundation
import GRDB

/// A row of `stage_run`: one stage run that wrote its output, or an invalidation.
public struct StageRun: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "stage_run"

    public var id: Int64?
    public var stage: String
    /// `completed`, or `invalidated` when a stage before it changed.
    public var outcome: String
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

    /// The latest run of a stage.
    public static func latest(_ stage: StageName, db: Database) throws -> StageRun? {
        try StageRun.fetchOne(db, sql: "SELECT * FROM stage_run WHERE stage = ? ORDER BY id DESC LIMIT 1", arguments: [stage.rawValue])
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
