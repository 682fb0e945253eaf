import Foundation
import GRDB

/// A row of `source_item`: one record of one source, text exactly as the source has it.
public struct SourceItem: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
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

    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.useDefaultKeys

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
        self.contentHash = Digest.sha256(canonical: Content(self))
    }

    /// What the content hash covers.
    private struct Content: Encodable {
        var source: Source, split: String, subject: String, category: String?, question: String
        var options: [String]?, answer: String?, answerType: String, unit: String?, solution: String?
        var extra: [String: JSONValue]
        init(_ item: SourceItem) {
            (source, split, subject, category, question) = (item.source, item.split, item.subject, item.category, item.question)
            (options, answer, answerType, unit, solution, extra) = (
                item.options, item.answer, item.answerType, item.unit, item.solution, item.extra
            )
        }
    }
}
