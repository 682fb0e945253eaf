import GRDB

/// A row of `reviewed_question`: what review made of a question: accepted, corrected, removed or pending, with its options.
public struct ReviewedQuestion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "reviewed_question"

    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case accepted
        case corrected
        case removed
        case pending
    }

    public var itemKey: String
    public var status: Status
    public var taskKey: String
    public var options: [String]
    public var answerIndex: Int
    public var detail: String
    public var removedOptions: [String]

    public init(
        itemKey: String, status: Status, taskKey: String, options: [String], answerIndex: Int, detail: String, removedOptions: [String]
    ) {
        self.itemKey = itemKey
        self.status = status
        self.taskKey = taskKey
        self.options = options
        self.answerIndex = answerIndex
        self.detail = detail
        self.removedOptions = removedOptions
    }

    enum CodingKeys: String, CodingKey {
        case status, options, detail
        case itemKey = "item_key"
        case taskKey = "task_key"
        case answerIndex = "answer_index"
        case removedOptions = "removed_options"
    }

    public init(row: Row) throws {
        itemKey = row["item_key"]
        status = row["status"]
        taskKey = row["task_key"]
        options = try JSONList.strings(row["options"], column: "reviewed_question.options")
        answerIndex = row["answer_index"]
        detail = row["detail"]
        removedOptions = try JSONList.strings(row["removed_options"], column: "reviewed_question.removed_options")
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["item_key"] = itemKey
        container["status"] = status
        container["task_key"] = taskKey
        container["options"] = JSONList.text(options)
        container["answer_index"] = answerIndex
        container["detail"] = detail
        container["removed_options"] = JSONList.text(removedOptions)
    }

    public static let databaseColumns = ["item_key", "status", "task_key", "options", "answer_index", "detail", "removed_options"]

    public static let insertTarget =
        "reviewed_question (item_key, status, task_key, options, answer_index, detail, removed_options) VALUES (?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [itemKey, status, taskKey, JSONList.text(options), answerIndex, detail, JSONList.text(removedOptions)]
    }
}
