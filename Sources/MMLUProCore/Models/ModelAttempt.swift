import GRDB

/// A row of `model_attempt`: one HTTP attempt at a model request, with its latency, status, tokens and cost (the ledger).
public struct ModelAttempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, RowWriting {
    public static let databaseTableName = "model_attempt"

    public var id: Int64?
    public var requestHash: String
    public var stage: String
    public var provider: String
    public var model: String
    public var startedAt: String
    public var latencyMs: Int
    public var status: String
    public var httpStatus: Int?
    public var error: String?
    public var promptTokens: Int
    public var completionTokens: Int
    public var cost: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case requestHash = "request_hash"
        case stage
        case provider
        case model
        case startedAt = "started_at"
        case latencyMs = "latency_ms"
        case status
        case httpStatus = "http_status"
        case error
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case cost
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(
            id, requestHash, stage, provider, model, startedAt, latencyMs, status, httpStatus, error, promptTokens, completionTokens, cost)
    }
}
