import Dispatch
import Foundation

/// CPU-bound pure work over every core, results in input order: the same output as `map`,
/// whatever the machine. For synchronous code (audits, text checks); model calls go through
/// ``ConcurrentMap``.
enum ParallelMap {
    /// `transform` applied to every element.
    /// - Parameter chunk: Elements per unit of work; by default the elements are cut into 16
    ///   chunks per core. `1` hands out elements one at a time (uneven work: a few slow ones
    ///   among quick ones).
    static func map<Element: Sendable, Result>(_ elements: [Element], chunk: Int? = nil, _ transform: (Element) -> Result) -> [Result] {
        let cores = ProcessInfo.activeCores
        // By default 16 units per core: the cores take the next unit as each finishes, so one
        // that started late or drew slower elements does not leave the other idle.
        let size = max(1, chunk ?? (elements.count + cores * 16 - 1) / (cores * 16))
        let units = (elements.count + size - 1) / size
        guard cores > 1, units > 1, chunk != nil || elements.count >= 128 else { return elements.map(transform) }
        var parts = [[Result]](repeating: [], count: units)
        parts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: units) { unit in
                    let range = (unit * size)..<min(elements.count, (unit + 1) * size)
                    slots[unit] = elements[range].map(transform)
                }
            }
        }
        return parts.flatMap { $0 }
    }
}

extension ParallelMap {
    /// ``map(_:chunk:_:)`` for a transform that may throw: every element is transformed, and the
    /// error thrown is the one of the first element in input order that failed, as a loop
    /// would have thrown it.
    static func tryMap<Element: Sendable, Output>(_ elements: [Element], chunk: Int? = nil, _ transform: (Element) throws -> Output)
        throws -> [Output]
    {
        try map(elements, chunk: chunk) { element in Result { try transform(element) } }.map { try $0.get() }
    }

    /// Runs CPU-bound synchronous work (which may spread itself over the cores with ``map``)
    /// on a Dispatch thread: the calling task suspends instead of holding a thread of the
    /// concurrency pool while the work, and the cores it waits for, finish.
    static func offload<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}

extension ParallelMap {
    /// Runs `aside` on a Dispatch thread while `body` runs on the calling thread (where a
    /// database connection must be used), and returns both results when both have finished:
    /// the rule-based judge's verdicts worked out while the review stage's phase-1 rows go in,
    /// say. An error of `aside` is thrown before one of `body`, the order of the two run one
    /// after the other, as they are on one core.
    static func alongside<Aside: Sendable, Result>(
        _ aside: @escaping @Sendable () throws -> Aside, while body: () throws -> Result
    ) throws -> (aside: Aside, body: Result) {
        guard ProcessInfo.activeCores > 1 else {
            let first = try aside()
            return (first, try body())
        }
        let outcome = AsideOutcome<Aside>()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            outcome.result = Swift.Result { try aside() }
            finished.signal()
        }
        let result = Swift.Result { try body() }
        finished.wait()
        return (try outcome.result!.get(), try result.get())
    }
}

/// What ``ParallelMap/alongside(_:while:)``'s other thread made: written before it signals,
/// read after the wait.
private final class AsideOutcome<Value>: @unchecked Sendable {
    var result: Result<Value, any Error>?
}

extension ProcessInfo {
    /// The cores this process may use.
    static let activeCores = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
