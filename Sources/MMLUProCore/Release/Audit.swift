import Foundation

/// Checks for the defects the public MMLU-Pro shipped, over any set of records in its schema.
///
/// The release gates run the same checks on a release before it is written; `mmlupro audit`
/// runs them on any copy. Each check lists the question ids it found, with a detail for each.
public enum Audit {
    /// A check, by the id the JSON report uses (``AuditCheck``).
    public typealias Check = AuditCheck

    /// A record and where it came from.
    public struct Entry: Sendable {
        public var record: ReleaseRecord
        /// The split (the file's name without extension for `mmlupro audit`).
        public var split: String

        public init(_ record: ReleaseRecord, split: String) {
            self.record = record
            self.split = split
        }
    }

    /// One question a check found, and why.
    public struct Finding: Codable, Sendable, Equatable {
        public var questionID: Int
        public var split: String
        public var detail: String

        enum CodingKeys: String, CodingKey {
            case questionID = "question_id"
            case split, detail
        }
    }

    /// One check's findings.
    public struct CheckResult: Codable, Sendable, Equatable {
        public var id: Check
        public var title: String
        public var count: Int
        public var questionIDs: [Int]
        public var findings: [Finding]

        enum CodingKeys: String, CodingKey {
            case id, title, count
            case questionIDs = "question_ids"
            case findings
        }
    }

    /// Figures about the whole set, not defects.
    public struct Figures: Codable, Sendable, Equatable {
        public var records: [String: Int]
        /// Questions by number of options.
        public var optionCounts: [String: Int]
        /// Questions by answer letter.
        public var answerLetters: [String: Int]
        /// How often the correct option is the longest (ties share), and what chance would give.
        public var longestIsCorrect: Double
        public var longestIsCorrectByChance: Double

        enum CodingKeys: String, CodingKey {
            case records
            case optionCounts = "option_counts"
            case answerLetters = "answer_letters"
            case longestIsCorrect = "longest_is_correct"
            case longestIsCorrectByChance = "longest_is_correct_by_chance"
        }
    }

    public struct Report: Codable, Sendable, Equatable {
        public var checks: [CheckResult]
        public var figures: Figures

        /// The number of defects found: questions found by any check.
        public var defects: Int { checks.reduce(0) { $0 + $1.count } }

        public func result(_ check: Check) -> CheckResult? { checks.first { $0.id == check } }
    }

    /// Runs `checks` over `entries`; the figures too unless `figures` is false.
    public static func run(_ entries: [Entry], checks: [Check] = Check.allCases, figures withFigures: Bool = true) -> Report {
        var results: [CheckResult] = []
        // What checks across records read of each record, read once and over every core first:
        // a check runs on one core, where work spread inside it would wait for the other checks.
        let read = Read(entries, checks: checks)
        // The checks are independent: each on a core of its own, reported in order.
        let found = ParallelMap.map(checks, chunk: 1) { findings($0, entries, read) }
        for (check, findings) in zip(checks, found) {
            var seen = Set<Int>()
            let ids = findings.map(\.questionID).filter { seen.insert($0).inserted }
            results.append(CheckResult(id: check, title: check.title, count: ids.count, questionIDs: ids, findings: findings))
        }
        return Report(checks: results, figures: withFigures ? figures(entries) : figures([]))
    }

    /// Per record, what the checks across records compare: its ``duplicateKey(_:)`` and its
    /// ``shingles(_:)``, each only where a check of the run needs it.
    struct Read {
        var duplicateKeys: [HashedText] = []
        /// Each record's question, whitespace normalised.
        var questions: [HashedText] = []
        var shingles: [[Int]] = []

        init(_ entries: [Entry], checks: [Check]) {
            let keys = checks.contains(.duplicateQuestions) || checks.contains(.nearDuplicateQuestions)
            let questioned = checks.contains(.splitOverlap)
            let shingled = checks.contains(.nearDuplicateQuestions)
            guard keys || questioned || shingled else { return }
            let empty = HashedText("")
            let read = ParallelMap.map(entries) { entry in
                (
                    keys ? HashedText(duplicateKey(entry.record)) : empty,
                    questioned ? HashedText(OptionValidator.normalized(entry.record.question)) : empty,
                    shingled ? Audit.shingles(entry.record.question + " " + entry.record.options.sorted().joined(separator: " ")) : []
                )
            }
            if keys { duplicateKeys = read.map(\.0) }
            if questioned { questions = read.map(\.1) }
            if shingled { shingles = read.map(\.2) }
        }
    }

