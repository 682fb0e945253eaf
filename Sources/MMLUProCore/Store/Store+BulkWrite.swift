import Foundation
import GRDB

extension Store {
    /// How a bulk write was journaled.
    public enum Journal: String, Sendable {
        /// A rollback journal: no other connection had the store open.
        case rollback
        /// The store's WAL: another connection had it open, or it is not a WAL store.
        case wal
    }

    /// Runs `updates` in one write transaction, with a rollback journal instead of the WAL
    /// when no other connection has the store open, and the WAL otherwise.
    ///
    /// A stage writes tens of megabytes of new pages in one transaction. Through the WAL each
    /// page is written twice: into the log at the commit, and into the store when the last
    /// connection checkpoints it. A rollback journal keeps only the pages the transaction
    /// changes that were already in the file, which for a stage's new rows are a few: the new
    /// pages go to the store once. Both are atomic: a process killed inside the transaction
    /// leaves a journal that the next opening rolls back.
    ///
    /// The store goes back to WAL mode afterwards, committed or not. Leaving WAL mode needs
    /// every other connection closed; SQLite refuses at once otherwise (a review server, a
    /// reviewer's terminal), and the transaction runs in the WAL as before. This process's
    /// idle readers are closed first. A process that opens the store meanwhile waits for the
    /// transaction (``Store/open(at:)`` switches the store to WAL, which needs the lock), as a
    /// writer would make it wait in any mode.
    public static func writeInBulk<T: Sendable>(
        _ writer: any DatabaseWriter, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws -> (T, Journal) {
        if let pool = writer as? DatabasePool {
            // Closing the readers waits for any read in flight: off the concurrency pool.
            try await ParallelMap.offload { pool.releaseMemory() }
        }
        return try await writer.writeWithoutTransaction { db in
            let journal = try leaveWAL(db)
            defer {
                // A failure here leaves a rollback-journal store that the next opening
                // switches back to WAL; the transaction's outcome stands either way.
                if journal == .rollback {
                    try? db.execute(sql: "PRAGMA journal_mode = WAL")
                    // A read opens the WAL on this connection, which then checkpoints and
                    // removes it when it closes last, as before.
                    _ = try? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_schema")
                }
            }
            var result: T?
            try db.inTransaction {
                result = try updates(db)
                return .commit
            }
            return (result!, journal)
        }
    }

    /// Switches a WAL store to a rollback journal if no other connection has it open.
    private static func leaveWAL(_ db: Database) throws -> Journal {
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" else { return .wal }
        do {
            // TRUNCATE, not DELETE: the journal file is emptied at each commit, not unlinked.
            return try String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE") == "truncate" ? .rollback : .wal
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return .wal
        }
    }
}
