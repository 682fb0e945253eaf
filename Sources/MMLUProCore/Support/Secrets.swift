import Foundation

/// Takes secrets out of text that may be stored or printed: a server's error body that repeats
/// the API key ("Incorrect API key provided: sk-...") or prints the request headers.
public enum Secrets {
    static let marker = "[redacted]"

    /// `text` with every secret replaced by `[redacted]`: the whole value; any word holding its
    /// first or last 8 characters (a key shown shortened or masked, `sk-x...cdef1234`); and the
    /// value of any `Authorization` header or `Bearer` token.
    public static func redact(_ text: String, secrets: [String]) -> String {
        var output = text
        for secret in secrets where secret.count >= 4 {
            output = output.replacingOccurrences(of: secret, with: marker)
            guard secret.count >= 12 else { continue }
            let pieces = [String(secret.prefix(8)), String(secret.suffix(8))]
            output = output.split(separator: " ", omittingEmptySubsequences: false).map { word in
                pieces.contains(where: { word.contains($0) }) ? redactWord(word) : String(word)
            }.joined(separator: " ")
        }
        for pattern in patterns {
            output = pattern.stringByReplacingMatches(
                in: output, range: NSRange(output.startIndex..., in: output), withTemplate: "$1\(marker)")
        }
        return output
    }

    /// A word replaced, keeping the punctuation around it (`'sk-...',` → `'[redacted]',`).
    private static func redactWord(_ word: Substring) -> String {
        let edges = CharacterSet(charactersIn: "'\"(),.;:[]{}")
        let head = word.prefix { $0.unicodeScalars.allSatisfy(edges.contains) }
        let tail = String(word.reversed().prefix { $0.unicodeScalars.allSatisfy(edges.contains) }.reversed())
        return head + marker + tail
    }

    private static let patterns = [
        try! NSRegularExpression(pattern: #"((?i:authorization)['"]?\s*[:=]\s*['"]?)(?:(?i:bearer)\s+)?[^\s'",}]+"#),
        try! NSRegularExpression(pattern: #"((?i:bearer)\s+)(?!\[redacted\])[^\s'",}]+"#),
    ]
}
