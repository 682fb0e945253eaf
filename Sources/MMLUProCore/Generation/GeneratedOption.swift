import GRDB

/// A row of `generated_option`: one option a model or the heuristic proposed, accepted or refused by the validator (and why).
public struct GeneratedOption: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "generated_option"

    public var stage: String
    public var itemKey: String
    public var attempt: Int
    public var position: Int
    public var text: String
    public var accepted: Bool
    public var reason: String?
    public var detail: String?
    public var requestHash: String?

    public init(
        stage: String, itemKey: String, attempt: Int, position: Int, text: String, accepted: Bool, reason: String? = nil,
        detail: String? = nil, requestHash: String? = nil
    ) {
        self.stage = stage
        self.itemKey = itemKey
        self.attempt = attempt
        self.position = position
        self.text = text
        self.accepted = accepted
        self.reason = reason
        self.detail = detail
        self.requestHash = requestHash
    }

    enum CodingKeys: String, CodingKey {
        case stage, attempt, position, text, accepted, reason, detail
        case itemKey = "item_key"
        case requestHash = "request_hash"
    }

    public init(row: Row) throws {
        stage = row["stage"]
        itemKey = row["item_key"]
        attempt = row["attempt"]
        position = row["position"]
        text = row["text"]
        accepted = row["accepted"]
        reason = row["reason"]
        detail = row["detail"]
        requestHash = row["request_hash"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["stage"] = stage
        container["item_key"] = itemKey
        container["attempt"] = attempt
        container["position"] = position
        container["text"] = text
        container["accepted"] = accepted
        container["reason"] = reason
        container["detail"] = detail
        container["request_hash"] = requestHash
    }

    public static let databaseColumns = [
        "stage", "item_key", "attempt", "position", "text", "accepted", "reason", "detail", "request_hash",
    ]

    public static let insertTarget =
        "generated_option (stage, item_key, attempt, position, text, accepted, reason, detail, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [stage, itemKey, attempt, position, text, accepted, reason, detail, requestHash]
    }
}
