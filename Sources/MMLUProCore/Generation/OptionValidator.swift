import Foundation

/// Checks a generated option against the question's answer and other options. Each failure
/// is a reason code recorded in `generated_option`.
public struct OptionValidator: Sendable {
    /// Why an option was rejected.
    public enum Reason: String, Sendable, CaseIterable {
        case empty
        /// Equal to another option after whitespace normalisation (case kept: `Bb` ≠ `bb`).
        case duplicate
        /// Equal to the answer, or the same number in the same unit (`0.5`, `1/2`, `50%`).
        case equalsAnswer = "equals_answer"
        /// "All of the above", "both A and B", "none of these"...
        case metaOption = "meta_option"
        /// Starts with a letter label: `A. `, `(B) `, `C) `.
        case letterPrefix = "letter_prefix"
        /// Far longer than the other options: a length cue.
        case tooLong = "too_long"
    }

    public var maxLengthRatio: Double

    public init(maxLengthRatio: Double = 3) { self.maxLengthRatio = maxLengthRatio }

    /// Whitespace collapsed and trimmed; case kept.
    public static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    // Words match in any case; option letters only as capitals (so "option a long..." is not one).
    private static let meta = try! NSRegularExpression(
        pattern: #"^(all|none|both|neither|each|any) (of )?(the )?(above|below|these|those|options|choices|answers|of them)\b"#
            + #"|\b(both|either|neither|only) \(?(?-i:[A-J])\)? (and|or|nor) \(?(?-i:[A-J])\)?(?!\w)"#
            + #"|^\(?(?-i:[A-J])\)?(,\s*\(?(?-i:[A-J])\)?)* (and|or) \(?(?-i:[A-J])\)?$"#
            + #"|\b(options?|choices?) \(?(?-i:[A-J])\)?(?!\w)"#,
        options: [.caseInsensitive])
    private static let prefix = try! NSRegularExpression(pattern: #"^\s*(\(?[A-J]\)|[A-J][.:])\s+"#)

    /// Whether an option refers to other options by position or as a group.
    public static func isMetaOption(_ text: String) -> Bool {
        let text = normalized(text)
        return meta.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first reason `candidate` cannot join `options` (which hold the answer), or nil.
    public func rejection(of candidate: String, answer: String, options: [String]) -> (Reason, String)? {
        let text = Self.normalized(candidate)
        if text.isEmpty { return (.empty, "the option is empty") }
        if Self.prefix.firstMatch(in: candidate, range: NSRange(candidate.startIndex..., in: candidate)) != nil {
            return (.letterPrefix, "starts with a letter label")
        }
        if Self.isMetaOption(text) { return (.metaOption, "refers to other options") }
        if text == Self.normalized(answer) { return (.equalsAnswer, "same text as the answer") }
        if let value = Quantity.parse(text), let answerValue = Quantity.parse(answer), value.isEquivalent(to: answerValue) {
            return (.equalsAnswer, "same value as the answer \"\(answer)\"")
        }
        if let twin = options.first(where: { Self.normalized($0) == text }) {
            return (.duplicate, "duplicates the option \"\(twin)\"")
        }
        let longest = options.map { Self.normalized($0).count }.max() ?? 0
        if longest > 0, Double(text.count) > maxLengthRatio * Double(longest), text.count > longest + 40 {
            return (.tooLong, "\(text.count) characters against at most \(longest) for the other options")
        }
        return nil
    }
}
