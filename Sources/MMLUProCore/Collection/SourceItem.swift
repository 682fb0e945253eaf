import Foundation
import GRDB

/// A row of `source_item`: one record of one source, text as the source has it but for the
/// repairs of damaged text recorded in `text_repair` (``repaired()``).
public struct SourceItem: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "source_item"

    /// Stable key from the source: `mmlu/<split>/<subject>/<row>` (0-based record index),
    /// `theoremqa/<id>`, `scibench/<file stem>/<index>`, `stemez/<book>/<problem id>`.
    public var key: String
    public var source: Source
    /// `test`, `dev` or `val` for MMLU; `test` for the others.
    public var split: String
    /// MMLU subject, TheoremQA field, SciBench textbook or STEM Website book.
    public var subject: String
    /// The category from the category table; nil for an excluded MMLU subject.
    public var category: String?
    /// Where the record is: `file:line` or `file $[index]`.
    public var origin: String
    public var question: String
    /// The options, for sources that have them (MMLU).
    public var options: [String]?
    /// MMLU: the letter. Others: the source's answer as text (JSON for structured answers).
    public var answer: String?
    /// `letter` (MMLU), TheoremQA's `Answer_type`, `number` (SciBench), `text` (STEM Website).
    public var answerType: String
    public var unit: String?
    public var solution: String?
    /// Source-specific fields, as JSON.
    public var extra: [String: JSONValue]
    /// SHA-256 of the record's content (everything but the key and origin).
    public var contentHash: String

    enum CodingKeys: String, CodingKey {
        case key, source, split, subject, category, origin, question, options, answer, unit, solution, extra
        case answerType = "answer_type"
        case contentHash = "content_hash"
    }

    /// Lists and objects as canonical JSON, as every writer of the store writes them.
    public func encode(to container: inout PersistenceContainer) throws {
        var values = ArgumentValues()
        writeValues(to: &values)
        for (column, value) in zip(Self.columns, values.values) { container[column] = value }
    }

    static let columns = [
        "key", "source", "split", "subject", "category", "origin", "question", "options", "answer", "answer_type", "unit", "solution",
        "extra", "content_hash",
    ]

    public static let insertTarget = makeInsertTarget(databaseTableName, columns)

    public func writeValues(to row: inout some RowValues) {
        row.put(
            key, source.rawValue, split, subject, category, origin, question, options.map(JSONList.text), answer, answerType, unit,
            solution, CanonicalJSON.text(.object(extra.mapValues(CanonicalJSON.Value.init))), contentHash)
    }

    /// Creates an item and computes its content hash.
    public init(
        key: String, source: Source, split: String, subject: String, category: String?, origin: String,
        question: String, options: [String]? = nil, answer: String?, answerType: String,
        unit: String? = nil, solution: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.key = key
        self.source = source
        self.split = split
        self.subject = subject
        self.category = category
        self.origin = origin
        self.question = question
        self.options = options
        self.answer = answer
        self.answerType = answerType
        self.unit = unit
        self.solution = solution
        self.extra = extra
        self.contentHash = ""
        self.contentHash = Digest.sha256(CanonicalJSON.text(content))
    }

    /// The item with damaged text repaired (``TextDefects``: LaTeX eaten by JSON escapes,
    /// mojibake, line endings) in its question, options, answer, unit and solution, whitespace around options
    /// removed, and each repair by field.
    public func repaired() -> (item: SourceItem, repairs: [(field: String, repair: TextDefects.Repair)]) {
        var repairs: [(String, TextDefects.Repair)] = []
        func fix(_ text: String, _ field: String) -> String {
            let result = TextDefects.repair(text, trim: field.hasPrefix("option"))
            repairs += result.repairs.map { (field, $0) }
            return result.text
        }
        let question = fix(self.question, "question")
        var options = self.options.map { $0.enumerated().map { fix($0.element, "option \($0.offset)") } }
        var answer = self.answer.map { fix($0, "answer") }
        // The same option twice (MMLU has a few): keep the first; the answer letter follows it.
        if let list = options, answerType == "letter", let letter = answer, let answerIndex = OptionLetter.index(ofLetter: letter) {
            var kept: [Int] = []
            for index in list.indices
            where !kept.contains(where: { OptionValidator.normalized(list[$0]) == OptionValidator.normalized(list[index]) }) {
                kept.append(index)
            }
            if kept.count < list.count, answerIndex < list.count {
                let dropped = list.indices.filter { !kept.contains($0) }
                let newAnswer = kept.firstIndex { OptionValidator.normalized(list[$0]) == OptionValidator.normalized(list[answerIndex]) }!
                options = kept.map { list[$0] }
                answer = OptionLetter.letter(newAnswer)
                repairs.append(
                    (
                        "options",
                        TextDefects.Repair(
                            kind: .duplicateOption,
                            before: Digest.canonicalJSON(list) + " answer \(letter)",
                            after: Digest.canonicalJSON(options!)
                                + " answer \(answer!) (dropped option \(dropped.map { OptionLetter.letter($0) }.joined(separator: ", ")))")
                    ))
            }
        }
        let solution = self.solution.map { fix($0, "solution") }
        let unit = self.unit.map { fix($0, "unit") }
        guard !repairs.isEmpty else { return (self, []) }
        let item = SourceItem(
            key: key, source: source, split: split, subject: subject, category: category, origin: origin, question: question,
            options: options, answer: answer, answerType: answerType, unit: unit, solution: solution, extra: extra)
        return (item, repairs)
    }

    /// The control characters left in the text a release shows (question, options, answer)
    /// after ``repaired()``, by field; nil when there are none.
    public func unrepairedControlCharacters() -> String? {
        var fields = [("question", question)] + (options ?? []).enumerated().map { ("option \($0.offset)", $0.element) }
        if let answer { fields.append(("answer", answer)) }
        let found = fields.flatMap { field, text in
            TextDefects.controlCharacters(in: text).map { "\(field): \($0.description)" }
        }
        return found.isEmpty ? nil : found.joined(separator: "; ") + " (not an eaten LaTeX command the repair knows)"
    }

    /// What the content hash covers, as canonical JSON: every field but the key, origin and
    /// hash, an absent one left out, as `JSONEncoder` wrote it (sorted keys, `answerType`).
    var content: CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = [
            "source": .string(source.rawValue), "split": .string(split), "subject": .string(subject), "question": .string(question),
            "answerType": .string(answerType), "extra": .object(extra.mapValues(CanonicalJSON.Value.init)),
        ]
        if let category { members["category"] = .string(category) }
        if let options { members["options"] = .array(options.map { .string($0) }) }
        if let answer { members["answer"] = .string(answer) }
        if let unit { members["unit"] = .string(unit) }
        if let solution { members["solution"] = .string(solution) }
        return .object(members)
    }
}

extension SourceItem {
    /// Read by column, lists and objects with ``JSONParser`` (not through `Decodable`): the
    /// filter, integrate and augment stages read every item.
    public init(row: Row) throws {
        let sourceName: String = row["source"]
        guard let source = Source(rawValue: sourceName) else {
            throw PipelineStateError(message: "source_item \(row["key"] as String? ?? "?"): unknown source \"\(sourceName)\"")
        }
        let extraText: String = row["extra"]
        guard case .object(let extra)? = JSONParser.parse(extraText.utf8) else {
            throw PipelineStateError(message: "source_item \(row["key"] as String? ?? "?"): extra is not a JSON object")
        }
        key = row["key"]
        self.source = source
        split = row["split"]
        subject = row["subject"]
        category = row["category"]
        origin = row["origin"]
        question = row["question"]
        options = try (row["options"] as String?).map { try JSONList.strings($0, column: "source_item.options") }
        answer = row["answer"]
        answerType = row["answer_type"]
        unit = row["unit"]
        solution = row["solution"]
        self.extra = extra
        contentHash = row["content_hash"]
    }
}
