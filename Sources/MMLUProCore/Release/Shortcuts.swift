import Foundation

/// Options-only attacks: how far an evaluator who never reads the subject gets by looking at
/// the options alone. A release whose added options can be told apart from the real ones this
/// way is easier than it looks; MMLU-Pro's added options must give nothing away.
///
/// Every attack scores each option of a question, picks the best-scored ones, and earns
/// `1/k` when the answer is among the `k` it picked (a tie is a guess among the tied). It is
/// reported against chance (`1 / options` per question) with a 95% Wilson interval, overall,
/// per source and per category. Two shares (wrong options reused verbatim from another
/// question, and wrong options unrelated to their question) and the answer-position
/// distribution complete the report.
public enum Shortcuts {
    /// An options-only attack (``ShortcutAttack``).
    public typealias Attack = ShortcutAttack

    /// One attack's accuracy over a set of questions.
    public struct Score: Codable, Sendable, Equatable {
        /// Questions the attack applies to.
        public var questions: Int
        /// Of those, questions where it singled out fewer options than all.
        public var fired: Int
        public var accuracy: Double
        public var chance: Double
        /// 95% Wilson interval of the accuracy.
        public var low: Double
        public var high: Double
    }

    public struct AttackResult: Codable, Sendable, Equatable {
        public var id: Attack
        public var title: String
        public var overall: Score
        public var bySource: [String: Score]
        public var byCategory: [String: Score]

        enum CodingKeys: String, CodingKey {
            case id, title, overall
            case bySource = "by_source"
            case byCategory = "by_category"
        }
    }

    /// A share of wrong options with some property.
    public struct Share: Codable, Sendable, Equatable {
        public private(set) var count: Int
        public private(set) var of: Int
        public private(set) var share: Double

        public init(count: Int = 0, of: Int = 0) {
            self.count = count
            self.of = of
            self.share = of == 0 ? 0 : Double(count) / Double(of)
        }

        /// One more wrong option, with the property or not.
        mutating func add(_ hit: Bool) { self = Share(count: count + (hit ? 1 : 0), of: of + 1) }
    }

    public struct ShareResult: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var overall: Share
        public var bySource: [String: Share]

