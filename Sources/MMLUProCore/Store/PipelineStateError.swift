/// The pipeline is not in a state where the asked-for stage can run.
public struct PipelineStateError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(message: String) { self.message = message }
    public var description: String { message }
}
