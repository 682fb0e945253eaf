import Foundation

/// A checked configuration: `pipeline.yaml` and the category table it names, with every path
/// resolved against the configuration file's folder.
public struct BuildConfiguration: Sendable {
    /// The decoded `pipeline.yaml`.
    public let pipeline: PipelineConfig
    /// The decoded category table.
    public let categories: CategoryTable
    /// The folder relative paths are resolved against.
    public let baseDirectory: URL
    /// The configuration file as the user named it.
    public let path: String
    /// SHA-256 of the configuration file and the category file.
    public let digest: String
    private let prefix: String

    /// Reads, decodes and checks a configuration file.
    /// - Throws: ``InputError`` naming the file, the line and the key.
    public static func load(from path: String) throws -> BuildConfiguration {
        let url = URL(fileURLWithPath: path)
        let text = try SourceText.readText(url, displayPath: path)
        let (pipeline, document) = try YAMLDocument.decode(PipelineConfig.self, from: text, displayPath: path)
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = directory.isEmpty ? "" : directory + "/"
        let base = url.deletingLastPathComponent()

        let categoriesURL =
            pipeline.categories.hasPrefix("/")
            ? URL(fileURLWithPath: pipeline.categories) : base.appendingPathComponent(pipeline.categories)
        try requireExists(categoriesURL, directory: false, key: ["categories"], document: document)
        let categoriesPath = pipeline.categories.hasPrefix("/") ? pipeline.categories : prefix + pipeline.categories
        let categoriesText = try SourceText.readText(categoriesURL, displayPath: categoriesPath)
        let (categories, categoryDocument) = try YAMLDocument.decode(
            CategoryTable.self, from: categoriesText, displayPath: categoriesPath)
        try check(categories, document: categoryDocument)

        let configuration = BuildConfiguration(
            pipeline: pipeline, categories: categories, baseDirectory: base, path: path,
            digest: Digest.sha256(text + "\u{0}" + categoriesText), prefix: prefix)
        try configuration.check(document: document)
        return configuration
    }

    /// The absolute URL of a path from the configuration.
    public func url(_ relative: String) -> URL {
        relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : baseDirectory.appendingPathComponent(relative)
    }

    /// A path from the configuration as it should appear in messages.
    public func display(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : prefix + relative
    }

    /// The database URL.
    public var databaseURL: URL { url(pipeline.database) }

    private func check(document: YAMLDocument) throws {
        try checkRanges(document: document)
        let sources = pipeline.sources
        if let mmlu = sources.mmlu {
            try Self.requireExists(url(mmlu.path), directory: true, key: ["sources", "mmlu", "path"], document: document)
            for (index, split) in mmlu.splits.enumerated() where pipeline.filter.splits[split] == nil {
                throw document.error(
                    .invalidValue, at: ["sources", "mmlu", "splits", String(index)],
                    "split \"\(split)\" has no policy in filter.splits (judge, keep or drop)")
            }
        }
        if let theoremqa = sources.theoremqa {
            try Self.requireExists(url(theoremqa.path), directory: false, key: ["sources", "theoremqa", "path"], document: document)
        }
        if let scibench = sources.scibench {
            try Self.requireExists(url(scibench.path), directory: true, key: ["sources", "scibench", "path"], document: document)
        }
        if let stemez = sources.stemez {
            try Self.requireExists(url(stemez.path), directory: nil, key: ["sources", "stemez", "path"], document: document)
        }
        try checkModelStages(document: document)
        let filter = pipeline.filter
        if Set(filter.models).count != filter.models.count {
            throw document.error(.duplicate, at: ["filter", "models"], "a model is listed twice")
        }
        if !filter.models.isEmpty && !(0..<filter.models.count).contains(filter.threshold) {
            throw document.error(
                .invalidValue, at: ["filter", "threshold"],
                "expected a number from 0 to \(filter.models.count - 1) (drop when more than this many of \(filter.models.count) models are correct), found \(filter.threshold)"
            )
        }
        for (index, source) in filter.answers.enumerated() {
            let key = ["filter", "answers", String(index)]
            try Self.requireExists(url(source.path), directory: source.format == .lmEval, key: key + ["path"], document: document)
            switch (source.format, source.model) {
            case (.lmEval, nil):
                throw document.error(.missingField, at: key, "lm-eval answers need `model:` (the harness files do not name it)")
            case (_, let model?) where !filter.models.contains(model):
                throw document.error(.invalidValue, at: key + ["model"], "model \"\(model)\" is not in filter.models")
            default:
                break
            }
        }
    }