        enum CodingKeys: String, CodingKey {
            case id, title, overall
            case bySource = "by_source"
        }
    }

    /// Where the answers are, A–J, against where chance puts them.
    public struct PositionTest: Codable, Sendable, Equatable {
        public var observed: [Int]
        public var expected: [Double]
        public var chiSquare: Double
        public var degreesOfFreedom: Int
        public var pValue: Double

        enum CodingKeys: String, CodingKey {
            case observed, expected
            case chiSquare = "chi_square"
            case degreesOfFreedom = "degrees_of_freedom"
            case pValue = "p_value"
        }
    }

    public struct Report: Codable, Sendable, Equatable {
        public var questions: Int
        public var attacks: [AttackResult]
        public var shares: [ShareResult]
        public var position: PositionTest

        public func attack(_ id: Attack) -> AttackResult? { attacks.first { $0.id == id } }
        public func share(_ id: String) -> ShareResult? { shares.first { $0.id == id } }
    }

    /// The shares reported, by id.
    public static let reusedWrongOptions = ShortcutAttack.reusedWrongOptions
    public static let unrelatedWrongOptions = ShortcutAttack.unrelatedWrongOptions

    /// The source of a record: its `src` up to the first `-` (`ori_mmlu`, `stemez`, ...).
    public static func source(of record: ReleaseRecord) -> String {
        String(record.src.prefix { $0 != "-" })
    }

    // MARK: - The report

    /// Runs every attack over `records` (one or more splits together).
    public static func run(_ records: [ReleaseRecord]) -> Report {
        let prepared = ParallelMap.map(records, Prepared.init)
        let reuse = ReuseIndex(prepared)
        let sources = records.map(source(of:))
        // The learned attack first, on its own: it spreads its work over the cores, which it
        // could not do from inside a map over the attacks (a map within a map runs on one core).
        // The others are independent and quick: over the cores, in order.
        let learned = LearnedAttacker.scores(prepared, records: records, reuse: reuse)
        let attacks = ParallelMap.map(Attack.allCases, chunk: 1) { attack -> AttackResult in
            let scores: [[Double]?]
            switch attack {
            case .notReused: scores = reuse.byQuestion.map { $0.map { $0 <= 1 ? 1 : 0 } }
            case .learned: scores = learned
            default: scores = prepared.map { Self.scores(attack, $0) }
            }
            return result(attack, records: records, sources: sources, scores: scores)
        }

        var reused = (all: Share(), bySource: [String: Share]())
        var unrelated = (all: Share(), bySource: [String: Share]())
        // By position: a pair from `zip` is a copy of both (a dozen arrays and strings each).
        for position in records.indices {
            let source = sources[position]
            for index in prepared[position].options.indices where index != records[position].answerIndex {
                let isReused = reuse.byQuestion[position][index] > 1
                reused.all.add(isReused)
                reused.bySource[source, default: Share()].add(isReused)
                guard let isUnrelated = prepared[position].unrelated[index] else { continue }
                unrelated.all.add(isUnrelated)
                unrelated.bySource[source, default: Share()].add(isUnrelated)
            }
        }
        let shares = [
            ShareResult(
                id: reusedWrongOptions, title: "wrong options that are, word for word, an option of another question",
                overall: reused.all, bySource: reused.bySource),
            ShareResult(
                id: unrelatedWrongOptions,
                title: "wrong options sharing no content word with the question or the other options (of those with a word)",
                overall: unrelated.all, bySource: unrelated.bySource),
        ]
        return Report(questions: records.count, attacks: attacks, shares: shares, position: positionTest(records))
    }

    /// Accuracy of per-option scores (nil for a question the attack does not apply to).
    /// - Parameter sources: each record's ``source(of:)``.
    static func result(_ attack: Attack, records: [ReleaseRecord], sources: [String], scores: [[Double]?]) -> AttackResult {
        var overall = Tally()
        var bySource: [String: Tally] = [:]
        var byCategory: [String: Tally] = [:]
        // By position: a pair from `zip` would copy the record.
        for position in records.indices {
            guard let scores = scores[position], scores.count == records[position].options.count, scores.count > 1,
                records[position].options.indices.contains(records[position].answerIndex)
            else { continue }
            let answerIndex = records[position].answerIndex
            let best = scores.max()!
            let picked = scores.indices.filter { scores[$0] == best }
            let credit = picked.contains(answerIndex) ? 1 / Double(picked.count) : 0
            let chance = 1 / Double(scores.count)
            let fired = picked.count < scores.count
            overall.add(credit, chance, fired)
            bySource[sources[position], default: Tally()].add(credit, chance, fired)
            byCategory[records[position].category, default: Tally()].add(credit, chance, fired)
        }
        return AttackResult(
            id: attack, title: attack.title, overall: overall.score, bySource: bySource.mapValues(\.score),
            byCategory: byCategory.mapValues(\.score))
    }

    struct Tally {
        var questions = 0
        var fired = 0
        var credit = 0.0
        var chance = 0.0

        mutating func add(_ credit: Double, _ chance: Double, _ fired: Bool) {
            questions += 1
            self.credit += credit
            self.chance += chance
            if fired { self.fired += 1 }
        }

        var score: Score {
            guard questions > 0 else { return Score(questions: 0, fired: 0, accuracy: 0, chance: 0, low: 0, high: 0) }
            let n = Double(questions)
            let p = credit / n
            let (low, high) = wilson(p, n)
            return Score(questions: questions, fired: fired, accuracy: p, chance: chance / n, low: low, high: high)
        }
    }

    /// The 95% Wilson score interval of a proportion `p` over `n` trials.
    static func wilson(_ p: Double, _ n: Double) -> (Double, Double) { Statistics.wilson(p, n) }

    // MARK: - The attacks

    /// One question, read once for every attack.
    struct Prepared: Sendable {
        var options: [String]
        /// Each option whitespace-normalised, the key for reuse across questions (its hash
        /// worked out here, over the cores, not in ``ReuseIndex``'s one table).
        var keys: [HashedText]
        var lengths: [Int]
        var values: [Double]?
        /// Content words each option shares with the question.
        var overlap: [Int]
        /// Per option, the sum of its similarities to the other options (character trigrams).
        var centroid: [Double]
        /// Per option: shares no content word with the question or another option; nil for an
        /// option without content words.
        var unrelated: [Bool?]
        var formats: [OptionFormat]

        init(_ record: ReleaseRecord) {
            options = record.options
            let texts = record.options.map(OptionValidator.normalized)
            keys = texts.map(HashedText.init)
            // A closure, not the key path `\.unicodeScalars.count`: a path of two steps is read
            // through the runtime's key-path machinery on every call.
            lengths = texts.map { $0.utf8.allSatisfy { $0 < 0x80 } ? $0.utf8.count : $0.unicodeScalars.count }
            let quantities = record.options.map(Quantity.parse)
            values = quantities.allSatisfy({ $0 != nil }) ? quantities.map { $0!.value } : nil
            let words = texts.map(TextFeatures.contentWordHashes)
            let questionWords = TextFeatures.contentWordHashes(record.question)
            overlap = words.map { TextFeatures.sharedCount($0, questionWords) }
            // A word some other option or the question has.
            var owners: [UInt64: Int] = [:]
            for list in words { for word in list { owners[word, default: 0] += 1 } }
            let asked = Set(questionWords)
            unrelated = words.map { list in
                list.isEmpty ? nil : list.allSatisfy { owners[$0, default: 0] < 2 && !asked.contains($0) }
            }
            centroid = TextFeatures.trigramCentroid(texts)
            formats = zip(record.options, quantities).map { TextFeatures.format($0, quantity: $1) }
        }
    }

    /// Per-option scores of an attack, or nil where it does not apply.
    static func scores(_ attack: Attack, _ question: Prepared) -> [Double]? {
        switch attack {
        case .numericFamilyCentre:
            guard let values = question.values else { return nil }
            return TextFeatures.familyCounts(values, factors: [10, 0.1, 100, 0.01, -1]).map(Double.init)
        case .uniqueFormat:
            let unique = TextFeatures.uniqueFormatCounts(question.formats)
            return unique.contains(where: { $0 > 0 }) ? unique.map(Double.init) : nil
        case .longest: return question.lengths.map(Double.init)
        case .shortest: return question.lengths.map { -Double($0) }
        case .mostQuestionOverlap, .leastQuestionOverlap:
            let overlap = question.overlap.map(Double.init)
            return attack == .mostQuestionOverlap ? overlap : overlap.map { -$0 }
        case .centroid:
            return question.centroid
        case .notReused, .learned:
            return nil
        }
    }

    /// The answer letters against the letters chance would give, with a chi-square test.
    static func positionTest(_ records: [ReleaseRecord]) -> PositionTest {
        var observed = Array(repeating: 0, count: 10)
        var expected = Array(repeating: 0.0, count: 10)
        for record in records where record.options.indices.contains(record.answerIndex) && record.options.count <= 10 {
            observed[record.answerIndex] += 1
            for index in record.options.indices { expected[index] += 1 / Double(record.options.count) }
        }
        var chiSquare = 0.0
        var cells = 0
        for (o, e) in zip(observed, expected) where e > 0 {
            chiSquare += (Double(o) - e) * (Double(o) - e) / e
            cells += 1
        }
        let df = max(cells - 1, 1)
        return PositionTest(
            observed: observed, expected: expected, chiSquare: chiSquare, degreesOfFreedom: df,
            pValue: Statistics.chiSquareSurvival(chiSquare, degreesOfFreedom: df))
    }
}
