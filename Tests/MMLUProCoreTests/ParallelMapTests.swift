import Foundation
import Testing

@testable import MMLUProCore

/// `ParallelMap` spreads pure work over the cores and must give what a loop gives: the results
/// in input order, and from a throwing transform, the error a loop would have met first.
@Suite struct ParallelMapTests {
    struct Failure: Error, Equatable {
        var element: Int
    }

    @Test func resultsComeInInputOrder() throws {
        let elements = Array(0..<5_000)
        #expect(ParallelMap.map(elements) { $0 * 3 } == elements.map { $0 * 3 })
        #expect(try ParallelMap.tryMap(elements, chunk: 7) { $0 * 3 } == elements.map { $0 * 3 })
    }

    /// Element 40 fails only after element 4,000 has failed (it waits until then): the error
    /// is still element 40's, the first in input order, as a loop would throw it.
    @Test func theFirstErrorInInputOrderIsThrown() {
        let later = DispatchSemaphore(value: 0)
        #expect(throws: Failure(element: 40)) {
            try ParallelMap.tryMap(Array(0..<5_000), chunk: 10) { element -> Int in
                if element == 4_000 {
                    later.signal()
                    throw Failure(element: element)
                }
                if element == 40 {
                    // On one core the units run in order and element 4,000 never comes first.
                    _ = later.wait(timeout: .now() + (ProcessInfo.activeCores > 1 ? 5 : 0))
                    throw Failure(element: element)
                }
                return element
            }
        }
    }
}