    static func findings(_ check: Check, _ entries: [Entry], _ read: Read) -> [Finding] {
        switch check {
        case .duplicateQuestions: return duplicates(entries, keys: read.duplicateKeys)
        case .nearDuplicateQuestions: return nearDuplicates(entries, shingles: read.shingles, exactKeys: read.duplicateKeys)
        case .splitOverlap: return splitOverlap(entries, questions: read.questions)
        default: break
        }
        var findings: [Finding] = []
        // By position: `for entry in entries` copies each entry (its record's strings and options).
        for index in entries.indices {
            if let detail = perRecord(check, entries[index].record) {
                findings.append(Finding(questionID: entries[index].record.questionID, split: entries[index].split, detail: detail))
            }
        }
        return findings
    }

    // MARK: - Checks of one record

    static func perRecord(_ check: Check, _ record: ReleaseRecord) -> String? {
        let options = record.options
        switch check {
        case .optionWhitespace:
            let padded = options.indices.filter { isPadded(options[$0]) }
            return padded.isEmpty ? nil : "options " + padded.map { OptionLetter.letter($0) }.joined(separator: ", ")
        case .whitespaceAnswerLeak:
            guard options.count >= 3, options.indices.contains(record.answerIndex), options.contains(where: isPadded) else { return nil }
            let patterns = options.map(whitespacePattern)
            let correct = patterns[record.answerIndex]
            let others = Set(patterns.enumerated().filter { $0.offset != record.answerIndex }.map(\.element))
            guard others.count == 1, let other = others.first, other != correct else { return nil }
            return "only the answer (\(record.answer)) has \(describe(correct)); the others have \(describe(other))"
        case .controlCharacters:
            guard
                TextDefects.mayHoldControls(record.question) || record.options.contains(where: TextDefects.mayHoldControls)
                    || TextDefects.mayHoldControls(record.cotContent)
            else { return nil }
            let found = fields(record).flatMap { field, text in
                TextDefects.controlCharacters(in: text).map { "\(field): \($0.description)" }
            }
            return found.isEmpty ? nil : found.joined(separator: "; ")
        case .mojibake:
            let ascii = { (text: String) in text.utf8.allSatisfy { $0 < 0x80 } }
            guard !ascii(record.question) || !record.options.allSatisfy(ascii) || !ascii(record.cotContent) else { return nil }
            let found = fields(record).flatMap { field, text in TextDefects.mojibake(in: text).map { "\(field): \($0)" } }
            return found.isEmpty ? nil : found.joined(separator: "; ")
        case .answerIndexMismatch:
            guard options.indices.contains(record.answerIndex) else { return nil }
            let expected = OptionLetter.letter(record.answerIndex)
            return record.answer == expected ? nil : "answer \(record.answer), answer_index \(record.answerIndex) is \(expected)"
        case .answerIndexOutOfRange:
            if !options.indices.contains(record.answerIndex) {
                return "answer_index \(record.answerIndex) with \(options.count) options"
            }
            if let letter = record.answer.unicodeScalars.first, record.answer.count == 1,
                !(65..<(65 + min(options.count, 10))).contains(Int(letter.value))
            {
                return "answer \(record.answer) with \(options.count) options"
            }
            return nil
        case .optionCount:
            return (3...10).contains(options.count) ? nil : "\(options.count) options"
        case .emptyOptions:
            let empty = options.indices.filter { options[$0].unicodeScalars.allSatisfy(\.properties.isWhitespace) }
            return empty.isEmpty ? nil : "options " + empty.map { OptionLetter.letter($0) }.joined(separator: ", ")
        case .duplicateOptions:
            var first: [String: Int] = [:]
            var pairs: [String] = []
            for (index, option) in options.enumerated() {
                let key = OptionValidator.normalized(option)
                if key.isEmpty { continue }
                if let earlier = first[key] {
                    pairs.append("\(OptionLetter.letter(earlier)) = \(OptionLetter.letter(index)): \(JSONText.quoted(key))")
                } else {
                    first[key] = index
                }
            }
            return pairs.isEmpty ? nil : pairs.joined(separator: "; ")
        case .metaOptions:
            let meta = options.indices.filter { OptionValidator.isMetaOption(options[$0]) }
            return meta.isEmpty ? nil : meta.map { "\(OptionLetter.letter($0)): \(JSONText.quoted(options[$0]))" }.joined(separator: "; ")
        case .figureReference:
            return FigureReference.find(in: record.question)
        case .duplicateQuestions, .nearDuplicateQuestions, .splitOverlap:
            return nil
        }
    }

    static func fields(_ record: ReleaseRecord) -> [(String, String)] {
        [("question", record.question)] + record.options.enumerated().map { ("option \(OptionLetter.letter($0.offset))", $0.element) }
            + (record.cotContent.isEmpty ? [] : [("cot_content", record.cotContent)])
    }

