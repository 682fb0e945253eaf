import Foundation
import Testing

/// The folders of `MMLUProCore` depend one way: a file may name the types of its own folder and
/// of the folders below it, never of one above. The order is the README's (Architecture).
@Suite struct LayeringTests {
    /// Bottom first.
    static let order = [
        "Support", "Configuration", "Text", "Store", "Models", "Generation", "Pipeline", "Collection", "Filtering",
        "Integration", "Augmentation", "Review", "Status", "Release", "Evaluation", "Build",
    ]

    @Test func noFolderNamesATypeOfAFolderAboveIt() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/MMLUProCore")
        let report = try Layering.check(root: root, order: Self.order)
        #expect(report.unknownFolders.isEmpty, "folders missing from the order: \(report.unknownFolders)")
        #expect(report.violations.isEmpty, "\n\(report.violations.joined(separator: "\n"))")
        #expect(report.files > 100)
    }

    /// No source file over 400 lines, no function over 80.
    @Test func filesAndFunctionsStayShort() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var long: [String] = []
        var files = 0
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        where url.pathExtension == "swift" {
            files += 1
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let name = url.path.replacingOccurrences(of: sources.path + "/", with: "")
            if lines.count > 401 { long.append("\(name): \(lines.count - 1) lines") }
            for function in Layering.functionLengths(lines) where function.lines > 80 {
                long.append("\(name):\(function.line): a function of \(function.lines) lines")
            }
        }
        #expect(files > 100)
        #expect(long.isEmpty, "\n\(long.joined(separator: "\n"))")
        let planted = (["func long() {"] + Array(repeating: "    step()", count: 80) + ["}", "func short() {", "}"]).map { Substring($0) }
        #expect(Layering.functionLengths(planted).map(\.lines) == [82, 2])
    }

    @Test func aPlantedUpwardDependencyIsFound() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layering-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "Low/Digest.swift": "public enum Digest { static func of(_ s: String) -> String { s } }\n",
            // A comment naming `Report` is no dependency; a string literal is no declaration.
            "Low/Format.swift": "// Report is above\nstruct Format { let name = \"struct Fake\" }\n",
            "Low/Leak.swift": "extension Digest { static func leak() -> Report? { nil } }\n",
            "High/Report.swift": "public struct Report { let digest = Digest.of(\"x\") }\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let report = try Layering.check(root: root, order: ["Low", "High"])
        #expect(report.violations == ["Low/Leak.swift names Report (High), a folder above Low"])
        #expect(try Layering.check(root: root, order: ["Low"]).unknownFolders == ["High"])
    }
}

/// A grep over type names: which folder declares each top-level type, and which files name a
/// type of a folder above their own.
enum Layering {
    struct Report {
        var files = 0
        var violations: [String] = []
        var unknownFolders: [String] = []
    }

    static func check(root: URL, order: [String]) throws -> Report {
        let manager = FileManager.default
        var report = Report()
        var sources: [(folder: String, file: String, words: Set<Substring>)] = []
        var owner: [Substring: String] = [:]
        for folder in try manager.contentsOfDirectory(atPath: root.path).sorted() {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: root.appendingPathComponent(folder).path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { continue }
            if !order.contains(folder) { report.unknownFolders.append(folder) }
            let directory = root.appendingPathComponent(folder)
            for file in try manager.contentsOfDirectory(atPath: directory.path).sorted() where file.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                let code = text.split(separator: "\n", omittingEmptySubsequences: false).map(withoutComment)
                for line in code {
                    if let name = declaredType(line) { owner[name] = folder }
                }
                sources.append((folder, file, identifiers(code.joined(separator: "\n"))))
            }
        }
        report.files = sources.count
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        for source in sources {
            guard let own = rank[source.folder] else { continue }
            for word in source.words.sorted() {
                guard let folder = owner[word], let other = rank[folder], other > own else { continue }
                report.violations.append("\(source.folder)/\(source.file) names \(word) (\(folder)), a folder above \(source.folder)")
            }
        }
        return report
    }

    /// The type a top-level declaration line declares (`public struct Name`, `enum Name`, ...).
    static func declaredType(_ line: Substring) -> Substring? {
        var words = line.split(separator: " ")[...]
        let modifiers: Set<Substring> = ["public", "package", "internal", "private", "fileprivate", "final", "indirect"]
        guard !line.hasPrefix(" ") else { return nil }
        while let first = words.first, modifiers.contains(first) { words = words.dropFirst() }
        let kinds: Set<Substring> = ["struct", "enum", "class", "actor", "protocol", "typealias"]
        guard let kind = words.first, kinds.contains(kind), words.count > 1 else { return nil }
        let name = words[words.startIndex + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.first?.isUppercase == true ? name : nil
    }

    /// The line without a `//` comment (a `//` inside a string literal ends the line early: it
    /// can only hide a name, never invent one).
    static func withoutComment(_ line: Substring) -> Substring {
        guard let range = line.range(of: "//") else { return line }
        return line[..<range.lowerBound]
    }

    /// Where each function or initializer starts and how many lines it spans, braces counted
    /// outside string literals and comments.
    static func functionLengths(_ lines: [Substring]) -> [(line: Int, lines: Int)] {
        var inMultiline = false
        let code: [Substring] = lines.map { line in
            if line.components(separatedBy: "\"\"\"").count % 2 == 0 {
                inMultiline.toggle()
                return ""
            }
            return inMultiline ? "" : withoutStrings(withoutComment(line))
        }
        let starts: Set<Substring> = ["func", "init", "init?", "init(", "init<"]
        var result: [(line: Int, lines: Int)] = []
        for (index, line) in code.enumerated() {
            let words = line.split(separator: " ").prefix { $0.first != "(" }
            guard words.contains(where: { starts.contains($0) || $0.hasPrefix("init(") || $0.hasPrefix("init<") }) else { continue }
            var depth = 0
            var opened = false
            var end = index
            scan: while end < code.count {
                for character in code[end] {
                    if character == "{" {
                        depth += 1
                        opened = true
                    } else if character == "}" {
                        depth -= 1
                        if opened && depth == 0 { break scan }
                    }
                }
                end += 1
            }
            if opened { result.append((index + 1, end - index + 1)) }
        }
        return result
    }

    /// The line with every one-line string literal emptied.
    static func withoutStrings(_ line: Substring) -> Substring {
        var out = ""
        var inString = false
        var escaped = false
        for character in line {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                    out.append(character)
                }
            } else {
                if character == "\"" { inString = true }
                out.append(character)
            }
        }
        return Substring(out)
    }

    static func identifiers(_ text: String) -> Set<Substring> {
        Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") })
    }
}
