import Foundation

/// The audit's near-duplicate check: questions whose word trigrams (with their options) are
/// 80% the same.
extension Audit {
    /// Pairs whose question and options share at least 80% of their word trigrams (after case
    /// and punctuation are folded), other than exact duplicates. Candidates share one of each
    /// other's four rarest trigrams, so the check stays near linear.
    /// - Parameters:
    ///   - shingles: each entry's ``shingles(_:)`` of its question and sorted options.
    ///   - exactKeys: each entry's ``duplicateKey(_:)``.
    static func nearDuplicates(_ entries: [Entry], shingles: [[Int]], exactKeys: [HashedText]) -> [Finding] {
        let threshold = 0.8
        var frequency = HashCounts()
        for set in shingles { for shingle in set { frequency.add(shingle) } }
        var buckets: [Int: [Int]] = [:]
        for (index, set) in shingles.enumerated() {
            // The 4 rarest shingles, (frequency, value) ascending: a pair sharing none of them is
            // not 80% alike.
            var rarest: [(Int, Int)] = []
            for shingle in set {
                let key = (frequency.count(of: shingle), shingle)
                guard rarest.count < 4 || key < rarest[3] else { continue }
                let position = rarest.firstIndex { key < $0 } ?? rarest.count
                rarest.insert(key, at: position)
                if rarest.count > 4 { rarest.removeLast() }
            }
            for (_, shingle) in rarest { buckets[shingle, default: []].append(index) }
        }
        var partners: [Int: Set<Int>] = [:]
        for members in buckets.values where members.count > 1 && members.count < 50 {
            for (position, a) in members.enumerated() {
                for b in members[(position + 1)...] where partners[a]?.contains(b) != true {
                    let intersection = TextFeatures.sharedCount(shingles[a], shingles[b])
                    let union = shingles[a].count + shingles[b].count - intersection
                    let similarity = Double(intersection) / Double(max(union, 1))
                    // Exact duplicates are the other check's.
                    guard similarity >= threshold, exactKeys[a] != exactKeys[b] else { continue }
                    partners[a, default: []].insert(b)
                    partners[b, default: []].insert(a)
                }
            }
        }
        return entries.indices.compactMap { index in
            guard let others = partners[index] else { return nil }
            let names = others.sorted().map { "\(entries[$0].record.questionID) (\(entries[$0].split))" }
            return Finding(
                questionID: entries[index].record.questionID, split: entries[index].split,
                detail: "nearly the same as \(names.joined(separator: ", "))")
        }
    }

    /// The hashes of the word trigrams of `text`, sorted and distinct: its words of letters and
    /// digits, lower-cased, each trigram hashed as its words joined by single spaces
    /// (``stableHash(_:)``). ASCII text is read byte by byte; other text word by word through
    /// `Character`.
    static func shingles(_ text: String) -> [Int] {
        var bytes: [UInt8] = []
        var words: [Range<Int>] = []
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            bytes.reserveCapacity(text.utf8.count)
            var start: Int?
            for byte in text.utf8 {
                let lower = ASCIIByte.lowercased(byte)
                if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) {
                    if start == nil { start = bytes.count }
                    bytes.append(lower)
                } else if let first = start {
                    words.append(first..<bytes.count)
                    start = nil
                }
            }
            if let first = start { words.append(first..<bytes.count) }
        } else {
            // The words of `lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })`,
            // read Character by Character (a one-byte Character by its byte).
            var start: Int?
            for character in text.lowercased() {
                let isWord: Bool
                if character.utf8.count == 1, let byte = character.utf8.first {
                    isWord = ASCIIByte.isAlphanumeric(byte)
                } else {
                    isWord = character.isLetter || character.isNumber
                }
                if isWord {
                    if start == nil { start = bytes.count }
                    bytes.append(contentsOf: character.utf8)
                } else if let first = start {
                    words.append(first..<bytes.count)
                    start = nil
                }
            }
            if let first = start { words.append(first..<bytes.count) }
        }
        func hash(_ range: Range<Int>) -> Int {
            var hash = TextFeatures.fnvBasis
            for (position, word) in words[range].enumerated() {
                if position > 0 { hash = (hash ^ 0x20) &* TextFeatures.fnvPrime }
                for index in word { hash = (hash ^ UInt64(bytes[index])) &* TextFeatures.fnvPrime }
            }
            return Int(bitPattern: UInt(hash))
        }
        guard words.count >= 3 else { return [hash(0..<words.count)] }
        var hashes = (0...(words.count - 3)).map { hash($0..<$0 + 3) }
        hashes.sort()
        var distinct: [Int] = []
        distinct.reserveCapacity(hashes.count)
        for hash in hashes where hash != distinct.last { distinct.append(hash) }
        return distinct
    }

    /// How many times each key was added, for keys that are hashes already (``shingles(_:)``):
    /// open addressing over two flat arrays, without `Dictionary`'s hashing of every key.
    struct HashCounts {
        private var keys: [Int] = Array(repeating: 0, count: 1 << 10)
        private var counts: [Int32] = Array(repeating: 0, count: 1 << 10)
        private var bits = 10
        private var distinct = 0

        /// The key's slot, or the empty slot where it goes (Fibonacci hashing, linear probing).
        private func slot(_ key: Int) -> Int {
            let mask = keys.count - 1
            var slot = TextFeatures.fibonacciSlot(UInt64(bitPattern: Int64(key)), bits: bits)
            while counts[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            return slot
        }

        mutating func add(_ key: Int, times: Int32 = 1) {
            let slot = slot(key)
            if counts[slot] == 0 {
                keys[slot] = key
                distinct += 1
            }
            counts[slot] += times
            // At most half full: twice the room, every key placed again.
            if distinct * 2 > keys.count {
                let (oldKeys, oldCounts) = (keys, counts)
                keys = Array(repeating: 0, count: oldKeys.count * 2)
                counts = Array(repeating: 0, count: oldKeys.count * 2)
                bits += 1
                distinct = 0
                for (key, count) in zip(oldKeys, oldCounts) where count > 0 { add(key, times: count) }
            }
        }

        func count(of key: Int) -> Int { Int(counts[slot(key)]) }
    }

    /// FNV-1a of the text's UTF-8 bytes: the same number in every process (`hashValue` is
    /// seeded per process); what ``shingles(_:)`` computes for a trigram without joining it.
    static func stableHash(_ text: String) -> Int {
        Int(bitPattern: UInt(text.utf8.reduce(TextFeatures.fnvBasis) { ($0 ^ UInt64($1)) &* TextFeatures.fnvPrime }))
    }
}
