import Foundation

/// Surface features of option text shared by the attacks and the generator.
enum TextFeatures {
    static let stopwords: Set<String> = [
        "the", "and", "for", "that", "this", "with", "from", "are", "was", "were", "which", "what", "who", "whom", "whose",
        "not", "but", "its", "has", "have", "had", "been", "being", "into", "onto", "than", "then", "there", "their", "they",
        "them", "these", "those", "such", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "does",
        "did", "doe", "all", "any", "each", "other", "some", "more", "most", "less", "least", "only", "also", "both", "either",
        "neither", "nor", "our", "your", "his", "her", "she", "him", "one", "when", "where", "why", "how", "following",
        "statement", "statements", "true", "false", "answer", "question", "about", "between", "because", "over", "under",
        "very", "like", "you", "out", "per",
    ]

    /// The content words of a text as sorted, distinct FNV-1a hashes of their UTF-8 bytes. A
    /// content word: lower-case letters (ASCII, or any byte of a non-ASCII character), three or
    /// more, not a stopword, cut to its first six characters (a crude stem: "increase",
    /// "increases", "increased" meet). Read over bytes: an ASCII word is never made a `String` (its stopword test
    /// looks its bytes up packed in an integer); a word with other bytes goes the `String` way.
    static func contentWordHashes(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        forEachContentWordHash(text) {
            hashes.append($0)
            return true
        }
        hashes.sort()
        var distinct: [UInt64] = []
        distinct.reserveCapacity(hashes.count)
        for hash in hashes where hash != distinct.last { distinct.append(hash) }
        return distinct
    }

    /// Whether a content word of `text` is among `hashes` (``contentWordHashes(_:)``): read
    /// until the first one that is.
    static func sharesContentWord(_ text: String, with hashes: Set<UInt64>) -> Bool {
        var found = false
        forEachContentWordHash(text) {
            found = hashes.contains($0)
            return !found
        }
        return found
    }

    /// FNV-1a's offset basis and prime: a hash of bytes that is the same in every process
    /// (`hashValue` is seeded per process).
    static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01b3

