import Foundation
import Testing

@testable import MMLUProCore
@testable import MMLUProWeb

/// The review log's states and decisions and the review server's answers are written by hand
/// (`CanonicalJSONRepresentable`). They must be the bytes `JSONEncoder` writes with sorted keys
/// and unescaped slashes, which the log held before: optionals left out, keys in the encoder's
/// order (by UTF-8 bytes, not by `String`'s `<`), every escape the same, for names and notes
/// with quotes, backslashes, slashes, control characters, line separators, decomposed accents
/// and characters beyond the BMP.
@Suite struct CanonicalJSONRepresentableTests {
    static let texts = [
        "ann", "bob", "Zoë", "e\u{301}mile", "a/b", "q\"uote", "back\\slash", "tab\there", "line\nbreak", "\u{1}\u{1F}", "\u{7F}",
        "\u{2028}", "ß", "𝒜", "\u{FFFD}", "\u{E000}", "", "verdict",
    ]

    func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decision(_ generator: inout SplitMix64) -> ReviewDecision {
        func text() -> String? {
            generator.next() % 3 == 0 ? nil : Self.texts[Int(generator.next() % UInt64(Self.texts.count))]
        }
        let verdicts = ReviewDecision.Verdict.allCases
        let reasons = ReviewDecision.RemovalReason.allCases
        return ReviewDecision(
            verdict: verdicts[Int(generator.next() % UInt64(verdicts.count))], answer: text(),
            reason: generator.next() % 2 == 0 ? nil : reasons[Int(generator.next() % UInt64(reasons.count))], note: text())
    }

    func state(_ generator: inout SplitMix64) -> TaskState {
        var decisions: [String: ReviewDecision] = [:]
        var leases: [String: String] = [:]
        for name in Self.texts where generator.next() % 4 == 0 { decisions[name] = decision(&generator) }
        for name in Self.texts where generator.next() % 5 == 0 { leases[name] = "2026-12-01T10:\(generator.next() % 60)Z" }
        let statuses: [TaskState.Status] = [.open, .decided, .disputed]
        return TaskState(
            status: statuses[Int(generator.next() % 3)], decisions: decisions,
            resolved: generator.next() % 2 == 0 ? nil : decision(&generator),
            adjudicator: generator.next() % 3 == 0 ? Self.texts[Int(generator.next() % UInt64(Self.texts.count))] : nil, leases: leases)
    }

    @Test func statesAndDecisionsAreWhatTheEncoderWrites() throws {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<500 {
            let state = state(&generator)
            #expect(Digest.canonicalJSON(state) == (try encoded(state)))
            let decision = decision(&generator)
            #expect(Digest.canonicalJSON(decision) == (try encoded(decision)))
        }
        // Decomposed and precomposed accents order as the encoder orders them (by bytes).
        let names = TaskState(
            status: .open, decisions: [:], resolved: nil, adjudicator: nil, leases: ["é": "1", "e\u{301}x": "2", "f": "3"])
        #expect(Digest.canonicalJSON(names) == (try encoded(names)))
    }

    @Test func theServersAnswersAreWhatTheEncoderWrites() throws {
        var generator = SplitMix64(seed: 7)
        for round in 0..<200 {
            func text() -> String { Self.texts[Int(generator.next() % UInt64(Self.texts.count))] }
            func optional() -> String? { generator.next() % 2 == 0 ? nil : text() }
            let view = ReviewAPI.TaskView(
                key: text(), phase: 1 + round % 2, category: text(), src: text(), origin: "raw/mmlu/test/\(text()).csv:\(round)",
                question: text(), options: (0..<Int(generator.next() % 11)).map { _ in text() }, answerIndex: round % 10,
                solution: optional(), sourceAnswer: optional(), option: optional(), judge: optional(), state: state(&generator),
                reviewer: text(), origins: (0..<3).map { _ in text() }, held: round % 3 == 0, left: round, total: round * 7)
            let envelope = ReviewAPI.Envelope(task: round % 5 == 0 ? nil : view)
            #expect(CanonicalJSON.text(envelope.canonicalValue) == (try encoded(envelope)))
            let outcome = ["task": text(), "status": text(), "error": text()]
            #expect(CanonicalJSON.text(outcome.canonicalValue) == (try encoded(outcome)))
        }
    }
}
