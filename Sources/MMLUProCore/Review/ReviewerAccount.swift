import GRDB

/// A row of `reviewer`: a reviewer and their role; the token is stored only as its SHA-256.
public struct ReviewerAccount: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "reviewer"

    public enum Role: String, Codable, Sendable, CaseIterable {
        case reviewer
        case adjudicator
    }

    public var name: String
    public var role: Role
    public var tokenSha256: String
    public var createdAt: String

    public init(name: String, role: Role, tokenSha256: String, createdAt: String) {
        self.name = name
        self.role = role
        self.tokenSha256 = tokenSha256
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case tokenSha256 = "token_sha256"
        case createdAt = "created_at"
    }
}
