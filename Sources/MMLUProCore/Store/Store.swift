import Foundation
import GRDB

/// The SQLite store every stage reads and writes: WAL mode, foreign keys on, migrated on open.
public enum Store {
    /// Opens (creating if needed) the database file at `url` and migrates it.
    public static func open(at url: URL) throws -> DatabasePool {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
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
        }
        return configuration
    }
}
