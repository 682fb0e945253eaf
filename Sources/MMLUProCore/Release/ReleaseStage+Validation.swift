import Foundation
import GRDB

/// The validation split: dev questions with a rationale, from files, a model or the exemplar file.
extension ReleaseStage {
    /// The validation split: `validation_per_category` dev questions per category whose rationale
    /// (from a file, a model, or an exemplar matched to the question and rewritten to the
    /// released letters) concludes with the answer; every other dev question is removed, with why.
    /// - Returns: The split, and the categories with too few usable questions (their count).
    static func validationSplit(
        _ candidates: [Candidate], work: Work,
        exemplars: (matches: [String: Exemplars.Match], dev: [String: Exemplars.DevQuestion], unmatched: [Exemplar], repeated: [Exemplar]),
        configuration: BuildConfiguration, db: Database, remove: (String, String, String) throws -> Void
    ) throws -> (validation: [Candidate], shortCategories: [String: Int]) {
        let release = configuration.pipeline.release!
        let rationales = work.inputs.rationales.merging(work.written) { file, _ in file }
        let hasSource = !release.rationales.isEmpty || release.rationaleModel != nil
        var validation: [Candidate] = []
        var shortCategories: [String: Int] = [:]
        let byCategory = Dictionary(grouping: candidates.filter { $0.split == "validation" }, by: \.category)
        for category in configuration.categories.categories where byCategory[category] != nil {
            var usable: [Candidate] = []
            for candidate in byCategory[category]!.sorted(by: { $0.key < $1.key }) {
                guard hasSource else {
                    try remove(candidate.key, "no_rationale_source", "no rationale files and no rationale model configured")
                    continue
                }
                var found = rationales[candidate.key]
                if found == nil, let match = exemplars.matches[candidate.key], let dev = exemplars.dev[candidate.key] {
                    switch Exemplars.rewrite(match, dev: dev, released: candidate.options) {
                    case .failure(let refusal):
                        try remove(candidate.key, refusal.reason, refusal.detail)
                        continue
                    case .success(let (text, letters)):
                        found = Rationale(text: text, origin: match.exemplar.origin)
                        guard let method = ValidationRationale.Method(rawValue: match.method) else {
                            throw PipelineStateError(message: "\(candidate.key): unknown exemplar match \(match.method)")
                        }
                        try ValidationRationale(
                            itemKey: candidate.key, origin: match.exemplar.origin, method: method, similarity: match.similarity,
                            letters: letters
                        ).insert(db)
                        try TextDefects.Repair.record(
                            match.exemplar.repairs.map { (candidate.key, "cot_content", $0) }, stage: Self.name, db: db)
                    }
                }
                guard let rationale = found else {
                    try remove(candidate.key, "no_rationale", "no rationale in the files and none from a model")
                    continue
                }
                let letter = OptionLetter.letter(candidate.answerIndex)
                guard Rationale.conclusion(rationale.text) == letter else {
                    try remove(
                        candidate.key, "rationale_mismatch",
                        "the rationale (\(rationale.origin)) concludes (\(Rationale.conclusion(rationale.text) ?? "?")), the answer is (\(letter))"
                    )
                    continue
                }
                usable.append(candidate.with(cotContent: rationale.text))
            }
            if usable.count < release.validationPerCategory {
                if !usable.isEmpty { shortCategories[category] = usable.count }
                for candidate in usable {
                    try remove(
                        candidate.key, "validation_short_category",
                        "\(category) has \(usable.count) usable exemplars, \(release.validationPerCategory) are needed")
                }
                continue
            }
            usable = Exemplars.validationOrder(usable, key: \.key)
            validation += usable.prefix(release.validationPerCategory)
            for candidate in usable.dropFirst(release.validationPerCategory) {
                try remove(candidate.key, "validation_surplus", "\(category) already has \(release.validationPerCategory) exemplars")
            }
        }
        return (validation, shortCategories)
    }

    /// The configured exemplars matched to the build's dev questions.
    static func matchExemplars(_ inputs: Inputs, db: Database) throws -> (
        matches: [String: Exemplars.Match], dev: [String: Exemplars.DevQuestion], unmatched: [Exemplar], repeated: [Exemplar]
    ) {
        guard !inputs.exemplars.isEmpty else { return ([:], [:], [], []) }
        let dev = try Row.fetchAll(
            db, sql: "SELECT key, subject, question, options, answer FROM source_item WHERE source = 'mmlu' AND split = 'dev' ORDER BY key"
        ).compactMap { row -> Exemplars.DevQuestion? in
            guard let options: String = row["options"], let answer = OptionLetter.index(ofLetter: row["answer"] ?? "") else {
                return nil
            }
            return Exemplars.DevQuestion(
                key: row["key"], subject: row["subject"], question: row["question"],
                options: try JSONList.strings(options, column: "source_item.options"), answerIndex: answer)
        }
        let result = Exemplars.match(inputs.exemplars, dev: dev, minSimilarity: inputs.minSimilarity)
        return (result.matches, Dictionary(uniqueKeysWithValues: dev.map { ($0.key, $0) }), result.unmatched, result.repeated)
    }

    static let noRationaleReason =
        "no rationale files and no rationale model in the configuration (release.rationales, release.rationale_model): a rationale is never made up by a template"

    // MARK: - Candidates

    /// A question the build could release, as review left it. A class: the stage keeps each in
    /// several lists (by split, by category, beside its record), and a copy of a reference is
    /// one count where a copy of eleven fields was eleven.
    final class Candidate: Sendable {
        let key: String
        let split: String
        let category: String
        let src: String
        let source: String
        let question: String
        let options: [String]
        let answerIndex: Int
        /// `accepted`, `corrected`, `pending`, `automatic` (decided by an unattended review, no
        /// person), or `unreviewed` when the build has no review stage.
        let reviewState: String
        let reviewDetail: String
        let cotContent: String

        init(
            key: String, split: String, category: String, src: String, source: String, question: String, options: [String],
            answerIndex: Int, reviewState: String, reviewDetail: String, cotContent: String = ""
        ) {
            (self.key, self.split, self.category, self.src, self.source) = (key, split, category, src, source)
            (self.question, self.options, self.answerIndex) = (question, options, answerIndex)
            (self.reviewState, self.reviewDetail, self.cotContent) = (reviewState, reviewDetail, cotContent)
        }

        /// The same question with its rationale.
        func with(cotContent: String) -> Candidate {
            Candidate(
                key: key, split: split, category: category, src: src, source: source, question: question, options: options,
                answerIndex: answerIndex, reviewState: reviewState, reviewDetail: reviewDetail, cotContent: cotContent)
        }
    }
}
