/// A deterministic shuffle seeded from an item's key, so a rebuild gives the same order.
public enum SeededShuffle {
    /// The permutation of `0..<count` for `key`: element `i` of the result is the original
    /// index placed at position `i`.
    public static func permutation(count: Int, key: String) -> [Int] {
        var generator = SplitMix64(seed: seed(key))
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// A 64-bit seed from the SHA-256 of a string.
    public static func seed(_ key: String) -> UInt64 {
        var hasher = SHA256()
        hasher.update(key)
        return hasher.finalize().prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
