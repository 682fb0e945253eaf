import GRDB

/// A step of the build. It reads the tables of the stages before it and its own input files,
/// and writes only its own tables, all in one transaction.
///
/// The ``StageRunner`` decides whether a stage needs to run: a stage whose configuration and
/// inputs (its files, and the fingerprints of the stages before it) are unchanged since its
/// last completed run does nothing.
public protocol Stage: Sendable {
    /// What the stage loaded from outside the database.
    associatedtype Inputs

    /// The stage's name.
    static var name: StageName { get }

    /// The tables the stage owns, children before parents. They are emptied when a stage
    /// before this one changes. Its rows in `removal` go with them.
    static var tables: [String] { get }

    /// The digest of the configuration that affects this stage's output.
    func configurationDigest(_ configuration: BuildConfiguration) -> String

    /// Reads the stage's input files.
    /// - Returns: What was read and a digest of it.
    func loadInputs(_ configuration: BuildConfiguration) throws -> (inputs: Inputs, digest: String)

    /// Replaces the stage's tables with its output. Runs inside the runner's transaction.
    /// - Returns: Counts for the run record and the summary line.
    func run(_ inputs: Inputs, configuration: BuildConfiguration, db: Database) throws -> StageCounts
}

/// Named counts a stage reports about a run (`ingested`, `dropped`, ...).
public typealias StageCounts = [String: Int]
