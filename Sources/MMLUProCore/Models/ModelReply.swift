import Foundation
import GRDB
import Logging

/// A model's reply as a stage sees it.
public struct ModelReply: Sendable, Equatable {
    public var content: String
    /// The cache key, or nil for the heuristic generator.
    public var requestHash: String?
}
