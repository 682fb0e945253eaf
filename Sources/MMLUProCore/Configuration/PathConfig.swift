import Foundation

/// A source that is one path.
public struct PathConfig: Codable, Sendable, Equatable {
    /// A file or folder, relative to the configuration file.
    public var path: String

    public init(path: String) { self.path = path }
}
