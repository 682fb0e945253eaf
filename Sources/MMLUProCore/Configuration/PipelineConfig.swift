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
