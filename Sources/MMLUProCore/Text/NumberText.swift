import Foundation

/// Numbers written as text in the sources: `"1,250.5"`, `"−2"` (U+2212), `" 0.139"`.
public enum NumberText {
    /// The value of a numeric string after removing surrounding spaces and thousands
    /// separators and reading U+2212 as a minus sign; nil when it is not a number.
    public static func value(of text: String) -> Double? {
        var text = text.trimmingCharacters(in: .whitespaces)
        text = text.replacingOccurrences(of: "\u{2212}", with: "-")
        if text.contains(",") {
            // Only commas that group digits in threes count as thousands separators.
            let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
            let head = groups[0].drop { $0 == "-" || $0 == "+" }
            guard (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            text = text.replacingOccurrences(of: ",", with: "")
        }
        guard !text.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
