import Foundation
import Testing

@testable import MMLUProCore

/// `Quantity.parse` reads numbers with a scanner; the regular expression it replaced is kept
/// here as the reference, and both must read every text the same way.
@Suite struct QuantityScannerTests {
    @Test(arguments: [
        ("5 amp", 5.0, "amp", false), ("2.4 x 10^3 joules", 2400, "joules", true), ("1.41e3 K", 1410, "K", true),
        ("-0.25", -0.25, "", false), ("85,580,000 foot-pounds", 85_580_000, "foot-pounds", false), ("1/2", 0.5, "", false),
        ("50%", 0.5, "", false), ("−3 × 10^{-2} m", -0.03, "m", true), ("$1,234.50", 1234.5, "", false),
    ])
    func readsTheForms(_ text: String, _ value: Double, _ unit: String, _ scientific: Bool) throws {
        let quantity = try #require(Quantity.parse(text))
        #expect(abs(quantity.value - value) <= 1e-12 * max(1, abs(value)))
        #expect(quantity.unit == unit && quantity.isScientific == scientific)
    }

    @Test func notQuantities() {
        for text in ["kg", "- 5", "5 kg\nmore", "1/0x", "five", "3 = 4", "1 2 3 4 5", ".", ""] {
            #expect(same(Quantity.parse(text), ReferenceQuantity.parse(text)), "\(text.debugDescription)")
        }
        #expect(Quantity.parse("5 kg\nmore") == nil)
    }

    /// Texts built from the pieces the grammar cares about (digits of two scripts, signs,
    /// separators, exponent forms, every kind of white space and line end, combining marks),
    /// 200,000 of them.
    @Test func sameAsTheRegularExpressionOnGeneratedTexts() {
        let pieces = [
            "5", "12", "1,234", "12,34", "1234,567", "0", "٣", "-", "+", "−", ".", ".5", "0.50", ",", "x", "×", "*", "\\times",
            "10", "100", "^", "{", "}", "e", "E", "e-3", "%", "$", "/", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}",
            "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{3000}", "kg", "m/s", "eV", "x-rays", "=", ":", "a b c d",
            "\u{301}",
        ]
        var generator = SplitMix64(seed: 2026)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let count = Int(generator.next() % 7) + 1
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            if !same(Quantity.parse(text), ReferenceQuantity.parse(text)) { mismatches.append(text.debugDescription) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// Every option and answer of the real MMLU, TheoremQA and SciBench (when `../shared` is
    /// there), else of the sample.
    @Test func sameAsTheRegularExpressionOnTheInputs() throws {
        let root = hasSharedDatasets ? sharedDatasets : packageRoot.appendingPathComponent("raw")
        var texts = Set<String>()
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard ["csv", "json", "jsonl"].contains(url.pathExtension) else { continue }
            let bytes = try [UInt8](Data(contentsOf: url))
            if url.pathExtension == "csv" {
                for record in (try? CSVParser.parse(bytes, displayPath: url.path)) ?? [] { texts.formUnion(record.fields.dropFirst()) }
            } else if let value = JSONParser.parse(bytes) {
                collectStrings(value, into: &texts)
            } else {
                for line in bytes.split(separator: 0x0A) {
                    if let value = JSONParser.parse(line) { collectStrings(value, into: &texts) }
                }
            }
        }
        #expect(texts.count > (hasSharedDatasets ? 50_000 : 300))
        let mismatches = texts.filter { !same(Quantity.parse($0), ReferenceQuantity.parse($0)) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).map(\.debugDescription))")
    }

    /// Equal, NaN included (`0 × 10^999` is NaN both ways).
    private func same(_ a: Quantity?, _ b: Quantity?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return (a.value == b.value || (a.value.isNaN && b.value.isNaN)) && a.unit == b.unit
            && a.significantFigures == b.significantFigures && a.isScientific == b.isScientific
    }

    private func collectStrings(_ value: JSONValue, into texts: inout Set<String>) {
        switch value {
        case .string(let text) where text.utf8.count < 200: texts.insert(text)
        case .array(let values): for value in values { collectStrings(value, into: &texts) }
        case .object(let members): for value in members.values { collectStrings(value, into: &texts) }
        case .number(let number): texts.insert(String(number))
        default: break
        }
    }
}

/// The regular-expression reading `Quantity.parse` had before the scanner, kept as its oracle.
enum ReferenceQuantity {
    private static let pattern = try! NSRegularExpression(
        pattern:
            #"^\s*\$?\s*([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)(?:\s*(?:x|×|\*|\\times)\s*10\s*\^\s*\{?\s*([-+−]?\d+)\s*\}?|[eE]([-+−]?\d+))?\s*(%?)\s*\$?\s*(.*?)\s*$"#
    )
    private static let fraction = try! NSRegularExpression(pattern: #"^\s*([-+−]?\d+)\s*/\s*(\d+)\s*$"#)

    static func parse(_ text: String) -> Quantity? {
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
        if unit.split(separator: " ").count > 3 || unit.contains(where: { "=;:".contains($0) }) { return nil }
        let digits = cleaned.filter { $0.isNumber || $0 == "." }
        let figures = max(1, digits.drop { $0 == "0" || $0 == "." }.filter(\.isNumber).count)
        return Quantity(value: value, unit: unit, significantFigures: figures, isScientific: exponent != nil)
    }
}
