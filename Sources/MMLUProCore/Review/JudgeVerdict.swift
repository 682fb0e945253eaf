import GRDB

/// A row of `judge_verdict`: phase 2: the judge's verdict on one option of a question.
public struct JudgeVerdict: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "judge_verdict"

    public enum Verdict: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case couldBeCorrect = "could_be_correct"
        case wrong
    }

    public var itemKey: String
    public var optionIndex: Int
    public var optionText: String
    public var verdict: Verdict
    public var rationale: String
    public var generator: String
    public var requestHash: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemKey = "item_key"
        case optionIndex = "option_index"
        case optionText = "option_text"
        case verdict
        case rationale
        case generator
        case requestHash = "request_hash"
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, optionIndex, optionText, verdict, rationale, generator, requestHash)
    }
}