    /// Whether the text starts or ends with whitespace.
    static func isPadded(_ text: String) -> Bool {
        text.first?.isWhitespace == true || text.last?.isWhitespace == true
    }

    struct WhitespacePattern: Hashable {
        var leading: String
        var trailing: String
    }

    static func whitespacePattern(_ text: String) -> WhitespacePattern {
        let leading = String(text.prefix { $0.isWhitespace })
        let trailing = leading.count == text.count ? "" : String(text.reversed().prefix { $0.isWhitespace }.reversed())
        return WhitespacePattern(leading: leading, trailing: trailing)
    }

    static func describe(_ pattern: WhitespacePattern) -> String {
        if pattern.leading.isEmpty && pattern.trailing.isEmpty { return "no surrounding whitespace" }
        var parts: [String] = []
        if !pattern.leading.isEmpty { parts.append("leading \(JSONText.quoted(pattern.leading))") }
        if !pattern.trailing.isEmpty { parts.append("trailing \(JSONText.quoted(pattern.trailing))") }
        return parts.joined(separator: " and ")
    }

    // MARK: - Checks across records

    /// The question and its set of options, whitespace normalised: equal for duplicates.
    static func duplicateKey(_ record: ReleaseRecord) -> String {
        OptionValidator.normalized(record.question) + "\u{1F}"
            + record.options.map(OptionValidator.normalized).sorted().joined(separator: "\u{1E}")
    }

    /// The indexes of `entries` grouped by `key`, groups in order of first appearance.
    static func groups(_ entries: [Entry], by keys: [HashedText]) -> [[Int]] {
        // Each key's group by number, the groups numbered in order of first appearance.
        var numbers: [HashedText: Int] = [:]
        numbers.reserveCapacity(entries.count)
        var groups: [[Int]] = []
        for index in entries.indices {
            let number = numbers[keys[index], default: groups.count]
            if number == groups.count {
                numbers[keys[index]] = number
                groups.append([])
            }
            groups[number].append(index)
        }
        return groups
    }

    /// Every member of a group with the same question and the same set of options.
    static func duplicates(_ entries: [Entry], keys: [HashedText]) -> [Finding] {
        groups(entries, by: keys).flatMap { groupFindings($0, entries, relation: "same question and options as") }
    }

    static func groupFindings(_ members: [Int], _ entries: [Entry], relation: String) -> [Finding] {
        guard members.count > 1 else { return [] }
        return members.map { index in
            let others = members.filter { $0 != index }.map { "\(entries[$0].record.questionID) (\(entries[$0].split))" }
            return Finding(
                questionID: entries[index].record.questionID, split: entries[index].split,
                detail: "\(relation) \(others.joined(separator: ", "))")
        }
    }

    /// The same question text (whitespace normalised) in more than one split.
    /// - Parameter questions: each entry's question, whitespace normalised.
    static func splitOverlap(_ entries: [Entry], questions: [HashedText]) -> [Finding] {
        groups(entries, by: questions).flatMap { members -> [Finding] in
            guard Set(members.map { entries[$0].split }).count > 1 else { return [] }
            return groupFindings(members, entries, relation: "same question text as")
        }
    }

    // MARK: - Figures

    static func figures(_ entries: [Entry]) -> Figures {
        var records: [String: Int] = [:]
        var optionCounts: [String: Int] = [:]
        var letters: [String: Int] = [:]
        var longest = 0.0
        var chance = 0.0
        // Each record's share of the two rates, over the cores; summed in order below, so the
        // sums are the same to the last bit.
        let shares = ParallelMap.map(entries) { entry -> (longest: Double, chance: Double)? in
            let record = entry.record
            guard !record.options.isEmpty, record.options.indices.contains(record.answerIndex) else { return nil }
            let lengths = record.options.map { OptionValidator.normalized($0).unicodeScalars.count }
            let maximum = lengths.max()!
            let tied = lengths.filter { $0 == maximum }.count
            return (lengths[record.answerIndex] == maximum ? 1 / Double(tied) : 0, 1 / Double(record.options.count))
        }
        for index in entries.indices {
            let record = entries[index].record
            records[entries[index].split, default: 0] += 1
            optionCounts[String(record.options.count), default: 0] += 1
            letters[record.answer, default: 0] += 1
            guard let share = shares[index] else { continue }
            longest += share.longest
            chance += share.chance
        }
        let count = Double(max(entries.count, 1))
        return Figures(
            records: records, optionCounts: optionCounts, answerLetters: letters,
            longestIsCorrect: (longest / count * 10_000).rounded() / 10_000,
            longestIsCorrectByChance: (chance / count * 10_000).rounded() / 10_000)
    }
}
