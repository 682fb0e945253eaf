import GRDB

/// A row of `source_file`: an input file collect read, with its digest.
public struct SourceFile: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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
}
