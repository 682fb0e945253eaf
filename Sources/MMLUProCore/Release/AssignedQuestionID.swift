import GRDB

/// A row of `question_id`: a question id given to a question (never reused, kept from release to release).
public struct AssignedQuestionID: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "question_id"

    public var questionId: Int
    public var itemKey: String?
    public var category: String
    public var origin: String
    public var firstRelease: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case questionId = "question_id"
        case itemKey = "item_key"
        case category
        case origin
        case firstRelease = "first_release"
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(questionId, itemKey, category, origin, firstRelease)
    }
}
