import Foundation

/// An HTTP reply: status, headers (names in lower case) and body.
public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
}
