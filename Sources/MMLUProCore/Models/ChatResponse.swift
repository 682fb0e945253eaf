/// A model's reply.
public struct ChatResponse: Codable, Sendable, Equatable {
    public var content: String
    public var promptTokens: Int
    public var completionTokens: Int

    public init(content: String, promptTokens: Int, completionTokens: Int) {
        self.content = content
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}
