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

    public init(row: Row) throws {
        itemKey = row["item_key"]
        optionIndex = row["option_index"]
        optionText = row["option_text"]
        verdict = row["verdict"]
        rationale = row["rationale"]
        generator = row["generator"]
        requestHash = row["request_hash"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["option_index"] = optionIndex
        container["option_text"] = optionText
        container["verdict"] = verdict
        container["rationale"] = rationale
        container["generator"] = generator
        container["request_hash"] = requestHash
    }

    public static let databaseColumns = ["item_key", "option_index", "option_text", "verdict", "rationale", "generator", "request_hash"]

    public static let insertTarget =
        "judge_verdict (item_key, option_index, option_text, verdict, rationale, generator, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [itemKey, optionIndex, optionText, verdict, rationale, generator, requestHash]
    }
}
