import Foundation
import GRDB

/// A row of `augmented_question`: a question as augment left it: its options expanded (to 10 where it could) and shuffled.
public struct AugmentedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "augmented_question"

    public enum Split: String, Codable, Sendable, CaseIterable {
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

    /// Lists as the canonical JSON the rest of the store holds (`/` unescaped).
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }
}
