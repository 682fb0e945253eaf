import GRDB

/// A row of `judge_verdict`: phase 2: the judge's verdict on one option of a question.
public struct JudgeVerdict: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "judge_verdict"

    public enum Verdict: String, Codable, Sendable, CaseIterable {
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

    public init(
        itemKey: String, optionIndex: Int, optionText: String, verdict: Verdict, rationale: String, generator: String,
        requestHash: String? = nil
    ) {
        self.itemKey = itemKey
        self.optionIndex = optionIndex
        self.optionText = optionText
        self.verdict = verdict
        self.rationale = rationale
        self.generator = generator
        self.requestHash = requestHash
    }

    enum CodingKeys: String, CodingKey {
        case verdict, rationale, generator
        case itemKey = "item_key"
        case optionIndex = "option_index"
        case optionText = "option_text"
        case requestHash = "request_hash"
    }
}
