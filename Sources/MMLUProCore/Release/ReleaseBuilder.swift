import Foundation
import GRDB

/// The files of one release, made from the records and the store: the splits as JSON and JSON
/// Lines, the diff and errata against the previous release, the data card with its funnel
/// chart, and the manifest. Nothing in them depends on the time or the machine, so the same
/// build gives the same bytes.
struct ReleaseBuilder {
    var configuration: BuildConfiguration
    var release: ReleaseConfig
    var entries: [(candidate: ReleaseStage.Candidate, record: ReleaseRecord)]
    /// Why the validation split is left out, or nil.
    var validationOmitted: String?
    var shortCategories: [String: Int]
    var verdict: ReleaseGates.Verdict
    var inputFiles: [String: String]
    var rationaleGenerator: String?
    /// The options-only attacks on the test split.
    var shortcuts: Shortcuts.Report

    /// A release ready to publish.
    struct Output {
        /// File name and bytes, in writing order (the manifest last).
        var files: [(name: String, data: Data)]
        var manifestSHA256: String
        var records: [(questionID: Int, split: String, itemKey: String, line: String, sha256: String)]
        var previous: String?
    }

    func build(_ db: Database) throws -> Output {
        let splits = ["test", "validation"]
        var files: [(String, Data)] = []
        // Each record's line and its digest, made once, over the cores.
        let made = ParallelMap.map(entries.map(\.record)) { record -> (String, String) in
            let line = record.jsonLine
            return (line, Digest.sha256(line))
        }
        let (lines, digests) = (made.map(\.0), made.map(\.1))
        var bySplit: [String: [String]] = [:]
        for (index, entry) in entries.enumerated() { bySplit[entry.candidate.split, default: []].append(lines[index]) }
        let omitted =
            validationOmitted
            ?? (bySplit["validation"] == nil
                ? "no category had \(release.validationPerCategory) questions with a rationale that concludes with the answer" : nil)
        for split in splits {
            guard let lines = bySplit[split] else { continue }
            files.append(("\(split).json", Self.joined(lines, prefix: "[\n", separator: ",\n", suffix: "\n]\n")))
            files.append(("\(split).jsonl", Self.joined(lines, prefix: "", separator: "\n", suffix: lines.isEmpty ? "" : "\n")))
        }

        let previous = try previousVersion(db)
        var diff: ReleaseDiff?
        if let previous {
            diff = try ReleaseDiff.compute(
                previous: previous, current: entries.map { ($0.candidate.key, $0.record) }, db: db)
            files.append(("diff.json", Data((Self.prettyJSON(diff!.summary) + "\n").utf8)))
            files.append(("errata.json", Data((Self.prettyJSON(diff!.errata) + "\n").utf8)))
        }

        let funnel = try Funnel.read(db)
        let figures = Audit.figures(entries.map { Audit.Entry($0.record, split: $0.candidate.split) })
        files.append(("funnel.svg", Data(FunnelChart.svg(funnel).utf8)))
        let generators = try generators(db)
        let card = try DataCard(
            configuration: configuration, release: release, entries: entries, funnel: funnel, figures: figures, verdict: verdict,
            validationOmitted: omitted, shortCategories: shortCategories, diff: diff, generators: generators,
            shortcuts: shortcuts, importedShortcuts: try importedShortcuts(db)
        ).markdown(db)
        files.append(("DATACARD.md", Data(card.utf8)))

        let manifest = Manifest(
            name: "MMLU-Pro (rebuilt)", version: release.version, preview: release.preview,
            schema: ["question_id", "question", "options", "answer", "answer_index", "cot_content", "category", "src"],
            splits: Dictionary(
                uniqueKeysWithValues: splits.compactMap { split -> (String, Manifest.Split)? in
                    var (records, categories, sources) = (0, [String: Int](), [String: Int]())
                    for index in entries.indices where entries[index].candidate.split == split {
                        records += 1
                        categories[entries[index].record.category, default: 0] += 1
                        sources[entries[index].candidate.source, default: 0] += 1
                    }
                    guard records > 0 else { return nil }
                    return (split, Manifest.Split(records: records, categories: categories, sources: sources))
                }),
            validationOmitted: omitted, shortCategories: shortCategories,
            files: Dictionary(uniqueKeysWithValues: zip(files.map(\.0), ParallelMap.map(files.map(\.1), chunk: 1) { Digest.sha256($0) })),
            records: Dictionary(uniqueKeysWithValues: entries.indices.map { (String(entries[$0].record.questionID), digests[$0]) }),
            inputs: try inputDigests(db), previous: previous?.version,
            diff: diff.map { ["added": $0.summary.added.count, "removed": $0.summary.removed.count, "changed": $0.summary.changed.count] },
            errata: diff?.errata.count, waivers: verdict.waived, unreviewed: verdict.unreviewed,
            generators: generators)
        let manifestText = Self.prettyJSON(manifest) + "\n"
        files.append(("manifest.json", Data(manifestText.utf8)))
        return Output(
            files: files, manifestSHA256: Digest.sha256(manifestText),
            records: entries.indices.map {
                (entries[$0].record.questionID, entries[$0].candidate.split, entries[$0].candidate.key, lines[$0], digests[$0])
            },
            previous: previous?.version)
    }

