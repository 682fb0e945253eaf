/// A collected record with the verdict of the suitability rules.
public struct CollectedItem: Sendable {
    public var item: SourceItem
    /// Why it is unsuitable, with a detail; nil when it goes on.
    public var unsuitable: (reason: UnsuitableReason, detail: String)?
    /// Changes the reader made to the source's text, recorded like the repairs of damaged text.
    public var repairs: [(field: String, repair: TextDefects.Repair)]

    public init(
        item: SourceItem, unsuitable: (reason: UnsuitableReason, detail: String)?,
        repairs: [(field: String, repair: TextDefects.Repair)] = []
    ) {
        self.item = item
        self.unsuitable = unsuitable
        self.repairs = repairs
    }
}
