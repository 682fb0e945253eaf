import Foundation
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case answer
        case answerOrigin = "answer_origin"
        case sourceAnswer = "source_answer"
        case options
        case shortfall
        case generator
        case templateVersion = "template_version"
    }

    /// Lists as canonical JSON, as the store's other writers write them.
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, answer, answerOrigin, sourceAnswer, JSONList.text(options), shortfall, generator, templateVersion)
    }
}
