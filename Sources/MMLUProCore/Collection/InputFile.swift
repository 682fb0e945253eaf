import Foundation

/// An input file read into memory, with the paths used to store and to show it.
public struct InputFile: Sendable {
    public var source: Source
    /// The path as written in the configuration's terms (stored in `source_file`).
    public var path: String
    /// The path shown in messages.
    public var displayPath: String
    public var data: Data
    public var sha256: String

    /// Reads a file.
    public init(source: Source, path: String, configuration: BuildConfiguration) throws {
        self.source = source
        self.path = path
        self.displayPath = configuration.display(path)
        self.data = try SourceText.read(configuration.url(path), displayPath: displayPath)
        self.sha256 = Digest.sha256(data)
    }

    /// A location in this file as stored in the database: relative to the configuration file,
    /// so the same build elsewhere stores the same text (`raw/x.csv:12`).
    public func origin(_ location: String) -> String {
        location.hasPrefix(displayPath) ? path + location.dropFirst(displayPath.count) : location
    }

    /// The file name without folders or extension.
    public var stem: String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Lists the files in a folder with the given extension, sorted, as configuration-relative paths.
    static func list(_ folder: String, extension ext: String, configuration: BuildConfiguration) throws -> [String] {
        let url = configuration.url(folder)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw InputError(
                .missingFile, at: configuration.display(folder), "cannot list \(url.path): \(SourceText.reason(error, at: url))")
        }
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }
}
