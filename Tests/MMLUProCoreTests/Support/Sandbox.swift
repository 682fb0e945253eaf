import Foundation
import GRDB
import Logging

@testable import MMLUProCore

/// The package's root folder.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The real datasets beside the repository, when present (`../shared/datasets`).
let sharedDatasets = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
let hasSharedDatasets = FileManager.default.fileExists(atPath: sharedDatasets.appendingPathComponent("mmlu/data/test").path)

/// A temporary copy of the sample build (`pipeline.yaml`, `config/`, `raw/`) that a test can
/// change without touching the repository. Removed when the test ends.
final class Sandbox: @unchecked Sendable {
    let root: URL

    init(copySample: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mmlupro-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copySample {
            for name in ["pipeline.yaml", "pipeline.review-demo.yaml", "config", "raw", "prompts"] {
                try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(name), to: root.appendingPathComponent(name))
            }
        }
    }

    /// A copy of another sandbox, its build and store included.
    init(copying other: Sandbox) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mmlupro-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: other.root, to: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The 1-based line of the repository's file `relative` that holds `text`: tests name the
    /// line an error must point at by its content, not by a number that moves when the file does.
    static func line(of text: String, in relative: String) throws -> Int {
        let lines = try String(contentsOf: packageRoot.appendingPathComponent(relative), encoding: .utf8).components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(text) }) else {
            preconditionFailure("\(relative) has no line with \(text)")
        }
        return index + 1
    }

    /// Every stage before the release: for tests that change the review or the inputs of a
    /// build whose release, once published, is never overwritten.
    static let upToReview: [StageName] = [.collect, .filter, .integrate, .augment, .review]

    var configPath: String { root.appendingPathComponent("pipeline.yaml").path }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func write(_ relative: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(relative))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: url(relative))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// Replaces the first occurrence of `old` in a file.
    func edit(_ relative: String, replacing old: String, with new: String) throws {
        let text = try read(relative)
        precondition(text.contains(old), "\(relative) does not contain \(old)")
        try write(relative, text.replacingOccurrences(of: old, with: new, options: [], range: text.range(of: old)))
    }

    func configuration() throws -> BuildConfiguration { try BuildConfiguration.load(from: configPath) }

    func open() throws -> (BuildConfiguration, DatabasePool) {
        let configuration = try configuration()
        return (configuration, try Store.open(at: configuration.databaseURL))
    }

    /// Starts `mmlupro build` on this sandbox as its own process (to be killed), its stderr
    /// in `build-stderr.txt`.
    /// Starts `mmlupro COMMAND --config pipeline.yaml` (a build by default), with `environment`
    /// added to this process's.
    func launchBuild(_ command: [String] = ["build"], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = CommandLineTests.binaries.appendingPathComponent("mmlupro")
        process.arguments = command + ["--config", configPath]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: url("build-stderr.txt").path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: url("build-stderr.txt"))
        try process.run()
        return process
    }

    /// Runs the given stages (default: the configured ones) and returns their reports.
    @discardableResult
    func build(_ stages: [StageName]? = nil, force: Bool = false, models: ModelFactory = ModelFactory()) async throws -> [StageRunner
        .Report]
    {
        let (configuration, pool) = try open()
        let runner = StageRunner(configuration: configuration, writer: pool, logger: Logger(label: "test"), models: models)
        return try await StageRegistry.build(stages ?? configuration.pipeline.stages, with: runner, force: force)
    }
}

/// Every row of every table, as sorted text: two databases with equal dumps hold the same data.
func dump(_ db: Database, excluding: Set<String> = []) throws -> [String: [String]] {
    let tables = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
    var result: [String: [String]] = [:]
    for table in tables where !excluding.contains(table) {
        result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { $0.description }.sorted()
    }
    return result
}

/// The store, with the records of failed runs left out: a failed run writes nothing else.
func withoutFailedRuns(_ db: Database) throws -> [String: [String]] {
    var rows = try dump(db, excluding: ["stage_run"])
    rows["stage_run"] = try Row.fetchAll(db, sql: "SELECT * FROM stage_run WHERE outcome <> 'failed'").map(\.description).sorted()
    return rows
}

/// Compares text with a checked-in file under `Fixtures/`; `UPDATE_SNAPSHOTS=1` rewrites it.
func matchesSnapshot(_ text: String, _ name: String) throws -> Bool {
    let url = packageRoot.appendingPathComponent("Tests/MMLUProCoreTests/Fixtures/\(name)")
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try Data(text.utf8).write(to: url)
    }
    return text == (try String(contentsOf: url, encoding: .utf8))
}

/// The first line a child process writes on `pipe` (servers announce their port so), or what
/// came before the pipe closed.
func firstLine(of pipe: Pipe) -> String {
    var line = Data()
    while !line.contains(0x0A) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    return String(decoding: line, as: UTF8.self)
}
