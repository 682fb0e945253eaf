import Foundation

/// The whole build's configuration, decoded once from `pipeline.yaml`.
///
/// Paths in the file are relative to the file's folder. Missing keys take the defaults
/// documented on each property.
public struct PipelineConfig: Codable, Sendable, Equatable {
    /// The SQLite store. Default `build/mmlupro.sqlite`.
    public var database: String
    /// The stages `mmlupro build` runs, by name, in pipeline order. Default: every stage whose
    /// section is present.
    public var stages: [StageName]
    /// The YAML file holding the category table (the 57 → 14 merge and the added sources' maps).
    public var categories: String
    /// Where each source lives; a source that is absent is not ingested.
    public var sources: SourcesConfig
    /// The MMLU difficulty filter.
    public var filter: FilterConfig
    /// Model providers by name.
    public var providers: [String: ProviderConfig]
    /// The most a stage may spend on model calls, in US dollars; nil for no limit.
    public var budget: Double?
    /// New sources to 4-option questions. Required when the stage runs.
    public var integrate: IntegrateConfig?
    /// Expansion from 4 to 10 options. Required when the stage runs.
    public var augment: AugmentConfig?
    /// Expert review. Required when the stage runs.
    public var review: ReviewConfig?
    /// The release. Required when the stage runs.
    public var release: ReleaseConfig?

    public init(
        database: String = "build/mmlupro.sqlite", stages: [StageName] = StageName.allCases,
        categories: String, sources: SourcesConfig, filter: FilterConfig = FilterConfig(),
        providers: [String: ProviderConfig] = [:], budget: Double? = nil, integrate: IntegrateConfig? = nil,
        augment: AugmentConfig? = nil, review: ReviewConfig? = nil, release: ReleaseConfig? = nil
    ) {
        self.review = review
        self.release = release
        self.database = database
        self.stages = stages
        self.categories = categories
        self.sources = sources
        self.filter = filter
        self.providers = providers
        self.budget = budget
        self.integrate = integrate
        self.augment = augment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        database = try container.decodeIfPresent(String.self, forKey: .database) ?? "build/mmlupro.sqlite"
        categories = try container.decode(String.self, forKey: .categories)
        sources = try container.decode(SourcesConfig.self, forKey: .sources)
        filter = try container.decodeIfPresent(FilterConfig.self, forKey: .filter) ?? FilterConfig()
        providers = try container.decodeIfPresent([String: ProviderConfig].self, forKey: .providers) ?? [:]
        budget = try container.decodeIfPresent(Double.self, forKey: .budget)
        integrate = try container.decodeIfPresent(IntegrateConfig.self, forKey: .integrate)
        augment = try container.decodeIfPresent(AugmentConfig.self, forKey: .augment)
        review = try container.decodeIfPresent(ReviewConfig.self, forKey: .review)
        release = try container.decodeIfPresent(ReleaseConfig.self, forKey: .release)
        let configured: Set<StageName> = Set(
            [.collect, .filter] + (integrate == nil ? [] : [.integrate]) + (augment == nil ? [] : [.augment])
                + (review == nil ? [] : [.review]) + (release == nil ? [] : [.release]))
        stages = try container.decodeIfPresent([StageName].self, forKey: .stages) ?? StageName.allCases.filter(configured.contains)
    }
}

/// The stages of the build, in pipeline order, named after the paper's steps.
public enum StageName: String, Codable, Sendable, CaseIterable, Comparable {
    /// Question collection: read MMLU, TheoremQA, SciBench and the STEM Website into the store.
    case collect
    /// Initial filtering of MMLU with small models, and the 57 → 14 category merge.
    case filter
    /// Question integration: the added sources become 4-option questions (answer extraction
    /// for the STEM Website, 3 distractors from a model).
    case integrate
    /// Option augmentation: every question grows from 4 to 10 options.
    case augment
    /// Expert review: phase-1 tasks for every question, decisions imported and applied.
    case review
    /// Release: question ids, the validation exemplars, the release gates, and the JSON
    /// split with its manifest and data card.
    case release

    public static func < (lhs: StageName, rhs: StageName) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where the four sources live.
public struct SourcesConfig: Codable, Sendable, Equatable {
    /// MMLU: a folder with `test/`, `dev/`, `val/` subfolders of `<subject>_<split>.csv`.
    public var mmlu: MMLUSourceConfig?
    /// TheoremQA: the `theoremqa_test.json` file.
    public var theoremqa: PathConfig?
    /// SciBench: a folder of `<book>.json` and `<book>_sol.json` files.
    public var scibench: PathConfig?
    /// STEM Website: a JSON Lines file, or a folder of them.
    public var stemez: PathConfig?

    public init(
        mmlu: MMLUSourceConfig? = nil, theoremqa: PathConfig? = nil,
        scibench: PathConfig? = nil, stemez: PathConfig? = nil
    ) {
        self.mmlu = mmlu
        self.theoremqa = theoremqa
        self.scibench = scibench
        self.stemez = stemez
    }
}

/// The MMLU source.
public struct MMLUSourceConfig: Codable, Sendable, Equatable {
    /// The folder holding one subfolder per split.
    public var path: String
    /// The splits to read. Default `[test, dev, val]`.
    public var splits: [String]
    /// A slice: only the first this many questions of each subject file. Default: all.
    public var limitPerSubject: Int?

    enum CodingKeys: String, CodingKey {
        case path, splits
        case limitPerSubject = "limit_per_subject"
    }

    public init(path: String, splits: [String] = ["test", "dev", "val"], limitPerSubject: Int? = nil) {
        self.path = path
        self.splits = splits
        self.limitPerSubject = limitPerSubject
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        splits = try container.decodeIfPresent([String].self, forKey: .splits) ?? ["test", "dev", "val"]
        limitPerSubject = try container.decodeIfPresent(Int.self, forKey: .limitPerSubject)
    }
}

/// A source that is one path.
public struct PathConfig: Codable, Sendable, Equatable {
    /// A file or folder, relative to the configuration file.
    public var path: String

    public init(path: String) { self.path = path }
}
