import GRDB

/// A row of `augmented_question`: a question as augment left it: its options expanded (to 10 where it could) and shuffled.
public struct AugmentedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "augmented_question"

    public enum Split: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case test
        case validation
    }

    public var itemKey: String
    public var split: Split
    public var category: String
    public var src: String
    public var question: String
    public var options: [String]
    public var answerIndex: Int
    public var optionOrigins: [String]
    public var shuffled: Bool
    public var shortfall: Int
    public var generator: String
    public var templateVersion: String

    public init(
        itemKey: String, split: Split, category: String, src: String, question: String, options: [String], answerIndex: Int,
        optionOrigins: [String], shuffled: Bool, shortfall: Int, generator: String, templateVersion: String
    ) {
        self.itemKey = itemKey
        self.split = split
        self.category = category
        self.src = src
        self.question = question
        self.options = options
        self.answerIndex = answerIndex
        self.optionOrigins = optionOrigins
        self.shuffled = shuffled
        self.shortfall = shortfall
        self.generator = generator
        self.templateVersion = templateVersion
    }

    enum CodingKeys: String, CodingKey {
        case split, category, src, question, options, shuffled, shortfall, generator
        case itemKey = "item_key"
        case answerIndex = "answer_index"
        case optionOrigins = "option_origins"
        case templateVersion = "template_version"
    }

    public init(row: Row) throws {
        itemKey = row["item_key"]
        split = row["split"]
        category = row["category"]
        src = row["src"]
        question = row["question"]
        options = try JSONList.strings(row["options"], column: "augmented_question.options")
        answerIndex = row["answer_index"]
        optionOrigins = try JSONList.strings(row["option_origins"], column: "augmented_question.option_origins")
        shuffled = row["shuffled"]
        shortfall = row["shortfall"]
        generator = row["generator"]
        templateVersion = row["template_version"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["split"] = split
        container["category"] = category
        container["src"] = src
        container["question"] = question
        container["options"] = JSONList.text(options)
        container["answer_index"] = answerIndex
        container["option_origins"] = JSONList.text(optionOrigins)
        container["shuffled"] = shuffled
        container["shortfall"] = shortfall
        container["generator"] = generator
        container["template_version"] = templateVersion
    }

    public static let databaseColumns = [
        "item_key", "split", "category", "src", "question", "options", "answer_index", "option_origins", "shuffled", "shortfall",
        "generator", "template_version",
    ]

    public static let insertTarget =
        "augmented_question (item_key, split, category, src, question, options, answer_index, option_origins, shuffled, shortfall, generator, template_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [
            itemKey, split, category, src, question, JSONList.text(options), answerIndex, JSONList.text(optionOrigins), shuffled, shortfall,
            generator, templateVersion,
        ]
    }
}
