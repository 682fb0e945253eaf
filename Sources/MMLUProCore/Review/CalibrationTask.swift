import Foundation
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case taskKey = "task_key"
        case itemKey = "item_key"
        case defect
        case options
        case answerIndex = "answer_index"
        case catchVerdict = "catch_verdict"
        case catchAnswer = "catch_answer"
    }

    /// Lists as canonical JSON, as the store's other writers write them.
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { Digest.jsonEncoder() }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(taskKey, itemKey, defect, JSONList.text(options), answerIndex, catchVerdict, catchAnswer)
    }
}
