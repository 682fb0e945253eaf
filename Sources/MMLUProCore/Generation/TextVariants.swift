import Foundation

/// New wrong options for text questions, made from the question's own options so that they
/// are on topic and in the same style, and new strings, not options lent by other questions:
///
/// - **crossover**: the head of one option joined to the tail of another at a word they share
///   ("No, because ..." + "Yes, because ..." gives "Yes, because" with the other reason);
/// - **substitution**: one content word replaced by a word of the same ending class
///   (-tion, -ity, -al, -ic, -ing...) from the most similar questions of the subject;
/// - **antonym**: increase ↔ decrease, higher ↔ lower, always ↔ never...;
/// - **number**: a number inside the text changed by one of ``NumericErrors``.
///
/// Each new option derives from one parent, and parents are taken in turn over every
/// original option, the answer no more often than any other, so the answer is not the centre.
struct TextVariants {
    enum Strategy: CaseIterable { case crossover, substitution, antonym, number, series }

    /// An option read once: its words, lower-cased, and the words a substitution may replace.
    struct Option {
        var text: String
        var words: [String]
        var lowered: [String]
        /// Hashes of `lowered`: two words are compared only where their hashes meet.
        var hashes: [Int]
        /// Index of the word, its letters, and what is around them (punctuation).
        var slots: [(index: Int, core: String, lead: String, trail: String, kind: Int)]
        /// Words that belong to a known series: index of the word, the series, the member.
        var members: [(index: Int, series: Int, member: Int)]
        /// Whether it refers to other options ("All of the above"): no parent, no partner.
        var isMeta: Bool
    }

    let options: [Option]
    /// Vocabulary words by ending class (the index; `endingClasses.count` for none), nearest first.
    let vocabulary: [[String]]
    private let memo: Memo

    /// - Parameter fromOptions: how many of the vocabulary's first words come from options:
    ///   only those stand in for a word whose ending tells nothing of its kind.
    init(options: [String], vocabulary: [String], fromOptions: Int = 0) {
        self.options = options.map(Self.read)
        memo = Memo(count: options.count)
        var byClass = [[String]](repeating: [], count: Self.endingClasses.count + 1)
        for (position, word) in vocabulary.prefix(60).enumerated() where !(word.utf8.first == 0x2D && word.hasPrefix("-")) {
            let kind = Self.endingClass(word)
            guard kind < Self.endingClasses.count || position < fromOptions else { continue }
            byClass[kind].append(word)
        }
        self.vocabulary = byClass
    }

    /// A word of option `parent` that belongs to a series replaced by a near member of the
    /// series that no option has, in the word's case.
    func seriesMember(_ parent: Int, generator: inout SplitMix64) -> String? {
        let option = options[parent]
        // A series counts only where two options at least have members of it (a lone "i" is a
        // number, not a Roman one).
        let shared = sharedMembers(parent)
        guard let slot = shared.randomElement(using: &generator) else { return nil }
        let used = Set(options.flatMap { $0.members.filter { $0.series == slot.series }.map(\.member) })
        let members = Self.series[slot.series]
        let near = members.indices.filter { !used.contains($0) && abs($0 - slot.member) <= 6 }
        guard !near.isEmpty else { return nil }
        var replacement = members[near[Int(generator.next() % UInt64(near.count))]]
        let original = option.words[slot.index]
        let core = original.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed()
        if members.contains(where: { $0 != $0.lowercased() }) {
            // Symbols are written as the series writes them (kB, NA, G, ħ).
        } else if core.allSatisfy({ !$0.isLowercase }) && core.count > 1 {
            replacement = replacement.uppercased()
        } else if core.first?.isUppercase == true {
            replacement = replacement.prefix(1).uppercased() + replacement.dropFirst()
        }
        let word = Self.replacingAll(original, String(core), with: replacement)
        return Self.replacing(option.words, at: slot.index, with: word)
    }

    /// The words joined by spaces, the one at `index` replaced by `word`.
    static func replacing(_ words: [String], at index: Int, with word: String) -> String {
        spaced(words.count) { $0 == index ? word : words[$0] }
    }

