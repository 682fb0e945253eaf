import Foundation
import Hummingbird
import MMLUProCore

/// The files under `Resources/`, read once from the module's bundle, by path.
struct StaticFiles: Sendable {
    struct File: Sendable {
        var data: [UInt8]
        var contentType: String
    }

    let files: [String: File]

    static let shared = StaticFiles()

    subscript(name: String) -> File? { files[name] }

    init() {
        var files: [String: File] = [:]
        // The copied folder sits at the bundle's root, which Foundation on Linux takes for a
        // resource folder itself: found through a file it holds, either way.
        let page =
            Bundle.module.url(forResource: "review", withExtension: "html", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "review", withExtension: "html")
        guard let root = page?.deletingLastPathComponent(),
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            self.files = [:]
            return
        }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let name = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            guard let data = try? Data(contentsOf: url) else { continue }
            files[name] = File(data: Array(data), contentType: Self.contentType(of: name))
        }
        self.files = files
    }

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "woff2": "font/woff2"
        default: "text/plain; charset=utf-8"
        }
    }
}
