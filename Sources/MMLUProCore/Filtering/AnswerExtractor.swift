import Foundation

/// The official MMLU-Pro cascade for reading a letter out of a model's answer:
/// `answer is \(?([A-J])\)?`, then `[aA]nswer:\s*([A-J])`, then the last standalone `[A-J]`.
/// Text none of them matches is unparsed: the filter never guesses.
public enum AnswerExtractor {
    // The patterns are constant and valid; a failure to compile them is a programming error.
    private static let patterns: [(NSRegularExpression, last: Bool)] = [
        (try! NSRegularExpression(pattern: #"answer is \(?([A-J])\)?"#), false),
        (try! NSRegularExpression(pattern: #".*[aA]nswer:\s*([A-J])"#), false),
        (try! NSRegularExpression(pattern: #"\b([A-J])\b(?!.*\b[A-J]\b)"#, options: [.dotMatchesLineSeparators]), false),
    ]

    /// The letter the text gives as its answer, or nil when it gives none.
    public static func letter(in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for (pattern, _) in patterns {
            if let match = pattern.firstMatch(in: text, range: range),
                let group = Range(match.range(at: 1), in: text)
            {
                return String(text[group])
            }
        }
        return nil
    }
}
