import Foundation

/// Reading input files as bytes and text, with errors that name the file and line.
public enum SourceText {
    /// Reads a whole file.
    /// - Throws: ``InputError`` `.unreadableFile` naming the path.
    public static func read(_ url: URL, displayPath: String) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw InputError(.unreadableFile, at: displayPath, "cannot read \(url.path): \(reason(error, at: url))")
        }
    }

    /// Why a path cannot be read, in words (not Foundation's `NSCocoaErrorDomain error 256`).
    public static func reason(_ error: any Error, at url: URL) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) { return "no such file or folder" }
        if isDirectory.boolValue { return "it is a folder, not a file" }
        if !FileManager.default.isReadableFile(atPath: url.path) { return "permission denied" }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let message = strerror(Int32(underlying.code)).map({ String(cString: $0) })
        {
            return message
        }
        return "unreadable"
    }

    /// Checks that `data` is valid UTF-8.
    /// - Throws: ``InputError`` `.invalidUTF8` with the line of the first bad byte.
    public static func validateUTF8(_ data: Data, displayPath: String) throws {
        if String(validating: data, as: UTF8.self) != nil { return }
        let bytes = [UInt8](data)
        var offset = 0
        // Find the first offset where a prefix stops being valid by scanning scalar by scalar.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        let line = bytes[0..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0a ? 1 : 0) }
        let bad = offset < bytes.count ? String(format: "0x%02X", bytes[offset]) : "end of file"
        throw InputError(.invalidUTF8, at: "\(displayPath):\(line)", "expected UTF-8 text, found byte \(bad) at offset \(offset)")
    }

    /// Reads a file as UTF-8 text.
    public static func readText(_ url: URL, displayPath: String) throws -> String {
        let data = try read(url, displayPath: displayPath)
        try validateUTF8(data, displayPath: displayPath)
        return String(decoding: data, as: UTF8.self)
    }
}
