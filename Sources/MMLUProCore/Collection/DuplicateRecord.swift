/// A repeated record folded into the first one.
public struct DuplicateRecord: Sendable, Equatable {
    public var itemKey: String
    public var origin: String
    public var detail: String
}
