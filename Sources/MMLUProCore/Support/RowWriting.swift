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

    /// The ``insertTarget`` of a table and columns.
    static func makeInsertTarget(_ table: String, _ columns: [String]) -> String {
        "\(table) (\(columns.joined(separator: ", "))) VALUES (\(repeatElement("?", count: columns.count).joined(separator: ", ")))"
    }
}
