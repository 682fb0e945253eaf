import GRDB

/// A step of the build. It reads the tables of the stages before it and its own input files,
/// and writes only its own tables, all in one transaction.
///
/// A run has three steps: ``loadInputs(_:)`` reads files; ``prepare(_:context:)`` does the slow
/// work outside any transaction (model calls, each response stored as it arrives); ``run(_:configuration:db:)``
/// writes the output in the runner's transaction. Killed at any moment, a stage leaves its
/// previous output, and a rerun reaches the same result without paying twice.
public protocol Stage: Sendable {
    /// What the stage loaded from outside the database.
    associatedtype Inputs: Sendable
    /// What ``prepare(_:context:)`` hands to ``run(_:configuration:db:)``.
    associatedtype Work: Sendable = Inputs

    /// The stage's name.
    static var name: StageName { get }

    /// The version of the stage's logic: part of its fingerprint, so a build with a changed
    /// stage reruns it on unchanged inputs. Bump it when the same inputs give other output.
    static var logicVersion: Int { get }

    /// The tables the stage owns, children before parents. They are emptied when a stage
    /// before this one changes, together with its rows in the shared tables
    /// (``sharedStageTables``).
    static var tables: [String] { get }

    /// The digest of the configuration that affects this stage's output.
    func configurationDigest(_ configuration: BuildConfiguration) -> String

    /// Reads the stage's input files.
    /// - Returns: What was read and a digest of it.
    func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String)

    /// A digest of state in the database that the stage reads besides earlier stages' output
    /// (people's review decisions). Default: none.
    func stateDigest(_ db: Database, configuration: BuildConfiguration) throws -> String

    /// The work before writing: model calls and everything that needs no transaction.
    func prepare(_ inputs: Inputs, context: StageContext) async throws -> Work

    /// Replaces the stage's tables with its output. Runs inside the runner's transaction.
    /// - Returns: Counts for the run record and the summary line.
    func run(_ work: Work, configuration: BuildConfiguration, db: Database) throws -> StageCounts
}

extension Stage {
    public func stateDigest(_ db: Database, configuration: BuildConfiguration) throws -> String { "" }
}

extension Stage where Work == Inputs {
    public func prepare(_ inputs: Inputs, context: StageContext) async throws -> Inputs { inputs }
}

/// Tables several stages write, each row carrying its stage's name in `stage`.
public let sharedStageTables = ["removal", "generated_option", "text_repair"]

extension Database {
    /// Records that `stage` removed `item`, and why: the one writer of `removal`, so every
    /// question missing from a release can be traced to the step that took it out.
    func recordRemoval(by stage: StageName, item: String, reason: String, detail: String) throws {
        try Removal(stage: stage.rawValue, itemKey: item, reason: reason, detail: detail).insertRow(self)
    }

    /// Deletes a stage's own rows: its tables, and its rows in the shared tables.
    func clearOutput(of stage: StageName, tables: [String]) throws {
        for table in tables { try execute(sql: "DELETE FROM \(table)") }
        for table in sharedStageTables {
            try execute(sql: "DELETE FROM \(table) WHERE stage = ?", arguments: [stage.rawValue])
        }
    }
}
