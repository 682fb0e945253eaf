import Foundation

/// A SciBench answer as the source writes it: `answer_latex` and the `unit`, both LaTeX, as
/// the public release writes them. `answer_number` only checks it: ``value(of:)`` reads what
/// the LaTeX denotes, and a number that says otherwise (beyond rounding) is recorded.
public enum SciBenchAnswer {
    /// The answer as an option: the LaTeX answer, trimmed (bare LaTeX such as
    /// `2.26 \times 10^{-5}` in `$...$`), then the unit with its whitespace collapsed. No unit is written `" "`, `""`,
    /// `" $"` or `"$"`.
    public static func option(latex: String, unit: String) -> String {
        var answer = latex.trimmingCharacters(in: .whitespacesAndNewlines)
        if !answer.contains("$"), answer.contains("\\") { answer = "$" + answer + "$" }
        let unit = unit.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return unit.isEmpty || unit == "$" ? answer : answer + " " + unit
    }

    /// Whether the source's number is the value of its LaTeX answer, within rounding (1%).
    /// Nil when the LaTeX is not something ``value(of:)`` reads or the number is no number.
    public static func agrees(latex: String, number: String) -> Bool? {
        guard let exact = value(of: latex), let written = value(of: number) else { return nil }
        return abs(exact - written) <= 0.01 * max(abs(exact), abs(written)) + 1e-12
    }

    /// The value of a LaTeX answer: numbers (`1,250.5`, `−2`), `\times 10^{-5}`, `\frac{a}{b}`,
    /// `\sqrt{x}`, `\pi`, `e`, `\pm` (its `+` root), `+ - * /`, powers, parentheses and braces,
    /// `\ln`, `\sin`, `\cos`, `\tan`, `\arctan` (radians). Nil for anything else (units,
    /// degrees, names).
    public static func value(of latex: String) -> Double? {
        var parser = Parser(latex)
        guard let value = parser.expression(), parser.atEnd, value.isFinite else { return nil }
        return value
    }

    private struct Parser {
        var tokens: [String]
        var index = 0

        init(_ text: String) {
            var tokens: [String] = []
            let scalars = Array(text.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let c = scalars[i]
                if c == " " || c == "$" || c == "~" || c == "\n" || c == "\r" || c == "\t" {
                    i += 1
                } else if ("0"..."9").contains(c) || (c == "." && i + 1 < scalars.count && ("0"..."9").contains(scalars[i + 1])) {
                    var number = ""
                    while i < scalars.count {
                        let d = scalars[i]
                        if ("0"..."9").contains(d) || d == "." {
                            number.unicodeScalars.append(d)
                        } else if d != "," || !(i + 3 < scalars.count && (1...3).allSatisfy { ("0"..."9").contains(scalars[i + $0]) }) {
                            break
                        }
                        i += 1
                    }
                    tokens.append(number)
                } else if c == "\\" {
                    var name = "\\"
                    i += 1
                    while i < scalars.count, scalars[i].properties.isAlphabetic {
                        name.unicodeScalars.append(scalars[i])
                        i += 1
                    }
                    if ["\\left", "\\right", "\\,", "\\"].contains(name) { continue }
                    tokens.append(name)
                } else {
                    tokens.append(c == "−" ? "-" : String(c))
                    i += 1
                }
            }
            self.tokens = tokens
        }

        var atEnd: Bool { index == tokens.count }
        var next: String? { index < tokens.count ? tokens[index] : nil }

        mutating func take(_ token: String) -> Bool {
            guard next == token else { return false }
            index += 1
            return true
        }

        mutating func expression() -> Double? {
            guard var value = term() else { return nil }
            while let op = next, ["+", "-", "\\pm"].contains(op) {
                index += 1
                guard let right = term() else { return nil }
                value = op == "-" ? value - right : value + right
            }
            return value
        }

        static let functions: [String: @Sendable (Double) -> Double] = [
            "\\ln": log, "\\sin": sin, "\\cos": cos, "\\tan": tan, "\\arctan": atan, "\\exp": exp,
        ]

        func startsAtom(_ token: String?) -> Bool {
            guard let token else { return false }
            return token.first!.isNumber || token.first == "." || ["(", "{", "e", "\\pi", "\\frac", "\\dfrac", "\\sqrt"].contains(token)
                || Self.functions[token] != nil
        }

        mutating func term() -> Double? {
            guard var value = signed() else { return nil }
            while true {
                if let op = next, ["*", "/", "\\times", "\\cdot"].contains(op) {
                    index += 1
                    guard let right = signed() else { return nil }
                    value = op == "/" ? value / right : value * right
                } else if startsAtom(next) {
                    guard let right = power() else { return nil }
                    value *= right
                } else {
                    return value
                }
            }
        }

        mutating func signed() -> Double? {
            if take("-") { return signed().map { -$0 } }
            if take("+") { return signed() }
            return power()
        }

        mutating func power() -> Double? {
            guard let base = atom() else { return nil }
            guard take("^") else { return base }
            guard let exponent = atom() else { return nil }
            return pow(base, exponent)
        }

        mutating func group(_ open: String, _ close: String) -> Double? {
            guard let value = expression(), take(close) else { return nil }
            return value
        }

        mutating func atom() -> Double? {
            guard let token = next else { return nil }
            index += 1
            switch token {
            case "(": return group("(", ")")
            case "{": return group("{", "}")
            case "-": return atom().map { -$0 }
            case "e": return M_E
            case "\\pi": return Double.pi
            case "\\frac", "\\dfrac":
                guard let numerator = atom(), let denominator = atom() else { return nil }
                return numerator / denominator
            case "\\sqrt": return atom().map { $0.squareRoot() }
            default:
                if let function = Self.functions[token] {
                    // `\cos^{-1}` is the inverse; other powers are not read.
                    if take("^") {
                        guard atom() == -1, let argument = power() else { return nil }
                        let inverses: [String: (Double) -> Double] = ["\\cos": acos, "\\sin": asin, "\\tan": atan]
                        return inverses[token].map { $0(argument) }
                    }
                    return power().map(function)
                }
                return Double(token)
            }
        }
    }
}
