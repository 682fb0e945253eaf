/// Levenshtein distance between two strings, by Unicode scalars.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    guard !x.isEmpty else { return y.count }
    guard !y.isEmpty else { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}

/// The candidate nearest to `name` when it is close enough to be a misspelling of it (at most
/// two edits, and fewer than a third of its letters), for "did you mean" hints.
func nearest(_ name: String, among candidates: [String]) -> String? {
    let scored = candidates.filter { $0 != name }.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }), best.1 <= 2, best.1 * 3 <= max(name.count, 3) else {
        return nil
    }
    return best.0
}