    /// The shortcut report of the test split of the latest imported release (the public
    /// MMLU-Pro, say), to print beside this release's.
    func importedShortcuts(_ db: Database) throws -> (name: String, report: Shortcuts.Report)? {
        guard
            let version = try String.fetchOne(
                db, sql: "SELECT version FROM release_version WHERE origin = 'imported' ORDER BY created_at DESC, version DESC LIMIT 1")
        else { return nil }
        let records = try String.fetchAll(
            db, sql: "SELECT record FROM release_record WHERE version = ? AND split = 'test' ORDER BY question_id", arguments: [version]
        ).map { try JSONDecoder().decode(ReleaseRecord.self, from: Data($0.utf8)) }
        return records.isEmpty ? nil : (version, Shortcuts.run(records))
    }

    /// The release to compare with: the configured one, or the latest other version stored.
    func previousVersion(_ db: Database) throws -> (version: String, origin: String)? {
        if let name = release.previous {
            guard let origin = try String.fetchOne(db, sql: "SELECT origin FROM release_version WHERE version = ?", arguments: [name])
            else {
                throw PipelineStateError(
                    message:
                        "release.previous: no release \"\(name)\" in the store; import it first (mmlupro release import --version \(name) FILE...)"
                )
            }
            return (name, origin)
        }
        let row = try Row.fetchOne(
            db, sql: "SELECT version, origin FROM release_version WHERE version <> ? ORDER BY rowid DESC LIMIT 1",
            arguments: [release.version])
        return row.map { ($0["version"], $0["origin"]) }
    }

    /// SHA-256 of every input: the source files, the configuration, and the release's own files.
    func inputDigests(_ db: Database) throws -> [String: String] {
        var digests = inputFiles
        for row in try Row.fetchAll(db, sql: "SELECT path, sha256 FROM source_file") { digests[row[0]] = row[1] }
        for path in configuration.pipeline.review?.decisions ?? [] {
            digests[path] = Digest.sha256(try SourceText.read(configuration.url(path), displayPath: configuration.display(path)))
        }
        return digests
    }

    /// Who wrote what: the generators of answers, options, judge verdicts and rationales.
    func generators(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (name, sql) in [
            ("answers_and_distractors", "SELECT DISTINCT generator FROM integrated_question"),
            ("augmentation", "SELECT DISTINCT generator FROM augmented_question"),
            ("judge", "SELECT DISTINCT generator FROM judge_verdict"),
        ] {
            let values = try String.fetchAll(db, sql: sql + " ORDER BY 1")
            if !values.isEmpty { result[name] = values }
        }
        if let rationaleGenerator { result["rationales_model"] = [rationaleGenerator] }
        return result
    }

    /// The bytes of `prefix + lines.joined(separator: separator) + suffix`, written straight into
    /// one buffer: a split's file is tens of megabytes, and the joined `String` and its copy
    /// into `Data` were two more of them at the stage's peak of memory.
    static func joined(_ lines: [String], prefix: String, separator: String, suffix: String) -> Data {
        var data = Data(
            capacity: lines.reduce(prefix.utf8.count + suffix.utf8.count) { $0 + $1.utf8.count + separator.utf8.count })
        func append(_ text: String) {
            var text = text
            text.withUTF8 { data.append($0) }
        }
        append(prefix)
        for (index, line) in lines.enumerated() {
            if index > 0 { append(separator) }
            append(line)
        }
        append(suffix)
        return data
    }

    static func prettyJSON<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
