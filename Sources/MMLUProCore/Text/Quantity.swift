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

    private static let pattern = try! NSRegularExpression(
        pattern:
            #"^\s*\$?\s*([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)(?:\s*(?:x|×|\*|\\times)\s*10\s*\^\s*\{?\s*([-+−]?\d+)\s*\}?|[eE]([-+−]?\d+))?\s*(%?)\s*\$?\s*(.*?)\s*$"#
    )
    private static let fraction = try! NSRegularExpression(pattern: #"^\s*([-+−]?\d+)\s*/\s*(\d+)\s*$"#)

    /// Reads a quantity; nil when the text does not start with a number.
    public static func parse(_ text: String) -> Quantity? {
        // Fast rejection: a quantity starts with a digit, a sign, a point or a dollar sign.
        guard let first = text.unicodeScalars.first(where: { $0 != " " }),
            first.properties.numericType != nil || "+-−.$".unicodeScalars.contains(first)
        else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        if let match = fraction.firstMatch(in: text, range: range),
            let numerator = Double(text[Range(match.range(at: 1), in: text)!].replacingOccurrences(of: "−", with: "-")),
            let denominator = Double(text[Range(match.range(at: 2), in: text)!]), denominator != 0
        {
            return Quantity(value: numerator / denominator, unit: "", significantFigures: 3, isScientific: false)
        }
        guard let match = pattern.firstMatch(in: text, range: range) else { return nil }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let mantissaText = group(1), mantissaText.contains(where: \.isNumber) else { return nil }
        let cleaned = mantissaText.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "−", with: "-")
        guard var value = Double(cleaned) else { return nil }
        let exponent = (group(2) ?? group(3)).map { Int($0.replacingOccurrences(of: "−", with: "-")) ?? 0 }
        if let exponent { value *= pow(10, Double(exponent)) }
        var unit = group(5) ?? ""
        if group(4) != nil {
            value /= 100
            unit = ""
        }
        // A "unit" that is a sentence is not a unit: keep short trailing words only.
        if unit.split(separator: " ").count > 3 || unit.contains(where: { "=;:".contains($0) }) { return nil }
        return Quantity(value: value, unit: unit, significantFigures: significantFigures(of: cleaned), isScientific: exponent != nil)
    }

    /// Whether two quantities are the same value in the same unit (relative tolerance 1e-6).
    public func isEquivalent(to other: Quantity) -> Bool {
        guard Self.normalizedUnit(unit) == Self.normalizedUnit(other.unit) else { return false }
        if value == other.value { return true }
        return abs(value - other.value) <= 1e-6 * max(abs(value), abs(other.value))
    }

    /// Whether the other is this quantity or a rounding of it: the same unit and within 2%.
    /// The rule-based judge flags such an option as possibly correct, and the validator keeps
    /// it out.
    public func isNear(_ other: Quantity) -> Bool {
        guard Self.normalizedUnit(unit) == Self.normalizedUnit(other.unit) else { return false }
        return value == other.value || abs(value - other.value) <= 0.02 * max(abs(value), abs(other.value))
    }

    static func normalizedUnit(_ unit: String) -> String {
        unit.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ".", with: "")
    }

    private static func significantFigures(of number: String) -> Int {
        let digits = number.filter { $0.isNumber || $0 == "." }
        let mantissa = digits.drop { $0 == "0" || $0 == "." }
        let count = mantissa.filter(\.isNumber).count
        return max(1, count)
    }
}
