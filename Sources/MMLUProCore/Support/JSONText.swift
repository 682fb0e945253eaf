import Foundation

/// JSON string literals written by hand, so the bytes do not depend on a platform's encoder.
enum JSONText {
    static func append(_ text: String, to output: inout String) {
        output += "\""
        // Most text needs no escape at all: copy it whole.
        if !needsEscape(text) {
            output += text
            output += "\""
            return
        }
        // Over the bytes, the escapes written by hand.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        var copy = text
        copy.withUTF8 { text in
            let hex = Array("0123456789abcdef".utf8)
            func unicode(_ value: Int) {
                bytes += [0x5C, 0x75]
                for shift in [12, 8, 4, 0] { bytes.append(hex[(value >> shift) & 0xF]) }
            }
            var index = 0
            while index < text.count {
                let byte = text[index]
                switch byte {
                case 0x22: bytes += [0x5C, 0x22]
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x0A: bytes += [0x5C, 0x6E]
                case 0x0D: bytes += [0x5C, 0x72]
                case 0x09: bytes += [0x5C, 0x74]
                case 0x08: bytes += [0x5C, 0x62]
                case 0x0C: bytes += [0x5C, 0x66]
                case ..<0x20, 0x7F: unicode(Int(byte))
                case 0xC2 where index + 1 < text.count && (0x80...0x9F).contains(text[index + 1]):
                    // A C1 control.
                    unicode(Int(text[index + 1]))
                    index += 1
                case 0xE2 where index + 2 < text.count && text[index + 1] == 0x80 && (text[index + 2] == 0xA8 || text[index + 2] == 0xA9):
                    // U+2028, U+2029.
                    unicode(0x2000 + Int(text[index + 2]) - 0x80)
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
        output += String(decoding: bytes, as: UTF8.self)
        output += "\""
    }

    /// Whether any byte of the text needs an escape: a quote, a backslash, a C0 control, DEL,
    /// a C1 control (C2 80–9F) or U+2028/2029 (E2 80 A8/A9).
    static func needsEscape(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return true }
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    static func quoted(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }
}
