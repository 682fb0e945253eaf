import Foundation

/// Reads the STEM Website crawl: JSON Lines, one problem per line, repeated lines folded.
public enum STEMWebsiteReader {
    private struct Record: Decodable {
        var question: String
        var solution: String
        var images: [String]
        var html_file: String
        var image_question: Bool
        var image_answer: Bool
        var short_answer: Bool
        var answer: String
    }

    /// Reads one file. A line repeating an earlier `html_file` is folded into the first and
    /// returned as a ``DuplicateRecord``.
    /// - Throws: ``InputError`` with `file:line` and the JSON path.
    public static func read(
        _ file: InputFile, categories: CategoryTable, seen: inout [String: (key: String, origin: String, answer: String)]
    ) throws -> (items: [CollectedItem], duplicates: [DuplicateRecord]) {
        var items: [CollectedItem] = []
        var duplicates: [DuplicateRecord] = []
        for (record, location) in try JSONInput.lines(Record.self, from: file.data, displayPath: file.displayPath) {
            let path = record.html_file.split(separator: "/")
            guard path.count >= 2 else {
                throw InputError(
                    .invalidValue, at: "\(location) $.html_file",
                    "expected a path like /home/crawler/<Book>/<id>.htm, found \"\(record.html_file)\"")
            }
            let book = String(path[path.count - 2])
            let problem = ((String(path[path.count - 1])) as NSString).deletingPathExtension
            if let first = seen[record.html_file] {
                let detail =
                    first.answer == record.answer
                    ? "repeats \(first.origin)"
                    : "repeats \(first.origin) with a different answer: \"\(record.answer)\" (kept \"\(first.answer)\")"
                duplicates.append(DuplicateRecord(itemKey: first.key, origin: file.origin(location), detail: detail))
                continue
            }
            guard case .category(let category) = categories.lookup(.stemez, book) else {
                throw InputError(
                    .unknownSubject, at: "\(location) $.html_file",
                    "unknown STEM Website book \"\(book)\": expected one listed under `stemez` in the category table")
            }
            let key = "stemez/\(book)/\(problem)"
            seen[record.html_file] = (key, file.origin(location), record.answer)
            let item = SourceItem(
                key: key, source: .stemez, split: "test", subject: book, category: category, origin: file.origin(location),
                question: record.question, answer: record.answer, answerType: "text", solution: record.solution,
                extra: [
                    "html_file": .string(record.html_file), "images": .array(record.images.map { .string($0) }),
                    "image_question": .bool(record.image_question), "image_answer": .bool(record.image_answer),
                    "short_answer": .bool(record.short_answer),
                ])
            items.append(CollectedItem(item: item, unsuitable: suitability(record)))
        }
        return (items, duplicates)
    }

    private static func suitability(_ record: Record) -> (UnsuitableReason, String)? {
        if record.image_question { return (.needsPicture, "image_question is true") }
        if record.image_answer { return (.needsPicture, "image_answer is true: the answer is a figure") }
        if record.solution.trimmingCharacters(in: .whitespaces).isEmpty {
            return (.missingAnswer, "no worked solution to extract an answer from")
        }
        if record.answer.trimmingCharacters(in: .whitespaces).isEmpty { return (.missingAnswer, "answer is empty") }
        if !record.short_answer { return (.unusableAnswer, "short_answer is false: not answerable with a short phrase") }
        return nil
    }
}
