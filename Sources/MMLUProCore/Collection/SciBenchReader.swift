import Foundation

/// Reads SciBench's per-textbook JSON arrays (`<book>.json`, `<book>_sol.json`). The answer is
/// the source's `answer_latex` (``SciBenchAnswer``); where `answer_number` disagrees with it
/// beyond rounding, the disagreement is recorded in `text_repair`.
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
            let latex = record.answer_latex.trimmingCharacters(in: .whitespacesAndNewlines)
            let number = record.answer_number.trimmingCharacters(in: .whitespaces)
            let item = SourceItem(
                key: "scibench/\(file.stem)/\(index)", source: .scibench, split: "test", subject: book,
                category: category, origin: file.origin(location), question: record.problem_text,
                answer: latex.isEmpty ? number : latex, answerType: latex.isEmpty ? "number" : "latex", unit: record.unit,
                solution: record.solution,
                extra: [
                    "answer_number": .string(record.answer_number), "problemid": .string(record.problemid),
                    "comment": .string(record.comment), "source": .string(record.source),
                ])
            var repairs: [(field: String, repair: TextDefects.Repair)] = []
            if !latex.isEmpty, !number.isEmpty, SciBenchAnswer.agrees(latex: latex, number: number) == false {
                let value = SciBenchAnswer.value(of: latex).map { " (\($0))" } ?? ""
                repairs.append(
                    (
                        "answer",
                        TextDefects.Repair(
                            kind: .answerNumberDisagrees, before: "answer_number \(number)", after: "answer_latex \(latex)\(value)")
                    ))
            }
            return CollectedItem(item: item, unsuitable: suitability(latex: latex, number: number), repairs: repairs)
        }
    }

    /// The answer is `answer_latex` (the number where there is no LaTeX); a record without a
    /// number to check it against, or whose number is no number, is not used.
    private static func suitability(latex: String, number: String) -> (UnsuitableReason, String)? {
        if number.isEmpty { return (.missingAnswer, "answer_number is empty (answer_latex \"\(latex)\")") }
        if NumberText.value(of: number) == nil { return (.unusableAnswer, "answer_number \"\(number)\" is not a number") }
        return nil
    }
}
