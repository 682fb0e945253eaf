import GRDB

/// A row of `model_response`: a model response, stored before it is used and never requested twice (the cache).
public struct ModelResponse: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "model_response"

    public enum Via: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case live
        case batch
    }

    public var requestHash: String
    public var provider: String
    public var model: String
    public var request: String
    public var content: String
    public var promptTokens: Int
    public var completionTokens: Int
    public var cost: Double
    public var receivedAt: String
    public var via: Via

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestHash = "request_hash"
        case provider
        case model
        case request
        case content
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case cost
        case receivedAt = "received_at"
        case via
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(requestHash, provider, model, request, content, promptTokens, completionTokens, cost, receivedAt, via)
    }
}
