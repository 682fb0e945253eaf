import Foundation

/// A prompt template file: a `version:` line, then messages, each opened by a `=== role`
/// line, with `{{placeholders}}`.
///
/// ```
/// version: expand-options/v1
/// === system
/// You write wrong options for multiple-choice questions.
/// === user
/// Question: {{question}}
/// ```
public struct PromptTemplate: Sendable, Equatable {
    /// The declared version, recorded with every output.
    public var version: String
    /// (role, text) pairs.
    public var messages: [(role: String, text: String)]
    /// SHA-256 of the file.
    public var digest: String

    public static func == (lhs: PromptTemplate, rhs: PromptTemplate) -> Bool { lhs.digest == rhs.digest }

    /// Reads and checks a template.
    /// - Parameter placeholders: The names the stage fills; any other is an error.
    /// - Throws: ``InputError`` with `file:line`.
    /// Loads the template a model call of the configuration names (`template:` of its section).
    public static func load(
        _ template: String, of configuration: BuildConfiguration, placeholders: Set<String>
    ) throws -> PromptTemplate {
        try load(configuration.url(template), displayPath: configuration.display(template), placeholders: placeholders)
    }

    public static func load(_ url: URL, displayPath: String, placeholders: Set<String>) throws -> PromptTemplate {
        let text = try SourceText.readText(url, displayPath: displayPath)
        let lines = text.components(separatedBy: "\n")
        guard let first = lines.first, first.hasPrefix("version:") else {
            throw InputError(.missingField, at: "\(displayPath):1", "expected a first line `version: NAME`")
        }
        let version = first.dropFirst("version:".count).trimmingCharacters(in: .whitespaces)
        var messages: [(role: String, text: String)] = []
        for (index, line) in lines.enumerated().dropFirst() {
            if line.hasPrefix("=== ") {
                let role = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                guard ["system", "user", "assistant"].contains(role) else {
                    throw InputError(
                        .invalidValue, at: "\(displayPath):\(index + 1)", "expected a role system, user or assistant, found \"\(role)\"")
                }
                messages.append((role, ""))
            } else if messages.isEmpty {
                guard line.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw InputError(.invalidValue, at: "\(displayPath):\(index + 1)", "expected `=== system` or `=== user` before text")
                }
            } else {
                messages[messages.count - 1].text += (messages[messages.count - 1].text.isEmpty ? "" : "\n") + line
            }
            // Every `{{` opens a placeholder that closes on the same line (`{{question` alone would
            // reach the model as text).
            if line.components(separatedBy: "{{").count - 1 != line.matches(of: /\{\{([a-z_]+)\}\}/).count {
                throw InputError(
                    .invalidValue, at: "\(displayPath):\(index + 1)",
                    "expected every {{ to open a placeholder {{name}} closed on the same line; placeholders: \(placeholders.sorted().joined(separator: ", "))"
                )
            }
            for match in line.matches(of: /\{\{([a-z_]+)\}\}/) where !placeholders.contains(String(match.1)) {
                throw InputError(
                    .invalidValue, at: "\(displayPath):\(index + 1)",
                    "unknown placeholder {{\(match.1)}}; expected one of \(placeholders.sorted().joined(separator: ", "))")
            }
        }
        guard !messages.isEmpty else { throw InputError(.missingField, at: displayPath, "expected at least one `=== user` message") }
        return PromptTemplate(
            version: version, messages: messages.map { ($0.role, $0.text.trimmingCharacters(in: .whitespacesAndNewlines)) },
            digest: Digest.sha256(text))
    }

    /// The messages with placeholders filled.
    public func render(_ values: [String: String]) -> [ChatMessage] {
        messages.map { message in
            var text = ""
            var rest = message.text[...]
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                text += rest[..<open.lowerBound]
                let name = String(rest[open.upperBound..<close.lowerBound])
                text += values[name] ?? "{{\(name)}}"
                rest = rest[close.upperBound...]
            }
            text += rest
            return ChatMessage(role: message.role, content: text)
        }
    }
}
