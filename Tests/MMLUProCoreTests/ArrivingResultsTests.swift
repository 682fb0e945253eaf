import Foundation
import Testing

@testable import MMLUProCore

/// `ArrivingResults` hands a thread outside the concurrency pool the results of a task, in
/// order, as they arrive: whatever order they arrive in, every result is taken once and none
/// is waited for in vain; a producer's error is the error of the results it did not give.
/// (One at a time: each test blocks a Dispatch thread in `take`, and Dispatch adds threads for
/// blocked ones slowly.)
@Suite(.serialized, .timeLimit(.minutes(1))) struct ArrivingResultsTests {
    struct Failure: Error, Equatable {}

    /// Takes every result in order on a Dispatch thread, as the database writer's queue would.
    static func takeAll<Element: Sendable>(_ results: ArrivingResults<Element>) async throws -> [Element] {
        try await ParallelMap.offload { try (0..<results.count).map { try results.take($0) } }
    }

    /// Results given in order, in reverse, in batches out of order and at random, with pauses,
    /// for counts on both sides of the batch the reader waits for.
    @Test(arguments: ["in order", "reversed", "blocks reversed", "shuffled"], [1, 255, 256, 257, 1_000])
    func everyResultArrivesInOrder(order: String, count: Int) async throws {
        var sequence = SplitMix64(seed: UInt64(count))
        let indices: [Int] =
            switch order {
            case "in order": Array(0..<count)
            case "reversed": Array((0..<count).reversed())
            case "blocks reversed": stride(from: 0, to: count, by: 100).reversed().flatMap { Array($0..<min($0 + 100, count)) }
            default: Array(0..<count).shuffled(using: &sequence)
            }
        let results = ArrivingResults<String>(count: count) { put in
            for (step, index) in indices.enumerated() {
                if step % 97 == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
                put(index, "result \(index)")
            }
        }
        #expect(try await Self.takeAll(results) == (0..<count).map { "result \($0)" })
    }

    @Test func resultsGivenBeforeAFailureAreTakenAndTheRestThrowIt() async throws {
        let results = ArrivingResults<Int>(count: 10) { put in
            for index in 0..<4 { put(index, index * 10) }
            try await Task.sleep(nanoseconds: 5_000_000)
            throw Failure()
        }
        let taken = try await ParallelMap.offload { try (0..<4).map { try results.take($0) } }
        #expect(taken == [0, 10, 20, 30])
        await #expect(throws: Failure.self) { _ = try await ParallelMap.offload { try results.take(4) } }
        await #expect(throws: Failure.self) { _ = try await ParallelMap.offload { try results.take(9) } }
    }

    @Test func resultsAlreadyThereAreTakenAtOnce() async throws {
        let results = ArrivingResults(["a", "b", "c"])
        #expect(try await Self.takeAll(results) == ["a", "b", "c"])
    }

    /// A reader that gives up stops a producer that checks for cancellation: the results not
    /// given throw its `CancellationError`.
    @Test func cancellingStopsTheProducer() async throws {
        let given = Counter()
        let results = ArrivingResults<Int>(count: 1_000_000) { put in
            for index in 0..<1_000_000 {
                try Task.checkCancellation()
                put(index, index)
                given.increment()
                try await Task.sleep(nanoseconds: 100_000)
            }
        }
        #expect(try await ParallelMap.offload { try results.take(0) } == 0)
        results.cancel()
        await #expect(throws: CancellationError.self) { _ = try await ParallelMap.offload { try results.take(999_999) } }
        #expect(given.value < 1_000_000)
    }

    /// Results dropped by everyone (a stage that failed before it wrote) stop their producer.
    /// Without that, this producer would run for 100 s, past the suite's time limit.
    @Test func resultsNoOneHoldsStopTheProducer() async throws {
        let ended = Counter()
        do {
            let results = ArrivingResults<Int>(count: 1_000_000) { put in
                defer { ended.increment() }
                for index in 0..<1_000_000 {
                    try Task.checkCancellation()
                    put(index, index)
                    try await Task.sleep(nanoseconds: 100_000)
                }
            }
            #expect(results.count == 1_000_000)
        }
        while ended.value == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(ended.value == 1)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func increment() { lock.withLock { count += 1 } }
    }
}
