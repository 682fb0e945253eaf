/// The category table: MMLU's 57 subjects merged into 14 categories, and the categories of the
/// added sources' fields and books. Data in a YAML file the configuration names.
public struct CategoryTable: Codable, Sendable, Equatable {
    /// The value that marks an MMLU subject as excluded from the build.
    public static let excluded = "excluded"

    /// The categories, lower case (`computer science` has a space).
    public var categories: [String]
    /// MMLU subject → category, or `excluded`.
    public var mmlu: [String: String]
    /// TheoremQA `field` → category.
    public var theoremqa: [String: String]
    /// SciBench textbook → category.
    public var scibench: [String: String]
    /// STEM Website book → category.
    public var stemez: [String: String]

    /// The category of a subject of a source.
    public func lookup(_ source: Source, _ subject: String) -> Lookup {
        let table: [String: String] =
            switch source {
            case .mmlu: mmlu
            case .theoremqa: theoremqa
            case .scibench: scibench
            case .stemez: stemez
            }
        guard let value = table[subject] else { return .unknown }
        return value == Self.excluded ? .excluded : .category(value)
    }

    /// The result of a look-up.
    public enum Lookup: Equatable, Sendable {
        case category(String)
        case excluded
        case unknown
    }
}
