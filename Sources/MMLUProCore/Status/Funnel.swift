import GRDB

/// What each step of the build kept and removed, per source, split and category, read from
/// the store. `mmlupro status` prints it; the data card will chart it.
public struct Funnel: Codable, Sendable, Equatable {
    /// One group of items: a source, split and category.
    public struct Row: Codable, Sendable, Equatable {
        public var source: String
        public var split: String
        /// The category, or `(excluded)` for an excluded MMLU subject.
        public var category: String
        public var ingested: Int
        /// Items removed, by stage name.
        public var removed: [String: Int]
        /// Items held out until someone looks (filter answers missing, extraction in doubt).
        public var held: Int
        /// Items still in the build after the last stage that ran.
        public var kept: Int
    }

    /// Removals of one reason by one stage from one source.
    public struct Reason: Codable, Sendable, Equatable {
        public var stage: String
        public var reason: String
        public var source: String
        public var count: Int
    }

    /// The latest run of each stage.
    public struct StageState: Codable, Sendable, Equatable {
        public var stage: String
        public var outcome: String
        public var finishedAt: String
        public var counts: StageCounts
        public var detail: String
        /// The stage's last attempt, when it failed after this run: when, and the error.
        public var failedAt: String?
        public var failure: String?
    }

    public var stages: [StageState]
    public var rows: [Row]
    public var reasons: [Reason]
    /// Repeated source records folded into one, by source.
    public var duplicates: [String: Int]

    /// Reads the funnel from the store.
    public static func read(_ db: Database) throws -> Funnel {
        let stages = try StageName.allCases.compactMap { name -> StageState? in
            let failed = try StageRun.failure(name, db: db)
            guard let run = try StageRun.latest(name, db: db) else {
                return failed.map {
                    StageState(
                        stage: $0.stage, outcome: "never run", finishedAt: "", counts: [:], detail: "", failedAt: $0.finishedAt,
                        failure: $0.detail)
                }
            }
            return StageState(
                stage: run.stage, outcome: run.outcome.rawValue, finishedAt: run.finishedAt, counts: run.decodedCounts, detail: run.detail,
                failedAt: failed?.finishedAt, failure: failed?.detail)
        }
        var rows: [Row] = []
        let groups = try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT s.source, s.split, COALESCE(s.category, '(excluded)') AS category, COUNT(*) AS ingested,
                       COALESCE(SUM(d.outcome = 'held'), 0) + COUNT(h.item_key) AS held
                FROM source_item s LEFT JOIN filter_decision d ON d.item_key = s.key
                LEFT JOIN integrate_hold h ON h.item_key = s.key
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """)
        let removedRows = try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT s.source, s.split, COALESCE(s.category, '(excluded)') AS category, r.stage, COUNT(*) AS n
                FROM removal r JOIN source_item s ON s.key = r.item_key GROUP BY 1, 2, 3, 4
                """)
        var removed: [String: [String: Int]] = [:]
        for row in removedRows {
            let group = "\(row["source"] as String)|\(row["split"] as String)|\(row["category"] as String)"
            removed[group, default: [:]][row["stage"]] = row["n"]
        }
        for row in groups {
            let group = "\(row["source"] as String)|\(row["split"] as String)|\(row["category"] as String)"
            let byStage = removed[group] ?? [:]
            let ingested: Int = row["ingested"]
            let held: Int = row["held"] ?? 0
            rows.append(
                Row(
                    source: row["source"], split: row["split"], category: row["category"], ingested: ingested,
                    removed: byStage, held: held, kept: ingested - byStage.values.reduce(0, +) - held))
        }
        let reasons = try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT r.stage, r.reason, s.source, COUNT(*) AS n FROM removal r JOIN source_item s ON s.key = r.item_key
                GROUP BY 1, 2, 3
                """
        ).map { Reason(stage: $0["stage"], reason: $0["reason"], source: $0["source"], count: $0["n"]) }
            .sorted {
                (StageName(rawValue: $0.stage) ?? .collect, $0.reason, $0.source) < (
                    StageName(rawValue: $1.stage) ?? .collect, $1.reason, $1.source
                )
            }
        var duplicates: [String: Int] = [:]
        for row in try GRDB.Row.fetchAll(
            db, sql: "SELECT s.source, COUNT(*) AS n FROM duplicate_record d JOIN source_item s ON s.key = d.item_key GROUP BY 1")
        {
            duplicates[row["source"]] = row["n"]
        }
        return Funnel(stages: stages, rows: rows, reasons: reasons, duplicates: duplicates)
    }
}
