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

    @Test func storeUsesWALAndForeignKeys() async throws {
        let sandbox = try Sandbox()
        let (_, pool) = try sandbox.open()
        let (mode, foreignKeys) = try await pool.read { (db: Database) throws in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(foreignKeys == true)
    }
}
