import CSQLiteConfig
import GRDB

extension Database {
    /// Runs `body` with this connection's triggers off, and turns them on again after it,
    /// whatever it throws. Other connections (a review server) keep theirs. For a stage that
    /// does in a few statements what a trigger would do row by row (``ReviewQueueUpkeep``):
    /// SQLite runs a trigger's program once per row, which costs more than the row itself.
    func withTriggersOff<T>(_ body: () throws -> T) throws -> T {
        guard let connection = sqliteConnection, mmlupro_sqlite_enable_triggers(connection, 0) == 0 else {
            throw PipelineStateError(message: "SQLite refused to turn this connection's triggers off")
        }
        defer { _ = mmlupro_sqlite_enable_triggers(connection, 1) }
        return try body()
    }
}
