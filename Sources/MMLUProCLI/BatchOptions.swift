import ArgumentParser
import Foundation
import MMLUProCore

/// Batch API options of the stages that call a model.
public struct BatchOptions: ParsableArguments {
    @Option(
        name: .customLong("batch-export"), help: "Write the requests this stage still needs to an OpenAI Batch JSON Lines file, and stop.")
    public var exportFile: String?

    @Option(name: .customLong("batch-import"), help: "Store the responses of a batch results file, then run the stage.")
    public var importFile: String?

    public init() {}
}
