import Foundation

/// Reads SciBench's per-textbook JSON arrays (`<book>.json`, `<book>_sol.json`).
public enum SciBenchReader {
    private struct Record: Decodable {
        var problem_text: String
        var answer_latex: String
        var answer_number: String
        var unit: String
        var source: String
        var problemid: String
        var comment: String
        var solution: String?
    }

    /// Reads one file; records are keyed by file and array index, since problem ids repeat.
    /// - Throws: ``InputError`` with the JSON path of the bad field.
    public static func read(_ file: InputFile, categories: CategoryTable) throws -> [CollectedItem] {
        let book = file.stem.hasSuffix("_sol") ? String(file.stem.dropLast(4)) : file.stem
        guard case .category(let category) = categories.lookup(.scibench, book) else {
            throw InputError(
                .unknownSubject, at: file.displayPath,
                "unknown SciBench textbook \"\(book)\": expected one listed under `scibench` in the category table")
        }
        try SourceText.validateUTF8(file.data, displayPath: file.displayPath)
        let records = try JSONInput.decode([Record].self, from: file.data, location: file.displayPath)
        return records.enumerated().map { index, record in
            let location = "\(file.displayPath) $[\(index)]"
            let item = SourceItem(
                key: "scibench/\(file.stem)/\(index)", source: .scibench, split: "test", subject: book,
                category: category, origin: file.origin(location), question: record.problem_text,
                answer: record.answer_number, answerType: "number", unit: record.unit, solution: record.solution,
                extra: [
                    "answer_latex": .string(record.answer_latex), "problemid": .string(record.problemid),
                    "comment": .string(record.comment), "source": .string(record.source),
                ])
            return CollectedItem(item: item, unsuitable: suitability(record))
        }
    }

    private static func suitability(_ record: Record) -> (UnsuitableReason, String)? {
        let answer = record.answer_number.trimmingCharacters(in: .whitespaces)
        if answer.isEmpty { return (.missingAnswer, "answer_number is empty (answer_latex \"\(record.answer_latex)\")") }
        if NumberText.value(of: answer) == nil { return (.unusableAnswer, "answer_number \"\(answer)\" is not a number") }
        return nil
    }
}
