import Foundation
import GRDB

/// Reading MMLU-Pro files of any origin for the audit and for imports.
public enum AuditFile {
    /// The split a file holds, from its name: `test.json` is `test`; a Hugging Face style
    /// `test-00000-of-00001.jsonl` is `test` too.
    public static func split(of path: String) -> String {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return String(name.split(separator: "-").first ?? Substring(name))
    }

    /// The records of a JSON array or JSON Lines file, each with its location.
    /// - Throws: ``InputError`` naming the file and the line or record.
    public static func read(_ url: URL, displayPath: String) throws -> [(record: ReleaseRecord, location: String)] {
        let data = try SourceText.read(url, displayPath: displayPath)
        try SourceText.validateUTF8(data, displayPath: displayPath)
        let first = data.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        if first == UInt8(ascii: "[") {
            // Our parser first (several times faster than JSONDecoder); any record it cannot
            // read sends the file to the decoder, whose error names the record and field.
            if case .array(let values)? = JSONParser.parse(data) {
                let records = values.compactMap(ReleaseRecord.init(parsed:))
                if records.count == values.count { return records.enumerated().map { ($0.element, "\(displayPath) $[\($0.offset)]") } }
            }
            let records = try JSONInput.decode([ReleaseRecord].self, from: data, location: displayPath)
            return records.enumerated().map { ($0.element, "\(displayPath) $[\($0.offset)]") }
        }
        return try JSONInput.lines(ReleaseRecord.self, from: data, displayPath: displayPath).map { ($0.value, $0.location) }
    }
}
