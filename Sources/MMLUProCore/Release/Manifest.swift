import Foundation
import GRDB

/// `manifest.json`.
struct Manifest: Encodable {
    struct Split: Encodable {
        var records: Int
        var categories: [String: Int]
        var sources: [String: Int]
    }
    var name: String
    var version: String
    var preview: Bool
    var schema: [String]
    var splits: [String: Split]
    var validationOmitted: String?
    var shortCategories: [String: Int]
    /// SHA-256 of every other file of the release.
    var files: [String: String]
    /// SHA-256 of every record's JSON line, by question id.
    var records: [String: String]
    var inputs: [String: String]
    var previous: String?
    var diff: [String: Int]?
    var errata: Int?
    var waivers: [ReleaseGates.Waived]
    var unreviewed: [String: Int]
    var generators: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case name, version, preview, schema, splits, files, records, inputs, previous, diff, errata, waivers, unreviewed, generators
        case validationOmitted = "validation_omitted"
        case shortCategories = "validation_short_categories"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encode(preview, forKey: .preview)
        try c.encode(schema, forKey: .schema)
        try c.encode(splits, forKey: .splits)
        try c.encode(validationOmitted, forKey: .validationOmitted)
        try c.encode(shortCategories, forKey: .shortCategories)
        try c.encode(files, forKey: .files)
        try c.encode(records, forKey: .records)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(previous, forKey: .previous)
        try c.encode(diff, forKey: .diff)
        try c.encode(errata, forKey: .errata)
        try c.encode(waivers, forKey: .waivers)
        try c.encode(unreviewed, forKey: .unreviewed)
        try c.encode(generators, forKey: .generators)
    }
}
