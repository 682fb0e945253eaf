import Foundation
import GRDB
import Logging

/// Why a model call did not produce a reply.
public enum ModelGatewayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Replay-only mode and this request's response is not stored.
    case notStored(String)
    /// Batch export: the request was written to the batch file.
    case pending
    /// Every attempt failed.
    case failed(String, ModelError)
    /// The server refused the credentials (HTTP 401 or 403): no request can succeed, so the
    /// stage stops at once, without retries.
    case unauthorized(provider: String, status: Int, message: String)
    /// The budget would be exceeded.
    case budgetExceeded(limit: Double, spent: Double, needed: Double)
    /// Batch export finished: this many items wait for requests written to the batch file.
    case batchPending(items: Int)

    public var description: String {
        switch self {
        case .notStored(let key):
            "offline (replay only): no stored response for request \(key.prefix(12)); run without --offline to send it"
        case .pending: "written to the batch file"
        case .failed(let key, let error): "model request \(key.prefix(12)) failed after retries: \(error)"
        case .unauthorized(let provider, let status, let message):
            "provider \(provider): the server refused the credentials (HTTP \(status)): \(message); "
                + "check the key in the environment variable named by api_key_env, and base_url; nothing was retried"
        case .batchPending(let items): "\(items) items wait for batch requests; export them, run the batch, import the results"
        case .budgetExceeded(let limit, let spent, let needed):
            "budget of $\(String(format: "%.4f", limit)) would be exceeded (spent $\(String(format: "%.4f", spent)), "
                + "next needs up to $\(String(format: "%.4f", needed))); stopped cleanly, responses so far are stored"
        }
    }
}

extension ModelGatewayError {
    /// Runs one item's model work; in batch export, an item waiting for a batch request
    /// gives nil instead of stopping the others.
    static func pendingAsNil<Result>(_ body: () async throws -> Result) async throws -> Result? {
        do {
            return try await body()
        } catch ModelGatewayError.pending {
            return nil
        }
    }

    /// Throws ``batchPending(items:)`` when some items wait for batch requests.
    static func requireComplete<Result>(_ results: [Result?]) throws -> [Result] {
        let missing = results.filter { $0 == nil }.count
        if missing > 0 { throw ModelGatewayError.batchPending(items: missing) }
        return results.map { $0! }
    }
}
