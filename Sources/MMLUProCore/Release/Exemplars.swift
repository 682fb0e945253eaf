import Foundation

/// Reads exemplar files, matches each exemplar to its dev question, and rewrites its letters to
/// the positions the options have in the released list.
///
/// The public validation split was made this way: its `cot_content` is the exemplar with every
/// option letter changed to the option's position among the 10.
public enum Exemplars {
    static let header = "The following are multiple choice questions"

    /// Reads a `cot-prompts` file: one JSON object keyed by MMLU subject, each value a header line
    /// and exemplars `Q: ...\n(A) ... (B) ...\nA: Let's think step by step. ... The answer is (X).`
    /// separated by blank lines.
    /// - Throws: ``InputError`` naming the subject and the exemplar.
    public static func read(_ file: InputFile) throws -> [Exemplar] {
        try SourceText.validateUTF8(file.data, displayPath: file.displayPath)
        let subjects = try JSONInput.decode([String: String].self, from: file.data, location: file.displayPath)
        // Each subject on its own, over the cores; the first error in subject order is the one thrown.
        return try ParallelMap.tryMap(subjects.keys.sorted(), chunk: 1) { subject in
            try Self.exemplars(subjects[subject]!, subject: subject, file: file)
        }.flatMap { $0 }
    }

    private static func exemplars(_ text: String, subject: String, file: InputFile) throws -> [Exemplar] {
        let text = text.utf8.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let blocks = text.components(separatedBy: "\n\nQ: ")
        guard blocks[0].trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(header) else {
            throw InputError(
                .invalidValue, at: "\(file.displayPath) $.\(subject)",
                "expected a header line \"\(header) ...\", found \"\(blocks[0].prefix(60))\"")
        }
        return try blocks.dropFirst().enumerated().map { index, block in
            try exemplar(block, subject: subject, location: "\(file.displayPath) $.\(subject) exemplar \(index + 1)", file: file)
        }
    }

