import Foundation

/// Reads TheoremQA's JSON array. `Answer` changes type with `Answer_type`.
public enum TheoremQAReader {
    private struct Record: Decodable {
        var Question: String
        var Answer: JSONValue
        var Answer_type: String
        var Picture: String?
        var source: String?
        var id: String
        var explanation: String?
        var theorem: String?
        var subfield: String?
        var field: String
    }

    /// Reads the file and applies the suitability rules (picture, true/false, inline options).
    /// - Throws: ``InputError`` with the JSON path of the bad field.
    public static func read(_ file: InputFile, categories: CategoryTable) throws -> [CollectedItem] {
        try SourceText.validateUTF8(file.data, displayPath: file.displayPath)
        let records = try JSONInput.decode([Record].self, from: file.data, location: file.displayPath)
        var seen = Set<String>()
        return try records.enumerated().map { index, record in
            let location = "\(file.displayPath) $[\(index)]"
            guard seen.insert(record.id).inserted else {
                throw InputError(.duplicate, at: "\(location).id", "expected a unique id, found \"\(record.id)\" again")
            }
            guard case .category(let category) = categories.lookup(.theoremqa, record.field) else {
                throw InputError(
                    .unknownSubject, at: "\(location).field",
                    "unknown TheoremQA field \"\(record.field)\": expected one listed under `theoremqa` in the category table")
            }
            let answer = try answerText(record.Answer, type: record.Answer_type, location: location)
            var extra: [String: JSONValue] = ["id": .string(record.id), "Answer": record.Answer]
            for (key, value) in [
                ("Picture", record.Picture), ("source", record.source), ("explanation", record.explanation),
                ("theorem", record.theorem), ("subfield", record.subfield),
            ] {
                if let value { extra[key] = .string(value) }
            }
            let item = SourceItem(
                key: "theoremqa/\(record.id)", source: .theoremqa, split: "test", subject: record.field,
                category: category, origin: file.origin(location), question: record.Question, answer: answer,
                answerType: record.Answer_type, extra: extra)
            return CollectedItem(item: item, unsuitable: suitability(record))
        }
    }

    private static func suitability(_ record: Record) -> (UnsuitableReason, String)? {
        if let picture = record.Picture { return (.needsPicture, "Picture is \(picture)") }
        if record.Answer_type == "bool" { return (.trueFalse, "Answer_type is bool") }
        if record.Answer_type == "option" { return (.inlineOptions, "Answer_type is option: the choices are inline in the question") }
        return nil
    }

    /// The answer as text, checked against its declared type.
    static func answerText(_ answer: JSONValue, type: String, location: String) throws -> String {
        func fail(_ expected: String) -> InputError {
            InputError(.wrongType, at: "\(location).Answer", "expected \(expected) for Answer_type \"\(type)\", found \(answer.typeName)")
        }
        func integer(_ value: JSONValue) -> String? {
            guard let number = value.number, number.rounded() == number, abs(number) < 1e18 else { return nil }
            return String(Int64(number))
        }
        func float(_ value: JSONValue) -> String? { value.number.map { "\($0)" } }
        switch type {
        case "integer":
            guard let text = integer(answer) else { throw fail("an integer") }
            return text
        case "float":
            guard let text = float(answer) else { throw fail("a number") }
            return text
        case "bool":
            guard case .bool(let value) = answer else { throw fail("true or false") }
            return value ? "true" : "false"
        case "list of integer", "list of float":
            let format = type == "list of integer" ? integer : float
            guard let elements = answer.array, !elements.isEmpty else { throw fail("a non-empty array") }
            let texts = elements.compactMap(format)
            guard texts.count == elements.count else { throw fail("an array of \(type == "list of integer" ? "integers" : "numbers")") }
            return "[" + texts.joined(separator: ", ") + "]"
        case "option":
            guard let text = answer.string, text.range(of: #"^\([a-z]\)$"#, options: .regularExpression) != nil else {
                throw fail("an option letter like \"(b)\"")
            }
            return text
        default:
            throw InputError(
                .invalidValue, at: "\(location).Answer_type",
                "expected integer, float, bool, list of integer, list of float or option, found \"\(type)\"")
        }
    }
}
