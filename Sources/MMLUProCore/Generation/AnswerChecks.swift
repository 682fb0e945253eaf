import Foundation

/// Checks on extracted short answers.
public enum AnswerChecks {
    /// Whether an answer has several parts: `(a) ... (b) ...`, `1) ... 2) ...`.
    public static func isMultipart(_ answer: String) -> Bool {
        let lower = answer.lowercased()
        return (lower.contains("(a)") && lower.contains("(b)")) || (lower.contains("(i)") && lower.contains("(ii)"))
            || (lower.range(of: #"(^|\s)1[.)]\s.*\s2[.)]\s"#, options: .regularExpression) != nil)
    }

    /// Whether an extracted answer agrees with the source's: the same number (within 2%), or
    /// one text containing the other once case and spacing are ignored.
    public static func agrees(_ extracted: String, with source: String) -> Bool {
        if let a = Quantity.parse(extracted), let b = Quantity.parse(source) {
            return a.value == b.value || abs(a.value - b.value) <= 0.02 * max(abs(a.value), abs(b.value))
        }
        let x = OptionValidator.normalized(extracted).lowercased()
        let y = OptionValidator.normalized(source).lowercased()
        return !x.isEmpty && !y.isEmpty && (x.contains(y) || y.contains(x))
    }
}
