import GRDB

/// A row of `filter_decision`: what the filter and the merge did with one MMLU item.
public struct FilterDecision: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "filter_decision"

    public enum Outcome: String, Codable, Sendable {
        case kept, dropped, held
    }

    /// Reason codes.
    public enum Reason: String, Codable, Sendable {
        /// Judged, and not more than `threshold` models were correct.
        case passed
        /// The split is configured `keep`: not judged.
        case notJudged = "not_judged"
        /// Dropped: more than `threshold` models were correct.
        case tooEasy = "too_easy"
        /// Some models have no answer and the outcome depends on them (`filter.missing`).
        case missingAnswers = "missing_answers"
        /// Dropped by the merge: the category table excludes the subject.
        case excludedSubject = "excluded_subject"
        /// The split is configured `drop`.
        case splitUnused = "split_unused"
    }

    public var itemKey: String
    public var outcome: Outcome
    public var reason: Reason
    public var detail: String
    /// How many panel models answered correctly.
    public var correct: Int
    /// How many panel models have a usable answer (`ok` or `unparsed`).
    public var answered: Int
    /// The size of the panel.
    public var panel: Int

    enum CodingKeys: String, CodingKey {
        case outcome, reason, detail, correct, answered, panel
        case itemKey = "item_key"
    }

    public static let insertTarget = makeInsertTarget(
        databaseTableName, ["item_key", "outcome", "reason", "detail", "correct", "answered", "panel"])

    public func writeValues(to row: inout some RowValues) {
        row.put(itemKey, outcome.rawValue, reason.rawValue, detail, correct, answered, panel)
    }

    /// Written column by column (the `Encodable` path costs more per row).
    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["outcome"] = outcome.rawValue
        container["reason"] = reason.rawValue
        container["detail"] = detail
        container["correct"] = correct
        container["answered"] = answered
        container["panel"] = panel
    }
}
