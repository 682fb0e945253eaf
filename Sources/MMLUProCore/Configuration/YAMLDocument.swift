import Foundation
import Yams

/// A YAML file decoded into a typed value, remembering the line of every key so that later
/// checks can point at it.
///
/// Decoding is strict: a syntax error, a wrong type, a missing key or a key the type does not
/// know is an ``InputError`` naming the file, the line and the key path
/// (`pipeline.yaml:14: filter.threshold: expected Int, found "four"`).
public struct YAMLDocument {
    /// The path shown in messages.
    public let displayPath: String
    private let root: Node

    /// Parses `text` and decodes it as `Value`.
    /// - Returns: The decoded value and the document, for line look-ups.
    /// - Throws: ``InputError`` with file, line and key path.
    public static func decode<Value: Codable>(
        _ type: Value.Type, from text: String, displayPath: String
    ) throws -> (Value, YAMLDocument) {
        let root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch let error as YamlError {
            throw InputError(.invalidValue, at: displayPath + Self.line(of: error), "invalid YAML: \(Self.problem(of: error))")
        }
        let document = YAMLDocument(displayPath: displayPath, root: root)
        let value: Value
        do {
            value = try YAMLDecoder().decode(Value.self, from: root)
        } catch let error as DecodingError {
            throw document.error(for: error)
        }
        try document.rejectUnknownKeys(knownFrom: value)
        return (value, document)
    }

    /// The line of the node at `keyPath` (keys and sequence indices), or of its nearest parent.
    public func line(at keyPath: [String]) -> Int? {
        var node: Node? = root
        var line = root.mark?.line
        for key in keyPath {
            node = node.flatMap { Self.child(of: $0, key) }
            if let mark = node?.mark { line = mark.line } else { break }
        }
        return line
    }

    /// An error located at a key path of this document.
    public func error(_ code: InputError.Code, at keyPath: [String], _ message: String) -> InputError {
        let location = line(at: keyPath).map { "\(displayPath):\($0)" } ?? displayPath
        let path = keyPath.isEmpty ? "" : keyPath.joined(separator: ".") + ": "
        return InputError(code, at: location, path + message)
    }

    private func error(for error: DecodingError) -> InputError {
        func keys(_ path: [any CodingKey]) -> [String] {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        }
        switch error {
        case .typeMismatch(let type, let context):
            let found = Self.child(path: keys(context.codingPath), in: root).map(Self.describe) ?? "nothing"
            return self.error(.wrongType, at: keys(context.codingPath), "expected \(Self.name(of: type)), found \(found)")
        case .valueNotFound(let type, let context):
            return self.error(.missingField, at: keys(context.codingPath), "expected \(Self.name(of: type)), found nothing")
        case .keyNotFound(let key, let context):
            // A misspelt required key: point at the misspelling, not at its parent.
            if case .mapping(let mapping)? = Self.child(path: keys(context.codingPath), in: root),
                let typo = nearest(key.stringValue, among: Array(mapping.keys.compactMap(\.string)))
            {
                return self.error(
                    .unknownKey, at: keys(context.codingPath) + [typo], "unknown key; did you mean \(key.stringValue)? (required)")
            }
            return self.error(.missingField, at: keys(context.codingPath) + [key.stringValue], "required key is missing")
        case .dataCorrupted(let context):
            return self.error(.invalidValue, at: keys(context.codingPath), Self.plain(context.debugDescription))
        @unknown default:
            return InputError(.invalidValue, at: displayPath, "\(error)")
        }
    }

    /// Compares the document with the value re-encoded: a key present in the file but absent
    /// from the encoding is one the type does not know. Re-encoded as JSON: the keys are those
    /// of any encoder (the type's own `CodingKeys`), and `JSONEncoder` takes a fraction of a
    /// millisecond where `YAMLEncoder` and a parse of its text took 12 ms of every command.
    private func rejectUnknownKeys<Value: Encodable>(knownFrom value: Value) throws {
        let encoder = JSONEncoder()
        // A setting of `.inf` is a number YAML allows and JSON does not: written as a string.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value), let encoded = JSONParser.parse(data) else { return }
        try Self.compare(root, encoded, path: [], document: self)
    }

