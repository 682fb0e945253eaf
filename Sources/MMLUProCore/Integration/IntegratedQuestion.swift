import Foundation
import GRDB

/// A row of `integrated_question`: a STEM question made multiple-choice: its short answer and 3 distractors.
public struct IntegratedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "integrated_question"

    public enum AnswerOrigin: String, Codable, Sendable, CaseIterable {
        case source
        case extracted
    }

    public var itemKey: String
    public var answer: String
    public var answerOrigin: AnswerOrigin
    public var sourceAnswer: String?
    public var options: [String]
    public var shortfall: Int
    public var generator: String
    public var templateVersion: String

    public init(
        itemKey: String, answer: String, answerOrigin: AnswerOrigin, sourceAnswer: String? = nil, options: [String], shortfall: Int,
        generator: String, templateVersion: String
    ) {
        self.itemKey = itemKey
        self.answer = answer
        self.answerOrigin = answerOrigin
        self.sourceAnswer = sourceAnswer
        self.options = options
        self.shortfall = shortfall
        self.generator = generator
        self.templateVersion = templateVersion
    }

    enum CodingKeys: String, CodingKey {
        case answer, options, shortfall, generator
        case itemKey = "item_key"
        case answerOrigin = "answer_origin"
        case sourceAnswer = "source_answer"
        case templateVersion = "template_version"
    }

    /// Lists as the canonical JSON the rest of the store holds (`/` unescaped).
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }
}
