import Foundation

/// Results of work that goes on elsewhere (a task on the concurrency pool), taken in order as
/// they arrive: a stage's transaction writes the first questions while the heuristic generator
/// still works on the last, each core busy with one or the other.
///
/// ``take(_:)`` blocks until the result is there. It is for a thread outside the concurrency
/// pool, such as the database writer's queue, never for a task.
final class ArrivingResults<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Element?]
    private var failure: (any Error)?
    /// The index ``take(_:)`` waits for, if it waits: only its arrival wakes it.
    private var awaited: Int?
    private var producer: Task<Void, Never>?
    /// How many results on ``take(_:)`` waits, when it has to wait.
    static var batch: Int { 256 }

    /// How many results there are.
    let count: Int

    /// Results already there.
    init(_ results: [Element]) {
        slots = results
        count = results.count
    }

    /// `count` results, each given by `produce` through the `put` it is handed; a thrown
    /// error is the error of every result not yet given.
    init(count: Int, produce: @escaping @Sendable (_ put: @escaping @Sendable (Int, Element) -> Void) async throws -> Void) {
        slots = Array(repeating: nil, count: count)
        self.count = count
        start(produce)
    }

    private func start(_ produce: @escaping @Sendable (_ put: @escaping @Sendable (Int, Element) -> Void) async throws -> Void) {
        // Held weakly: results no one can take any more stop the producer (``deinit``).
        let results = Weak(self)
        producer = Task {
            do {
                try await produce { index, element in results.value?.put(element, at: index) }
            } catch {
                results.value?.fail(error)
            }
        }
    }

    private final class Weak: Sendable {
        weak let value: ArrivingResults?
        init(_ value: ArrivingResults) { self.value = value }
    }

    private func put(_ element: Element, at index: Int) {
        condition.lock()
        slots[index] = element
        if awaited == index { condition.signal() }
        condition.unlock()
    }

    private func fail(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.signal()
        condition.unlock()
    }

    /// The result at `index`, once it has arrived; each is taken once, and let go of then.
    /// - Throws: The producer's error, where the result did not arrive before it.
    func take(_ index: Int) throws -> Element {
        condition.lock()
        defer { condition.unlock() }
        while slots[index] == nil {
            if let failure { throw failure }
            // Woken when a later result arrives, a batch on (results come about in order): a
            // wake for each would take a core from the producer 14,000 times for one stage.
            let later = min(index + Self.batch, count - 1)
            awaited = slots[later] == nil ? later : index
            condition.wait()
        }
        awaited = nil
        defer { slots[index] = nil }
        return slots[index]!
    }

    /// Stops the producer (a reader that gave up: a failed write, say).
    func cancel() { producer?.cancel() }

    deinit { producer?.cancel() }
}
