import Foundation

/// SciBench units are LaTeX (`" $\mathrm{~kJ} \mathrm{~mol}^{-1}$"`); options show them plain
/// (`kJ mol^-1`). No unit is written `" "`, `""`, `" $"` or `"$"`.
public enum LaTeXUnit {
    /// The unit as plain text, empty for none.
    public static func plain(_ latex: String) -> String {
        var text = latex.replacingOccurrences(of: "$", with: "")
        for (from, to) in [
            ("\\mathrm", ""), ("\\text", ""), ("\\mathbf", ""), ("\\operatorname", ""), ("~", " "), ("\\circ", "°"),
            ("\\mu", "µ"), ("\\Omega", "Ω"), ("\\AA", "Å"), ("\\%", "%"), ("\\cdot", " "), ("\\,", " "), ("\\times", "x"),
        ] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        // ^{-1} → ^-1, then drop the remaining braces.
        text = text.replacingOccurrences(of: #"\^\{([^}]*)\}"#, with: "^$1", options: .regularExpression)
        text = text.replacingOccurrences(of: #"_\{([^}]*)\}"#, with: "_$1", options: .regularExpression)
        text = text.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        text = text.replacingOccurrences(of: "^ °", with: "°").replacingOccurrences(of: "^°", with: "°")
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A SciBench answer with its unit: the number as the source writes it (thousands
    /// separators removed, U+2212 read as a minus sign), then the plain unit.
    public static func answer(number: String, unit: String) -> String {
        let value = number.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{2212}", with: "-")
            .replacingOccurrences(of: ",", with: "")
        let unitText = plain(unit)
        return unitText.isEmpty ? value : "\(value) \(unitText)"
    }
}
