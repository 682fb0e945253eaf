/// `hold` keeps the item out of the build, recorded, until someone looks; `drop` removes it.
public enum BadExtractionPolicy: String, Codable, Sendable, CaseIterable {
    case hold, drop
}
