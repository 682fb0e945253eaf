import GRDB

/// A row of `reviewer`: a reviewer and their role; the token is stored only as its SHA-256.
public struct ReviewerAccount: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "reviewer"

    public typealias Role = ReviewConfig.Role

    public var name: String
    public var role: Role
    public var tokenSha256: String
    public var createdAt: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case role
        case tokenSha256 = "token_sha256"
        case createdAt = "created_at"
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(name, role, tokenSha256, createdAt)
    }
}

extension ReviewConfig.Role: DatabaseValueConvertible {}
