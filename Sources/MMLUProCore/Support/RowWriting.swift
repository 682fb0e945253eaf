import Foundation
import GRDB

/// A record that can also be written through one cached `INSERT` per table and conflict rule,
/// its values bound in column order: for the stages that write tens of thousands of rows, where
/// a record's per-row insert machinery (``PersistableRecord/insert(_:onConflict:)``) costs more
/// than the row.
public protocol RowWriting: TableRecord {
    /// `table (columns) VALUES (?, ...)`, the columns in the order of ``databaseArguments``: made
    /// once per type, not per row.
    static var insertTarget: String { get }
    var databaseArguments: StatementArguments { get }
}

extension RowWriting {
    /// Inserts the row (same result as ``PersistableRecord/insert(_:onConflict:)``, no callbacks).
    public func insertRow(_ db: Database, onConflict conflict: Database.ConflictResolution? = nil) throws {
        let verb = conflict.map { "INSERT OR \($0.rawValue) INTO " } ?? "INSERT INTO "
        try db.cachedStatement(sql: verb + Self.insertTarget).execute(arguments: databaseArguments)
    }

    /// Inserts the rows in order, up to `batch` rows per statement (`VALUES (...), (...)`):
    /// the same rows as one ``insertRow(_:onConflict:)`` each, with a statement run per batch
    /// instead of per row.
    public static func insertRows(
        _ rows: [Self], db: Database, onConflict conflict: Database.ConflictResolution? = nil, batch: Int = 50
    ) throws {
        guard let values = insertTarget.range(of: " VALUES ") else { return }
        let group = ", " + insertTarget[values.upperBound...]
        var start = 0
        while start < rows.count {
            let end = min(start + batch, rows.count)
            var arguments = StatementArguments()
            for row in rows[start..<end] { arguments += row.databaseArguments }
            let verb = conflict.map { "INSERT OR \($0.rawValue) INTO " } ?? "INSERT INTO "
            let sql = verb + insertTarget + String(repeating: group, count: end - start - 1)
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            start = end
        }
    }

    /// The ``insertTarget`` of a table and columns.
    static func makeInsertTarget(_ table: String, _ columns: [String]) -> String {
        "\(table) (\(columns.joined(separator: ", "))) VALUES (\(repeatElement("?", count: columns.count).joined(separator: ", ")))"
    }
}
