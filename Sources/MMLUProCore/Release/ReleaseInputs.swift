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

/// A recorded exception to a release gate: who waived it for which question, and why.
public struct Waiver: Sendable, Equatable {
    /// Gates that may be waived: a judgement call, not a broken record.
    public static let waivable: Set<Audit.Check> = [.figureReference, .metaOptions, .nearDuplicateQuestions]

    public var gate: Audit.Check
    public var itemKey: String
    public var by: String
    public var reason: String
    public var origin: String

    /// Reads a waiver file: JSON Lines of `{"gate": ID, "item": KEY, "by": WHO, "reason": WHY}`.
    /// - Throws: ``InputError`` naming the line.
    public static func read(_ file: InputFile) throws -> [Waiver] {
        struct Line: Decodable {
            var gate: String
            var item: String
            var by: String
            var reason: String
        }
        var waivers: [Waiver] = []
        var seen = Set<String>()
        for (line, location) in try JSONInput.lines(Line.self, from: file.data, displayPath: file.displayPath) {
            guard let gate = Audit.Check(rawValue: line.gate), waivable.contains(gate) else {
                let names = waivable.map(\.rawValue).sorted().joined(separator: ", ")
                throw InputError(
                    .invalidValue, at: "\(location) $.gate", "expected a gate that can be waived (\(names)), found \"\(line.gate)\"")
            }
            for (field, value) in [("by", line.by), ("reason", line.reason), ("item", line.item)]
            where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw InputError(
                    .missingField, at: "\(location) $.\(field)", "expected who waived the gate and why, found an empty \(field)")
            }
            guard seen.insert("\(line.gate)|\(line.item)").inserted else {
                throw InputError(.duplicate, at: location, "expected one waiver per gate and item, found \(line.gate) \(line.item) again")
            }
            waivers.append(Waiver(gate: gate, itemKey: line.item, by: line.by, reason: line.reason, origin: file.origin(location)))
        }
        return waivers
    }
}
