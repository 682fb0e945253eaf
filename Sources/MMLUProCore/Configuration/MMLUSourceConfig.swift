import Foundation

/// The MMLU source.
public struct MMLUSourceConfig: Codable, Sendable, Equatable {
    /// The folder holding one subfolder per split.
    public var path: String
    /// The splits to read. Default `[test, dev, val]`.
    public var splits: [String]
    /// A slice: only the first this many questions of each subject file. Default: all.
    public var limitPerSubject: Int?

    enum CodingKeys: String, CodingKey {
        case path, splits
        case limitPerSubject = "limit_per_subject"
    }

    public init(path: String, splits: [String] = ["test", "dev", "val"], limitPerSubject: Int? = nil) {
        self.path = path
        self.splits = splits
        self.limitPerSubject = limitPerSubject
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        splits = try container.decodeIfPresent([String].self, forKey: .splits) ?? ["test", "dev", "val"]
        limitPerSubject = try container.decodeIfPresent(Int.self, forKey: .limitPerSubject)
    }
}
