import Foundation
import GRDB

/// A row of `calibration_task`: a planted phase-1 task: a real question with a known defect, to measure reviewers; never released.
public struct CalibrationTask: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "calibration_task"

    /// The planted defect.
    public enum Defect: String, Codable, Sendable, CaseIterable {
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

    /// Lists as the canonical JSON the rest of the store holds (`/` unescaped).
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }
}
