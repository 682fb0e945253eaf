/// The scanner behind ``Quantity/parse(_:)``: the grammar its documentation gives as a regular
/// expression, read left to right over Unicode scalars, greedy where the expression is. The
/// expression's only lazy part, the unit, takes what is left but trailing white space, so no
/// backtracking can give a different match: where the greedy reading fails, every other
/// reading fails too (a line terminator inside the unit).
///
/// It also keeps a quirk of the expression's reading it replaces: a group that starts or ends
/// inside a character (a digit with a combining accent, `\r\n`) is read as absent, the way
/// `Range(NSRange, in: String)` reads such a range as nil.
struct QuantityScanner {
    struct Match {
        var mantissa: String
        var exponent: String?
        var percent: Bool
        var unit: String
    }

    private let scalars: [Unicode.Scalar]
    /// Whether each scalar offset is a character boundary; nil when every offset is (ASCII
    /// without `\r\n`).
    private let boundaries: [Bool]?
    /// The text's bytes when it is ASCII without `\r\n` (a scalar offset is a byte offset).
    private let ascii: [UInt8]?
    private var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        if text.utf8.allSatisfy({ $0 < 0x80 }) && !text.utf8.contains(0x0D) {
            boundaries = nil
            ascii = Array(text.utf8)
        } else {
            ascii = nil
            var boundaries = [Bool](repeating: false, count: scalars.count + 1)
            var offset = 0
            boundaries[0] = true
            for character in text {
                offset += character.unicodeScalars.count
                boundaries[offset] = true
            }
            self.boundaries = boundaries
        }
    }

    /// `^\s*([-+−]?\d+)\s*/\s*(\d+)\s*$`: numerator and denominator.
    mutating func fraction() -> (String, String)? {
        index = 0
        skipSpace()
        let numeratorStart = index
        skipSign()
        guard skipDigits() > 0 else { return nil }
        let numeratorEnd = index
        skipSpace()
        guard take("/") else { return nil }
        skipSpace()
        let denominatorStart = index
        guard skipDigits() > 0 else { return nil }
        let denominatorEnd = index
        skipSpace()
        // The texts last: most options are no fraction.
        guard index == scalars.count, let numerator = text(numeratorStart, numeratorEnd),
            let denominator = text(denominatorStart, denominatorEnd)
        else { return nil }
        return (numerator, denominator)
    }

    /// The quantity expression; nil where it does not match.
    mutating func quantity() -> Match? {
        index = 0
        skipSpace()
        _ = take("$")
        skipSpace()
        let mantissaStart = index
        mantissa()
        // An absent mantissa fails the caller's digit check, as an empty one does.
        let mantissa = text(mantissaStart, index) ?? ""
        let exponent = self.exponent()
        skipSpace()
        let percentStart = index
        let percent = take("%") && text(percentStart, index) != nil
        skipSpace()
        _ = take("$")
        skipSpace()
        // The unit: the rest but trailing white space (every line terminator is white space,
        // so `$` before a final one needs nothing more), with no line terminator in it.
        var end = scalars.count
        while end > index, Self.isSpace(scalars[end - 1]) { end -= 1 }
        for position in index..<end where Self.isLineTerminator(scalars[position]) { return nil }
        return Match(mantissa: mantissa, exponent: exponent, percent: percent, unit: end > index ? text(index, end) ?? "" : "")
    }

    /// `[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?`
    private mutating func mantissa() {
        skipSign()
        let start = index
        let run = skipDigits()
        if (1...3).contains(run), groupFollows(at: index) {
            while groupFollows(at: index) { index += 4 }
        } else if run == 0 {
            index = start
        }
        if index + 1 < scalars.count, scalars[index] == ".", Self.isDigit(scalars[index + 1]) {
            index += 1
            _ = skipDigits()
        }
    }

    /// `,\d{3}` at `position`.
    private func groupFollows(at position: Int) -> Bool {
        position + 3 < scalars.count && scalars[position] == "," && (1...3).allSatisfy { Self.isDigit(scalars[position + $0]) }
    }

    /// `(?:\s*(?:x|×|\*|\\times)\s*10\s*\^\s*\{?\s*([-+−]?\d+)\s*\}?|[eE]([-+−]?\d+))?`:
    /// the exponent's digits, or nil (and the position unchanged) where neither form follows.
    private mutating func exponent() -> String? {
        let start = index
        skipSpace()
        if take("x") || take("×") || take("*") || take("\\times") {
            skipSpace()
            if take("10") {
                skipSpace()
                if take("^") {
                    skipSpace()
                    _ = take("{")
                    skipSpace()
                    let digitsStart = index
                    skipSign()
                    if skipDigits() > 0 {
                        let digits = text(digitsStart, index)
                        skipSpace()
                        _ = take("}")
                        // Matched, even where the digits are not whole characters (then absent).
                        return digits ?? ""
                    }
                }
            }
        }
        index = start
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            let digitsStart = index
            skipSign()
            if skipDigits() > 0 { return text(digitsStart, index) ?? "" }
        }
        index = start
        return nil
    }

    private mutating func skipSpace() {
        while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
    }

    private mutating func skipSign() {
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" || scalars[index] == "−" { index += 1 }
    }

    /// Skips decimal digits; how many.
    private mutating func skipDigits() -> Int {
        let start = index
        while index < scalars.count, Self.isDigit(scalars[index]) { index += 1 }
        return index - start
    }

    /// Takes `literal` when it is next.
    private mutating func take(_ literal: String) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        index = position
        return true
    }

    /// The scalars from `start` to `end`, or nil when either end falls inside a character.
    private func text(_ start: Int, _ end: Int) -> String? {
        if let ascii { return String(decoding: ascii[start..<end], as: UTF8.self) }
        if let boundaries, !boundaries[start] || !boundaries[end] { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    /// ICU's `\d`: a decimal digit of any script.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType == .decimal
    }

    /// ICU's `\s`: Unicode's White_Space (tab to carriage return, U+0085, the space separators,
    /// U+2028, U+2029).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x09...0x0D).contains(scalar.value) || scalar.value == 0x20 : scalar.properties.isWhitespace
    }

    /// ICU's line terminators (what `.` does not match).
    static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
