import GRDB

/// A row of `generated_option`: one option a model or the heuristic proposed, accepted or refused by the validator (and why).
public struct GeneratedOption: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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
}
