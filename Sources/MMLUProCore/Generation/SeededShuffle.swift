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

/// SplitMix64: a small, well-distributed generator for seeded choices.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
