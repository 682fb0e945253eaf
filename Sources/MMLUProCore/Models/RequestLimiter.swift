import Foundation

/// Bounds the requests in flight and paces them to requests- and tokens-per-minute limits.
actor RequestLimiter {
    private let maxConcurrency: Int
    private let requestsPerMinute: Int?
    private let tokensPerMinute: Int?
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var recent: [(time: Date, tokens: Int)] = []

    init(maxConcurrency: Int, requestsPerMinute: Int?, tokensPerMinute: Int?) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    /// Waits for a free slot and for the per-minute windows to allow `tokens` more. A request
    /// larger than the whole token window goes alone once the window is empty. Cancellation
    /// ends the wait (the slot is given back).
    func acquire(tokens: Int) async throws {
        if inFlight >= maxConcurrency {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            inFlight += 1
        }
        do {
            while let wait = windowWait(tokens: tokens), wait > 0 {
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        } catch {
            release()
            throw error
        }
        recent.append((Date(), tokens))
    }

    /// Frees a slot.
    func release() {
        if waiters.isEmpty {
            inFlight -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    private func windowWait(tokens: Int) -> Double? {
        let now = Date()
        recent.removeAll { now.timeIntervalSince($0.time) >= 60 }
        guard let oldest = recent.first else { return nil }
        let untilOldestLeaves = 60 - now.timeIntervalSince(oldest.time)
        if let rpm = requestsPerMinute, recent.count >= rpm { return untilOldestLeaves }
        if let tpm = tokensPerMinute, recent.reduce(0, { $0 + $1.tokens }) + tokens > tpm { return untilOldestLeaves }
        return nil
    }
}
