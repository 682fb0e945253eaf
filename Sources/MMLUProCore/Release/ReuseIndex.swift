import Foundation

/// How often each whitespace-normalised option text occurs across questions.
struct ReuseIndex: Sendable {
    private var counts: [String: Int] = [:]

    init(_ questions: [Shortcuts.Prepared]) {
        for question in questions {
            for key in Set(question.keys) { counts[key, default: 0] += 1 }
        }
    }

    /// In how many questions the text is an option.
    func questions(containing key: String) -> Int { counts[key] ?? 0 }
}
