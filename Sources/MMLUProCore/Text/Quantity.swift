import Foundation

/// A number with an optional unit, read from an answer or option: `5 amp`,
/// `2.4 x 10^3 joules`, `1.41e3 K`, `-0.25`, `85,580,000 foot-pounds`, `1/2`, `50%`.
public struct Quantity: Sendable, Equatable {
    public var value: Double
    /// The unit as written after the number, trimmed; empty for none.
    public var unit: String
    /// Significant figures of the number as written.
    public var significantFigures: Int
    /// Whether it was written as `a x 10^b` or `aeb`.
    public var isScientific: Bool

    /// Reads a quantity; nil when the text does not start with a number.
    ///
    /// The grammar, as a regular expression (the scanner below follows it step for step, over
    /// Unicode scalars with ICU's classes: `\d` any decimal digit, `\s` tab, line feed, form
    /// feed, carriage return or a space separator; `.` anything but a line terminator):
    /// `^\s*\$?\s*([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)`
    /// `(?:\s*(?:x|×|\*|\\times)\s*10\s*\^\s*\{?\s*([-+−]?\d+)\s*\}?|[eE]([-+−]?\d+))?`
    /// `\s*(%?)\s*\$?\s*(.*?)\s*$`, or a fraction `^\s*([-+−]?\d+)\s*/\s*(\d+)\s*$`.
    public static func parse(_ text: String) -> Quantity? {
        // Fast rejection: a quantity starts with a digit, a sign, a point or a dollar sign.
        guard let first = text.unicodeScalars.first(where: { $0 != " " }),
            first.isASCII
                ? (0x30...0x39).contains(first.value) || "+-.$".unicodeScalars.contains(first)
                : first == "−" || first.properties.numericType != nil
        else { return nil }
        var scanner = QuantityScanner(text)
        if let (numerator, denominator) = scanner.fraction(), let numerator = Double(asciiMinus(numerator)),
            let denominator = Double(denominator), denominator != 0
        {
            return Quantity(value: numerator / denominator, unit: "", significantFigures: 3, isScientific: false)
        }
        guard let match = scanner.quantity() else { return nil }
        let mantissaText = match.mantissa
        guard !mantissaText.isEmpty, mantissaText.contains(where: \.isNumber) else { return nil }
        let cleaned = asciiMinus(mantissaText, droppingCommas: true)
        guard var value = Double(cleaned) else { return nil }
        let exponent = match.exponent.flatMap { $0.isEmpty ? nil : Int(asciiMinus($0)) ?? 0 }
        if let exponent { value *= pow(10, Double(exponent)) }
        var unit = match.unit
        if match.percent {
            value /= 100
            unit = ""
        }
        // A "unit" that is a sentence is not a unit: keep short trailing words only.
        if unit.split(separator: " ").count > 3 || unit.contains(where: { "=;:".contains($0) }) { return nil }
        return Quantity(value: value, unit: unit, significantFigures: significantFigures(of: cleaned), isScientific: exponent != nil)
    }

    /// The text with `−` (U+2212) written `-`, and without commas when `droppingCommas`.
    private static func asciiMinus(_ text: String, droppingCommas: Bool = false) -> String {
        // Nothing to change (no `−`, E2 88 92; no comma to drop): the text itself.
        guard text.utf8.contains(where: { $0 == 0xE2 || (droppingCommas && $0 == 0x2C) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !(droppingCommas && scalar == ",") { scalars.append(scalar == "−" ? "-" : scalar) }
        return String(scalars)
    }

    /// Whether two quantities are the same value in the same unit (relative tolerance 1e-6).
    public func isEquivalent(to other: Quantity) -> Bool {
        (value == other.value || abs(value - other.value) <= 1e-6 * max(abs(value), abs(other.value)))
            && Self.sameUnit(unit, other.unit)
    }

    /// Whether the other is this quantity or a rounding of it: the same unit and within 2%.
    /// The rule-based judge flags such an option as possibly correct, and the validator keeps
    /// it out.
    public func isNear(_ other: Quantity) -> Bool {
        (value == other.value || abs(value - other.value) <= 0.02 * max(abs(value), abs(other.value)))
            && Self.sameUnit(unit, other.unit)
    }

    static func normalizedUnit(_ unit: String) -> String {
        unit.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ".", with: "")
    }

    /// `normalizedUnit(a) == normalizedUnit(b)`; ASCII units compared byte by byte, spaces and
    /// points skipped and capitals folded, without making either string.
    static func sameUnit(_ a: String, _ b: String) -> Bool {
        if a.isEmpty && b.isEmpty { return true }
        guard a.utf8.allSatisfy({ $0 < 0x80 }), b.utf8.allSatisfy({ $0 < 0x80 }) else {
            return normalizedUnit(a) == normalizedUnit(b)
        }
        var (left, right) = (a.utf8.makeIterator(), b.utf8.makeIterator())
        func next(_ bytes: inout String.UTF8View.Iterator) -> UInt8? {
            while let byte = bytes.next() {
                if byte == 0x20 || byte == 0x2E { continue }
                return ASCIIByte.lowercased(byte)
            }
            return nil
        }
        while true {
            let (x, y) = (next(&left), next(&right))
            if x != y { return false }
            if x == nil { return true }
        }
    }

    private static func significantFigures(of number: String) -> Int {
        // ASCII (`Double` read it): digits after the leading zeros and points, by byte.
        if number.utf8.allSatisfy({ $0 < 0x80 }) {
            var count = 0
            var leading = true
            for byte in number.utf8 {
                let digit = (0x30...0x39).contains(byte)
                if leading && (byte == 0x30 || byte == 0x2E) { continue }
                if digit || byte == 0x2E { leading = false }
                if digit { count += 1 }
            }
            return max(1, count)
        }
        let digits = number.filter { $0.isNumber || $0 == "." }
        let mantissa = digits.drop { $0 == "0" || $0 == "." }
        let count = mantissa.filter(\.isNumber).count
        return max(1, count)
    }
}
