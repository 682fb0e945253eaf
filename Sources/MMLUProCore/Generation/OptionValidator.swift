import Foundation

/// Checks a generated option against the question's answer and other options. Each failure
/// is a reason code recorded in `generated_option`.
public struct OptionValidator: Sendable {
    /// Why an option was rejected.
    public enum Reason: String, Sendable, CaseIterable {
        case empty
        /// Equal to another option after whitespace normalisation (case kept: `Bb` ≠ `bb`).
        case duplicate
        /// Equal to the answer, or the same number in the same unit (`0.5`, `1/2`, `50%`), or
        /// within 2% of it (a rounding of it, which the judge would flag).
        case equalsAnswer = "equals_answer"
        /// "All of the above", "both A and B", "none of these"...
        case metaOption = "meta_option"
        /// Starts with a letter label: `A. `, `(B) `, `C) `.
        case letterPrefix = "letter_prefix"
        /// Far longer than the other options: a length cue.
        case tooLong = "too_long"
        /// Written in another format than every other option, when two or more agree (unit,
        /// notation, decimals, sign, LaTeX): the odd one out, a cue.
        case formatMismatch = "format_mismatch"
        /// Already an option of too many other questions of the build: reused verbatim, a cue.
        case overused
    }

    public var maxLengthRatio: Double

    public init(maxLengthRatio: Double = 3) { self.maxLengthRatio = maxLengthRatio }

