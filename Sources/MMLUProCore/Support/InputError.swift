/// A problem with an input file or the configuration: where it is and what was expected.
///
/// Every stage stops on the first one, before it writes anything, so the database is left as
/// it was. Tests match ``Code``; the message is for people.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What kind of problem it is.
    public enum Code: String, Sendable {
        case unreadableFile
        case invalidUTF8
        case malformedCSV
        case fieldCount
        case invalidJSON
        case wrongType
        case missingField
        case invalidValue
        case unknownSubject
        case unknownItem
        case unknownKey
        case duplicate
        case missingFile
        case mismatch
    }

    /// What kind of problem it is.
    public var code: Code
    /// Where: `file:line`, `file $[3].Answer`, or a configuration key path with its line.
    public var location: String
    /// What was expected and what was found.
    public var message: String

    /// Creates an error at a location.
    public init(_ code: Code, at location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
