import Foundation

/// Progress of a long loop for the person at the terminal: items done of total, rate, time
/// left, and the model calls and cost so far. Lines go to a sink the CLI gives only when
/// stderr is a terminal; they are throttled to a few a second.
public final class ProgressReporter: ItemProgress, @unchecked Sendable {
    private let label: String
    private let total: Int
    private let gateway: ModelGateway?
    private let sink: @Sendable (String) -> Void
    private let started = Date()
    private let lock = NSLock()
    private var done = 0
    private var lastLine = Date.distantPast

    public init(label: String, total: Int, gateway: ModelGateway?, sink: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.total = total
        self.gateway = gateway
        self.sink = sink
    }

    /// One more item done.
    public func advance() async {
        let (done, due) = lock.withLock { () -> (Int, Bool) in
            self.done += 1
            let now = Date()
            guard now.timeIntervalSince(lastLine) >= 0.25 || self.done == total else { return (self.done, false) }
            lastLine = now
            return (self.done, true)
        }
        guard due else { return }
        let stats = await gateway?.statistics()
        // The last line stays on the terminal, ended.
        sink(
            Self.line(label: label, done: done, total: total, elapsed: Date().timeIntervalSince(started), stats: stats)
                + (done == total ? "\n" : ""))
    }

    /// `augment  1200/14740  8%  230/s  ETA 59s  model calls 1200 sent, 0 cached, $0.42`.
    static func line(label: String, done: Int, total: Int, elapsed: Double, stats: GatewayStats.Snapshot?) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let percent = total > 0 ? done * 100 / total : 100
        let eta = rate > 0 ? Int((Double(total - done) / rate).rounded()) : 0
        var line = "\(label)  \(done)/\(total)  \(percent)%  \(String(format: "%.1f", rate))/s  ETA \(eta)s"
        if let stats {
            line += "  model calls \(stats.sent) sent, \(stats.stored) cached, \(String(format: "$%.2f", stats.cost))"
        }
        return line
    }
}

extension StageContext {
    /// A reporter for a loop over `total` items, or nil when no one is watching.
    public func progress(_ label: String, total: Int, gateway: ModelGateway? = nil) -> ProgressReporter? {
        guard let progressLine, total > 0 else { return nil }
        return ProgressReporter(label: label, total: total, gateway: gateway, sink: progressLine)
    }
}
