import GRDB

/// A row of `filter_answer`: one model's answer to one MMLU question.
public struct ModelAnswer: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "filter_answer"

    /// How the letter was obtained.
    public enum Status: String, Codable, Sendable {
        /// A letter was read from the output.
        case ok
        /// The output gives no letter the extraction cascade recognises.
        case unparsed
        /// The model produced no output (a failed call). Counts as missing.
        case error
    }

    public var itemKey: String
    public var model: String
    /// Where the answer came from: `file:line`, or a provider for live answers.
    public var origin: String
    public var rawOutput: String?
    public var letter: String?
    public var status: Status
    public var isCorrect: Bool

    enum CodingKeys: String, CodingKey {
        case model, origin, letter, status
        case itemKey = "item_key"
        case rawOutput = "raw_output"
        case isCorrect = "is_correct"
    }

    public static let insertTarget = makeInsertTarget(
        databaseTableName, ["item_key", "model", "origin", "raw_output", "letter", "status", "is_correct"])

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, model, origin, rawOutput, letter, status.rawValue, isCorrect)
    }

    /// Written column by column (the `Encodable` path costs more per row).
    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["model"] = model
        container["origin"] = origin
        container["raw_output"] = rawOutput
        container["letter"] = letter
        container["status"] = status.rawValue
        container["is_correct"] = isCorrect
    }

    /// An answer read from raw output: the letter comes from ``AnswerExtractor``.
    public init(itemKey: String, model: String, origin: String, rawOutput: String) {
        let letter = AnswerExtractor.letter(in: rawOutput)
        self.init(
            itemKey: itemKey, model: model, origin: origin, rawOutput: rawOutput, letter: letter, status: letter == nil ? .unparsed : .ok)
    }

    /// An answer with a known letter (or none).
    public init(itemKey: String, model: String, origin: String, rawOutput: String?, letter: String?, status: Status) {
        self.itemKey = itemKey
        self.model = model
        self.origin = origin
        self.rawOutput = rawOutput
        self.letter = letter
        self.status = status
        self.isCorrect = false
    }
}
