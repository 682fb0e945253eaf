import Foundation
import GRDB

/// The data card: what the release holds, how it was made, what each step removed and why,
/// how it compares with the paper, and what changed since the previous release.
struct DataCard {
    var configuration: BuildConfiguration
    var release: ReleaseConfig
    var entries: [(candidate: ReleaseStage.Candidate, record: ReleaseRecord)]
    var funnel: Funnel
    var figures: Audit.Figures
    var verdict: ReleaseGates.Verdict
    var validationOmitted: String?
    var shortCategories: [String: Int]
    var diff: ReleaseDiff?
    /// Who wrote what, as in the manifest (``ReleaseBuilder/generators(_:)``).
    var generators: [String: [String]]
    /// Options-only attacks on the test split, and on an imported release's beside them.
    var shortcuts: Shortcuts.Report
    var importedShortcuts: (name: String, report: Shortcuts.Report)?

    typealias Entry = (candidate: ReleaseStage.Candidate, record: ReleaseRecord)

    /// The paper's test split by source (MMLU-Pro, section 3).
    /// How many validation rationales came from an exemplar file, by how their question matched.
    func exemplarLine(_ db: Database, validation keys: [String]) throws -> String? {
        guard !keys.isEmpty else { return nil }
        var methods: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT method, COUNT(*) FROM validation_rationale WHERE item_key IN (SELECT value FROM json_each(?)) GROUP BY 1",
            arguments: [Digest.canonicalJSON(keys)])
        {
            methods[row[0]] = row[1]
        }
        guard !methods.isEmpty else { return nil }
        let total = methods.values.reduce(0, +)
        let how = ["equal", "similar", "suffix"].compactMap { method in
            methods[method].map { "\($0) \(method == "suffix" ? "with a sentence glued in front" : method)" }
        }.joined(separator: ", ")
        return "- Validation rationales: \(total) of \(keys.count) from the exemplar file, matched to their dev question by text "
            + "(\(how)), option letters rewritten to the released positions (`validation_rationale`)."
    }

    static let paperComposition: [(source: String, name: String, count: Int)] = [
        ("mmlu", "Original MMLU", 6_810), ("stemez", "STEM Website", 4_083), ("theoremqa", "TheoremQA", 598),
        ("scibench", "SciBench", 541),
    ]

    func markdown(_ db: Database) throws -> String {
        let test = entries.filter { $0.candidate.split == "test" }
        let validation = entries.filter { $0.candidate.split == "validation" }
        var out: [String] = header()
        out += splits(test: test, validation: validation)
        out += categories(test: test)
        out += try howMade(db, validation: validation)
        out += try funnelSection(db)
        out += try paper(db, test: test)
        out += options()
        out += shortcutSection()
        out += waivers()
        out += changes()
        return out.joined(separator: "\n") + "\n"
    }

    /// The title, the preview warning and what the records are.
    private func header() -> [String] {
        var out: [String] = []
        out.append("# MMLU-Pro, rebuilt: release \(release.version)\(release.preview ? " (preview)" : "")")
        out.append("")
        if release.preview {
            let open = verdict.unreviewed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            out.append(
                "> **Preview.** Not a finished release: review is not complete\(open.isEmpty ? "" : " (\(open))"). "
                    + "Automatic review decisions are recorded as automatic; no person looked at those questions.")
            out.append("")
        }
        out.append(
            "Built by the MMLU-Pro construction pipeline from the inputs whose SHA-256 digests are in `manifest.json`. "
                + "Records follow the published schema (`question_id`, `question`, `options`, `answer`, `answer_index`, "
                + "`cot_content`, `category`, `src`); ids are kept from release to release and never reused.")
        out.append("")
        return out
    }

    /// Questions per split and source, and why a split or category is short.
    private func splits(test: [Entry], validation: [Entry]) -> [String] {
        var out: [String] = []
        out.append("## Splits")
        out.append("")
        var splitTable: [[String]] = [["split", "questions"] + Self.paperComposition.map(\.name)]
        for (name, group) in [("test", test), ("validation", validation)] {
            splitTable.append(
                [name, String(group.count)]
                    + Self.paperComposition.map { source in String(group.filter { $0.candidate.source == source.source }.count) })
        }
        out.append(Funnel.markdown(splitTable, numericFrom: 1))
        if let validationOmitted {
            out.append("The validation split is left out: \(validationOmitted).")
            out.append("")
        }
        if !shortCategories.isEmpty {
            let list = shortCategories.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            out.append(
                "Categories without validation exemplars (fewer than \(release.validationPerCategory) usable): \(list).")
            out.append("")
        }
        return out
    }

    /// Test questions per category and source.
    private func categories(test: [Entry]) -> [String] {
        var out: [String] = []
        out.append("## Test split by category and source")
        out.append("")
        var categoryTable: [[String]] = [["category"] + Self.paperComposition.map(\.name) + ["all"]]
        for category in configuration.categories.categories {
            let group = test.filter { $0.record.category == category }
            guard !group.isEmpty else { continue }
            categoryTable.append(
                [category] + Self.paperComposition.map { source in String(group.filter { $0.candidate.source == source.source }.count) }
                    + [String(group.count)])
        }
        out.append(Funnel.markdown(categoryTable, numericFrom: 1))
        return out
    }

    /// Who wrote what, and who decided the review.
    private func howMade(_ db: Database, validation: [Entry]) throws -> [String] {
        var out: [String] = []
        out.append("## How it was made")
        out.append("")
        for (label, key) in [
            ("Answers extracted and 3 distractors written by", "answers_and_distractors"), ("Options expanded to 10 by", "augmentation"),
            ("Every option re-checked (review, phase 2) by", "judge"),
            ("Validation rationales not in the files written by", "rationales_model"),
        ] {
            if let names = generators[key] { out.append("- \(label): \(names.joined(separator: ", ")).") }
        }
        if let line = try exemplarLine(db, validation: validation.map(\.candidate.key)) { out.append(line) }
        // Questions decided, by people and by the unattended review.
        var decided: [Bool: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT e.reviewer = ? AS automatic, COUNT(DISTINCT t.item_key) AS n FROM review_event e
                JOIN review_task t ON t.key = e.task_key WHERE e.kind IN ('decide', 'adjudicate') GROUP BY 1
                """, arguments: [ReviewStage.automaticReviewer])
        {
            decided[row["automatic"]] = row["n"]
        }
        let (people, automatic) = (decided[false] ?? 0, decided[true] ?? 0)
        out.append("- Review decisions: \(people) questions decided by people, \(automatic) decided automatically (no person).")
        out.append("")
        return out
    }

    /// What each step kept and removed, why, and the text repaired.
    private func funnelSection(_ db: Database) throws -> [String] {
        var out: [String] = []
        out.append("## Funnel")
        out.append("")
        out.append("![What each step kept and removed, per source](funnel.svg)")
        out.append("")
        out.append(
            "Per source, split and category: records ingested, removed by each stage (`-stage`), held back for a person, "
                + "and kept (released).")
        out.append("")
        out.append(Funnel.markdown(funnel.funnelTable(), numericFrom: 3))
        out.append("### Why questions were removed")
        out.append("")
        out.append(funnel.reasons.isEmpty ? "Nothing was removed.\n" : Funnel.markdown(funnel.reasonTable(), numericFrom: 3))
        let repairs = try Row.fetchAll(
            db, sql: "SELECT reason, COUNT(*) AS n, COUNT(DISTINCT item_key) AS items FROM text_repair GROUP BY 1 ORDER BY 1")
        if !repairs.isEmpty {
            out.append("### Text repaired at collection")
            out.append("")
            for row in repairs {
                out.append(
                    "- \(row["reason"] as String): \(row["n"] as Int) repairs in \(row["items"] as Int) records (each in `text_repair`).")
            }
            out.append("")
        }
        return out
    }

    /// The split set against the paper's, and why they differ.
    private func paper(_ db: Database, test: [Entry]) throws -> [String] {
        var out: [String] = []
        out.append("## Compared with the paper")
        out.append("")
        var paperTable: [[String]] = [["source", "paper (test)", "this release (test)"]]
        for source in Self.paperComposition {
            paperTable.append([source.name, String(source.count), String(test.filter { $0.candidate.source == source.source }.count)])
        }
        paperTable.append(["all", "12032", String(test.count)])
        out.append(Funnel.markdown(paperTable, numericFrom: 1))
        out += try differences(db, test: test)
        out.append("")
        return out
    }

    /// Option counts, answer letters and the longest-option cue.
    private func options() -> [String] {
        var out: [String] = []
        out.append("## Options and answers")
        out.append("")
        let counts = figures.optionCounts.sorted { Int($0.key)! > Int($1.key)! }.map { "\($0.key) options: \($0.value)" }
        out.append("- Option counts: \(counts.joined(separator: ", ")).")
        let letters = figures.answerLetters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        out.append("- Answer letters: \(letters.joined(separator: ", ")).")
        out.append(
            "- The correct option is the longest in \(Self.percent(figures.longestIsCorrect)) of questions "
                + "(chance: \(Self.percent(figures.longestIsCorrectByChance))).")
        out.append("")
        return out
    }

    /// The options-only attacks against chance.
    private func shortcutSection() -> [String] {
        var out: [String] = []
        out.append("## Shortcuts: what the options give away")
        out.append("")
        out.append(
            "How often an evaluator who never reads the subject picks the answer of a test question from its options alone "
                + "(a tie is a guess among the tied), against chance, with a 95% interval; `mmlupro audit --shortcuts` gives the "
                + "breakdown by source and category.")
        out.append("")
        out.append(Funnel.markdown(ShortcutText.table(shortcuts, other: importedShortcuts), numericFrom: 1))
        for attack in shortcuts.attacks { out.append("- `\(attack.id.rawValue)`: \(attack.title).") }
        for share in shortcuts.shares { out.append("- `\(share.id)`: \(share.title).") }
        out.append("- " + ShortcutText.position(shortcuts.position) + ".")
        out.append("")
        return out
    }

    /// Release gates someone waived, with who and why.
    private func waivers() -> [String] {
        var out: [String] = []
        if !verdict.waived.isEmpty {
            out.append("## Waived release gates")
            out.append("")
            var table: [[String]] = [["gate", "question_id", "item", "by", "reason"]]
            for waived in verdict.waived {
                table.append([waived.failure.gate, String(waived.failure.questionID), waived.failure.itemKey, waived.by, waived.reason])
            }
            out.append(Funnel.markdown(table, numericFrom: 5))
        }
        return out
    }

    /// What changed since the previous release.
    private func changes() -> [String] {
        var out: [String] = []
        if let diff {
            out.append("## Changes since \(diff.summary.previous)")
            out.append("")
            out.append(
                "\(diff.summary.added.count) added, \(diff.summary.removed.count) removed (their ids stay retired), "
                    + "\(diff.summary.changed.count) changed (`diff.json`); \(diff.errata.count) answers changed (`errata.json`).")
            out.append("")
            if !diff.errata.isEmpty {
                var table: [[String]] = [["question_id", "before", "after", "reviewer", "reason", "date"]]
                for erratum in diff.errata.prefix(50) {
                    table.append([
                        String(erratum.questionID), erratum.before, erratum.after, erratum.reviewer ?? "", erratum.reason,
                        erratum.date ?? "",
                    ])
                }
                out.append(Funnel.markdown(table, numericFrom: 6))
                if diff.errata.count > 50 { out.append("(\(diff.errata.count - 50) more in `errata.json`.)\n") }
            }
        }
        return out
    }

    /// Why this release differs from the paper's, read from the build.
    func differences(_ db: Database, test: [Entry]) throws -> [String] {
        var notes: [String] = []
        let filter = configuration.pipeline.filter
        let missing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision WHERE reason LIKE '%missing%'") ?? 0
        let kept =
            try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM filter_decision d JOIN source_item s ON s.key = d.item_key WHERE d.outcome = 'kept' AND s.split = 'test'"
            ) ?? 0
        let dropped = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filter_decision WHERE reason = 'too_easy'") ?? 0
        notes.append(
            "- Difficulty filter: the paper asked 8 small models and dropped 5,886 MMLU questions that more than 4 answered correctly. "
                + "This build's panel is \(filter.models.count) model\(filter.models.count == 1 ? "" : "s") "
                + "(drop when more than \(filter.threshold) are correct): \(dropped) test questions dropped as too easy, \(kept) kept"
                + (missing > 0
                    ? ", of which \(missing) were kept or held because answers were missing (policy `\(filter.missing.rawValue)`)" : "")
                + ".")
        let stem = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source_item WHERE source = 'stemez'") ?? 0
        if stem < 1_000 {
            notes.append(
                "- STEM Website: the paper crawled stemez.com (4,083 released questions); this build has \(stem) STEM Website records"
                    + (stem == 0 ? " (no crawl is available here)." : "."))
        }
        if (generators["augmentation"] ?? []).contains(where: { $0.contains("heuristic") }) {
            notes.append(
                "- Distractors: the paper had GPT-4-Turbo write them; this build used the offline heuristic generator "
                    + "(numeric perturbations, unit swaps, sibling answers), which is not a language model.")
        }
        let removed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM removal WHERE stage = 'review'") ?? 0
        notes.append(
            "- Review: the paper's experts found 844 wrong answers, 2,266 false-negative options and 1,263 bad questions; "
                + "this build's review removed \(removed) questions.")
        return notes
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }
}
