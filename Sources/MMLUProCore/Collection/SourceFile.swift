import GRDB

/// A row of `source_file`: an input file collect read, with its digest.
public struct SourceFile: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "source_file"

    public var path: String
    public var source: String
    public var sha256: String
    public var bytes: Int

    public init(path: String, source: String, sha256: String, bytes: Int) {
        self.path = path
        self.source = source
        self.sha256 = sha256
        self.bytes = bytes
    }

    enum CodingKeys: String, CodingKey {
        case path, source, sha256, bytes
    }

    public init(row: Row) throws {
        path = row["path"]
        source = row["source"]
        sha256 = row["sha256"]
        bytes = row["bytes"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["path"] = path
        container["source"] = source
        container["sha256"] = sha256
        container["bytes"] = bytes
    }

    public static let databaseColumns = ["path", "source", "sha256", "bytes"]

    public static let insertTarget = "source_file (path, source, sha256, bytes) VALUES (?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [path, source, sha256, bytes]
    }
}
