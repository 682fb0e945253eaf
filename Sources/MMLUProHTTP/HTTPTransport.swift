import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends one POST and waits for its whole reply, within `timeout` seconds. A cancelled caller
/// stops waiting at once.
public protocol HTTPTransport: Sendable {
    func post(_ url: URL, headers: [(String, String)], body: Data, timeout: Double) async throws -> HTTPReply
}
