/// A list of strings stored as a JSON array: written as canonical JSON (``CanonicalJSON``, the
/// same text as ``Digest/canonicalJSON(_:)``), read with ``JSONParser``.
public enum JSONList {
    public static func text(_ list: [String]) -> String { CanonicalJSON.text(strings: list) }

    /// - Throws: ``InputError`` naming the column when the text is no JSON array of strings.
    public static func strings(_ text: String, column: String) throws -> [String] {
        guard case .array(let values)? = JSONParser.parse(text.utf8) else {
            throw InputError(.invalidValue, at: column, "expected a JSON array of strings, found \(text.prefix(40))")
        }
        return try values.map { value in
            guard case .string(let string) = value else {
                throw InputError(.invalidValue, at: column, "expected a JSON array of strings, found \(text.prefix(40))")
            }
            return string
        }
    }
}
