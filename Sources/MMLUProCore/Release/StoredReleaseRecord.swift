import GRDB

/// A row of `release_record`: one record of a built or imported release, as its bytes.
public struct StoredReleaseRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, RowWriting {
    public static let databaseTableName = "release_record"

    public var version: String
    public var questionId: Int
    public var split: String
    public var itemKey: String?
    public var record: String
    public var sha256: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version
        case questionId = "question_id"
        case split
        case itemKey = "item_key"
        case record
        case sha256
    }

    public static let insertTarget = makeInsertTarget(databaseTableName, CodingKeys.allCases.map(\.rawValue))

    public func writeValues(to row: inout some RowValues) {
        row.put(version, questionId, split, itemKey, record, sha256)
    }
}
