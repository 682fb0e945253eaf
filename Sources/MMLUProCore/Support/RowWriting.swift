import Foundation
import GRDB
import GRDBSQLite

/// A record that can also be written through one cached `INSERT` per table and conflict rule,
/// its values given in column order: for the stages that write tens of thousands of rows, where
/// a record's per-row insert machinery (``PersistableRecord/insert(_:onConflict:)``) costs more
/// than the row.
public protocol RowWriting: TableRecord {
    /// `table (columns) VALUES (?, ...)`, the columns in the order ``writeValues(to:)`` gives
    /// them: made once per type, not per row.
    static var insertTarget: String { get }
    /// Gives the row's values, in the order of the columns of ``insertTarget``, in one call of
    /// ``RowValues/put(_:)``.
    func writeValues(to row: inout some RowValues)
}

/// Where a row's values go: into statement arguments (``RowWriting/databaseArguments``), or
/// bound straight to a prepared statement (``RowWriting/insertRows(_:db:onConflict:batch:)``).
public protocol RowValues {
    mutating func put<each Value: DatabaseValueConvertible>(_ values: repeat each Value)
}

extension RowWriting {
    /// The row's values as statement arguments, in column order.
    public var databaseArguments: StatementArguments {
        var arguments = ArgumentValues()
        writeValues(to: &arguments)
        return StatementArguments(arguments.values)
    }

    /// Inserts the row (same result as ``PersistableRecord/insert(_:onConflict:)``, no callbacks).
    public func insertRow(_ db: Database, onConflict conflict: Database.ConflictResolution? = nil) throws {
        try db.cachedStatement(sql: Self.insertVerb(conflict) + Self.insertTarget).execute(arguments: databaseArguments)
    }

    /// `INSERT INTO `, or `INSERT OR <rule> INTO `.
    static func insertVerb(_ conflict: Database.ConflictResolution?) -> String {
        conflict.map { "INSERT OR \($0.rawValue) INTO " } ?? "INSERT INTO "
    }

    /// Inserts the rows in order, up to `batch` rows per statement (`VALUES (...), (...)`):
    /// the same rows as one ``insertRow(_:onConflict:)`` each, with a statement run per batch
    /// instead of per row. The values are bound straight to the prepared statement (SQLite
    /// copies them), with no statement arguments in between: for the tables of 100,000 rows,
    /// building and checking those cost as much as SQLite's own insert. The statement runs past
    /// GRDB's execution hooks, so an in-process `ValueObservation` or `TransactionObserver`
    /// would not see these rows; the store has none (the review server reads, it does not watch).
    public static func insertRows(
        _ rows: [Self], db: Database, onConflict conflict: Database.ConflictResolution? = nil, batch: Int = 50
    ) throws {
        guard !rows.isEmpty, let values = insertTarget.range(of: " VALUES ") else { return }
        let group = ", " + insertTarget[values.upperBound...]
        let verb = insertVerb(conflict)
        func statementText(_ count: Int) -> String { verb + insertTarget + String(repeating: group, count: count - 1) }
        // Every batch but the last has the same number of rows: its statement text made once.
        let fullCount = min(batch, rows.count)
        let full = statementText(fullCount)
        var start = 0
        while start < rows.count {
            let end = min(start + batch, rows.count)
            let sql = end - start == fullCount ? full : statementText(end - start)
            let statement = try db.cachedStatement(sql: sql)
            var bound = BoundValues(statement: statement.sqliteStatement)
            for row in rows[start..<end] { row.writeValues(to: &bound) }
            try bound.execute(sql: sql, in: db)
            start = end
        }
    }

    /// The ``insertTarget`` of a table and columns.
    static func makeInsertTarget(_ table: String, _ columns: [String]) -> String {
        "\(table) (\(columns.joined(separator: ", "))) VALUES (\(repeatElement("?", count: columns.count).joined(separator: ", ")))"
    }
}

/// A row whose values were worked out ahead, where the writer's thread is not (a JSON list
/// written on another core, say), and are only bound when ``RowWriting/insertRows(_:db:onConflict:batch:)``
/// inserts it: the same row as `Record`'s.
struct PreparedRow<Record: RowWriting>: RowWriting, Sendable {
    static var databaseTableName: String { Record.databaseTableName }
    static var insertTarget: String { Record.insertTarget }
    let values: [DatabaseValue]

    init(_ record: Record) {
        var arguments = ArgumentValues()
        record.writeValues(to: &arguments)
        values = arguments.values
    }

    func writeValues(to row: inout some RowValues) {
        for value in values { row.put(value) }
    }
}

/// Values collected as statement arguments.
struct ArgumentValues: RowValues {
    var values: [DatabaseValue] = []

    mutating func put<each Value: DatabaseValueConvertible>(_ values: repeat each Value) {
        for value in repeat each values { self.values.append(value.databaseValue) }
    }
}

/// Values bound to a prepared statement's parameters, in order from the first.
struct BoundValues: RowValues {
    let statement: SQLiteStatement
    private var index: CInt = 1
    /// The first binding's failure, reported by ``execute(sql:in:)``.
    private var failure: CInt = SQLITE_OK

    init(statement: SQLiteStatement) {
        self.statement = statement
        sqlite3_reset(statement)
    }

    mutating func put<each Value: DatabaseValueConvertible>(_ values: repeat each Value) {
        for value in repeat each values {
            let code = value.bind(to: statement, at: index)
            if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
            index += 1
        }
    }

    /// Runs the statement once every parameter is bound, then resets it and lets its copies of
    /// the values go. A failure (a constraint, or a value of the wrong count) is thrown as
    /// GRDB would throw it, with SQLite's message.
    func execute(sql: String, in db: Database) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let expected = sqlite3_bind_parameter_count(statement)
        if failure != SQLITE_OK { throw Self.error(failure, statement: statement, sql: sql) }
        guard index - 1 == expected else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(index - 1) values for \(expected) parameters", sql: sql)
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw Self.error(code, statement: statement, sql: sql) }
    }

    static func error(_ code: CInt, statement: SQLiteStatement, sql: String) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))), sql: sql)
    }
}
