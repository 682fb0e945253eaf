import Foundation
import GRDB

/// The state of a task, derived from its events.
public struct TaskState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, DatabaseValueConvertible {
        /// Waiting for decisions.
        case open
        /// Enough reviewers agree, or an adjudicator decided.
        case decided
        /// Enough reviewers decided and they disagree: an adjudicator must decide.
        case disputed
    }

    public var status: Status
    /// Each reviewer's standing decision.
    public var decisions: [String: ReviewDecision]
    /// The decision that stands for the task, when decided.
    public var resolved: ReviewDecision?
    /// Who decided it finally: the reviewers, or the adjudicator's name.
    public var adjudicator: String?
    /// Active leases: reviewer → until.
    public var leases: [String: String]

    /// Folds a task's events (in order) into its state at `now`.
    public static func derive(_ task: ReviewTask, events: [ReviewEvent], now: Date) -> TaskState {
        var standing: [Int64: ReviewEvent] = [:]
        var leases: [String: String] = [:]
        for event in events {
            switch event.kind {
            case .claim: leases[event.reviewer] = event.leaseUntil
            case .release: leases[event.reviewer] = nil
            case .decide, .adjudicate:
                if let id = event.id { standing[id] = event }
                leases[event.reviewer] = nil
            case .undo:
                if let id = event.undoes { standing[id] = nil }
            }
        }
        let nowText = StageRun.timestamp(now)
        leases = leases.filter { $0.value > nowText }
        let ordered = standing.values.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        var decisions: [String: ReviewDecision] = [:]
        for event in ordered where event.kind == .decide {
            decisions[event.reviewer] = event.decoded
        }
        if let adjudication = ordered.last(where: { $0.kind == .adjudicate }), let decision = adjudication.decoded {
            return TaskState(status: .decided, decisions: decisions, resolved: decision, adjudicator: adjudication.reviewer, leases: leases)
        }
        let counted = decisions.sorted { $0.key < $1.key }.map(\.value).filter { $0.verdict != .expert }
        guard counted.count >= task.overlap else {
            return TaskState(status: .open, decisions: decisions, resolved: nil, adjudicator: nil, leases: leases)
        }
        let agreed = Set(counted.map(\.agreementKey)).count == 1
        return TaskState(
            status: agreed ? .decided : .disputed, decisions: decisions, resolved: agreed ? counted.first : nil, adjudicator: nil,
            leases: leases)
    }
}

extension TaskState: CanonicalJSONRepresentable {
    public var canonicalValue: CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = [
            "status": .string(status.rawValue), "decisions": .object(decisions.mapValues(\.canonicalValue)),
            "leases": .object(leases.mapValues { .string($0) }),
        ]
        if let resolved { members["resolved"] = resolved.canonicalValue }
        if let adjudicator { members["adjudicator"] = .string(adjudicator) }
        return .object(members)
    }
}
