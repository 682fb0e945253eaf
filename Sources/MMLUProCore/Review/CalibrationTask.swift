import GRDB

/// A row of `calibration_task`: a planted phase-1 task: a real question with a known defect, to measure reviewers; never released.
public struct CalibrationTask: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "calibration_task"

    /// The planted defect.
    public enum Defect: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        /// The key points at a wrong option: caught by `wrong_answer` with the real answer.
        case wrongKey = "wrong_key"
        /// A wrong option twice: caught by `remove`.
        case duplicateOption = "duplicate_option"
        /// The answer twice, once as a "wrong" option: caught by `remove`.
        case answerTwice = "answer_twice"
    }

    public var taskKey: String
    public var itemKey: String
    public var defect: Defect
    public var options: [String]
    public var answerIndex: Int
    public var catchVerdict: String
    public var catchAnswer: String?

    public init(
        taskKey: String, itemKey: String, defect: Defect, options: [String], answerIndex: Int, catchVerdict: String,
        catchAnswer: String? = nil
    ) {
        self.taskKey = taskKey
        self.itemKey = itemKey
        self.defect = defect
        self.options = options
        self.answerIndex = answerIndex
        self.catchVerdict = catchVerdict
        self.catchAnswer = catchAnswer
    }

    enum CodingKeys: String, CodingKey {
        case defect, options
        case taskKey = "task_key"
        case itemKey = "item_key"
        case answerIndex = "answer_index"
        case catchVerdict = "catch_verdict"
        case catchAnswer = "catch_answer"
    }

    public init(row: Row) throws {
        taskKey = row["task_key"]
        itemKey = row["item_key"]
        defect = row["defect"]
        options = try JSONList.strings(row["options"], column: "calibration_task.options")
        answerIndex = row["answer_index"]
        catchVerdict = row["catch_verdict"]
        catchAnswer = row["catch_answer"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["task_key"] = taskKey
        container["item_key"] = itemKey
        container["defect"] = defect
        container["options"] = JSONList.text(options)
        container["answer_index"] = answerIndex
        container["catch_verdict"] = catchVerdict
        container["catch_answer"] = catchAnswer
    }

    public static let databaseColumns = ["task_key", "item_key", "defect", "options", "answer_index", "catch_verdict", "catch_answer"]

    public static let insertTarget =
        "calibration_task (task_key, item_key, defect, options, answer_index, catch_verdict, catch_answer) VALUES (?, ?, ?, ?, ?, ?, ?)"

    public var databaseArguments: StatementArguments {
        [taskKey, itemKey, defect, JSONList.text(options), answerIndex, catchVerdict, catchAnswer]
    }
}
