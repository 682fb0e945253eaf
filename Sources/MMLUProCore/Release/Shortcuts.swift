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
    public enum Attack: String, CaseIterable, Codable, Sendable {
        case numericFamilyCentre = "numeric_family_centre"
        case uniqueFormat = "unique_format"
        case longest
        case shortest
        case mostQuestionOverlap = "most_question_overlap"
        case leastQuestionOverlap = "least_question_overlap"
        case centroid
        case notReused = "not_reused"
        case learned

        public var title: String {
            switch self {
            case .numericFamilyCentre: "all-numeric questions: the option whose ×10, ÷10, ×100, ÷100 or negation also appear"
            case .uniqueFormat: "the only option in its format (scientific notation, unit, decimals, sign, LaTeX, ×)"
            case .longest: "the longest option"
            case .shortest: "the shortest option"
            case .mostQuestionOverlap: "the option sharing the most words with the question"
            case .leastQuestionOverlap: "the option sharing the fewest words with the question"
            case .centroid: "the option most similar to the other options (character trigrams)"
            case .notReused: "an option that is no option of any other question"
            case .learned: "logistic regression over option surface features, trained on half, tested on the other (2 folds)"
            }
        }
    }

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
    public static let reusedWrongOptions = "reused_wrong_options"
    public static let unrelatedWrongOptions = "unrelated_wrong_options"

    /// The source of a record: its `src` up to the first `-` (`ori_mmlu`, `stemez`, ...).
    public static func source(of record: ReleaseRecord) -> String {
        String(record.src.prefix { $0 != "-" })
    }

    // MARK: - The report

    /// Runs every attack over `records` (one or more splits together).
    public static func run(_ records: [ReleaseRecord]) -> Report {
        let prepared = records.map(Prepared.init)
        let reuse = ReuseIndex(prepared)
        var attacks: [AttackResult] = []
        for attack in Attack.allCases {
            let scores: [[Double]?]
            switch attack {
            case .notReused: scores = prepared.map { $0.keys.map { reuse.questions(containing: $0) <= 1 ? 1 : 0 } }
            case .learned: scores = LearnedAttacker.scores(prepared, records: records, reuse: reuse)
            default: scores = prepared.map { Self.scores(attack, $0) }
            }
            attacks.append(result(attack, records: records, scores: scores))
        }

        var reused = (all: Share(), bySource: [String: Share]())
        var unrelated = (all: Share(), bySource: [String: Share]())
        for (record, question) in zip(records, prepared) {
            let source = source(of: record)
            for index in question.options.indices where index != record.answerIndex {
                let isReused = reuse.questions(containing: question.keys[index]) > 1
                reused.all.add(isReused)
                reused.bySource[source, default: Share()].add(isReused)
                guard let isUnrelated = question.unrelated[index] else { continue }
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
    static func result(_ attack: Attack, records: [ReleaseRecord], scores: [[Double]?]) -> AttackResult {
        var overall = Tally()
        var bySource: [String: Tally] = [:]
        var byCategory: [String: Tally] = [:]
        for (record, scores) in zip(records, scores) {
            guard let scores, scores.count == record.options.count, scores.count > 1,
                record.options.indices.contains(record.answerIndex)
            else { continue }
            let best = scores.max()!
            let picked = scores.indices.filter { scores[$0] == best }
            let credit = picked.contains(record.answerIndex) ? 1 / Double(picked.count) : 0
            let chance = 1 / Double(scores.count)
            let fired = picked.count < scores.count
            overall.add(credit, chance, fired)
            bySource[source(of: record), default: Tally()].add(credit, chance, fired)
            byCategory[record.category, default: Tally()].add(credit, chance, fired)
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
    static func wilson(_ p: Double, _ n: Double) -> (Double, Double) {
        let z = 1.959964
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    // MARK: - The attacks

    /// One question, read once for every attack.
    struct Prepared: Sendable {
        var options: [String]
        /// Each option whitespace-normalised, the key for reuse across questions.
        var keys: [String]
        var lengths: [Int]
        var values: [Double]?
        /// Content words each option shares with the question.
        var overlap: [Int]
        /// Per option, the sum of its similarities to the other options (character trigrams).
        var centroid: [Double]
        /// Per option: shares no content word with the question or another option; nil for an
        /// option without content words.
        var unrelated: [Bool?]
        var formats: [[String]]

        init(_ record: ReleaseRecord) {
            options = record.options
            keys = record.options.map(OptionValidator.normalized)
            lengths = keys.map(\.unicodeScalars.count)
            let quantities = record.options.map(Quantity.parse)
            values = quantities.allSatisfy({ $0 != nil }) ? quantities.map { $0!.value } : nil
            let words = keys.map(TextFeatures.contentWordHashes)
            let questionWords = TextFeatures.contentWordHashes(record.question)
            overlap = words.map { TextFeatures.sharedCount($0, questionWords) }
            // A word some other option or the question has.
            var owners: [UInt64: Int] = [:]
            for list in words { for word in list { owners[word, default: 0] += 1 } }
            let asked = Set(questionWords)
            unrelated = words.map { list in
                list.isEmpty ? nil : list.allSatisfy { owners[$0, default: 0] < 2 && !asked.contains($0) }
            }
            let trigrams = keys.map(TextFeatures.trigrams)
            var centroid = Array(repeating: 0.0, count: keys.count)
            for i in trigrams.indices {
                for j in trigrams.indices where j > i {
                    let similarity = TextFeatures.jaccard(trigrams[i], trigrams[j])
                    centroid[i] += similarity
                    centroid[j] += similarity
                }
            }
            self.centroid = centroid
            formats = record.options.map(TextFeatures.format)
        }
    }

    /// Per-option scores of an attack, or nil where it does not apply.
    static func scores(_ attack: Attack, _ question: Prepared) -> [Double]? {
        let count = question.options.count
        switch attack {
        case .numericFamilyCentre:
            guard let values = question.values else { return nil }
            return familyCounts(values, factors: [10, 0.1, 100, 0.01, -1]).map(Double.init)
        case .uniqueFormat:
            let unique = uniqueFormatCounts(question.formats)
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

    /// For each value, how many other values are it times one of `factors` (within 0.5%).
    static func familyCounts(_ values: [Double], factors: [Double]) -> [Int] {
        values.indices.map { index in
            let value = values[index]
            guard value != 0 else { return 0 }
            return values.indices.filter { other in
                other != index
                    && factors.contains { factor in
                        let target = value * factor
                        return abs(values[other] - target) <= 0.005 * abs(target)
                    }
            }.count
        }
    }

    /// For each option, in how many format features it is the only one of its kind (the
    /// others all agreeing on another value).
    static func uniqueFormatCounts(_ formats: [[String]]) -> [Int] {
        guard formats.count >= 3, let features = formats.first?.count else { return formats.map { _ in 0 } }
        var counts = formats.map { _ in 0 }
        for feature in 0..<features {
            var tally: [String: [Int]] = [:]
            for (index, format) in formats.enumerated() { tally[format[feature], default: []].append(index) }
            guard tally.count == 2, let single = tally.values.first(where: { $0.count == 1 }) else { continue }
            counts[single[0]] += 1
        }
        return counts
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

/// Surface features of option text shared by the attacks and the generator.
enum TextFeatures {
    static let stopwords: Set<String> = [
        "the", "and", "for", "that", "this", "with", "from", "are", "was", "were", "which", "what", "who", "whom", "whose",
        "not", "but", "its", "has", "have", "had", "been", "being", "into", "onto", "than", "then", "there", "their", "they",
        "them", "these", "those", "such", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "does",
        "did", "doe", "all", "any", "each", "other", "some", "more", "most", "less", "least", "only", "also", "both", "either",
        "neither", "nor", "our", "your", "his", "her", "she", "him", "one", "when", "where", "why", "how", "following",
        "statement", "statements", "true", "false", "answer", "question", "about", "between", "because", "over", "under",
        "very", "like", "you", "out", "per",
    ]

    /// Lower-case words of three or more letters that are not stopwords, cut to their first
    /// six letters (a crude stem: "increase", "increases", "increased" meet).
    static func contentWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        var current: [UInt8] = []
        func flush() {
            if current.count >= 3 {
                let word = String(decoding: current, as: UTF8.self)
                if !stopwords.contains(word) { words.insert(String(word.prefix(6))) }
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: current.append(byte + 0x20)
            case 0x61...0x7A: current.append(byte)
            case 0x80...: current.append(byte)
            default: flush()
            }
        }
        flush()
        return words
    }

    /// The content words (``contentWords(_:)``) as sorted, distinct FNV-1a hashes.
    static func contentWordHashes(_ text: String) -> [UInt64] {
        contentWords(text).map { word in
            word.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }.sorted()
    }

    /// How many elements two sorted, distinct arrays share.
    static func sharedCount<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
        var (i, j, shared) = (0, 0, 0)
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// Character trigrams of the lower-cased text, packed, sorted and distinct.
    static func trigrams(_ text: String) -> [UInt32] {
        let bytes = Array(text.lowercased().utf8)
        guard bytes.count >= 3 else { return [bytes.reduce(0 as UInt32) { $0 &* 31 &+ UInt32($1) } | 0x8000_0000] }
        var grams: [UInt32] = []
        grams.reserveCapacity(bytes.count - 2)
        for index in 0...(bytes.count - 3) {
            grams.append(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]))
        }
        grams.sort()
        var distinct: [UInt32] = []
        distinct.reserveCapacity(grams.count)
        for gram in grams where gram != distinct.last { distinct.append(gram) }
        return distinct
    }

    static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        let shared = sharedCount(a, b)
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// The option's format, one value per feature: scientific notation, a unit, decimals, a
    /// sign, LaTeX, a multiplication sign.
    static func format(_ option: String) -> [String] {
        let bytes = Array(option.utf8)
        func contains(_ needle: String) -> Bool {
            let needle = Array(needle.utf8)
            guard bytes.count >= needle.count else { return false }
            return (0...(bytes.count - needle.count)).contains { start in
                bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
        let quantity = Quantity.parse(option)
        let scientific = quantity?.isScientific == true || contains("10^") || contains("\\times 10")
        let unit = quantity.map { $0.unit.isEmpty ? "none" : "unit" } ?? "text"
        var decimals = "-"
        if quantity != nil {
            if let dot = bytes.firstIndex(of: 0x2E) {
                decimals = String(bytes[(dot + 1)...].prefix { (0x30...0x39).contains($0) }.count)
            } else {
                decimals = "0"
            }
        }
        // A sign first, after spaces and `$`: "-", "+" or "−" (U+2212, E2 88 92).
        let head = bytes.drop { $0 == 0x20 || $0 == 0x24 }.prefix(3)
        let sign = head.first == 0x2D || head.first == 0x2B || head.elementsEqual([0xE2, 0x88, 0x92])
        let latex = bytes.contains(0x24) || bytes.contains(0x5C)
        let times = contains("×")
        return [
            scientific ? "sci" : "plain", unit, decimals, sign ? "signed" : "unsigned", latex ? "latex" : "plain",
            times ? "times" : "plain",
        ]
    }
}

/// Statistics the report needs.
enum Statistics {
    /// P(X ≥ x) for a chi-square variable with `k` degrees of freedom.
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        guard x > 0 else { return 1 }
        return regularizedGammaQ(Double(k) / 2, x / 2)
    }

    /// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
    static func logGamma(_ x: Double) -> Double {
        let coefficients = [
            0.999_999_999_999_809_93, 676.520_368_121_885_1, -1_259.139_216_722_402_8, 771.323_428_777_653_13,
            -176.615_029_162_140_59, 12.507_343_278_686_905, -0.138_571_095_265_720_12, 9.984_369_578_019_571_6e-6,
            1.505_632_735_149_311_6e-7,
        ]
        if x < 0.5 { return log(Double.pi / abs(sin(Double.pi * x))) - logGamma(1 - x) }
        let z = x - 1
        var sum = coefficients[0]
        for i in 1..<9 { sum += coefficients[i] / (z + Double(i)) }
        let t = z + 7.5
        return 0.5 * log(2 * Double.pi) + (z + 0.5) * log(t) - t + log(sum)
    }

    /// The regularised upper incomplete gamma function Q(a, x) (Numerical Recipes, 6.2).
    static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        let lnGammaA = logGamma(a)
        if x < a + 1 {
            var sum = 1 / a
            var term = sum
            var n = a
            for _ in 0..<500 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(-x + a * log(x) - lnGammaA))
        }
        var b = x + 1 - a
        var c = 1 / 1e-300
        var d = 1 / b
        var h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c
            if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(-x + a * log(x) - lnGammaA) * h)
    }
}

/// The learned options-only attacker: a logistic regression over per-option surface features
/// (length, rank, overlap, similarity, digits, format, reuse, position), fitted by Newton's
/// method with a small ridge on one half of the questions and tested on the other, both ways.
enum LearnedAttacker {
    static let featureNames = [
        "bias", "length_z", "longest", "shortest", "length_rank", "words_z", "question_overlap", "question_overlap_z",
        "centroid_z", "digit_fraction", "latex", "numeric", "numeric_family", "unique_format", "reuse", "capitalised",
        "full_stop", "position", "unrelated",
    ]

    /// Per-option scores for every question, each from the model fitted on the other fold.
    static func scores(_ questions: [Shortcuts.Prepared], records: [ReleaseRecord], reuse: ReuseIndex) -> [[Double]?] {
        let rows = questions.map { Self.features($0, reuse: reuse) }
        var scores: [[Double]?] = questions.map { _ in nil }
        for fold in 0..<2 {
            let train = questions.indices.filter { $0 % 2 != fold }
            let test = questions.indices.filter { $0 % 2 == fold }
            guard let weights = fit(train.map { (rows: rows[$0], answer: records[$0].answerIndex) }) else { continue }
            for index in test {
                scores[index] = rows[index].map { row in zip(row, weights).reduce(0.0) { $0 + $1.0 * $1.1 } }
            }
        }
        return scores
    }

    /// The feature rows of a question's options.
    static func features(_ question: Shortcuts.Prepared, reuse: ReuseIndex) -> [[Double]] {
        let n = question.options.count
        let lengths = question.lengths.map(Double.init)
        let words = question.keys.map { Double($0.split(separator: " ").count) }
        let overlap = question.overlap.map(Double.init)
        let centroid = question.centroid
        let family = question.values.map { Shortcuts.familyCounts($0, factors: [10, 0.1, 100, 0.01, -1, 2, 0.5]) }
        let unique = Shortcuts.uniqueFormatCounts(question.formats)
        let maxLength = lengths.max() ?? 0
        let minLength = lengths.min() ?? 0
        let ranks = lengths.map { length in Double(lengths.filter { $0 < length }.count) / Double(max(n - 1, 1)) }
        func z(_ values: [Double]) -> [Double] {
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))).squareRoot()
            return values.map { sd > 0 ? ($0 - mean) / sd : 0 }
        }
        let (lengthZ, wordsZ, overlapZ, centroidZ) = (z(lengths), z(words), z(overlap), z(centroid))
        return (0..<n).map { index in
            let option = question.options[index]
            let digits = option.unicodeScalars.filter { $0.properties.numericType != nil }.count
            let first = option.first { !$0.isWhitespace }
            return [
                1, lengthZ[index], lengths[index] == maxLength ? 1 : 0, lengths[index] == minLength ? 1 : 0, ranks[index],
                wordsZ[index], min(overlap[index], 5), overlapZ[index], centroidZ[index],
                Double(digits) / Double(max(option.unicodeScalars.count, 1)), option.contains("$") || option.contains("\\") ? 1 : 0,
                question.values == nil ? 0 : 1, Double(family?[index] ?? 0), Double(unique[index]),
                log(Double(max(reuse.questions(containing: question.keys[index]), 1))), first?.isUppercase == true ? 1 : 0,
                option.hasSuffix(".") ? 1 : 0, Double(index) / 9,
                question.unrelated[index] == true ? 1 : 0,
            ]
        }
    }

    /// Logistic-regression weights for "this option is the answer", or nil with no data.
    static func fit(_ questions: [(rows: [[Double]], answer: Int)]) -> [Double]? {
        let rows = questions.flatMap { question in question.rows.indices.map { (question.rows[$0], $0 == question.answer ? 1.0 : 0.0) } }
        guard let width = rows.first?.0.count, rows.count > width else { return nil }
        var weights = Array(repeating: 0.0, count: width)
        let ridge = 1e-3 * Double(rows.count)
        for _ in 0..<12 {
            var gradient = weights.map { ridge * $0 }
            var hessian = (0..<width).map { row in (0..<width).map { $0 == row ? ridge : 0 } }
            gradient[0] -= ridge * weights[0]
            hessian[0][0] -= ridge
            for (x, y) in rows {
                var t = 0.0
                for j in 0..<width { t += x[j] * weights[j] }
                let p = 1 / (1 + exp(-t))
                let w = max(p * (1 - p), 1e-9)
                for j in 0..<width {
                    gradient[j] += (p - y) * x[j]
                    let wx = w * x[j]
                    for k in j..<width { hessian[j][k] += wx * x[k] }
                }
            }
            for j in 0..<width { for k in 0..<j { hessian[j][k] = hessian[k][j] } }
            guard let step = solve(hessian, gradient) else { break }
            var largest = 0.0
            for j in 0..<width {
                weights[j] -= step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-8 { break }
        }
        return weights
    }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var v = b
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }), abs(m[pivot][column]) > 1e-12
            else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                v[row] -= factor * v[column]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
