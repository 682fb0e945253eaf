import Foundation

/// Decoding JSON input files with errors that name the file and the JSON path
/// (`theoremqa_test.json $[12].Answer: expected ...`).
public enum JSONInput {
    /// Decodes `data` as `Value`.
    /// - Parameter location: The file, or `file:line` for one line of a JSON Lines file.
    /// - Throws: ``InputError`` `.invalidUTF8`, `.invalidJSON`, `.missingField` or `.wrongType`.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, location: String) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch let error as DecodingError {
            throw inputError(error, location: location)
        }
    }

    /// Decodes each non-blank line of a JSON Lines file (checked as UTF-8 first).
    /// - Returns: The values with their location, `file:line`.
    public static func lines<Value: Decodable>(_ type: Value.Type, from data: Data, displayPath: String) throws -> [(
        value: Value, location: String
    )] {
        try SourceText.validateUTF8(data, displayPath: displayPath)
        var values: [(Value, String)] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let location = "\(displayPath):\(index + 1)"
            values.append((try decode(Value.self, from: Data(line), location: location), location))
        }
        return values
    }

    /// The JSON path of a coding path: `$[3].Answer`.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("$") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return path + "." + key.stringValue
        }
    }

    static func inputError(_ error: DecodingError, location: String) -> InputError {
        switch error {
        case .typeMismatch(let type, let context):
            return InputError(
                .wrongType, at: "\(location) \(path(context.codingPath))",
                "expected \(describe(type)), \(context.debugDescription.lowercasedFirst)")
        case .valueNotFound(let type, let context):
            return InputError(.wrongType, at: "\(location) \(path(context.codingPath))", "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return InputError(
                .missingField, at: "\(location) \(path(context.codingPath))", "expected key \"\(key.stringValue)\", found none")
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            if context.codingPath.isEmpty {
                return InputError(.invalidJSON, at: location, "expected valid JSON: \(context.debugDescription)\(underlying)")
            }
            return InputError(.invalidValue, at: "\(location) \(path(context.codingPath))", context.debugDescription)
        @unknown default:
            return InputError(.invalidJSON, at: location, "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a value of type \(name)"
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
