import Foundation

/// Why a request got no reply.
public enum HTTPTransportError: Error {
    case timedOut
    case transport(String)
}
