import Foundation
import GRDB
import Logging
import Testing

@testable import MMLUProCore

/// A stage's transaction goes through a rollback journal when the store is its own, through the
/// WAL when another connection has it open; either way the store is a WAL store afterwards.
/// (Kills inside and after the transaction: `KillTests`.)
@Suite struct BulkWriteTests {
    /// A store in a temporary folder, with a table, and one read done (the pool keeps a reader).
    func store() async throws -> (URL, DatabasePool) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString)")
        let url = folder.appendingPathComponent("store.sqlite")
        let pool = try Store.open(at: url)
        try await pool.write { try $0.execute(sql: "CREATE TABLE numbers (n INTEGER NOT NULL)") }
        _ = try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM numbers") }
        return (url, pool)
    }

    static func insert(_ db: Database, _ count: Int) throws -> String {
        for n in 0..<count { try db.execute(sql: "INSERT INTO numbers VALUES (?)", arguments: [n]) }
        return try String.fetchOne(db, sql: "PRAGMA journal_mode")!
    }

    static func mode(_ url: URL) throws -> String {
        try DatabaseQueue(path: url.path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode")! }
    }

    @Test func aStoreOfItsOwnIsWrittenThroughARollbackJournalAndLeftInWAL() async throws {
        let (url, pool) = try await store()
        let (inside, journal) = try await Store.writeInBulk(pool) { try Self.insert($0, 5_000) }
        #expect(journal == .rollback)
        #expect(inside == "truncate")
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM numbers") } == 5_000)
        try pool.close()
        #expect(try Self.mode(url) == "wal")
        let left = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(!left.contains("store.sqlite-journal"), "\(left)")
    }

    @Test func anotherConnectionKeepsTheWriteInTheWAL() async throws {
        let (url, pool) = try await store()
        // A review server, say: another pool on the same file, which has read.
        let other = try Store.open(at: url)
        _ = try await other.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM numbers") }
        let (inside, journal) = try await Store.writeInBulk(pool) { try Self.insert($0, 100) }
        #expect(journal == .wal)
        #expect(inside == "wal")
        #expect(try await other.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM numbers") } == 100)
        try other.close()
        // Alone again: the next bulk write leaves the WAL.
        #expect(try await Store.writeInBulk(pool) { try Self.insert($0, 1) }.1 == .rollback)
    }

    @Test func aFailedWriteIsRolledBackAndTheStoreIsInWAL() async throws {
        struct Refused: Error {}
        let (url, pool) = try await store()
        await #expect(throws: Refused.self) {
            _ = try await Store.writeInBulk(pool) { db -> Int in
                _ = try Self.insert(db, 1_000)
                throw Refused()
            }
        }
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM numbers") } == 0)
        try pool.close()
        #expect(try Self.mode(url) == "wal")
    }

    /// A process killed after its commit, before it switched back, leaves a rollback-journal
    /// store: the next opening makes it a WAL store again.
    @Test func aStoreLeftWithARollbackJournalOpensInWAL() async throws {
        let (url, pool) = try await store()
        try pool.close()
        try await DatabaseQueue(path: url.path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = TRUNCATE") }
        // A new connection reads a rollback-journal store as `delete` (only WAL is kept in the file).
        #expect(try Self.mode(url) == "delete")
        let reopened = try Store.open(at: url)
        try reopened.close()
        #expect(try Self.mode(url) == "wal")
    }

    @Test func aStoreInMemoryIsWrittenAsBefore() async throws {
        let queue = try Store.inMemory()
        try await queue.write { try $0.execute(sql: "CREATE TABLE numbers (n INTEGER NOT NULL)") }
        let (_, journal) = try await Store.writeInBulk(queue) { try Self.insert($0, 10) }
        #expect(journal == .wal)
        #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM numbers") } == 10)
    }

    /// Every stage of a build writes through a rollback journal when nothing else has the
    /// store open, and says so at debug level.
    @Test func everyStageOfABuildWritesThroughARollbackJournal() async throws {
        let sandbox = try Sandbox()
        let lines = LogLines()
        var logger = Logger(label: "test") { _ in LogLines.Handler(lines: lines) }
        logger.logLevel = .debug
        let configuration = try sandbox.configuration()
        let pool = try Store.open(at: configuration.databaseURL)
        let runner = StageRunner(configuration: configuration, writer: pool, logger: logger)
        try await StageRegistry.build(configuration.pipeline.stages, with: runner, force: false)
        #expect(
            lines.all.filter { $0.contains("written with") }
                == configuration.pipeline.stages.map { "\($0.rawValue): written with a rollback journal" })
        try pool.close()
        #expect(try Self.mode(configuration.databaseURL) == "wal")
    }
}

/// Log messages, kept.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }

    struct Handler: LogHandler {
        let lines: LogLines
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { lines.append(event.message.description) }
    }
}
