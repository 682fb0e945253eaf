/// A text as a dictionary or set key, its hash worked out once, where the key is made (over
/// the cores), instead of at every lookup and every resize of the table: a long text's hash
/// reads all of it, and text with scalars outside ASCII is normalised as it is read.
/// Equal as the texts are (`String`'s `==`), so a table of them groups what a table of the
/// texts would.
struct HashedText: Hashable, Sendable {
    let text: String
    private let hash: Int

    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    // Equal texts have equal hashes: texts with different hashes differ.
    static func == (a: HashedText, b: HashedText) -> Bool { a.hash == b.hash && a.text == b.text }
}
