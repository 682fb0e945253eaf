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
    /// For each document, ``vocabulary(_:)``, worked out with its group.
    private let vocabularies: [(words: [String], fromOptions: Int)]

    init(_ documents: [Document], count: Int = 8, vocabularyLimit: Int = 80) {
        // Words are split at every byte that is not a letter or `-`, so the options joined
        // by spaces have the words of each option in turn.
        // (Typed with the labels `group` takes: an unlabelled list would be cast element by element per group.)
        let words: [(text: [String], options: [String])] = ParallelMap.map(documents) {
            (text: TextFeatures.words($0.text), options: TextFeatures.words($0.options.joined(separator: " ")))
        }
        var nearest = Array(repeating: [Int](), count: documents.count)
        var vocabularies = Array(repeating: (words: [String](), fromOptions: 0), count: documents.count)
        let groups = Dictionary(grouping: documents.indices, by: { documents[$0].group }).values.sorted(by: { $0[0] < $1[0] })
        // Each group on its own, over every core (largest first, so one big subject does not
        // start last); the result is the same as one group after another.
        let order = groups.indices.sorted { groups[$0].count != groups[$1].count ? groups[$0].count > groups[$1].count : $0 < $1 }
        let results = ParallelMap.map(order, chunk: 1) { Self.group(groups[$0], words: words, count: count, limit: vocabularyLimit) }
        for (group, result) in zip(order, results) {
            for (position, member) in groups[group].enumerated() {
                nearest[member] = result.nearest[position].map { groups[group][$0] }
                vocabularies[member] = result.vocabularies[position]
            }
        }
        self.nearest = nearest
        self.vocabularies = vocabularies
    }

    /// For each member of a group (by position): its nearest members (positions), most similar
    /// first, and its vocabulary. Words are numbered in the group in order of first use.
    private static func group(_ members: [Int], words: [(text: [String], options: [String])], count: Int, limit: Int) -> (
        nearest: [[Int]], vocabularies: [(words: [String], fromOptions: Int)]
    ) {
        // Term frequencies, document frequencies, then unit vectors of tf-idf weights.
        var termIDs: [String: Int] = [:]
        var names: [String] = []
        var ids: [(text: [Int], options: [Int])] = []
        var vectors: [[(Int, Double)]] = []
        var documentFrequency: [Int] = []
        for index in members {
            var counts: [Int: Int] = [:]
            func id(_ word: String) -> Int {
                if let id = termIDs[word] { return id }
                termIDs[word] = names.count
                names.append(word)
                documentFrequency.append(0)
                return names.count - 1
            }
            let document = (text: words[index].text.map(id), options: words[index].options.map(id))
            for id in document.text + document.options { counts[id, default: 0] += 1 }
            ids.append(document)
            for id in counts.keys { documentFrequency[id] += 1 }
            vectors.append(counts.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        }
        let n = Double(members.count)
        var postings = Array(repeating: [(Int, Double)](), count: names.count)
        for (position, vector) in vectors.enumerated() {
            var weighted = vector.map { id, tf in (id, (1 + log(tf)) * log((n + 1) / Double(documentFrequency[id] + 1))) }
            let norm = weighted.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            if norm > 0 { weighted = weighted.map { ($0.0, $0.1 / norm) } }
            vectors[position] = weighted
            for (id, weight) in weighted where weight > 0 { postings[id].append((position, weight)) }
        }
        var scores = Array(repeating: 0.0, count: members.count)
        var nearest: [[Int]] = []
        nearest.reserveCapacity(members.count)
        var touched: [Int] = []
        scores.withUnsafeMutableBufferPointer { scores in
            for (position, vector) in vectors.enumerated() {
                for (id, weight) in vector where weight > 0 {
                    // Very common terms carry little and cost much: skip the longest posting lists.
                    guard postings[id].count < 400 else { continue }
                    for (other, otherWeight) in postings[id] where other != position {
                        if scores[other] == 0 { touched.append(other) }
                        scores[other] += weight * otherWeight
                    }
                }
                nearest.append(Self.best(count, of: touched) { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 })
                for other in touched { scores[other] = 0 }
                touched.removeAll(keepingCapacity: true)
            }
        }
        // Vocabularies: words marked seen by the number of the document that saw them last.
        let long = names.map { $0.utf8.count >= 4 }
        var seenBy = Array(repeating: -1, count: names.count)
        let vocabularies = ids.indices.map { position -> (words: [String], fromOptions: Int) in
            for id in ids[position].text { seenBy[id] = position }
            for id in ids[position].options { seenBy[id] = position }
            var chosen: [String] = []
            var fromOptions = 0
            for pass in 0..<2 {
                if pass == 1 { fromOptions = chosen.count }
                for neighbour in nearest[position] {
                    for id in pass == 0 ? ids[neighbour].options : ids[neighbour].text where long[id] && seenBy[id] != position {
                        seenBy[id] = position
                        chosen.append(names[id])
                        if chosen.count == limit { return (chosen, pass == 0 ? chosen.count : fromOptions) }
                    }
                }
            }
            return (chosen, fromOptions)
        }
        return (nearest, vocabularies)
    }

    /// `Array(candidates.sorted(by: isBetter).prefix(count))` for an order without ties, kept
    /// in a list of `count` instead of sorting every candidate.
    static func best(_ count: Int, of candidates: [Int], by isBetter: (Int, Int) -> Bool) -> [Int] {
        var best: [Int] = []
        guard count > 0 else { return best }
        best.reserveCapacity(count + 1)
        for candidate in candidates {
            if best.count == count, !isBetter(candidate, best[count - 1]) { continue }
            var at = best.count
            while at > 0, isBetter(candidate, best[at - 1]) { at -= 1 }
            best.insert(candidate, at: at)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// Words of the neighbours of document `index` that it does not use itself (``TextFeatures/words(_:)``
    /// are ASCII: a word's bytes are its characters): option words first (they are answer-shaped),
    /// then question words, each once, nearest first, at most `vocabularyLimit`; and how many of
    /// them come from options.
    func vocabulary(_ index: Int) -> (words: [String], fromOptions: Int) { vocabularies[index] }
}