    /// A key's slot in an open-addressing table of `1 << bits` slots (Fibonacci hashing: the
    /// top bits of the key times 2^64/φ), for the tables of the hot loops (the audit's shingle
    /// counts, the centroid attack's trigram owners).
    @inline(__always)
    static func fibonacciSlot(_ key: UInt64, bits: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// Calls `body` with the hash of each content word of `text` in order (repeats included)
    /// until it returns false. One pass over the bytes: an ASCII word's hash, packed bytes (for
    /// the stopword test) and full hash (for a long stopword) are read as it goes, with no copy.
    private static func forEachContentWordHash(_ text: String, _ body: (UInt64) -> Bool) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var count = 0
            var ascii = true
            var packed: UInt64 = 0
            var stem = fnvBasis
            var full = fnvBasis
            /// The word that ends at `end`; false to stop.
            func flush(_ end: Int) -> Bool {
                defer { (count, ascii, packed, stem, full) = (0, true, 0, fnvBasis, fnvBasis) }
                guard count >= 3 else { return true }
                if ascii {
                    if count <= 8 {
                        if packedStopwords.contains(count < 8 ? packed | UInt64(count) << 56 : packed) { return true }
                    } else if let candidates = longStopwordHashes[full],
                        candidates.contains(where: { $0.elementsEqual(bytes[start..<end].lazy.map(ASCIIByte.lowercased)) })
                    {
                        return true
                    }
                    return body(stem)
                }
                let word = String(decoding: bytes[start..<end].map(ASCIIByte.lowercased), as: UTF8.self)
                if stopwords.contains(word) { return true }
                return body(word.prefix(6).utf8.reduce(fnvBasis) { ($0 ^ UInt64($1)) &* fnvPrime })
            }
            for (index, byte) in bytes.enumerated() {
                let letter: UInt8
                switch byte {
                case 0x41...0x5A: letter = byte + 0x20
                case 0x61...0x7A: letter = byte
                case 0x80...:
                    letter = byte
                    ascii = false
                default:
                    if !flush(index) { return }
                    continue
                }
                if count == 0 { start = index }
                count += 1
                if count <= 8 { packed = packed << 8 | UInt64(letter) }
                if count <= 6 { stem = (stem ^ UInt64(letter)) &* fnvPrime }
                full = (full ^ UInt64(letter)) &* fnvPrime
            }
            _ = flush(bytes.count)
        }
    }

    /// `text.count` (its `Character`s), with ASCII text without `\r\n` counted by byte.
    static func characterCount(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? text.utf8.count : text.count
    }

    /// Up to 8 bytes of lower-case letters in one integer: fewer than 8 with their count in the
    /// top byte (3 to 7, never a letter's byte, which 8 fill), so no two words meet.
    private static func pack(_ bytes: [UInt8]) -> UInt64 {
        let packed = bytes.reduce(0 as UInt64) { $0 << 8 | UInt64($1) }
        return bytes.count < 8 ? packed | UInt64(bytes.count) << 56 : packed
    }

    private static let packedStopwords = PackedWordSet(stopwords.filter { $0.utf8.count <= 8 }.map { pack(Array($0.utf8)) })

    /// Packed words (``pack(_:)``) in an open-addressing table read with ``fibonacciSlot(_:bits:)``:
    /// the stopword test of every word read, where `Set`'s seeded hash cost as much as reading
    /// the word. No packed word is 0 (it holds 3 letters at least), so 0 marks an empty slot.
    struct PackedWordSet {
        private let slots: [UInt64]
        private let bits: Int

        init(_ words: [UInt64]) {
            var bits = 4
            while 1 << bits < words.count * 4 { bits += 1 }
            var slots = [UInt64](repeating: 0, count: 1 << bits)
            for word in words where word != 0 {
                var slot = TextFeatures.fibonacciSlot(word, bits: bits)
                while slots[slot] != 0 && slots[slot] != word { slot = (slot + 1) & ((1 << bits) - 1) }
                slots[slot] = word
            }
            (self.slots, self.bits) = (slots, bits)
        }

        @inline(__always)
        func contains(_ word: UInt64) -> Bool {
            var slot = TextFeatures.fibonacciSlot(word, bits: bits)
            while slots[slot] != 0 {
                if slots[slot] == word { return true }
                slot = (slot + 1) & ((1 << bits) - 1)
            }
            return false
        }
    }
    /// Stopwords of more than 8 bytes by the FNV-1a hash of all their bytes.
    private static let longStopwordHashes = Dictionary(
        grouping: stopwords.filter { $0.utf8.count > 8 }.map { Array($0.utf8) },
        by: { $0.reduce(fnvBasis) { ($0 ^ UInt64($1)) &* fnvPrime } })

    /// How many elements two sorted, distinct arrays share.
    static func sharedCount<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
        // Through buffer pointers: the lists are read in step, each index checked by the loop.
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var (i, j, shared) = (0, 0, 0)
                while i < a.count && j < b.count {
                    if a[i] == b[j] {
                        shared += 1
                        i += 1
                        j += 1
                    } else if a[i] < b[j] {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                return shared
            }
        }
    }

    /// Character trigrams of the lower-cased text, packed, sorted and distinct.
    static func trigrams(_ text: String) -> [UInt32] {
        var grams: [UInt32] = []
        forEachTrigram(text) { grams.append($0) }
        grams.sort()
        var distinct: [UInt32] = []
        distinct.reserveCapacity(grams.count)
        for gram in grams where gram != distinct.last { distinct.append(gram) }
        return distinct
    }

    /// Each character trigram of the lower-cased text, packed in 24 bits, in order (repeats
    /// included); a text of fewer than 3 bytes is one gram, a hash of its bytes with the top bit set.
    static func forEachTrigram(_ text: String, _ body: (UInt32) -> Void) {
        func grams(_ bytes: some Collection<UInt8>, lower: (UInt8) -> UInt8) {
            guard bytes.count >= 3 else { return body(bytes.reduce(0 as UInt32) { $0 &* 31 &+ UInt32(lower($1)) } | 0x8000_0000) }
            // The last three bytes in the low 24 bits, a byte in at a time.
            var window: UInt32 = 0
            for (index, byte) in bytes.enumerated() {
                window = (window << 8 | UInt32(lower(byte))) & 0xFF_FFFF
                if index >= 2 { body(window) }
            }
        }
        // ASCII text is lower-cased byte by byte as it is read (what `lowercased()` does to it).
        var text = text
        let ascii = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            grams(bytes, lower: ASCIIByte.lowercased)
            return true
        }
        if !ascii { grams(Array(text.lowercased().utf8)) { $0 } }
    }

    /// Per text, the sum of its trigram similarities to the others: for each pair `i < j` in
    /// turn, `jaccard(trigrams(texts[i]), trigrams(texts[j]))` added to both (the same sums in
    /// the same order). Every text's grams go into one small hash table, each with the set of
    /// texts that have it; the sizes and the shared counts are read off the sets, instead of a
    /// sorted set per text and a merge per pair.
    static func trigramCentroid(_ texts: [String]) -> [Double] {
        let count = texts.count
        guard count <= 64 else { return pairwiseTrigramCentroid(texts) }
        var grams: [(gram: UInt32, owner: UInt64)] = []
        grams.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count })
        for (index, text) in texts.enumerated() { forEachTrigram(text) { grams.append(($0, 1 << UInt64(index))) } }
        var bits = 4
        while 1 << bits < grams.count * 2 { bits += 1 }
        let mask = (1 << bits) - 1
        // A slot is empty while its set of owners is.
        var keys = [UInt32](repeating: 0, count: 1 << bits)
        var owners = [UInt64](repeating: 0, count: 1 << bits)
        for (gram, owner) in grams {
            var slot = fibonacciSlot(UInt64(gram), bits: bits)
            while owners[slot] != 0 && keys[slot] != gram { slot = (slot + 1) & mask }
            keys[slot] = gram
            owners[slot] |= owner
        }
        // Distinct grams per text, and grams shared per pair (`shared[i * count + j]`, i < j).
        var sizes = [Int](repeating: 0, count: count)
        var shared = [Int](repeating: 0, count: count * count)
        for var set in owners where set != 0 {
            while set != 0 {
                let i = set.trailingZeroBitCount
                set &= set - 1
                sizes[i] += 1
                var rest = set
                while rest != 0 {
                    shared[i * count + rest.trailingZeroBitCount] += 1
                    rest &= rest - 1
                }
            }
        }
        var centroid = [Double](repeating: 0, count: count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                let both = shared[i * count + j]
                let similarity = sizes[i] == 0 && sizes[j] == 0 ? 1 : Double(both) / Double(sizes[i] + sizes[j] - both)
                centroid[i] += similarity
                centroid[j] += similarity
            }
        }
        return centroid
    }

    /// ``trigramCentroid(_:)`` pair by pair: for more texts than its sets of owners hold.
    static func pairwiseTrigramCentroid(_ texts: [String]) -> [Double] {
        let sets = texts.map(trigrams)
        var centroid = Array(repeating: 0.0, count: texts.count)
        for i in sets.indices {
            for j in sets.indices where j > i {
                let similarity = jaccard(sets[i], sets[j])
                centroid[i] += similarity
                centroid[j] += similarity
            }
        }
        return centroid
    }

    static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        let shared = sharedCount(a, b)
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// The option's format (``OptionFormat``): scientific notation, a unit, decimals, a sign,
    /// LaTeX, a multiplication sign.
    static func format(_ option: String) -> OptionFormat { format(option, quantity: Quantity.parse(option)) }

    /// ``format(_:)`` with the option's quantity already read (`Quantity.parse(option)`).
    static func format(_ option: String, quantity: Quantity?) -> OptionFormat {
        var option = option
        return option.withUTF8 { bytes in
            // One pass for what the text holds: `10^` or `\times 10` (scientific notation), `$`
            // or `\` (LaTeX), `×` (C3 97).
            var (notation, latex, times) = (quantity?.isScientific == true, false, false)
            func follows(_ needle: StaticString, at start: Int) -> Bool {
                let count = needle.utf8CodeUnitCount
                guard start + count <= bytes.count else { return false }
                for offset in 1..<count where bytes[start + offset] != needle.utf8Start[offset] { return false }
                return true
            }
            for index in bytes.indices {
                switch bytes[index] {
                case 0x24: latex = true
                case 0x5C:
                    latex = true
                    if !notation && follows("\\times 10", at: index) { notation = true }
                case 0x31: if !notation && follows("10^", at: index) { notation = true }
                case 0xC3: if !times && follows("×", at: index) { times = true }
                default: break
                }
            }
            var format = OptionFormat()
            format[.notation] = notation ? 1 : 0
            format[.unit] = quantity.map { $0.unit.isEmpty ? 0 : 1 } ?? 2
            if quantity != nil {
                if let dot = bytes.firstIndex(of: 0x2E) {
                    let digits = bytes[(dot + 1)...].prefix { (0x30...0x39).contains($0) }.count
                    format[.decimals] = Int16(clamping: digits)
                } else {
                    format[.decimals] = 0
                }
            } else {
                format[.decimals] = -1
            }
            // A sign first, after spaces and `$`: "-", "+" or "−" (U+2212, E2 88 92).
            let head = bytes.drop { $0 == 0x20 || $0 == 0x24 }.prefix(3)
            let sign = head.first == 0x2D || head.first == 0x2B || head.elementsEqual([0xE2, 0x88, 0x92])
            format[.sign] = sign ? 1 : 0
            format[.latex] = latex ? 1 : 0
            format[.times] = times ? 1 : 0
            return format
        }
    }

    /// For each value, how many other values are it times one of `factors` (within 0.5%).
    static func familyCounts(_ values: [Double], factors: [Double]) -> [Int] {
        values.indices.map { index in
            let value = values[index]
            guard value != 0 else { return 0 }
            return values.indices.filter { other in
                other != index
                    && factors.contains { factor in
                        let target = value * factor
                        return abs(values[other] - target) <= 0.005 * abs(target)
                    }
            }.count
        }
    }

    /// For each option, in how many format features it is the only one of its kind (the
    /// others all agreeing on another value).
    static func uniqueFormatCounts(_ formats: [OptionFormat]) -> [Int] {
        guard formats.count >= 3 else { return formats.map { _ in 0 } }
        var counts = formats.map { _ in 0 }
        for feature in OptionFormat.Feature.allCases {
            // The feature's distinct values (two at most matter), how often, and where first.
            var values: [(value: Int16, count: Int, first: Int)] = []
            for (index, format) in formats.enumerated() {
                if let known = values.firstIndex(where: { $0.value == format[feature] }) {
                    values[known].count += 1
                } else {
                    values.append((format[feature], 1, index))
                    if values.count > 2 { break }
                }
            }
            guard values.count == 2, let single = values.first(where: { $0.count == 1 }) else { continue }
            counts[single.first] += 1
        }
        return counts
    }
}

extension TextFeatures {
    /// Lower-case words of letters only, stopwords kept out.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            if current.count >= 3 {
                let word = String(decoding: current, as: UTF8.self)
                if !stopwords.contains(word) { words.append(word) }
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: current.append(byte + 0x20)
            case 0x61...0x7A, 0x2D: current.append(byte)
            default: flush()
            }
        }
        flush()
        return words
    }
}
