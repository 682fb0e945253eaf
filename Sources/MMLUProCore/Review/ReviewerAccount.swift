import GRDB

/// A row of `reviewer`: a reviewer and their role; the token is stored only as its SHA-256.
public struct ReviewerAccount: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "reviewer"

    public typealias Role = ReviewConfig.Role

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

    public init(row: Row) throws {
        name = row["name"]
        role = row["role"]
        tokenSha256 = row["token_sha256"]
        createdAt = row["created_at"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["name"] = name
        container["role"] = role
        container["token_sha256"] = tokenSha256
        container["created_at"] = createdAt
    }

    public static let databaseColumns = ["name", "role", "token_sha256", "created_at"]

    public static let insertTarget = "reviewer (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [name, role, tokenSha256, createdAt]
    }
}

extension ReviewConfig.Role: DatabaseValueConvertible {}
