/// Maps over a collection with at most `limit` tasks at once, keeping the input order.
public enum ConcurrentMap {
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], limit: Int, progress: (any ItemProgress)? = nil,
        _ transform: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: elements.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func launch() {
                let index = next
                let element = elements[index]
                group.addTask { (index, try await transform(element)) }
                next += 1
            }
            while next < min(limit, elements.count) { launch() }
            while let (index, result) = try await group.next() {
                results[index] = result
                await progress?.advance()
                if next < elements.count { launch() }
            }
        }
        return results.map { $0! }
    }
}
