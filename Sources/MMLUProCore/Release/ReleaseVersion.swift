import GRDB

/// A row of `release_version`: a built or imported release.
public struct ReleaseVersion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "release_version"

    public enum Origin: String, Codable, Sendable, CaseIterable {
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
}
