import Foundation

/// A validation rationale: a chain of thought that starts `A: Let's think step by step.` and
/// ends `The answer is (X).`.
public struct Rationale: Sendable, Equatable {
    public static let opening = "A: Let's think step by step."

    public var text: String
    /// Where it came from: `file:line`, or the model's request hash.
    public var origin: String

    /// The letter the rationale concludes with, when it has the required shape.
    public static func conclusion(_ text: String) -> String? {
        guard text.hasPrefix(opening) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let suffix = trimmed.suffix(18)  // "The answer is (X)."
        guard suffix.count == 18, suffix.hasPrefix("The answer is ("), suffix.hasSuffix(")."),
            let letter = suffix.dropFirst(15).first, ("A"..."J").contains(String(letter)), trimmed == text
        else { return nil }
        return String(letter)
    }

    /// Reads a rationale file: JSON Lines of `{"item": KEY, "cot_content": TEXT}`.
    /// - Throws: ``InputError`` naming the line: a malformed line, a rationale of the wrong shape,
    ///   or an item twice.
    public static func read(_ file: InputFile) throws -> [String: Rationale] {
        struct Line: Decodable {
            var item: String
            var cot_content: String
        }
        var rationales: [String: Rationale] = [:]
        for (line, location) in try JSONInput.lines(Line.self, from: file.data, displayPath: file.displayPath) {
            guard conclusion(line.cot_content) != nil else {
                throw InputError(
                    .invalidValue, at: "\(location) $.cot_content",
                    "expected a rationale starting \"\(opening)\" and ending \"The answer is (X).\" with X from A to J, nothing after it")
            }
            guard rationales[line.item] == nil else {
                throw InputError(.duplicate, at: location, "expected one rationale per item, found \(line.item) again")
            }
            rationales[line.item] = Rationale(text: line.cot_content, origin: file.origin(location))
        }
        return rationales
    }
}