    private func checkModelStages(document: YAMLDocument) throws {
        for (name, provider) in pipeline.providers.sorted(by: { $0.key < $1.key }) where provider.kind == .openai {
            for (key, value) in [("base_url", provider.baseURL), ("model", provider.model)] where value?.isEmpty ?? true {
                throw document.error(.missingField, at: ["providers", name], "an openai provider needs `\(key):`")
            }
            if provider.maxConcurrency < 1 {
                throw document.error(.invalidValue, at: ["providers", name, "max_concurrency"], "expected at least 1")
            }
        }
        for (model, settings) in pipeline.filter.live.sorted(by: { $0.key < $1.key }) {
            guard pipeline.filter.models.contains(model) else {
                throw document.error(.invalidValue, at: ["filter", "live", model], "model \"\(model)\" is not in filter.models")
            }
            try checkGeneration(settings, at: ["filter", "live", model], document: document)
            if settings.scoring == .logprobs && pipeline.providers[settings.provider]?.kind != .openai {
                throw document.error(
                    .invalidValue, at: ["filter", "live", model, "scoring"],
                    "logprobs scoring needs an openai provider (a /v1/completions server); \(settings.provider) is not one")
            }
        }
        if let integrate = pipeline.integrate {
            try checkGeneration(integrate.distractors, at: ["integrate", "distractors"], document: document)
            try checkGeneration(integrate.extraction, at: ["integrate", "extraction"], document: document)
        } else if pipeline.stages.contains(.integrate) {
            throw document.error(.missingField, at: ["stages"], "the integrate stage needs an `integrate:` section")
        }
        try checkReview(document: document)
        try checkRelease(document: document)
        if let augment = pipeline.augment {
            try checkGeneration(augment.generation, at: ["augment", "generation"], document: document)
            if !(4...10).contains(augment.options) {
                throw document.error(.invalidValue, at: ["augment", "options"], "expected 4 to 10 options, found \(augment.options)")
            }
        } else if pipeline.stages.contains(.augment) {
            throw document.error(.missingField, at: ["stages"], "the augment stage needs an `augment:` section")
        }
    }

    /// A model call's settings: a known provider, a template that exists, at least one attempt.
    private func checkGeneration(_ generation: GenerationConfig, at key: [String], document: YAMLDocument) throws {
        if pipeline.providers[generation.provider] == nil {
            let known = pipeline.providers.keys.sorted().joined(separator: ", ")
            throw document.error(
                .invalidValue, at: key + ["provider"], "unknown provider \"\(generation.provider)\" (providers: \(known))")
        }
        try Self.requireExists(url(generation.template), directory: false, key: key + ["template"], document: document)
        if generation.attempts < 1 {
            throw document.error(.invalidValue, at: key + ["attempts"], "expected at least 1")
        }
    }

    /// The review section: overlap, the judge, decision files that exist.
    private func checkReview(document: YAMLDocument) throws {
        if let review = pipeline.review {
            if review.overlap < 1 { throw document.error(.invalidValue, at: ["review", "overlap"], "expected at least 1") }
            if review.unattended && review.overlap != 1 {
                throw document.error(.invalidValue, at: ["review", "overlap"], "an unattended review decides each task once: expected 1")
            }
            if let judge = review.judge { try checkGeneration(judge, at: ["review", "judge"], document: document) }
            for (index, path) in review.decisions.enumerated() {
                try Self.requireExists(url(path), directory: false, key: ["review", "decisions", String(index)], document: document)
            }
        } else if pipeline.stages.contains(.review) {
            throw document.error(.missingField, at: ["stages"], "the review stage needs a `review:` section")
        }
    }

    /// The release section: a version that can name a folder, rationale sources that exist.
    private func checkRelease(document: YAMLDocument) throws {
        if let release = pipeline.release {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+")
            if release.version.isEmpty || !release.version.allSatisfy(allowed.contains) || release.version.hasPrefix(".") {
                throw document.error(
                    .invalidValue, at: ["release", "version"],
                    "expected a version made of letters, digits and . - _ + (it names a folder), found \"\(release.version)\"")
            }
            if release.validationPerCategory < 1 {
                throw document.error(.invalidValue, at: ["release", "validation_per_category"], "expected at least 1")
            }
            if let model = release.rationaleModel {
                try checkGeneration(model, at: ["release", "rationale_model"], document: document)
                if pipeline.providers[model.provider]?.kind == .offline {
                    throw document.error(
                        .invalidValue, at: ["release", "rationale_model", "provider"],
                        "the offline generator writes no rationales (a rationale is never made up by a template): name a model provider")
                }
            }
            for (key, paths) in [("rationales", release.rationales.map(\.path)), ("waivers", release.waivers)] {
                for (index, path) in paths.enumerated() {
                    try Self.requireExists(url(path), directory: false, key: ["release", key, String(index)], document: document)
                }
            }
        } else if pipeline.stages.contains(.release) {
            throw document.error(.missingField, at: ["stages"], "the release stage needs a `release:` section")
        }
    }

    private static func check(_ table: CategoryTable, document: YAMLDocument) throws {
        let known = Set(table.categories)
        if known.count != table.categories.count {
            throw document.error(.duplicate, at: ["categories"], "a category is listed twice")
        }
        let maps: [(String, [String: String])] = [
            ("mmlu", table.mmlu), ("theoremqa", table.theoremqa), ("scibench", table.scibench), ("stemez", table.stemez),
        ]
        for (name, map) in maps {
            for (subject, category) in map.sorted(by: { $0.key < $1.key })
            where !known.contains(category) && !(name == "mmlu" && category == CategoryTable.excluded) {
                throw document.error(
                    .invalidValue, at: [name, subject],
                    "\"\(category)\" is not one of the categories listed under `categories`")
            }
        }
    }

    private static func requireExists(_ url: URL, directory: Bool?, key: [String], document: YAMLDocument) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw document.error(.missingFile, at: key, "no such \(directory == true ? "folder" : "file") \"\(url.path)\"")
        }
        if let directory, directory != isDirectory.boolValue {
            throw document.error(
                .missingFile, at: key,
                "expected a \(directory ? "folder" : "file"), found a \(isDirectory.boolValue ? "folder" : "file") at \"\(url.path)\"")
        }
    }
}