    private static func compare(_ given: Node, _ known: JSONValue, path: [String], document: YAMLDocument) throws {
        switch (given, known) {
        case (.mapping(let givenMapping), .object(let knownMapping)):
            for (key, value) in givenMapping {
                guard let name = key.string else { continue }
                if let knownValue = knownMapping[name] {
                    try compare(value, knownValue, path: path + [name], document: document)
                    continue
                }
                let location = key.mark.map { "\(document.displayPath):\($0.line)" } ?? document.displayPath
                let prefix = (path + [name]).joined(separator: ".")
                let suggestion = nearest(name, among: Array(knownMapping.keys))
                // An empty value may be an optional key left unset; a misspelling of a known key is still one.
                if case .scalar(let scalar) = value, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                    guard let suggestion else { continue }
                    throw InputError(.unknownKey, at: location, "\(prefix): unknown key; did you mean \(suggestion)?")
                }
                throw InputError(.unknownKey, at: location, "\(prefix): unknown key" + (suggestion.map { "; did you mean \($0)?" } ?? ""))
            }
        case (.sequence(let givenSequence), .array(let knownSequence)):
            for (index, element) in givenSequence.enumerated() where index < knownSequence.count {
                try compare(element, knownSequence[index], path: path + [String(index)], document: document)
            }
        default:
            break
        }
    }

    private static func child(of node: Node, _ key: String) -> Node? {
        switch node {
        case .mapping(let mapping): return mapping[key]
        case .sequence(let sequence): return Int(key).flatMap { $0 < sequence.count ? sequence[$0] : nil }
        default: return nil
        }
    }

    private static func child(path: [String], in root: Node) -> Node? {
        var node: Node? = root
        for key in path { node = node.flatMap { child(of: $0, key) } }
        return node
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// What a value of a configuration type looks like, in words: never a Swift type name.
    private static func name(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") || name.hasPrefix("[") || name == "Sequence" { return "a list" }
        if name.hasPrefix("Dictionary") || name == "Mapping" { return "a mapping" }
        if let values = enumValues[name] { return "one of " + values.joined(separator: ", ") }
        switch name {
        case "String", "Scalar": return "a single value"
        case "Int": return "a whole number"
        case "Double", "Float": return "a number"
        case "Bool": return "true or false"
        default: return "a mapping"
        }
    }

    /// The values of every enumerated setting, by type name.
    private static let enumValues: [String: [String]] = [
        "MissingAnswerPolicy": MissingAnswerPolicy.allCases.map(\.rawValue), "SplitPolicy": SplitPolicy.allCases.map(\.rawValue),
        "AnswerFormat": AnswerFormat.allCases.map(\.rawValue), "Kind": ProviderConfig.Kind.allCases.map(\.rawValue),
        "Scoring": GenerationConfig.Scoring.allCases.map(\.rawValue),
        "BadExtractionPolicy": BadExtractionPolicy.allCases.map(\.rawValue), "StageName": StageName.allCases.map(\.rawValue),
        "Role": ReviewConfig.Role.allCases.map(\.rawValue), "Format": RationaleSource.Format.allCases.map(\.rawValue),
    ]

    /// Swift's "Cannot initialize T from invalid String value v" as the values to choose from.
    private static func plain(_ message: String) -> String {
        guard message.hasPrefix("Cannot initialize "), let range = message.range(of: " from invalid String value ") else {
            return message
        }
        let type = String(message[message.index(message.startIndex, offsetBy: 18)..<range.lowerBound])
        let value = String(message[range.upperBound...])
        guard let values = enumValues[type] else { return "unexpected value \"\(value)\"" }
        let hint = nearest(value, among: values).map { "; did you mean \($0)?" } ?? ""
        return "expected one of \(values.joined(separator: ", ")), found \"\(value)\"\(hint)"
    }

    private static func line(of error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return ":\(mark.line)"
        default:
            return ""
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
