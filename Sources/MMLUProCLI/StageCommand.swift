import ArgumentParser
import MMLUProCore

/// Runs one stage: `mmlupro collect`, or the stage's own executable `mmlupro-collect`.
public protocol StageCommand: ParsableCommand {
    static var stage: StageName { get }
    var options: CommonOptions { get }
    var force: Bool { get }
}

extension StageCommand {
    public func run() throws {
        try reportingErrors {
            let (configuration, pool) = try options.open()
            let runner = StageRunner(configuration: configuration, writer: pool, logger: options.makeLogger())
            let report = try StageRegistry.run(Self.stage, with: runner, force: force)
            print(summary(report))
        }
    }
}

/// `collect`: read the four sources into the store.
public struct CollectCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Question collection: read MMLU, TheoremQA, SciBench and the STEM Website into the store.")
    public static let stage = StageName.collect
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public init() {}
}

/// `filter`: the MMLU difficulty filter and the 57 → 14 merge.
public struct FilterCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Initial filtering: drop MMLU questions the small-model panel finds easy; merge 57 subjects into 14 categories.")
    public static let stage = StageName.filter
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public init() {}
}