    /// `(0..<count).map(word).joined(separator: " ")`, written into one buffer: the variants
    /// are an option's words with one changed or two options' words spliced, and the generic
    /// `joined` reads them element by element.
    static func spaced(_ count: Int, _ word: (Int) -> String) -> String {
        var length = -1
        for index in 0..<count { length += word(index).utf8.count + 1 }
        guard length > 0 else { return "" }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var at = 0
            for index in 0..<count {
                if index > 0 {
                    buffer[at] = 0x20
                    at += 1
                }
                at += UnsafeMutableBufferPointer(rebasing: buffer[at...]).initialize(from: word(index).utf8).1
            }
            return at
        }
    }

    /// `text.replacingOccurrences(of: target, with: replacement)`, by byte where the text and
    /// target are ASCII.
    static func replacingAll(_ text: String, _ target: String, with replacement: String) -> String {
        guard !target.isEmpty, text.utf8.allSatisfy({ $0 < 0x80 }), target.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.replacingOccurrences(of: target, with: replacement)
        }
        let (bytes, needle) = (Array(text.utf8), Array(target.utf8))
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + replacement.utf8.count)
        var index = 0
        while index < bytes.count {
            if index + needle.count <= bytes.count, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                output += replacement.utf8
                index += needle.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the text's first `Character` is upper case (an ASCII first byte read as is).
    static func startsUppercase(_ text: String) -> Bool {
        guard let byte = text.utf8.first else { return false }
        return byte < 0x80 ? (0x41...0x5A).contains(byte) : text.first?.isUppercase == true
    }

    /// The series members of option `parent` whose series two options at least have (read once per option).
    private func sharedMembers(_ parent: Int) -> [(index: Int, series: Int, member: Int)] {
        if let shared = memo.sharedMembers[parent] { return shared }
        let shared = options[parent].members.filter { slot in
            options.filter { $0.members.contains { $0.series == slot.series } }.count >= 2
        }
        memo.sharedMembers[parent] = shared
        return shared
    }

    /// One variant of option `parent`, or nil when the strategy has nothing to offer.
    func variant(_ strategy: Strategy, parent: Int, generator: inout SplitMix64) -> String? {
        switch strategy {
        case .crossover: return crossover(parent, generator: &generator)
        case .substitution: return substitution(parent, generator: &generator)
        case .antonym: return Self.antonym(options[parent].words, slots: antonymSlots(parent), generator: &generator)
        case .series: return seriesMember(parent, generator: &generator)
        case .number:
            guard let span = NumberSpan(options[parent].text) else { return nil }
            return NumericErrors.variant(of: span, generator: &generator)
        }
    }

    /// The head of option `parent` joined to the tail of another option at a word both have
    /// (the partner's tail starting at that word); the join is not at either end.
    func crossover(_ parent: Int, generator: inout SplitMix64) -> String? {
        let head = options[parent]
        guard head.words.count >= 2 else { return nil }
        var joins = self.joins(parent)
        while !joins.isEmpty {
            let pick = joins.remove(at: Int(generator.next() % UInt64(joins.count)))
            let tail = options[pick.partner].words
            let joined = Self.spaced(pick.i + tail.count - pick.j) { $0 < pick.i ? head.words[$0] : tail[pick.j + $0 - pick.i] }
            if joined != head.text && joined != options[pick.partner].text { return joined }
        }
        return nil
    }

    /// Where option `parent` can be joined to another: the partner, the word of the head where
    /// the partner's tail starts, and that word in the partner (read once per option).
    private func joins(_ parent: Int) -> [(partner: Int, i: Int, j: Int)] {
        if let joins = memo.joins[parent] { return joins }
        let head = options[parent]
        var joins: [(partner: Int, i: Int, j: Int)] = []
        for (partner, tail) in options.enumerated()
        where partner != parent && tail.words.count >= 2 && tail.text != head.text && !tail.isMeta {
            for i in 1..<head.words.count {
                for j in 1..<tail.words.count where head.hashes[i] == tail.hashes[j] && head.lowered[i] == tail.lowered[j] {
                    joins.append((partner, i, j))
                }
            }
        }
        memo.joins[parent] = joins
        return joins
    }

    /// Endings that mark a word's kind well enough to swap one word for another of its kind.
    static let endingClasses: [[String]] = [
        ["tion", "sion", "xion"], ["ity", "ety"], ["ism"], ["ist", "ists"], ["ness"], ["ment", "ments"],
        ["ance", "ence", "ancy", "ency"], ["ogy", "graphy", "nomy"], ["ics"], ["ical", "ial", "al"], ["ic"], ["ous"],
        ["ive"], ["able", "ible"], ["ing"], ["ed"], ["er", "or", "ers", "ors"], ["ly"], ["ary", "ory"], ["ate", "ize", "ise"],
        ["tions", "sions"], ["ities"], ["ies"], ["es", "s"],
    ]

    /// Every ending with its class, longest first.
    private static let endings: [(bytes: [UInt8], kind: Int)] = endingClasses.enumerated()
        .flatMap { kind, endings in endings.map { (Array($0.utf8), kind) } }
        .sorted { $0.bytes.count > $1.bytes.count }

    /// ``endings`` by their last byte, each list in the same order: only those can end a word.
    private static let endingsByLastByte: [[(bytes: [UInt8], kind: Int)]] = {
        var table = [[(bytes: [UInt8], kind: Int)]](repeating: [], count: 256)
        for ending in endings { table[Int(ending.bytes.last!)].append(ending) }
        return table
    }()

    /// The class of a lower-case word's longest known ending (with 3 letters before it at
    /// least), or `endingClasses.count` for none.
    static func endingClass(_ word: String) -> Int {
        var word = word
        return word.withUTF8 { bytes in
            guard let last = bytes.last else { return endingClasses.count }
            for (ending, kind) in endingsByLastByte[Int(last)] where bytes.count > ending.count + 2 {
                let start = bytes.count - ending.count
                if ending.indices.allSatisfy({ bytes[start + $0] == ending[$0] }) { return kind }
            }
            return endingClasses.count
        }
    }

    /// One content word of option `parent` replaced by a vocabulary word of the same ending class.
    func substitution(_ parent: Int, generator: inout SplitMix64) -> String? {
        let option = options[parent]
        guard !option.slots.isEmpty else { return nil }
        let start = Int(generator.next() % UInt64(option.slots.count))
        for offset in 0..<option.slots.count {
            let slot = option.slots[(start + offset) % option.slots.count]
            let lower = slot.core.lowercased()
            // The words of its class but itself, and the pick among the first 12 of them.
            let words = vocabulary[slot.kind]
            let count = words.reduce(0) { $1 != lower ? $0 + 1 : $0 }
            guard count > 0 else { continue }
            let pick = Int(generator.next() % UInt64(min(count, 12)))
            var replacement = words.lazy.filter { $0 != lower }.dropFirst(pick).first!
            if Self.startsUppercase(slot.core) { replacement = replacement.prefix(1).uppercased() + replacement.dropFirst() }
            let word = slot.lead + replacement + slot.trail
            return Self.replacing(option.words, at: slot.index, with: word)
        }
        return nil
    }

    static let antonyms: [(String, String)] = [
        ("increase", "decrease"), ("increases", "decreases"), ("increased", "decreased"), ("increasing", "decreasing"),
        ("higher", "lower"), ("more", "less"), ("greater", "smaller"), ("larger", "smaller"), ("maximum", "minimum"),
        ("always", "never"), ("positive", "negative"), ("before", "after"), ("above", "below"), ("direct", "indirect"),
        ("directly", "inversely"), ("internal", "external"), ("inside", "outside"), ("rise", "fall"), ("rises", "falls"),
        ("gain", "loss"), ("surplus", "deficit"), ("long-run", "short-run"), ("short-term", "long-term"), ("upward", "downward"),
        ("left", "right"), ("first", "last"), ("valid", "invalid"), ("legal", "illegal"), ("constitutional", "unconstitutional"),
        ("granted", "denied"), ("guilty", "not guilty"), ("admissible", "inadmissible"), ("liable", "not liable"),
        ("acidic", "basic"), ("exothermic", "endothermic"), ("elastic", "inelastic"), ("voluntary", "involuntary"),
        ("prevail", "not prevail"), ("Yes", "No"), ("True", "False"), ("accept", "reject"), ("include", "exclude"), ("strong", "weak"),
        ("stronger", "weaker"), ("faster", "slower"), ("early", "late"), ("expansionary", "contractionary"),
        ("inflation", "deflation"), ("appreciate", "depreciate"), ("import", "export"), ("imports", "exports"),
    ]

    static let antonymTable: [String: String] = {
        var table: [String: String] = [:]
        for (a, b) in antonyms {
            if table[a] == nil { table[a] = b }
            if table[b] == nil, !b.contains(" ") { table[b] = a }
        }
        return table
    }()

    /// The words that have an opposite: index, the word's letters as written, and the opposite
    /// in the word's case.
    static func antonymSlots(_ words: [String]) -> [(index: Int, core: String, opposite: String)] {
        var slots: [(Int, String, String)] = []
        for (index, word) in words.enumerated() {
            // An ASCII word's letters and hyphens by byte; others by `Character`.
            let core =
                word.utf8.allSatisfy { $0 < 0x80 }
                ? String(decoding: word.utf8.prefix { ASCIIByte.isLetter($0) || $0 == 0x2D }, as: UTF8.self)
                : String(word.prefix { $0.isLetter || $0 == "-" })
            guard !core.isEmpty else { continue }
            if let opposite = antonymTable[core] {
                slots.append((index, core, opposite))
            } else if startsUppercase(core), let opposite = antonymTable[core.lowercased()] {
                slots.append((index, core, opposite.prefix(1).uppercased() + opposite.dropFirst()))
            }
        }
        return slots
    }

    /// One word of `words` (an option's) replaced by its opposite, at one of its `slots`.
    static func antonym(_ words: [String], slots: [(index: Int, core: String, opposite: String)], generator: inout SplitMix64)
        -> String?
    {
        guard !slots.isEmpty else { return nil }
        let (index, core, opposite) = slots[Int(generator.next() % UInt64(slots.count))]
        let word = opposite + words[index].dropFirst(core.count)
        return replacing(words, at: index, with: word)
    }

    /// What the strategies read of an option each time they are asked, read on first use.
    private final class Memo {
        var antonymSlots: [[(index: Int, core: String, opposite: String)]?]
        var joins: [[(partner: Int, i: Int, j: Int)]?]
        var sharedMembers: [[(index: Int, series: Int, member: Int)]?]

        init(count: Int) {
            antonymSlots = Array(repeating: nil, count: count)
            joins = Array(repeating: nil, count: count)
            sharedMembers = Array(repeating: nil, count: count)
        }
    }

    /// An option's ``antonymSlots(_:)``, read once.
    private func antonymSlots(_ parent: Int) -> [(index: Int, core: String, opposite: String)] {
        if let slots = memo.antonymSlots[parent] { return slots }
        let slots = Self.antonymSlots(options[parent].words)
        memo.antonymSlots[parent] = slots
        return slots
    }
}
