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

    /// `alongside` gives both results; when both fail, the error of the work aside, the one a
    /// run of the two in turn would have met first; and the two run at once (the body waits
    /// for a signal from the work aside).
    @Test func alongsideRunsBothAndThrowsTheAsideErrorFirst() throws {
        let (aside, body) = try ParallelMap.alongside({ 21 * 2 }) { "body" }
        #expect(aside == 42)
        #expect(body == "body")
        #expect(throws: Failure(element: 1)) {
            try ParallelMap.alongside({ () throws -> Int in throw Failure(element: 1) }) { () throws -> Int in throw Failure(element: 2) }
        }
        #expect(throws: Failure(element: 2)) { try ParallelMap.alongside({ 1 }) { () throws -> Int in throw Failure(element: 2) } }
        if ProcessInfo.activeCores > 1 {
            let signal = DispatchSemaphore(value: 0)
            let (_, met) = try ParallelMap.alongside({ signal.signal() }) { signal.wait(timeout: .now() + 10) == .success }
            #expect(met)
        }
    }
}
