import Foundation
import MMLUProCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client for OpenAI-compatible `/v1/chat/completions` servers (OpenAI, vLLM, Ollama,
/// llama.cpp's server, LiteLLM). One request, one reply; the gateway does retries and caching.
public final class OpenAIClient: LanguageModel {
    private let endpoint: URL
    private let completionsEndpoint: URL
    private let apiKey: String?
    private let transport: any HTTPTransport
    private let timeout: Double

    /// How requests travel: over SwiftNIO (waits without CPU; `http://` only) or URLSession.
    public enum Transport: Sendable {
        /// NIO for `http://`, URLSession for `https://`.
        case automatic
        case nio
        case urlSession
    }

    /// - Parameters:
    ///   - baseURL: The API root, for example `http://127.0.0.1:8080/v1`.
    ///   - apiKey: Sent as `Authorization: Bearer`; never stored or logged.
    ///   - timeout: Seconds before a request counts as timed out.
    ///   - maxConnections: Connections to the host at once, for URLSession (its default is 6).
    public init(baseURL: URL, apiKey: String?, timeout: Double, maxConnections: Int, transport: Transport = .automatic) {
        self.endpoint = baseURL.appendingPathComponent("chat/completions")
        self.completionsEndpoint = baseURL.appendingPathComponent("completions")
        self.apiKey = apiKey
        let useNIO =
            switch transport {
            case .automatic: baseURL.scheme == "http"
            case .nio: true
            case .urlSession: false
            }
        // FoundationNetworking on Linux truncates timeouts to whole seconds (0.5 s times out at once).
        let timeout = useNIO ? timeout : max(1, timeout.rounded(.up))
        self.timeout = timeout
        self.transport = useNIO ? NIOTransport() : URLSessionTransport(timeout: timeout, maxConnections: maxConnections)
    }

    /// The client for a provider of the configuration, its key read from the environment.
    /// - Throws: ``PipelineStateError`` when the URL is invalid or the key's variable is unset.
    public static func make(name: String, provider: ProviderConfig, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
        -> OpenAIClient
    {
        guard let base = provider.baseURL.flatMap(URL.init(string:)), base.scheme?.hasPrefix("http") == true else {
            throw PipelineStateError(message: "provider \(name): base_url \"\(provider.baseURL ?? "")\" is not an http(s) URL")
        }
        var key: String?
        if let variable = provider.apiKeyEnv {
            guard let value = environment[variable], !value.isEmpty else {
                throw PipelineStateError(message: "provider \(name): the environment variable \(variable) (api_key_env) is not set")
            }
            key = value
        }
        return OpenAIClient(baseURL: base, apiKey: key, timeout: provider.timeoutSeconds, maxConnections: provider.maxConcurrency)
    }

    private struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message
        }
        struct Usage: Decodable {
            var prompt_tokens: Int?
            var completion_tokens: Int?
        }
        var choices: [Choice]
        var usage: Usage?
    }

    /// A legacy completion with log-probabilities (`/v1/completions`).
    private struct TextCompletion: Decodable {
        struct Choice: Decodable {
            struct Logprobs: Decodable { var top_logprobs: [[String: Double]?]? }
            var text: String?
            var logprobs: Logprobs?
        }
        var choices: [Choice]
        var usage: Completion.Usage?
    }

    /// The body of a `/v1/completions` request.
    private struct TextRequest: Encodable {
        var model: String
        var prompt: String
        var max_tokens: Int?
        var temperature: Double?
        var seed: Int?
        var logprobs: Int?
        var stop: [String]?
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        var headers = [("Content-Type", "application/json")]
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        let body: Data
        if let prompt = request.prompt {
            let text = TextRequest(
                model: request.model, prompt: prompt, max_tokens: request.maxTokens, temperature: request.temperature, seed: request.seed,
                logprobs: request.logprobs, stop: request.stop)
            body = Data(Digest.canonicalJSON(text).utf8)
        } else {
            body = Data(Digest.canonicalJSON(request.wireForm).utf8)
        }

        let http: HTTPReply
        do {
            http = try await transport.post(
                request.prompt == nil ? endpoint : completionsEndpoint, headers: headers, body: body, timeout: timeout)
        } catch HTTPTransportError.timedOut {
            throw ModelError.timeout
        } catch HTTPTransportError.transport(let message) {
            throw ModelError.transport(Secrets.redact(message, secrets: [apiKey].compactMap { $0 }))
        }
        let data = http.body
        // What goes into an error is stored and printed: never the key, even when the server repeats it.
        let text = String(
            Secrets.redact(String(decoding: data.prefix(8192), as: UTF8.self), secrets: [apiKey].compactMap { $0 }).prefix(300))
        switch http.status {
        case 200..<300 where request.prompt != nil:
            guard let completion = try? JSONDecoder().decode(TextCompletion.self, from: data), let choice = completion.choices.first
            else {
                throw ModelError.invalidResponse("body is not a completion: \(text)")
            }
            let top = choice.logprobs?.top_logprobs?.first.flatMap { $0 } ?? [:]
            if request.logprobs != nil && top.isEmpty { throw ModelError.invalidResponse("no top_logprobs in the completion: \(text)") }
            let content = Digest.canonicalJSON(TextReply(text: choice.text ?? "", top_logprobs: top))
            return ChatResponse(
                content: content, promptTokens: completion.usage?.prompt_tokens ?? request.estimatedPromptTokens,
                completionTokens: completion.usage?.completion_tokens ?? 1)
        case 200..<300:
            guard let completion = try? JSONDecoder().decode(Completion.self, from: data) else {
                throw ModelError.invalidResponse("body is not a chat completion: \(text)")
            }
            guard let content = completion.choices.first?.message.content else { throw ModelError.empty }
            return ChatResponse(
                content: content, promptTokens: completion.usage?.prompt_tokens ?? request.estimatedPromptTokens,
                completionTokens: completion.usage?.completion_tokens ?? content.count / 4)
        case 429:
            throw ModelError.rateLimited(retryAfter: Self.retryAfter(http.headers["retry-after"]))
        case 500..<600:
            throw ModelError.server(
                status: http.status, message: text, retryAfter: Self.retryAfter(http.headers["retry-after"]))
        default:
            throw ModelError.client(status: http.status, message: text)
        }
    }

    /// What a text completion is stored as: its text and the next token's alternatives.
    struct TextReply: Encodable {
        var text: String
        var top_logprobs: [String: Double]
    }

    /// `Retry-After` as seconds: a number, or an HTTP date.
    static func retryAfter(_ header: String?) -> Double? {
        guard let header = header?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(header) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: header).map { max(0, $0.timeIntervalSinceNow) }
    }
}
