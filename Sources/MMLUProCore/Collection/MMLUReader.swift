/// Reads MMLU's CSV files: no header, `question,A,B,C,D,answer`, subject from the file name.
public enum MMLUReader {
    /// Reads one `<subject>_<split>.csv` file.
    /// - Throws: ``InputError`` for a malformed row, a bad answer letter or an unknown subject.
    public static func read(_ file: InputFile, split: String, categories: CategoryTable) throws -> [SourceItem] {
        let suffix = "_" + split
        guard file.stem.hasSuffix(suffix), file.stem.count > suffix.count else {
            throw InputError(.invalidValue, at: file.displayPath, "expected a file named <subject>_\(split).csv in the \(split) folder")
        }
        let subject = String(file.stem.dropLast(suffix.count))
        let category: String?
        switch categories.lookup(.mmlu, subject) {
        case .category(let name): category = name
        case .excluded: category = nil
        case .unknown:
            throw InputError(
                .unknownSubject, at: file.displayPath,
                "unknown MMLU subject \"\(subject)\": expected one listed under `mmlu` in the category table")
        }
        let records = try CSVParser.parse([UInt8](file.data), displayPath: file.displayPath)
        return try records.enumerated().map { row, record in
            let location = "\(file.displayPath):\(record.line)"
            guard record.fields.count == 6 else {
                throw InputError(.fieldCount, at: location, "expected 6 fields (question,A,B,C,D,answer), found \(record.fields.count)")
            }
            let answer = record.fields[5]
            guard ["A", "B", "C", "D"].contains(answer) else {
                throw InputError(.invalidValue, at: location, "expected the answer letter A, B, C or D in field 6, found \"\(answer)\"")
            }
            return SourceItem(
                key: "mmlu/\(split)/\(subject)/\(row)", source: .mmlu, split: split, subject: subject,
                category: category, origin: file.origin(location), question: record.fields[0],
                options: Array(record.fields[1...4]), answer: answer, answerType: "letter")
        }
    }
}