    static func exemplar(_ block: String, subject: String, location: String, file: InputFile) throws -> Exemplar {
        guard let optionsStart = block.range(of: "\n(A) ") else {
            throw InputError(.invalidValue, at: location, "expected the options \"(A) ... (B) ...\" on a line after the question")
        }
        guard let reasoning = block.range(of: "\n" + Rationale.opening, range: optionsStart.upperBound..<block.endIndex) else {
            throw InputError(.invalidValue, at: location, "expected a line \"\(Rationale.opening) ...\" after the options")
        }
        let question = TextDefects.repair(String(block[..<optionsStart.lowerBound])).text
        let options = splitOptions(String(block[optionsStart.upperBound..<reasoning.lowerBound])).map {
            TextDefects.repair($0, trim: true).text
        }
        let raw = String(block[reasoning.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        let (rationale, repairs) = TextDefects.repair(raw)
        guard Rationale.conclusion(rationale) != nil else {
            throw InputError(.invalidValue, at: location, "expected the rationale to end \"The answer is (X).\" with X from A to J")
        }
        return Exemplar(
            subject: subject, question: question, options: options, rationale: rationale, repairs: repairs,
            origin: file.origin(location))
    }

    /// `x (B) y\n(C) z` after `(A) `: the options in letter order.
    static func splitOptions(_ text: String) -> [String] {
        var options: [String] = []
        var rest = Substring(text)
        for letter in "BCDEFGHIJ" {
            guard
                let next = rest.ranges(of: "(\(letter)) ").first(where: {
                    $0.lowerBound > rest.startIndex && rest[rest.index(before: $0.lowerBound)].isWhitespace
                })
            else { break }
            options.append(String(rest[..<next.lowerBound]))
            rest = rest[next.upperBound...]
        }
        options.append(String(rest))
        return options.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    // MARK: - Matching

    /// A dev question as collect stored it.
    struct DevQuestion: Sendable {
        var key: String
        var subject: String
        var question: String
        var options: [String]
        var answerIndex: Int
    }

    /// An exemplar matched to a dev question.
    struct Match: Sendable {
        var exemplar: Exemplar
        var key: String
        /// 1 for an equal question (whitespace normalised); otherwise the similarity measured.
        var similarity: Double
        /// `equal`, `similar`, or `suffix` (text glued in front of the dev question).
        var method: String
        /// For each exemplar option, the dev option it is, or nil.
        var optionMap: [Int?]
    }

    /// Matches exemplars to dev questions of their subject by question text: equal after
    /// whitespace normalisation; else the dev question ending the exemplar's (a sentence glued
    /// in front); else the most similar one at `minSimilarity` or above. Two exemplars of one dev
    /// question: the closer one (then the first in the file) is kept.
    static func match(_ exemplars: [Exemplar], dev: [DevQuestion], minSimilarity: Double)
        -> (matches: [String: Match], unmatched: [Exemplar], repeated: [Exemplar])
    {
        // Each dev question normalised once, not once per exemplar of its subject.
        let bySubject = Dictionary(grouping: dev.map { (row: $0, text: OptionValidator.normalized($0.question)) }, by: \.row.subject)
        var matches: [String: Match] = [:]
        var unmatched: [Exemplar] = []
        var repeated: [Exemplar] = []
        for exemplar in exemplars {
            let question = OptionValidator.normalized(exemplar.question)
            let rows = bySubject[exemplar.subject] ?? []
            var found: (DevQuestion, Double, String)?
            if let row = rows.first(where: { $0.text == question }) {
                found = (row.row, 1, "equal")
            } else if let row = rows.first(where: { $0.text.count >= 20 && question.hasSuffix($0.text) }) {
                found = (row.row, similarity(question, row.text), "suffix")
            } else {
                let scored = rows.map { ($0.row, similarity(question, $0.text, atLeast: minSimilarity)) }
                if let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= minSimilarity { found = (best.0, best.1, "similar") }
            }
            guard let (row, score, method) = found else {
                unmatched.append(exemplar)
                continue
            }
            let match = Match(
                exemplar: exemplar, key: row.key, similarity: score, method: method, optionMap: optionMap(exemplar.options, row.options))
            if let earlier = matches[row.key] {
                if score > earlier.similarity {
                    repeated.append(earlier.exemplar)
                    matches[row.key] = match
                } else {
                    repeated.append(exemplar)
                }
            } else {
                matches[row.key] = match
            }
        }
        return (matches, unmatched, repeated)
    }

    /// Each exemplar option's dev option: the equal one (whitespace and a final period aside),
    /// else the one at the same position when it is nearly the same text (`pneumonia`,
    /// `pneumoniae`).
    static func optionMap(_ exemplar: [String], _ dev: [String]) -> [Int?] {
        func key(_ text: String) -> String {
            let normal = OptionValidator.normalized(text)
            return normal.hasSuffix(".") ? String(normal.dropLast()) : normal
        }
        let devKeys = dev.map(key)
        return exemplar.enumerated().map { index, option in
            let option = key(option)
            if let equal = devKeys.firstIndex(of: option) { return equal }
            if index < devKeys.count, similarity(option, devKeys[index], atLeast: 0.8) >= 0.8 { return index }
            return nil
        }
    }

    /// 1 minus the edit distance over the longer length, by Unicode scalars; 0 when the lengths
    /// alone rule out `atLeast`.
    static func similarity(_ a: String, _ b: String, atLeast: Double = 0) -> Double {
        let (x, y) = (a.unicodeScalars.count, b.unicodeScalars.count)
        let longest = max(x, y)
        guard longest > 0 else { return 1 }
        guard Double(min(x, y)) / Double(longest) >= atLeast else { return 0 }
        return 1 - Double(editDistance(a, b)) / Double(longest)
    }

    // MARK: - Letters

    /// Why an exemplar cannot be the rationale of its released question.
    struct Refusal: Error, Sendable {
        var reason: String
        var detail: String
    }

    /// The rationale with every option letter it mentions, `(X)` not glued to a word before it,
    /// rewritten to the position that option has in `released`; and the letters changed
    /// (`A→C, B→F`). Refused when the exemplar concludes with another answer than the dev
    /// question (`rationale_answer_mismatch`), or names an option that the dev question does
    /// not have or the release no longer has (`rationale_option_missing`).
    static func rewrite(_ match: Match, dev: DevQuestion, released: [String]) -> Result<(text: String, letters: String), Refusal> {
        let exemplar = match.exemplar
        let conclusion = Rationale.conclusion(exemplar.rationale)!
        let concluded = OptionLetter.index(ofLetter: conclusion)!
        guard concluded < match.optionMap.count, match.optionMap[concluded] == dev.answerIndex else {
            let said = concluded < exemplar.options.count ? " \"\(exemplar.options[concluded])\"" : ""
            return .failure(
                Refusal(
                    reason: "rationale_answer_mismatch",
                    detail:
                        "the exemplar (\(exemplar.origin)) concludes (\(conclusion))\(said); the dev answer is (\(OptionLetter.letter(dev.answerIndex))) \"\(dev.options[dev.answerIndex])\""
                ))
        }
        let releasedKeys = released.map(OptionValidator.normalized)
        var mapping: [Character: Character] = [:]
        let scalars = Array(exemplar.rationale.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "(", index + 2 < scalars.count, scalars[index + 2] == ")", ("A"..."J").contains(scalars[index + 1]),
                index == 0 || !(scalars[index - 1].properties.isAlphabetic || ("0"..."9").contains(scalars[index - 1]))
            else {
                output.append(scalar)
                index += 1
                continue
            }
            let letter = Character(scalars[index + 1])
            if mapping[letter] == nil {
                let option = OptionLetter.index(ofLetter: String(letter))!
                guard option < match.optionMap.count, let devIndex = match.optionMap[option] else {
                    return .failure(
                        Refusal(
                            reason: "rationale_option_missing",
                            detail: "the exemplar (\(exemplar.origin)) names (\(letter)), which the dev question does not have"))
                }
                guard let position = releasedKeys.firstIndex(of: OptionValidator.normalized(dev.options[devIndex])) else {
                    return .failure(
                        Refusal(
                            reason: "rationale_option_missing",
                            detail:
                                "the exemplar (\(exemplar.origin)) names (\(letter)) \"\(dev.options[devIndex])\", which the released options no longer have: a person must reword it"
                        ))
                }
                mapping[letter] = Character(OptionLetter.letter(position))
            }
            output.append(contentsOf: "(\(mapping[letter]!))".unicodeScalars)
            index += 3
        }
        let letters = mapping.keys.sorted().map { "\($0)→\(mapping[$0]!)" }.joined(separator: ", ")
        return .success((String(output), letters))
    }

    /// The order validation exemplars are picked in, within a category: one question of each
    /// subject in turn (subjects by name), each subject's dev questions in row order. A category of
    /// several subjects gets exemplars from several.
    static func validationOrder<Item>(_ items: [Item], key: (Item) -> String) -> [Item] {
        func parts(_ item: Item) -> (subject: String, row: Int) {
            let components = key(item).split(separator: "/")
            return (components.count >= 2 ? String(components[components.count - 2]) : "", Int(components.last ?? "") ?? 0)
        }
        let bySubject = Dictionary(grouping: items, by: { parts($0).subject }).mapValues { $0.sorted { parts($0).row < parts($1).row } }
        var order: [Item] = []
        var round = 0
        while order.count < items.count {
            for subject in bySubject.keys.sorted() where round < bySubject[subject]!.count {
                order.append(bySubject[subject]![round])
            }
            round += 1
        }
        return order
    }
}
