import GRDB

/// A row of `source_file`: an input file collect read, with its digest.
public struct SourceFile: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "source_file"

    public var path: String
    public var source: String
    public var sha256: String
    public var bytes: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path
        case source
        case sha256
        case bytes
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(path, source, sha256, bytes)
    }
}
