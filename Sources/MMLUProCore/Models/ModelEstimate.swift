import Foundation
import GRDB
import Logging

/// What a stage's model calls would take.
public struct ModelEstimate: Sendable, Equatable {
    public var stored = 0
    public var toSend = 0
    public var heuristic = 0
    public var promptTokens = 0
    public var maxCompletionTokens = 0
    public var maxCost = 0.0

    public var summary: String {
        if heuristic > 0 { return "\(heuristic) requests to the heuristic offline generator (no model, no cost)" }
        return "\(stored + toSend) requests: \(stored) stored, \(toSend) to send (about \(promptTokens) input tokens, "
            + "at most \(maxCompletionTokens) output tokens, at most $\(String(format: "%.4f", maxCost)))"
    }
}
