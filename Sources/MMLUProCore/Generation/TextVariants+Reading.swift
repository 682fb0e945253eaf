import Foundation

/// How ``TextVariants`` reads an option (its words, the words a substitution may replace, the
/// members of a series), and the series it knows.
extension TextVariants {
    /// `Character.isLetter` with an ASCII fast path (the Unicode property lookup is slow).
    @inline(__always) private static func isLetter(_ c: Character) -> Bool {
        if let byte = c.asciiValue { return ASCIIByte.isLetter(byte) }
        return c.isLetter
    }

    @inline(__always) private static func isLetterOrDigit(_ c: Character) -> Bool {
        if let byte = c.asciiValue { return ASCIIByte.isAlphanumeric(byte) }
        return c.isLetter || c.isNumber
    }

    static func read(_ text: String) -> Option {
        // Most options are ASCII (and without `\r\n`, one Character of two bytes): read them
        // over bytes; the same reading as ``readCharacters(_:)``, which a test checks.
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? readASCII(text) : readCharacters(text)
    }

    /// ``readCharacters(_:)`` for ASCII text without `\r\n`, byte by byte: words cut at
    /// spaces by hand, a word made a `String` once (its lower-case form only where it has a
    /// capital), and the cheap tests of a slot before its stopword and series lookups.
    static func readASCII(_ text: String) -> Option {
        var copy = text
        return copy.withUTF8 { bytes in
            func string(_ range: Range<Int>, lower: Bool = false) -> String {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                guard lower, slice.contains(where: ASCIIByte.isUppercase) else { return String(decoding: slice, as: UTF8.self) }
                return String(decoding: slice.map(ASCIIByte.lowercased), as: UTF8.self)
            }
            var ranges: [Range<Int>] = []
            var start = -1
            for index in 0..<bytes.count {
                if bytes[index] == 0x20 {
                    if start >= 0 { ranges.append(start..<index) }
                    start = -1
                } else if start < 0 {
                    start = index
                }
            }
            if start >= 0 { ranges.append(start..<bytes.count) }
            let words = ranges.map { string($0) }
            let lowered = ranges.indices.map {
                ASCIIByte.isUppercase(bytes[ranges[$0].lowerBound]) || words[$0].utf8.contains(where: ASCIIByte.isUppercase)
                    ? string(ranges[$0], lower: true) : words[$0]
            }
            let titleCase = ranges.filter { ASCIIByte.isUppercase(bytes[$0.lowerBound]) }.count > 1
            // Typed as `Option` has them: an unlabelled tuple array is cast element by element.
            var slots: [(index: Int, core: String, lead: String, trail: String, kind: Int)] = []
            var members: [(index: Int, series: Int, member: Int)] = []
            for (index, range) in ranges.enumerated() {
                var lead = range.lowerBound
                while lead < range.upperBound, !ASCIIByte.isLetter(bytes[lead]) { lead += 1 }
                var trail = range.upperBound
                while trail > lead, !ASCIIByte.isLetter(bytes[trail - 1]) { trail -= 1 }
                if lead < trail, trail - lead >= 4, (lead..<trail).allSatisfy({ ASCIIByte.isLetter(bytes[$0]) || bytes[$0] == 0x2D }),
                    !((lead + 1)..<trail).contains(where: { ASCIIByte.isUppercase(bytes[$0]) }),
                    !ASCIIByte.isUppercase(bytes[lead]) || (index == 0 && !titleCase)
                {
                    let lowerCore = string(lead..<trail, lower: true)
                    if !TextFeatures.stopwords.contains(lowerCore), seriesIndex[lowerCore] == nil {
                        slots.append(
                            (
                                index, string(lead..<trail), string(range.lowerBound..<lead), string(trail..<range.upperBound),
                                endingClass(lowerCore)
                            ))
                    }
                }
                // A series member: the word without what is around its letters and digits.
                var first = range.lowerBound
                while first < range.upperBound, !ASCIIByte.isAlphanumeric(bytes[first]) { first += 1 }
                var last = range.upperBound
                while last > first, !ASCIIByte.isAlphanumeric(bytes[last - 1]) { last -= 1 }
                if last - first <= longestSeriesMember, let (series, member) = seriesIndex[string(first..<last, lower: true)] {
                    members.append((index, series, member))
                }
            }
            return Option(
                text: text, words: words, lowered: lowered, hashes: lowered.map(\.hashValue), slots: slots, members: members,
                isMeta: OptionValidator.isMetaOption(text))
        }
    }

    /// An option read Character by Character.
    static func readCharacters(_ text: String) -> Option {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var slots: [(index: Int, core: String, lead: String, trail: String, kind: Int)] = []
        let titleCase = words.filter { $0.first?.isUppercase == true }.count > 1
        for (index, word) in words.enumerated() {
            let lead = String(word.prefix { !isLetter($0) })
            let trail = String(word.reversed().prefix { !isLetter($0) }.reversed())
            guard lead.count + trail.count < word.count else { continue }
            let core = String(word.dropFirst(lead.count).dropLast(trail.count))
            let lower = core.lowercased()
            // A capital inside the option, or a title-case option, marks a name (Roman Law,
            // French Revolution): names are not swapped for common words.
            guard core.count >= 4, core.allSatisfy({ isLetter($0) || $0 == "-" }), !TextFeatures.stopwords.contains(lower),
                core.dropFirst().allSatisfy({ !$0.isUppercase }), core.first?.isUppercase != true || (index == 0 && !titleCase)
            else { continue }
            // Not members of a series (those are swapped within their series). A word whose
            // ending tells nothing of its kind is swapped only for a word of a neighbour's options.
            let kind = endingClass(lower)
            guard seriesIndex[lower] == nil else { continue }
            slots.append((index, core, lead, trail, kind))
        }
        let lowered = words.map { $0.lowercased() }
        var members: [(index: Int, series: Int, member: Int)] = []
        for (index, word) in lowered.enumerated() {
            let core = String(word.drop { !isLetterOrDigit($0) }.reversed().drop { !isLetterOrDigit($0) }.reversed())
            if let (series, member) = seriesIndex[core] { members.append((index, series, member)) }
        }
        return Option(
            text: text, words: words, lowered: lowered, hashes: lowered.map(\.hashValue), slots: slots, members: members,
            isMeta: OptionValidator.isMetaOption(text))
    }

    /// Series whose members stand in for each other: the Fifth Amendment among the Fourth and
    /// the Sixth, Tuesday among the days, h among the physical constants.
    static let series: [[String]] = [
        [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
            "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
        ],
        [
            "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
            "fourteen", "fifteen", "sixteen", "twenty",
        ],
        ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"],
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december",
        ],
        ["mercury", "venus", "earth", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"],
        ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"],
        ["h", "ħ", "c", "G", "e", "R", "kB", "NA", "ε0", "μ0", "σ", "F", "me", "mp", "k"],
        ["once", "twice", "thrice"],
        ["monthly", "quarterly", "annually", "weekly", "daily"],
        ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda", "sigma", "omega"],
        ["primary", "secondary", "tertiary", "quaternary"],
    ]

    static let seriesIndex: [String: (Int, Int)] = {
        var index: [String: (Int, Int)] = [:]
        for (series, members) in series.enumerated() {
            for (member, word) in members.enumerated() where index[word.lowercased()] == nil {
                index[word.lowercased()] = (series, member)
            }
        }
        return index
    }()

    /// The most bytes a key of ``seriesIndex`` has.
    static let longestSeriesMember = seriesIndex.keys.map(\.utf8.count).max() ?? 0
}
