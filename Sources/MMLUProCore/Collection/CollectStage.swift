import Foundation
import GRDB

/// Question collection: reads MMLU, TheoremQA, SciBench and the STEM Website into
/// `source_item`, applies the suitability rules to the added sources, and records every
/// unsuitable record in `removal` and every repeated one in `duplicate_record`. Text damaged
/// on the way (LaTeX eaten by JSON escapes, mojibake) is repaired, each repair recorded in
/// `text_repair`.
///
/// A rerun compares content hashes with the stored items, rewrites only what changed, and
/// reports new, changed, unchanged and gone items.
public struct CollectStage: Stage {
    public static let name = StageName.collect
    public static let logicVersion = 3
    public static let tables = ["duplicate_record", "source_item", "source_file"]

    public init() {}

    public func configurationDigest(_ configuration: BuildConfiguration) -> String {
        struct Relevant: Encodable {
            var sources: SourcesConfig
            var categories: CategoryTable
        }
        return Digest.sha256(canonical: Relevant(sources: configuration.pipeline.sources, categories: configuration.categories))
    }

    public struct Inputs: Sendable {
        var files: [InputFile]
        /// Items a recorded waiver lets through the figure rule.
        var figureWaivers: Set<String>
    }

    /// The files of every configured source, read into memory.
    public func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String) {
        let sources = configuration.pipeline.sources
        var paths: [(source: Source, path: String)] = []
        if let mmlu = sources.mmlu {
            for split in mmlu.splits {
                let folder = (mmlu.path as NSString).appendingPathComponent(split)
                paths += try InputFile.list(folder, extension: "csv", configuration: configuration).map { (.mmlu, $0) }
            }
        }
        if let theoremqa = sources.theoremqa { paths.append((.theoremqa, theoremqa.path)) }
        if let scibench = sources.scibench {
            paths += try InputFile.list(scibench.path, extension: "json", configuration: configuration).map { (.scibench, $0) }
        }
        if let stemez = sources.stemez {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: configuration.url(stemez.path).path, isDirectory: &isDirectory)
            let found =
                isDirectory.boolValue ? try InputFile.list(stemez.path, extension: "jsonl", configuration: configuration) : [stemez.path]
            paths += found.map { (.stemez, $0) }
        }
        // Read and hashed over the cores; the first bad file in order is the error.
        let files = try ParallelMap.tryMap(paths, chunk: 1) { item in
            try InputFile(source: item.source, path: item.path, configuration: configuration)
        }
        // The release's waivers of the figure rule apply here too: a waived question is kept.
        var waived = Set<String>()
        for path in configuration.pipeline.release?.waivers ?? [] {
            let file = try InputFile(source: .mmlu, path: path, configuration: configuration)
            waived.formUnion(try Waiver.read(file).filter { $0.gate == .figureReference }.map(\.itemKey))
        }
        let digest = Digest.sha256(
            (files.map { "\($0.source.rawValue) \($0.path) \($0.sha256)" } + waived.sorted()).joined(separator: "\n"))
        return (Inputs(files: files, figureWaivers: waived), digest)
    }

    /// Parses every file before the write transaction opens (nothing here reads the store).
    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Parsed {
        let configuration = context.configuration
        return try await ParallelMap.offload { try parse(inputs.files, configuration: configuration, figureWaivers: inputs.figureWaivers) }
    }

    public func run(_ parsed: Parsed, configuration: BuildConfiguration, db: Database) throws -> StageCounts {
        try write(parsed, db: db)
    }

    /// Everything parsed from the files, before anything is written.
    public struct Parsed: Sendable {
        var items: [CollectedItem] = []
        var duplicates: [DuplicateRecord] = []
        var repairs: [(key: String, field: String, repair: TextDefects.Repair)] = []
        var files: [InputFile] = []
    }

    /// Reads the files (over the cores; the STEM Website's files in turn, since a problem is a
    /// duplicate of one in an earlier file), repairs the text and applies the rules; the same
    /// result, and the same first error, as reading one file after another.
    func parse(_ files: [InputFile], configuration: BuildConfiguration, figureWaivers: Set<String> = []) throws -> Parsed {
        let categories = configuration.categories
        var parsed = Parsed(files: files)
        let read = ParallelMap.map(files, chunk: 1) { file -> Result<[CollectedItem], any Error>? in
            switch file.source {
            case .mmlu:
                return Result {
                    let split = ((file.path as NSString).deletingLastPathComponent as NSString).lastPathComponent
                    let all = try MMLUReader.read(file, split: split, categories: categories)
                    return all.prefix(configuration.pipeline.sources.mmlu?.limitPerSubject ?? all.count).map { CollectedItem(item: $0) }
                }
            case .theoremqa: return Result { try TheoremQAReader.read(file, categories: categories) }
            case .scibench: return Result { try SciBenchReader.read(file, categories: categories) }
            case .stemez: return nil
            }
        }
        var seenSTEM: [String: (key: String, origin: String, answer: String)] = [:]
        var keys = Set<String>()
        for (file, result) in zip(files, read) {
            let items: [CollectedItem]
            if let result {
                items = try result.get()
            } else {
                let result = try STEMWebsiteReader.read(file, categories: categories, seen: &seenSTEM)
                items = result.items
                parsed.duplicates += result.duplicates
            }
            for collected in items {
                guard keys.insert(collected.item.key).inserted else {
                    throw InputError(
                        .duplicate, at: collected.item.origin, "expected a unique record, found key \(collected.item.key) twice")
                }
                parsed.items.append(collected)
            }
        }
        // Each record's repairs and control-character check are its own: over the cores.
        let repaired = ParallelMap.map(parsed.items) { collected -> (CollectedItem, [(String, String, TextDefects.Repair)]) in
            var collected = collected
            let (item, repairs) = collected.item.repaired()
            collected.item = item
            if collected.unsuitable == nil, let damage = item.unrepairedControlCharacters() {
                collected.unsuitable = (.unrepairedControlCharacter, damage)
            }
            return (collected, (collected.repairs + repairs).map { (item.key, $0.field, $0.repair) })
        }
        parsed.items = repaired.map(\.0)
        parsed.repairs = repaired.flatMap(\.1)
        markUnreleasable(&parsed.items, figureWaivers: figureWaivers)
        return parsed
    }

    /// Marks records that cannot be released as they are: a question that refers to a figure,
    /// table or picture it does not contain (``FigureReference``), and a question the same as an
    /// earlier one: the same question text, whitespace normalised, with the same correct
    /// answer. (Two copies with different wrong options end up with the same ten options once
    /// expanded: the public release shipped such pairs.) Test questions come first, then the
    /// rest by key, so a test question whose twin is in MMLU's dev split stays in the test
    /// split and the dev copy is the one removed (a dev question is released only as one of
    /// a few validation exemplars). A release waiver of `figure_reference` for an item lets it
    /// through the figure rule.
    func markUnreleasable(_ items: inout [CollectedItem], figureWaivers: Set<String>) {
        // The figure rule and the duplicate key read each question alone: over the cores.
        let readings = ParallelMap.map(items) { collected -> (figure: String?, key: HashedText) in
            let item = collected.item
            var answer = item.answer ?? ""
            if let options = item.options, item.answerType == "letter", let offset = OptionLetter.index(ofLetter: answer),
                offset < options.count
            {
                answer = options[offset]
            }
            return (
                FigureReference.find(in: item.question),
                HashedText(OptionValidator.normalized(item.question) + "\u{1F}" + OptionValidator.normalized(answer))
            )
        }
        var first: [HashedText: String] = [:]
        first.reserveCapacity(items.count)
        let order = items.indices.sorted {
            let (a, b) = (items[$0].item, items[$1].item)
            return (a.split == "test" ? 0 : 1, a.key) < (b.split == "test" ? 0 : 1, b.key)
        }
        for index in order where items[index].unsuitable == nil {
            let item = items[index].item
            if !figureWaivers.contains(item.key), let reference = readings[index].figure {
                items[index].unsuitable = (.needsPicture, "\(reference), which the text does not contain")
                continue
            }
            let key = readings[index].key
            if let earlier = first[key] {
                items[index].unsuitable = (.duplicateQuestion, "same question and answer as \(earlier)")
            } else {
                first[key] = item.key
            }
        }
    }

    private func write(_ parsed: Parsed, db: Database) throws -> StageCounts {
        var stored: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, content_hash FROM source_item")
        while let row = try rows.next() {
            stored[row[0]] = row[1]
        }
        try db.execute(sql: "DELETE FROM duplicate_record")
        try db.execute(sql: "DELETE FROM removal WHERE stage = ?", arguments: [Self.name.rawValue])
        try db.execute(sql: "DELETE FROM text_repair WHERE stage = ?", arguments: [Self.name.rawValue])
        try db.execute(sql: "DELETE FROM source_file")

        var counts: StageCounts = ["ingested": parsed.items.count, "new": 0, "changed": 0, "unchanged": 0]
        let current = Set(parsed.items.map(\.item.key))
        let gone = stored.keys.filter { !current.contains($0) }
        let delete = try db.cachedStatement(sql: "DELETE FROM source_item WHERE key = ?")
        for key in gone { try delete.execute(arguments: [key]) }
        counts["gone"] = gone.count

        let updateOrigin = try db.cachedStatement(sql: "UPDATE source_item SET origin = ? WHERE key = ? AND origin <> ?")
        // New and changed items are written in batches, in order; then the removals (keyed by
        // stage and item: their order is not stored).
        var written: [SourceItem] = []
        var removals: [Removal] = []
        for collected in parsed.items {
            let item = collected.item
            switch stored[item.key] {
            case item.contentHash?:
                counts["unchanged", default: 0] += 1
                try updateOrigin.execute(arguments: [item.origin, item.key, item.origin])
            case let previous:
                counts[previous == nil ? "new" : "changed", default: 0] += 1
                written.append(item)
            }
            if let unsuitable = collected.unsuitable {
                removals.append(
                    Removal(stage: Self.name.rawValue, itemKey: item.key, reason: unsuitable.reason.rawValue, detail: unsuitable.detail))
                counts["unsuitable", default: 0] += 1
            }
        }
        try SourceItem.insertRows(written, db: db, onConflict: .replace)
        try Removal.insertRows(removals, db: db)
        for record in parsed.duplicates { try record.insert(db) }
        counts["duplicates"] = parsed.duplicates.count
        try TextDefects.Repair.record(parsed.repairs, stage: Self.name, db: db)
        counts["repairs"] = parsed.repairs.count
        for input in parsed.files {
            try SourceFile(path: input.path, source: input.source.rawValue, sha256: input.sha256, bytes: input.data.count).insert(db)
        }
        return counts
    }
}

extension CollectedItem {
    init(item: SourceItem) {
        self.init(item: item, unsuitable: nil)
    }
}
