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
        var records: [Record] = []
        var index = 0
        var line = 1
        let count = bytes.count
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }

        func field(_ start: Int, _ end: Int, unescape: Bool, at fieldLine: Int) throws -> String {
            let slice = bytes[start..<end]
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
                raw = slice
            }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw InputError(
                    .invalidUTF8, at: "\(displayPath):\(fieldLine)", "expected UTF-8 text in a field, found an invalid byte sequence")
            }
            return text
        }

        while index < count {
            // Skip blank lines between records.
            if bytes[index] == 0x0A {
                index += 1
                line += 1
                continue
            }
            if bytes[index] == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A {
                index += 2
                line += 1
                continue
            }
            let recordLine = line
            var fields: [String] = []
            var endOfRecord = false
            while !endOfRecord {
                if index < count, bytes[index] == 0x22 {
                    let openLine = line
                    index += 1
                    let start = index
                    var hasEscapes = false
                    while true {
                        guard index < count else {
                            throw InputError(
                                .malformedCSV, at: "\(displayPath):\(openLine)",
                                "expected a closing quote for the field opened on this line, found end of file")
                        }
                        let byte = bytes[index]
                        if byte == 0x22 {
                            if index + 1 < count, bytes[index + 1] == 0x22 {
                                hasEscapes = true
                                index += 2
                                continue
                            }
                            break
                        }
                        if byte == 0x0A { line += 1 }
                        index += 1
                    }
                    fields.append(try field(start, index, unescape: hasEscapes, at: openLine))
                    index += 1  // closing quote
                } else {
                    let start = index
                    while index < count, bytes[index] != 0x2C, bytes[index] != 0x0A,
                        !(bytes[index] == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A)
                    {
                        index += 1
                    }
                    fields.append(try field(start, index, unescape: false, at: line))
                }
                // After a field: a comma, a line end or the end of the file.
                if index >= count {
                    endOfRecord = true
                } else if bytes[index] == 0x2C {
                    index += 1
                } else if bytes[index] == 0x0A {
                    index += 1
                    line += 1
                    endOfRecord = true
                } else if bytes[index] == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A {
                    index += 2
                    line += 1
                    endOfRecord = true
                } else {
                    let found = String(decoding: bytes[index..<min(index + 1, count)], as: UTF8.self)
                    throw InputError(
                        .malformedCSV, at: "\(displayPath):\(line)",
                        "expected a comma or a line end after a closing quote, found \"\(found)\"")
                }
            }
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
