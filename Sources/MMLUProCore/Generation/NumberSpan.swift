import Foundation

/// The first number written in an option, with everything around it, so that another value
/// can be written in its place in the same notation: the same decimals, the same scientific
/// style (`x 10^5`, `× 10^{-5}`, `\times 10^{-5}`, `e-5`), thousands separators, sign
/// character, and whatever surrounds it (units, `$...$`, a currency sign) untouched.
struct NumberSpan: Equatable, Sendable {
    var prefix: String
    var suffix: String
    var value: Double
    /// Digits after the decimal point of the mantissa as written.
    var decimals: Int
    var significantFigures: Int
    var thousands: Bool
    /// The minus sign as written (`-` or `−`) and whether a `+` was written.
    var minus: String
    var plus: Bool
    /// The exponent's notation: the text between mantissa and exponent digits (` x 10^`,
    /// `\times 10^{`...), the text after them (`}`), or nil for a plain number.
    var exponent: (separator: String, closing: String)?

    static func == (a: NumberSpan, b: NumberSpan) -> Bool {
        a.prefix == b.prefix && a.suffix == b.suffix && a.value == b.value && a.decimals == b.decimals
            && a.exponent?.separator == b.exponent?.separator && a.exponent?.closing == b.exponent?.closing
    }

    /// Finds the first number in `text`; nil when there is none.
    init?(_ text: String) {
        let view = text.unicodeScalars
        let scalars = Array(view)
        /// The text from scalar `start` to scalar `end` (or the end), cut from the string's own
        /// scalars (one copy of its bytes; not a string rebuilt scalar by scalar).
        func piece(from start: Int, to end: Int? = nil) -> String {
            let lower = view.index(view.startIndex, offsetBy: start)
            let upper = end.map { view.index(lower, offsetBy: $0 - start) } ?? view.endIndex
            return String(Substring(view[lower..<upper]))
        }
        func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        // The first run of digits not glued to a letter before it (x2, H2O and CO2 are names).
        guard
            var start = scalars.indices.first(where: { index in
                (isDigit(index) || (scalars[index] == "." && isDigit(index + 1)))
                    && (index == 0 || !(scalars[index - 1].properties.isAlphabetic || isDigit(index - 1) || scalars[index - 1] == "."))
            })
        else { return nil }
        var minus = "-"
        var negative = false
        var plus = false
        if start > 0, ["-", "−", "+"].contains(scalars[start - 1]) {
            let sign = scalars[start - 1]
            // A sign counts only at the start or after a space, `$`, `(` or `=`.
            if start == 1 || [" ", "$", "(", "=", "{"].contains(scalars[start - 2]) {
                start -= 1
                if sign == "+" { plus = true } else { (negative, minus) = (true, String(sign)) }
            }
        }
        var i = start + (negative || plus ? 1 : 0)
        var digits = ""
        var thousands = false
        while i < scalars.count {
            if isDigit(i) {
                digits.unicodeScalars.append(scalars[i])
            } else if scalars[i] == ",", isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), !isDigit(i + 4), !digits.isEmpty,
                !digits.contains(".")
            {
                thousands = true
            } else if scalars[i] == ".", isDigit(i + 1), !digits.contains(".") {
                digits.append(".")
            } else {
                break
            }
            i += 1
        }
        guard var value = Double(digits) else { return nil }
        let decimals = digits.firstIndex(of: ".").map { digits[digits.index(after: $0)...].count } ?? 0
        let significant = digits.filter(\.isNumber).drop { $0 == "0" }.count
        var exponent: (String, String)?
        // An exponent: ` x 10^5`, ` × 10^{-5}`, `\times 10^{-5}`, `*10^5`, `e-5`; the rest of
        // the text is read for one only where one may start.
        if i < scalars.count, " x×*\\eE⋅".unicodeScalars.contains(scalars[i]) {
            let rest = piece(from: i)
            if let match = Self.exponentPattern.firstMatch(in: rest, range: NSRange(rest.startIndex..., in: rest)),
                let whole = Range(match.range, in: rest), let separator = Range(match.range(at: 1), in: rest),
                let power = Range(match.range(at: 2), in: rest), let closing = Range(match.range(at: 3), in: rest),
                let power = Int(rest[power].replacingOccurrences(of: "−", with: "-"))
            {
                value *= pow(10, Double(power))
                exponent = (String(rest[separator]), String(rest[closing]))
                i += rest[whole].unicodeScalars.count
            }
        }
        self.prefix = piece(from: 0, to: start)
        self.suffix = piece(from: i)
        self.value = negative ? -value : value
        self.decimals = decimals
        self.significantFigures = max(1, significant)
        self.thousands = thousands
        self.minus = minus
        self.plus = plus
        self.exponent = exponent
    }

    private static let exponentPattern = try! NSRegularExpression(
        pattern: #"^(\s*(?:x|×|\*|\\times|\\cdot|⋅)\s*10\s*\^\s*\{?\s*|[eE](?=[-+−]?\d))([-+−]?\d+)(\s*\}?)"#)

    /// `value` written the way this number is; nil when it cannot be written so (an integer
    /// that rounds back to itself, a value too small for the precision).
    func rendering(_ newValue: Double) -> String? {
        guard newValue.isFinite else { return nil }
        var body: String
        if let exponent {
            guard newValue != 0 else { return nil }
            var power = Int(floor(log10(abs(newValue))))
            var mantissa = Self.fixed(abs(newValue) / pow(10, Double(power)), places: decimals)
            if mantissa.hasPrefix("10") {
                power += 1
                mantissa = Self.fixed(abs(newValue) / pow(10, Double(power)), places: decimals)
            }
            let powerText = power < 0 && minus == "−" ? "−\(-power)" : String(power)
            body = mantissa + exponent.separator + powerText + exponent.closing
        } else {
            var places = decimals
            // Keep at least two significant figures (one for an integer) at this precision.
            // The parent's decimals, and up to 10 when the value needs more.
            let wanted = min(significantFigures, 2)
            func enough(_ places: Int) -> Bool {
                let rounded = (abs(newValue) * pow(10, Double(places))).rounded()
                return String(Int64(min(rounded, 9e15))).count >= wanted || (decimals == 0 && rounded > 0)
            }
            while !enough(places) && places < 10 { places += 1 }
            guard enough(places), abs(newValue) < 1e15 else { return nil }
            body = Self.fixed(abs(newValue), places: places)
            if thousands { body = Self.groupThousands(body) }
        }
        let digits = thousands ? body.filter { $0 != "," } : body
        guard Double(digits.prefix { $0.isNumber || $0 == "." }) != 0 else { return nil }
        let sign = newValue < 0 ? minus : (plus ? "+" : "")
        return prefix + sign + body + suffix
    }

    /// `String(format: "%.<places>f", value)`, written by the C library without Foundation's
    /// format parsing (the same `printf` conversion underneath).
    static func fixed(_ value: Double, places: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(places)f", $0) }
        guard written >= 0, written < buffer.count else { return String(format: "%.\(places)f", value) }
        return String(decoding: buffer[..<Int(written)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func groupThousands(_ number: String) -> String {
        let parts = number.split(separator: ".", maxSplits: 1)
        var integer = Array(parts[0])
        var grouped: [Character] = []
        while integer.count > 3 {
            grouped = [","] + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        let head = String(integer + grouped)
        return parts.count > 1 ? head + "." + parts[1] : head
    }
}
