/// An RFC 4180 CSV parser over bytes that remembers the line each record starts on.
///
/// Quoted fields may hold commas, doubled quotes and line breaks (kept exactly, `\r\n`
/// included). Records end with `\n` or `\r\n`; the last may have no line end. Blank lines
/// between records are skipped. Every field must be valid UTF-8.
public enum CSVParser {
    /// One record: its fields and the 1-based line it starts on.
    public struct Record: Equatable, Sendable {
        public var line: Int
        public var fields: [String]
    }

    /// Parses a whole file.
    /// - Throws: ``InputError`` `.malformedCSV` or `.invalidUTF8` with `file:line`.
    public static func parse(_ bytes: [UInt8], displayPath: String) throws -> [Record] {
        var scanner = Scanner(bytes: bytes, displayPath: displayPath)
        var records: [Record] = []
        while scanner.skipBlankLine() {}
        while !scanner.atEnd {
            let recordLine = scanner.line
            var fields: [String] = []
            repeat {
                fields.append(try scanner.atQuote ? scanner.quotedField() : scanner.plainField())
            } while try !scanner.endOfField()
            records.append(Record(line: recordLine, fields: fields))
            while scanner.skipBlankLine() {}
        }
        return records
    }

    /// A position in the bytes, and the line it is on.
    private struct Scanner {
        let bytes: [UInt8]
        let displayPath: String
        var index = 0
        var line = 1

        init(bytes: [UInt8], displayPath: String) {
            self.bytes = bytes
            self.displayPath = displayPath
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        }

        var atEnd: Bool { index >= bytes.count }
        var atQuote: Bool { index < bytes.count && bytes[index] == 0x22 }
        /// At `\r\n`.
        var atCRLF: Bool { index + 1 < bytes.count && bytes[index] == 0x0D && bytes[index + 1] == 0x0A }

        /// Skips one blank line between records; false when there is none here.
        mutating func skipBlankLine() -> Bool {
            guard !atEnd else { return false }
            if bytes[index] == 0x0A {
                index += 1
            } else if atCRLF {
                index += 2
            } else {
                return false
            }
            line += 1
            return true
        }

        /// A field in quotes: doubled quotes are one quote, line breaks are kept.
        mutating func quotedField() throws -> String {
            let openLine = line
            index += 1
            let start = index
            var hasEscapes = false
            while true {
                guard index < bytes.count else {
                    throw InputError(
                        .malformedCSV, at: "\(displayPath):\(openLine)",
                        "expected a closing quote for the field opened on this line, found end of file")
                }
                let byte = bytes[index]
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                        hasEscapes = true
                        index += 2
                        continue
                    }
                    break
                }
                if byte == 0x0A { line += 1 }
                index += 1
            }
            let text = try field(start, index, unescape: hasEscapes, at: openLine)
            index += 1  // closing quote
            return text
        }

        /// A field without quotes: up to a comma or a line end.
        mutating func plainField() throws -> String {
            let start = index
            while index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x0A, !atCRLF { index += 1 }
            return try field(start, index, unescape: false, at: line)
        }

        /// After a field: a comma (false: another field follows), a line end or the end of the
        /// file (true: the record ends).
        mutating func endOfField() throws -> Bool {
            if atEnd { return true }
            if bytes[index] == 0x2C {
                index += 1
                return false
            }
            if skipBlankLine() { return true }
            let found = String(decoding: bytes[index..<min(index + 1, bytes.count)], as: UTF8.self)
            throw InputError(
                .malformedCSV, at: "\(displayPath):\(line)", "expected a comma or a line end after a closing quote, found \"\(found)\"")
        }

        func field(_ start: Int, _ end: Int, unescape: Bool, at fieldLine: Int) throws -> String {
            let raw: ArraySlice<UInt8>
            if unescape {
                var out = [UInt8]()
                out.reserveCapacity(end - start)
                var i = start
                while i < end {
                    out.append(bytes[i])
                    i += (bytes[i] == 0x22) ? 2 : 1
                }
                raw = out[...]
            } else {
                raw = bytes[start..<end]
            }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw InputError(
                    .invalidUTF8, at: "\(displayPath):\(fieldLine)", "expected UTF-8 text in a field, found an invalid byte sequence")
            }
            return text
        }
    }
}
