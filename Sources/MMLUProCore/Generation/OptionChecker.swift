import Foundation

/// The validator's checks for one question, with the answer and options prepared once.
public struct OptionChecker: Sendable {
    private let answer: String
    private let normalizedAnswer: String
    private let answerValue: Quantity?
    private let maxLengthRatio: Double
    /// The options so far, normalised and as given, and lower-cased and as given: ten at most,
    /// so a list read in turn (a comparison of two strings stops at their first difference)
    /// is quicker than a dictionary (which hashes every byte of every key).
    private var options: [(normalized: String, given: String)] = []
    private var lowercased: [(lowercased: String, given: String)] = []
    private var longest = 0
    /// The format of the options so far, and the features where they all agree.
    private var formats: (known: OptionFormat, agreed: OptionFormat.Features)?
    /// How many options `formats` was read from: a convention needs two options at least.
    private var formatted = 0
    /// In how many questions of the build each normalised option text already is an option.
    private let usage: [String: Int]
    private let maxUses: Int

    /// - Parameters:
    ///   - usage: how many questions of the build have each (normalised) text as an option;
    ///     a candidate that `maxUses` or more other questions have is `overused`.
    public init(answer: String, options: [String], maxLengthRatio: Double, usage: [String: Int] = [:], maxUses: Int = 2) {
        self.answer = answer
        self.normalizedAnswer = OptionValidator.normalized(answer)
        self.answerValue = Quantity.parse(answer)
        self.maxLengthRatio = maxLengthRatio
        self.usage = usage
        self.maxUses = maxUses
        for option in options { accept(option) }
    }

    /// Adds an option the question now has.
    public mutating func accept(_ option: String) {
        let text = OptionValidator.normalized(option)
        if !options.contains(where: { $0.normalized == text }) { options.append((text, option)) }
        let lower = Self.lowercased(text)
        if !lowercased.contains(where: { $0.lowercased == lower }) { lowercased.append((lower, option)) }
        longest = max(longest, TextFeatures.characterCount(text))
        let format = TextFeatures.format(text)
        formats = formats.map { ($0.known, $0.agreed.intersection($0.known.agreement(with: format))) } ?? (format, .all)
        formatted += 1
    }

    /// Whether two texts that differ only in case say different things: a word where they
    /// differ is a symbol, short (`Bb` / `bb`, `DNA`) or with a capital inside (`BbEe` /
    /// `Bbee`). Otherwise (`Utilitarianism` / `utilitarianism`) they are one option twice.
    static func caseMatters(_ a: String, _ b: String) -> Bool {
        let (left, right) = (a.split(separator: " "), b.split(separator: " "))
        guard left.count == right.count else { return true }
        for (x, y) in zip(left, right) where x != y {
            if x.count <= 4 || x.dropFirst().contains(where: \.isUppercase) || y.dropFirst().contains(where: \.isUppercase) {
                return true
            }
        }
        return false
    }

    /// `text.lowercased()`, the text itself where it is ASCII without a capital.
    static func lowercased(_ text: String) -> String {
        text.utf8.contains(where: { $0 >= 0x80 || ASCIIByte.isUppercase($0) }) ? text.lowercased() : text
    }

    /// The first reason `candidate` cannot join the options, or nil.
    public func rejection(of candidate: String) -> (OptionValidator.Reason, String)? {
        rejection(of: candidate, normalized: OptionValidator.normalized(candidate))
    }

    /// ``rejection(of:)`` for a caller that has normalised the candidate already (`text`).
    func rejection(of candidate: String, normalized text: String) -> (OptionValidator.Reason, String)? {
        if text.isEmpty { return (.empty, "the option is empty") }
        if OptionValidator.hasLetterPrefix(candidate) { return (.letterPrefix, "starts with a letter label") }
        if OptionValidator.isNormalizedMetaOption(text) { return (.metaOption, "refers to other options") }
        if text == normalizedAnswer { return (.equalsAnswer, "same text as the answer") }
        // Read once, for the answer's value and the format.
        var parsed: Quantity??
        func quantity() -> Quantity? {
            if let parsed { return parsed }
            parsed = .some(Quantity.parse(text))
            return parsed!
        }
        if let answerValue, let value = quantity(), value.isNear(answerValue) {
            return (
                .equalsAnswer,
                value.isEquivalent(to: answerValue)
                    ? "same value as the answer \"\(answer)\"" : "within 2% of the answer \"\(answer)\": a rounding of it"
            )
        }
        if let twin = options.first(where: { $0.normalized == text })?.given { return (.duplicate, "duplicates the option \"\(twin)\"") }
        let lower = Self.lowercased(text)
        if let twin = lowercased.first(where: { $0.lowercased == lower })?.given, !Self.caseMatters(text, OptionValidator.normalized(twin))
        {
            return (.duplicate, "the option \"\(twin)\" but for case")
        }
        if let formats, formatted >= 2 {
            let format = TextFeatures.format(text, quantity: quantity())
            for feature in OptionFormat.Feature.allCases where formats.agreed.contains(feature) && formats.known[feature] != format[feature]
            {
                return (
                    .formatMismatch,
                    "\(feature.name) \"\(format.word(feature))\" where every other option has \"\(formats.known.word(feature))\""
                )
            }
        }
        if let uses = usage[text], uses >= maxUses {
            return (.overused, "already an option of \(uses) other questions of the build")
        }
        let length = TextFeatures.characterCount(text)
        if longest > 0, Double(length) > maxLengthRatio * Double(longest), length > longest + 40 {
            return (.tooLong, "\(length) characters against at most \(longest) for the other options")
        }
        return nil
    }
}
