/// Option letters: MMLU-Pro names its at most ten options `A` to `J`.
public enum OptionLetter {
    /// The letter of an option index: 0 is `A`; `?` outside A–J.
    public static func letter(_ index: Int) -> String {
        (0..<10).contains(index) ? String(UnicodeScalar(UInt8(65 + index))) : "?"
    }

    /// The option index of a letter: `A` is 0; nil for anything but one letter A–J.
    public static func index(ofLetter letter: String) -> Int? {
        guard letter.utf8.count == 1, let byte = letter.utf8.first, (65...74).contains(byte) else { return nil }
        return Int(byte) - 65
    }
}
