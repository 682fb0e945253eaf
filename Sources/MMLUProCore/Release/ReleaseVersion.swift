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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version
        case origin
        case preview
        case manifestSha256 = "manifest_sha256"
        case records
        case createdAt = "created_at"
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(version, origin, preview, manifestSha256, records, createdAt)
    }
}
