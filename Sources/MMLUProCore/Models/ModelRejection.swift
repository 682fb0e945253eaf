import GRDB

/// A row of `model_rejection`: a stored response a stage refused (bad JSON, wrong shape), so it is asked again under another attempt.
public struct ModelRejection: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "model_rejection"

    public var requestHash: String
    public var stage: String
    public var reason: String
    public var detail: String

    public init(requestHash: String, stage: String, reason: String, detail: String) {
        self.requestHash = requestHash
        self.stage = stage
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case stage, reason, detail
        case requestHash = "request_hash"
    }

    public init(row: Row) throws {
        requestHash = row["request_hash"]
        stage = row["stage"]
        reason = row["reason"]
        detail = row["detail"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["request_hash"] = requestHash
        container["stage"] = stage
        container["reason"] = reason
        container["detail"] = detail
    }

    public static let databaseColumns = ["request_hash", "stage", "reason", "detail"]

    public static let insertTarget = "model_rejection (request_hash, stage, reason, detail) VALUES (?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [requestHash, stage, reason, detail]
    }
}
