import Foundation

/// How often each whitespace-normalised option text occurs across questions, read once per
/// option: the attacks and the shares ask for every option's count.
struct ReuseIndex: Sendable {
    /// For each question (in the order given), for each option: in how many questions its text
    /// is an option.
    let byQuestion: [[Int]]

    init(_ questions: [Shortcuts.Prepared]) {
        var counts: [HashedText: Int] = [:]
        counts.reserveCapacity(questions.count * 10)
        for question in questions {
            // A text twice in one question counts once: the earlier options are few, and a
            // comparison of two strings is cheaper than a set of them.
            let keys = question.keys
            for index in keys.indices where !keys[..<index].contains(keys[index]) { counts[keys[index], default: 0] += 1 }
        }
        byQuestion = ParallelMap.map(questions) { question in question.keys.map { counts[$0] ?? 0 } }
    }
}