    /// Whitespace collapsed and trimmed; case kept.
    public static func normalized(_ text: String) -> String {
        // Fast path: text whose only whitespace is single spaces between words is already
        // normalized. Read scalar by scalar (ASCII without a table lookup); the slow path for
        // any other whitespace, a space at either end or doubled, and a scalar that would join
        // the space before it into one `Character` (a combining mark: "a \u{301}b").
        // ASCII text byte by byte, from its buffer where it has one (the same decisions as the
        // scalar loop below, which reads text with other bytes from the start).
        switch text.utf8.withContiguousStorageIfAvailable(asciiReading) ?? asciiReading(text.utf8) {
        case .normalized: return text
        case .collapse: return collapse(text)
        case .notASCII: break
        }
        var previousSpace = true
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                if scalar.value == 0x20 {
                    if previousSpace { return collapse(text) }
                    previousSpace = true
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    return collapse(text)
                } else {
                    previousSpace = false
                }
            } else {
                let properties = scalar.properties
                if properties.isWhitespace || (previousSpace && (properties.isGraphemeExtend || properties.isJoinControl)) {
                    return collapse(text)
                }
                previousSpace = false
            }
        }
        return previousSpace && !text.isEmpty ? collapse(text) : text
    }

    enum ASCIIReading { case normalized, collapse, notASCII }

    /// Whether ASCII bytes are already normalized (no control byte, no space at either end or
    /// doubled), or need collapsing; `notASCII` at the first byte of 0x80 or more.
    @inline(__always) static func asciiReading<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> ASCIIReading {
        var previousSpace = true
        var empty = true
        for byte in bytes {
            if byte >= 0x80 { return .notASCII }
            empty = false
            if byte == 0x20 {
                if previousSpace { return .collapse }
                previousSpace = true
            } else if byte < 0x20 || byte == 0x7F {
                return .collapse
            } else {
                previousSpace = false
            }
        }
        return previousSpace && !empty ? .collapse : .normalized
    }

    private static func collapse(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return collapseScalars(text) ?? text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        // ASCII: the whitespace `Character`s are tab, line feed, vertical tab, form feed,
        // carriage return and space.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pending = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pending = !out.isEmpty
            } else {
                if pending { out.append(0x20) }
                pending = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``collapse(_:)`` of text with other scalars than ASCII, scalar by scalar instead of by
    /// `Character` (which finds grapheme boundaries all through the text), or nil where the two
    /// could differ. A `Character` is white space when its first scalar is; a white-space scalar
    /// starts a `Character` of its own (or of a CR LF pair, all white space) unless a scalar
    /// joins it to another: a combining mark, a joiner or spacing mark after it, a prepended
    /// scalar before it. Text with any scalar that might (erring towards "might") is nil.
    static func collapseScalars(_ text: String) -> String? {
        // The kept scalars' UTF-8 bytes, into one buffer (a `UnicodeScalarView` grows scalar by scalar).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pending = false
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x300 && mayJoin(scalar) { return nil }
            let isWhitespace =
                scalar.value < 0x80 ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            if isWhitespace {
                pending = !out.isEmpty
            } else {
                if pending { out.append(0x20) }
                pending = false
                if scalar.value < 0x80 { out.append(UInt8(scalar.value)) } else { out.append(contentsOf: scalar.utf8) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a scalar might join a neighbour into one grapheme (Unicode's Extend, ZWJ,
    /// SpacingMark or Prepend): the grapheme-extending scalars, the joiners, the spacing marks
    /// (with Thai and Lao AM), and, for Prepend, every scalar of the blocks that have one.
    private static func mayJoin(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (0x600...0x8FF).contains(value) || value >= 0x11000 || value == 0xD4E || value == 0xE33 || value == 0xEB3 { return true }
        let properties = scalar.properties
        return properties.isGraphemeExtend || properties.isJoinControl || properties.generalCategory == .spacingMark
    }

    // Words match in any case; option letters only as capitals (so "option a long..." is not one).
    private static let meta = try! NSRegularExpression(
        pattern: #"^(all|none|both|neither|each|any) (of )?(the )?(above|below|these|those|options|choices|answers|of them)\b"#
            + #"|\b(both|either|neither|only) \(?(?-i:[A-J])\)? (and|or|nor) \(?(?-i:[A-J])\)?(?!\w)"#
            + #"|^\(?(?-i:[A-J])\)?(,\s*\(?(?-i:[A-J])\)?)* (and|or) \(?(?-i:[A-J])\)?$"#
            + #"|\b(options?|choices?) \(?(?-i:[A-J])\)?(?!\w)"#,
        options: [.caseInsensitive])

    /// A word every match of ``meta`` but the letter lists (`A, B and C`) holds. `and`, `or`,
    /// `nor` are not among them: they count only after `both`/`either`/`neither`/`only` or in a
    /// list that starts with a letter, and the commonest words of options would send most of
    /// them to the expression.
    private static let metaWords: Set<Substring> = [
        "all", "none", "both", "neither", "each", "any", "either", "only", "option", "options", "choice", "choices",
    ]

    /// Whether an option refers to other options by position or as a group.
    public static func isMetaOption(_ text: String) -> Bool {
        isNormalizedMetaOption(normalized(text))
    }

    /// ``isMetaOption(_:)`` of text already normalized (``normalized(_:)``).
    static func isNormalizedMetaOption(_ text: String) -> Bool {
        mayMatchMeta(text) && matchesMeta(text)
    }

    /// What every match of ``meta`` needs, tested over bytes: the text starts with an option
    /// letter, or with all/none/both/neither/each/any and a space, or has both/either/neither/only
    /// or option(s)/choice(s) followed by a space and an option letter (in brackets or not).
    /// Text with a non-ASCII byte (which case-insensitive matching may fold into a letter of a
    /// keyword) takes the looser word test.
    static func mayMatchMeta(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return startsWithOptionLetter(text) || hasMetaWord(text) }
        var copy = text
        return copy.withUTF8 { bytes in
            if startsWithOptionLetter(text) && isLetterList(bytes) { return true }
            func word(at start: Int, _ keywords: [[UInt8]]) -> Int? {
                for keyword in keywords where start + keyword.count <= bytes.count {
                    var index = 0
                    while index < keyword.count && keyword[index] == bytes[start + index] | 0x20 { index += 1 }
                    if index == keyword.count { return keyword.count }
                }
                return nil
            }
            if let length = word(at: 0, leadingMetaWords), bytes.count > length, bytes[length] == 0x20 { return true }
            // The expression wants a word boundary before these keywords: no letter, digit or `_` before.
            for start in bytes.indices where start == 0 || !ASCIIByte.isWord(bytes[start - 1]) {
                // b(oth), c(hoice), e(ither), n(either), o(nly, ption): a keyword, a space, a letter.
                switch bytes[start] | 0x20 {
                case 0x62, 0x63, 0x65, 0x6E, 0x6F: break
                default: continue
                }
                guard let length = word(at: start, letterMetaWords) else { continue }
                var next = start + length
                guard next < bytes.count, bytes[next] == 0x20 else { continue }
                next += 1
                if next < bytes.count, bytes[next] == 0x28 { next += 1 }
                if next < bytes.count, (0x41...0x4A).contains(bytes[next]) { return true }
            }
            return false
        }
    }

    /// Whether ASCII text is a list of option letters, the expression's third branch read by
    /// hand: `A and B`, `(A), (C) or (D)`, `A, B, C and D` (letters in capitals, `and`/`or` in
    /// any case). Every part of the branch is optional or fixed, so one pass decides.
    static func isLetterList(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func letter() -> Bool {
            if index < bytes.count, bytes[index] == 0x28 { index += 1 }
            guard index < bytes.count, (0x41...0x4A).contains(bytes[index]) else { return false }
            index += 1
            if index < bytes.count, bytes[index] == 0x29 { index += 1 }
            return true
        }
        guard letter() else { return false }
        while index < bytes.count, bytes[index] == 0x2C {
            index += 1
            while index < bytes.count, bytes[index] == 0x20 || (0x09...0x0D).contains(bytes[index]) { index += 1 }
            guard letter() else { return false }
        }
        guard index < bytes.count, bytes[index] == 0x20 else { return false }
        index += 1
        func follows(_ word: StaticString) -> Bool {
            index + word.utf8CodeUnitCount <= bytes.count
                && (0..<word.utf8CodeUnitCount).allSatisfy { bytes[index + $0] | 0x20 == word.utf8Start[$0] }
        }
        let conjunction = follows("and ") ? 4 : follows("or ") ? 3 : 0
        guard conjunction > 0 else { return false }
        index += conjunction
        return letter() && index == bytes.count
    }

    /// Words a meta-option starts with; words that name options by letter. Longer first, so
    /// `options` is tried before `option`.
    private static let leadingMetaWords = ["neither", "none", "both", "each", "all", "any"].map { Array($0.utf8) }
    private static let letterMetaWords = ["neither", "either", "options", "option", "choices", "choice", "both", "only"].map {
        Array($0.utf8)
    }

    /// The expression alone, on normalized text (for the test that the quick tests never
    /// change its answer).
    static func matchesMeta(_ text: String) -> Bool {
        meta.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Whether the text starts with an option letter, `(` first or not: what a list of letters
    /// (`A, B and C`) starts with.
    static func startsWithOptionLetter(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        guard var first = bytes.next() else { return false }
        if first == 0x28, let next = bytes.next() { first = next }
        return (0x41...0x4A).contains(first)
    }

    /// Whether `text` has one of ``metaWords`` as a word, in any case: a quick test before the
    /// regular expression. Read over bytes; a non-ASCII byte ends a word, so every word a
    /// letter-by-letter reading finds is found (and a few more, which the expression refuses).
    static func hasMetaWord(_ text: String) -> Bool {
        var word: [UInt8] = []
        word.reserveCapacity(16)
        func check() -> Bool {
            defer { word.removeAll(keepingCapacity: true) }
            return (2...8).contains(word.count) && metaWords.contains(Substring(decoding: word, as: UTF8.self))
        }
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: word.append(byte + 0x20)
            case 0x61...0x7A: word.append(byte)
            default: if check() { return true }
            }
        }
        return check()
    }

    private static let setReference = try! NSRegularExpression(
        pattern: #"^(all|none) (of )?(the )?(above|these|those|options|choices|answers|of them|the above)\b"#, options: [.caseInsensitive])

    /// Whether a meta-option refers to the other options as a set ("All of the above", "None of
    /// these"), not to some of them by letter or count: it stays right when options are added
    /// before it (but for an answer "All of the above").
    public static func isSetReference(_ text: String) -> Bool {
        let text = normalized(text)
        return setReference.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Whether an option starts with a letter label (`A. `, `(B) `, `C) `, `D: `).
    static func hasLetterPrefix(_ text: String) -> Bool {
        // The first four bytes after the leading spaces (0 where the text ends).
        var head: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var count = 0
        for byte in text.utf8 where count > 0 || byte != 0x20 {
            switch count {
            case 0: head.0 = byte
            case 1: head.1 = byte
            case 2: head.2 = byte
            default: head.3 = byte
            }
            count += 1
            if count == 4 { break }
        }
        let isLetter: (UInt8) -> Bool = { (0x41...0x4A).contains($0) }
        if head.0 == 0x28 {  // "(B) "
            return count >= 4 && isLetter(head.1) && head.2 == 0x29 && head.3 == 0x20
        }
        // "A. ", "C) ", "D: "
        return count >= 3 && isLetter(head.0) && (head.1 == 0x2E || head.1 == 0x29 || head.1 == 0x3A) && head.2 == 0x20
    }

    /// The first reason `candidate` cannot join `options` (which hold the answer), or nil.
    public func rejection(of candidate: String, answer: String, options: [String]) -> (Reason, String)? {
        OptionChecker(answer: answer, options: options, maxLengthRatio: maxLengthRatio).rejection(of: candidate)
    }
}
