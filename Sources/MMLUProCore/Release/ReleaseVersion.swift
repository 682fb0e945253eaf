import GRDB

/// A row of `release_version`: a built or imported release.
public struct ReleaseVersion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "release_version"

    public enum Origin: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case built
        case imported
    }

    public var version: String
    public var origin: Origin
    public var preview: Bool
    public var manifestSha256: String
    public var records: Int
    public var createdAt: String

    public init(version: String, origin: Origin, preview: Bool, manifestSha256: String, records: Int, createdAt: String) {
        self.version = version
        self.origin = origin
        self.preview = preview
        self.manifestSha256 = manifestSha256
        self.records = records
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case version, origin, preview, records
        case manifestSha256 = "manifest_sha256"
        case createdAt = "created_at"
    }

    public init(row: Row) throws {
        version = row["version"]
        origin = row["origin"]
        preview = row["preview"]
        manifestSha256 = row["manifest_sha256"]
        records = row["records"]
        createdAt = row["created_at"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["version"] = version
        container["origin"] = origin
        container["preview"] = preview
        container["manifest_sha256"] = manifestSha256
        container["records"] = records
        container["created_at"] = createdAt
    }

    public static let databaseColumns = ["version", "origin", "preview", "manifest_sha256", "records", "created_at"]

    public static let insertTarget =
        "release_version (version, origin, preview, manifest_sha256, records, created_at) VALUES (?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [version, origin, preview, manifestSha256, records, createdAt]
    }
}
