/// Release settings: what is published, where, and with which exemplars and waivers.
public struct ReleaseConfig: Codable, Sendable, Equatable {
    /// The release's version, also its folder name (`<output>/<version>/`). A published
    /// version is never overwritten: a build with other content needs a new version.
    public var version: String
    /// The folder releases are written to. Default `build/release`.
    public var output: String
    /// A preview release: open review tasks and automatic decisions allowed, marked as such in
    /// the manifest and the data card, written to `<version>-preview/` and replaced by the next
    /// preview. Default false.
    public var preview: Bool
    /// Files of validation rationales: a path (JSON Lines of `{"item": "<item key>",
    /// "cot_content": "A: Let's think step by step. ... The answer is (X)."}`), or
    /// `{format: cot-prompts, path: ...}` for the Chain-of-Thought Hub exemplar file.
    public var rationales: [RationaleSource]
    /// A model that writes rationales for validation questions that have none in the files.
    public var rationaleModel: GenerationConfig?
    /// Validation exemplars per category. Default 5.
    public var validationPerCategory: Int
    /// JSON Lines files of gate waivers: `{"gate": "figure_reference", "item": "<item key>",
    /// "by": "<who>", "reason": "<why>"}`.
    public var waivers: [String]
    /// The release to compare with (diff and errata): a version built or imported before.
    /// Default: the latest other version in the store, if any.
    public var previous: String?
    /// Shortcut gates, off by default: the highest accuracy an options-only attack may reach
    /// on the test split (`numeric_family_centre: 0.15`, `learned: 0.22`), or the highest share
    /// (`reused_wrong_options: 0.2`, `unrelated_wrong_options: 0.15`). Ids as in
    /// `mmlupro audit --shortcuts`.
    public var shortcutGates: [String: Double]

    enum CodingKeys: String, CodingKey {
        case version, output, preview, rationales, waivers, previous
        case shortcutGates = "shortcut_gates"
        case rationaleModel = "rationale_model"
        case validationPerCategory = "validation_per_category"
    }

    public init(
        version: String, output: String = "build/release", preview: Bool = false, rationales: [RationaleSource] = [],
        rationaleModel: GenerationConfig? = nil, validationPerCategory: Int = 5, waivers: [String] = [], previous: String? = nil,
        shortcutGates: [String: Double] = [:]
    ) {
        self.version = version
        self.output = output
        self.preview = preview
        self.rationales = rationales
        self.rationaleModel = rationaleModel
        self.validationPerCategory = validationPerCategory
        self.waivers = waivers
        self.previous = previous
        self.shortcutGates = shortcutGates
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            version: try c.decode(String.self, forKey: .version),
            output: try c.decodeIfPresent(String.self, forKey: .output) ?? "build/release",
            preview: try c.decodeIfPresent(Bool.self, forKey: .preview) ?? false,
            rationales: try c.decodeIfPresent([RationaleSource].self, forKey: .rationales) ?? [],
            rationaleModel: try c.decodeIfPresent(GenerationConfig.self, forKey: .rationaleModel),
            validationPerCategory: try c.decodeIfPresent(Int.self, forKey: .validationPerCategory) ?? 5,
            waivers: try c.decodeIfPresent([String].self, forKey: .waivers) ?? [],
            previous: try c.decodeIfPresent(String.self, forKey: .previous),
            shortcutGates: try c.decodeIfPresent([String: Double].self, forKey: .shortcutGates) ?? [:])
        let known = Set(
            ShortcutAttack.allCases.map(\.rawValue) + [ShortcutAttack.reusedWrongOptions, ShortcutAttack.unrelatedWrongOptions])
        for name in shortcutGates.keys.sorted() where !known.contains(name) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.shortcutGates],
                    debugDescription: "unknown shortcut gate \(name); gates: \(known.sorted().joined(separator: ", "))"))
        }
    }

    /// The folder this release is written to, relative to the configuration.
    public var folder: String { output + "/" + version + (preview ? "-preview" : "") }
}
