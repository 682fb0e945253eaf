/// JSON text written by hand, byte for byte the same on every toolchain: what a stored model
/// response's key is the SHA-256 of. Foundation's `JSONEncoder` may change how it formats a
/// number or escapes a character from one release to the next, and a changed key means a
/// cache missed and every request paid for again.
///
/// The form: object keys sorted by their UTF-8 bytes, no whitespace; strings escape `"`, `\`,
/// `\b \t \n \f \r` and other characters below U+0020 as `\u00xx` (lower-case hex), nothing
/// else; integers in decimal; a `Double` as Swift's shortest round-trip text (`0.7`, `1e-07`,
/// `1e+21`), an integral one without `.0`. This is what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` wrote when the keys were first stored (pinned by a golden test),
/// so no stored response lost its key.
public enum CanonicalJSON {
    public indirect enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    /// The canonical text of `value`.
    public static func text(_ value: Value) -> String {
        var out: [UInt8] = []
        write(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical text of a list of strings (a stored option list), written directly.
    static func text(strings: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        out.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .int(let number): out += String(number).utf8
        case .double(let number): out += format(number).utf8
        case .string(let string): write(string, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A number as text; a non-finite one (never in a request: the configuration refuses it)
    /// as `null`.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        let text = number.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func write(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: their bytes at once.
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out += string.utf8
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case ..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension CanonicalJSON.Value {
    /// A JSON value of a source or a request (`response_format`), numbers written as
    /// ``JSONValue`` encodes them: integral ones below 10^15 as integers.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .double(number)
        case .string(let string): self = .string(string)
        case .array(let items): self = .array(items.map(Self.init))
        case .object(let members): self = .object(members.mapValues(Self.init))
        }
    }
}

/// A value that gives its canonical JSON by hand (``CanonicalJSON/Value``): the same text
/// `JSONEncoder` writes for it with sorted keys (absent optionals left out), without the
/// encoder's cost. For the values the review server writes at every request: a task's state
/// before and after each event, the decision, the claimed task it answers with.
public protocol CanonicalJSONRepresentable: Encodable {
    var canonicalValue: CanonicalJSON.Value { get }
}

extension Dictionary: CanonicalJSONRepresentable where Key == String, Value == String {
    public var canonicalValue: CanonicalJSON.Value { .object(mapValues { .string($0) }) }
}
