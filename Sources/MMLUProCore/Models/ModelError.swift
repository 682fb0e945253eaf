/// What can go wrong talking to a model.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// HTTP 429; `retryAfter` from the `Retry-After` header, in seconds.
    case rateLimited(retryAfter: Double?)
    /// HTTP 5xx.
    case server(status: Int, message: String, retryAfter: Double? = nil)
    /// Another HTTP status that retrying will not fix (400, 401, 404...).
    case client(status: Int, message: String)
    /// No answer within the request timeout.
    case timeout
    /// The connection failed.
    case transport(String)
    /// The body is not a chat completion.
    case invalidResponse(String)
    /// The completion has no content.
    case empty

    /// How long the server asked to wait before the next attempt (`Retry-After` on 429 or 5xx).
    public var retryAfter: Double? {
        switch self {
        case .rateLimited(let after), .server(_, _, let after): after
        default: nil
        }
    }

    /// Whether the same request may succeed if sent again.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .server, .timeout, .transport, .invalidResponse, .empty: true
        case .client: false
        }
    }

    /// The status recorded in `model_attempt`.
    public var attemptStatus: String {
        switch self {
        case .rateLimited: "rate_limited"
        case .server: "server_error"
        case .client: "client_error"
        case .timeout: "timeout"
        case .transport: "transport_error"
        case .invalidResponse: "invalid_response"
        case .empty: "empty"
        }
    }

    public var httpStatus: Int? {
        switch self {
        case .rateLimited: 429
        case .server(let status, _, _), .client(let status, _): status
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .rateLimited(let after): "rate limited (HTTP 429\(after.map { ", retry after \($0) s" } ?? ""))"
        case .server(let status, let message, let after):
            "server error HTTP \(status)\(after.map { ", retry after \($0) s" } ?? ""): \(message)"
        case .client(let status, let message): "request refused HTTP \(status): \(message)"
        case .timeout: "timed out"
        case .transport(let message): "connection failed: \(message)"
        case .invalidResponse(let message): "invalid response: \(message)"
        case .empty: "empty completion"
        }
    }
}
