import Foundation

/// Hex digests of bytes, strings and canonical JSON, the one way this project fingerprints things.
public enum Digest {
    /// The lower-case hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        var hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        return hex(hasher.finalize())
    }

    /// The lower-case hex SHA-256 of the UTF-8 bytes of `string`.
    public static func sha256(_ string: String) -> String {
        var hasher = SHA256()
        hasher.update(string)
        return hex(hasher.finalize())
    }

    /// The SHA-256 of a value's canonical JSON (sorted keys, no extra whitespace).
    public static func sha256<Value: Encodable>(canonical value: Value) -> String {
        sha256(canonicalJSON(value))
    }

    /// The encoder of canonical JSON: sorted keys, no escaped slashes.
    public static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A value encoded as canonical JSON text: sorted keys, no escaped slashes.
    public static func canonicalJSON<Value: Encodable>(_ value: Value) -> String {
        let encoder = jsonEncoder()
        // Encoding plain Codable values of this project cannot fail; a failure is a programming error.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    /// ``canonicalJSON(_:)-(Encodable)`` for a value that writes its canonical JSON by hand:
    /// the same text.
    public static func canonicalJSON<Value: CanonicalJSONRepresentable>(_ value: Value) -> String {
        CanonicalJSON.text(value.canonicalValue)
    }

    /// Lower-case hex of bytes.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
