import GRDB

/// A row of `integrated_question`: a STEM question made multiple-choice: its short answer and 3 distractors.
public struct IntegratedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "integrated_question"

    public enum AnswerOrigin: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
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

    public init(row: Row) throws {
        itemKey = row["item_key"]
        answer = row["answer"]
        answerOrigin = row["answer_origin"]
        sourceAnswer = row["source_answer"]
        options = try JSONList.strings(row["options"], column: "integrated_question.options")
        shortfall = row["shortfall"]
        generator = row["generator"]
        templateVersion = row["template_version"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["answer"] = answer
        container["answer_origin"] = answerOrigin
        container["source_answer"] = sourceAnswer
        container["options"] = JSONList.text(options)
        container["shortfall"] = shortfall
        container["generator"] = generator
        container["template_version"] = templateVersion
    }

    public static let databaseColumns = [
        "item_key", "answer", "answer_origin", "source_answer", "options", "shortfall", "generator", "template_version",
    ]

    public static let insertTarget =
        "integrated_question (item_key, answer, answer_origin, source_answer, options, shortfall, generator, template_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [itemKey, answer, answerOrigin, sourceAnswer, JSONList.text(options), shortfall, generator, templateVersion]
    }
}
