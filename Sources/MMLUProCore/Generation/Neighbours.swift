import Foundation

/// The most similar questions of the same subject, by TF-IDF cosine over question and option
/// words, built once per build. The offline generator draws its text material from them: the
/// words of similar questions (for substitutions) and, as a last resort, their options (of the
/// same shape as the question's own, each lent to a few questions at most).
struct Neighbours: Sendable {
    struct Document: Sendable {
        var key: String
        /// The group it is compared within: the subject.
        var group: String
        var text: String
        var options: [String]
    }

    /// For each document, the indices of its nearest neighbours, most similar first.
    let nearest: [[Int]]
    /// Each document's words (``TextFeatures/words(_:)``), read once: of its question, of its options.
    let words: [(text: [String], options: [String])]

    init(_ documents: [Document], count: Int = 8) {
        // Words are split at every byte that is not a letter or `-`, so the options joined
        // by spaces have the words of each option in turn.
        let words = ParallelMap.map(documents) { (TextFeatures.words($0.text), TextFeatures.words($0.options.joined(separator: " "))) }
        self.words = words
        var nearest = Array(repeating: [Int](), count: documents.count)
        let groups = Dictionary(grouping: documents.indices, by: { documents[$0].group }).values.sorted(by: { $0[0] < $1[0] })
        // Each group on its own, over every core (largest first, so one big subject does not
        // start last); the result is the same as one group after another.
        let order = groups.indices.sorted { groups[$0].count != groups[$1].count ? groups[$0].count > groups[$1].count : $0 < $1 }
        let lists = ParallelMap.map(order, chunk: 1) { Self.nearest(groups[$0], words: words, count: count) }
        for (group, list) in zip(order, lists) {
            for (member, best) in zip(groups[group], list) { nearest[member] = best }
        }
        self.nearest = nearest
    }

    /// For each member of a group, its nearest members, most similar first.
    private static func nearest(_ members: [Int], words: [(text: [String], options: [String])], count: Int) -> [[Int]] {
        // Term frequencies, document frequencies, then unit vectors of tf-idf weights.
        var termIDs: [String: Int] = [:]
        var vectors: [[(Int, Double)]] = []
        var documentFrequency: [Int] = []
        for index in members {
            var counts: [Int: Int] = [:]
            for word in words[index].text + words[index].options {
                let id =
                    termIDs[word]
                    ?? {
                        termIDs[word] = termIDs.count
                        documentFrequency.append(0)
                        return termIDs.count - 1
                    }()
                counts[id, default: 0] += 1
            }
            for id in counts.keys { documentFrequency[id] += 1 }
            vectors.append(counts.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        }
        let n = Double(members.count)
        var postings = Array(repeating: [(Int, Double)](), count: termIDs.count)
        for (position, vector) in vectors.enumerated() {
            var weighted = vector.map { id, tf in (id, (1 + log(tf)) * log((n + 1) / Double(documentFrequency[id] + 1))) }
            let norm = weighted.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            if norm > 0 { weighted = weighted.map { ($0.0, $0.1 / norm) } }
            vectors[position] = weighted
            for (id, weight) in weighted where weight > 0 { postings[id].append((position, weight)) }
        }
        var scores = Array(repeating: 0.0, count: members.count)
        var result: [[Int]] = []
        result.reserveCapacity(members.count)
        for (position, vector) in vectors.enumerated() {
            var touched: [Int] = []
            for (id, weight) in vector where weight > 0 {
                // Very common terms carry little and cost much: skip the longest posting lists.
                guard postings[id].count < 400 else { continue }
                for (other, otherWeight) in postings[id] where other != position {
                    if scores[other] == 0 { touched.append(other) }
                    scores[other] += weight * otherWeight
                }
            }
            let best = touched.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(count)
            result.append(best.map { members[$0] })
            for other in touched { scores[other] = 0 }
        }
        return result
    }

    /// Words of the neighbours of document `index` that it does not use itself (``TextFeatures/words(_:)``
    /// are ASCII: a word's bytes are its characters): option words
    /// first (they are answer-shaped), then question words, each once, nearest first; and how
    /// many of them come from options.
    func vocabulary(_ index: Int, limit: Int = 80) -> (words: [String], fromOptions: Int) {
        let own = Set(self.words[index].text + self.words[index].options)
        var seen = own
        var words: [String] = []
        var fromOptions = 0
        for pass in 0..<2 {
            if pass == 1 { fromOptions = words.count }
            for neighbour in nearest[index] {
                for word in pass == 0 ? self.words[neighbour].options : self.words[neighbour].text
                where word.utf8.count >= 4 && !seen.contains(word) {
                    seen.insert(word)
                    words.append(word)
                    if words.count == limit { return (words, pass == 0 ? words.count : fromOptions) }
                }
            }
        }
        return (words, fromOptions)
    }
}
