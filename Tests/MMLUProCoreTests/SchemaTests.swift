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
