import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// The migrated schema must equal the checked-in snapshot. A schema change is a new migration
/// and a deliberate update of `Fixtures/schema.sql` (run with `UPDATE_SNAPSHOTS=1`).
@Suite struct SchemaTests {
    @Test func schemaMatchesSnapshot() async throws {
        let database = try Store.inMemory()
        let schema = try await database.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name"
            ).joined(separator: "\n\n") + "\n"
        }
        #expect(try matchesSnapshot(schema, "schema.sql"))
    }

    /// Migration v13 rebuilds `release_record` as a rowid table (a 2 KB record no longer
    /// spills into an overflow page of its own): a store made before it keeps every record,
    /// byte for byte, and the table's key still refuses a second record of one question.
    @Test func releaseRecordsSurviveTheirTableRebuilt() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v12-review-leases")
        let records = (1...40).map { id in
            StoredReleaseRecord(
                version: id <= 30 ? "1.0.0" : "1.1.0", questionId: id, split: id % 7 == 0 ? "validation" : "test",
                itemKey: id % 11 == 0 ? nil : "mmlu/test/anatomy/\(id)", record: String(repeating: "{\"question_id\": \(id)} ", count: 90),
                sha256: String(id, radix: 16))
        }
        try queue.write { db in
            for version in ["1.0.0", "1.1.0"] {
                try ReleaseVersion(version: version, origin: .built, preview: false, manifestSha256: "00", records: 0, createdAt: "t")
                    .insert(db)
            }
            try StoredReleaseRecord.insertRows(records, db: db)
        }
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            let kept = try StoredReleaseRecord.fetchAll(db, sql: "SELECT * FROM release_record ORDER BY version, question_id")
            #expect(kept == records)
            #expect(try Int.fetchOne(db, sql: "SELECT wr FROM pragma_table_list WHERE name = 'release_record'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'release_record_v12'") == 0)
        }
        #expect(throws: DatabaseError.self) { try queue.write { db in try records[0].insert(db) } }
    }

    /// Four connections (as four processes would: a build, a review server, two reviewers'
    /// terminals) opening one new store at once all migrate it, 20 times over.
    @Test("several openers of a new store at once all migrate it, none fails on a table another created")
    func concurrentMigration() throws {
        for round in 0..<20 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmlupro-migrate-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("store.sqlite")
            let failures = LineCollector()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let pool = try Store.open(at: url)
                    try pool.close()
                } catch {
                    failures.append("\(error)")
                }
            }
            #expect(failures.lines.isEmpty, "round \(round): \(failures.lines)")
        }
    }

    @Test func storeUsesWALAndForeignKeys() async throws {
        let sandbox = try Sandbox()
        let (_, pool) = try sandbox.open()
        let (mode, foreignKeys) = try await pool.read { (db: Database) throws in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(foreignKeys == true)
        // Statement journals stay in memory on the writer (2: MEMORY), not in /var/tmp.
        let (synchronous, tempStore) = try await pool.write { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA temp_store"))
        }
        #expect(synchronous == 1)
        #expect(tempStore == 2)
    }
}
