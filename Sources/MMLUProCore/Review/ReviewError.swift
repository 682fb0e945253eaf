/// Why a review action was refused.
public enum ReviewError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownReviewer(String)
    case unknownTask(String)
    case notLeased(String)
    case notAdjudicator(String)
    case nothingToUndo(String)
    case invalidDecision(String)
    /// An imported decision contradicts one already recorded.
    case conflict(String)
    /// An imported decision is about a version of the question that no longer exists.
    case stale(String)

    public var description: String {
        switch self {
        case .unknownReviewer(let name): "unknown reviewer or token \(name)"
        case .unknownTask(let key): "no task \(key)"
        case .notLeased(let key): "task \(key) is not claimed by you (or the lease expired): claim it first"
        case .notAdjudicator(let name): "\(name) is not an adjudicator"
        case .nothingToUndo(let key): "you have no decision on \(key) to undo"
        case .invalidDecision(let message): "invalid decision: \(message)"
        case .conflict(let message): "conflict: \(message)"
        case .stale(let message): "stale: \(message)"
        }
    }
}
