import Foundation

/// Counts of a gateway's work, for progress and the stage summary.
public actor GatewayStats {
    public struct Snapshot: Sendable, Equatable {
        public var sent = 0
        public var stored = 0
        public var failedAttempts = 0
        public var cost = 0.0
    }

    private var current = Snapshot()

    func hit() { current.stored += 1 }
    func sent(cost: Double) {
        current.sent += 1
        current.cost += cost
    }
    func failed() { current.failedAttempts += 1 }
    func snapshot() -> Snapshot { current }
}
