import Foundation
import GRDB

/// The SQLite store every stage reads and writes: WAL mode, foreign keys on, migrated on open.
/// A stage's own transaction may leave WAL mode while it runs (``writeInBulk(_:_:)``).
public enum Store {
    /// Opens (creating if needed) the database file at `url` and migrates it.
    ///
    /// Opening and migrating hold an exclusive lock on `<file>.lock`: several processes (a
    /// build, a review server, reviewers' terminals) may open one store at the same moment, and
    /// SQLite alone lets two of them race, one failing to switch a new file to WAL ("database is
    /// locked") or finding a table the other just created. The lock is held for as long as a
    /// migration takes, and not at all once the store is open.
    public static func open(at url: URL) throws -> DatabasePool {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lockPath = url.path + ".lock"
        let descriptor = Foundation.open(lockPath, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw PipelineStateError(message: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        let pool = try DatabasePool(path: url.path, configuration: configuration())
        try Migrations.migrator.migrate(pool)
        return pool
    }

    /// An in-memory database, migrated, for tests and tools.
    public static func inMemory() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: configuration())
        try Migrations.migrator.migrate(queue)
        return queue
    }

    private static func configuration() -> GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a killed
            // process loses nothing committed; only a power cut can lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Statement journals (every batched insert inside a stage's transaction keeps one,
            // to undo just that statement) and sorts in memory: on disk, the review stage of the
            // full build alone wrote 158 MB of them to /var/tmp, 4 KB at a time (77,000 of its
            // 123,000 `pwrite` calls), and read much of it back.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return configuration
    }
}
