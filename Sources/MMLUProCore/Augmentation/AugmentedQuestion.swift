import Foundation
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case split
        case category
        case src
        case question
        case options
        case answerIndex = "answer_index"
        case optionOrigins = "option_origins"
        case shuffled
        case shortfall
        case generator
        case templateVersion = "template_version"
    }

    /// Lists as canonical JSON, as the store's other writers write them.
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(
            itemKey, split, category, src, question, JSONList.text(options), answerIndex, JSONList.text(optionOrigins), shuffled, shortfall,
            generator, templateVersion)
    }
}
