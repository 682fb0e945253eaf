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
    private let session: URLSession
    private let timeout: Double

    /// - Parameters:
    ///   - baseURL: The API root, for example `http://127.0.0.1:8080/v1`.
    ///   - apiKey: Sent as `Authorization: Bearer`; never stored or logged.
    ///   - timeout: Seconds before a request counts as timed out.
    ///   - maxConnections: Connections to the host at once (URLSession's default is 6).
    public init(baseURL: URL, apiKey: String?, timeout: Double, maxConnections: Int) {
        self.endpoint = baseURL.appendingPathComponent("chat/completions")
        self.completionsEndpoint = baseURL.appendingPathComponent("completions")
        self.apiKey = apiKey
        // FoundationNetworking on Linux truncates timeouts to whole seconds (0.5 s times out at once).
        let timeout = max(1, timeout.rounded(.up))
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
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
        var urlRequest = URLRequest(url: request.prompt == nil ? endpoint : completionsEndpoint, timeoutInterval: timeout)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey { urlRequest.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        if let prompt = request.prompt {
            let body = TextRequest(
                model: request.model, prompt: prompt, max_tokens: request.maxTokens, temperature: request.temperature, seed: request.seed,
                logprobs: request.logprobs, stop: request.stop)
            urlRequest.httpBody = Data(Digest.canonicalJSON(body).utf8)
        } else {
            urlRequest.httpBody = Data(Digest.canonicalJSON(request.wireForm).utf8)
        }

        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await send(urlRequest)
        } catch let error as URLError where error.code == .timedOut {
            throw ModelError.timeout
        } catch {
            throw ModelError.transport(Secrets.redact(error.localizedDescription, secrets: [apiKey].compactMap { $0 }))
        }
        guard let http = response as? HTTPURLResponse else { throw ModelError.invalidResponse("not an HTTP response") }
        // What goes into an error is stored and printed: never the key, even when the server repeats it.
        let body = String(
            Secrets.redact(String(decoding: data.prefix(8192), as: UTF8.self), secrets: [apiKey].compactMap { $0 }).prefix(300))
        switch http.statusCode {
        case 200..<300 where request.prompt != nil:
            guard let completion = try? JSONDecoder().decode(TextCompletion.self, from: data), let choice = completion.choices.first
            else {
                throw ModelError.invalidResponse("body is not a completion: \(body)")
            }
            let top = choice.logprobs?.top_logprobs?.first.flatMap { $0 } ?? [:]
            if request.logprobs != nil && top.isEmpty { throw ModelError.invalidResponse("no top_logprobs in the completion: \(body)") }
            let content = Digest.canonicalJSON(TextReply(text: choice.text ?? "", top_logprobs: top))
            return ChatResponse(
                content: content, promptTokens: completion.usage?.prompt_tokens ?? request.estimatedPromptTokens,
                completionTokens: completion.usage?.completion_tokens ?? 1)
        case 200..<300:
            guard let completion = try? JSONDecoder().decode(Completion.self, from: data) else {
                throw ModelError.invalidResponse("body is not a chat completion: \(body)")
            }
            guard let content = completion.choices.first?.message.content else { throw ModelError.empty }
            return ChatResponse(
                content: content, promptTokens: completion.usage?.prompt_tokens ?? request.estimatedPromptTokens,
                completionTokens: completion.usage?.completion_tokens ?? content.count / 4)
        case 429:
            throw ModelError.rateLimited(retryAfter: Self.retryAfter(http.value(forHTTPHeaderField: "Retry-After")))
        case 500..<600:
            throw ModelError.server(
                status: http.statusCode, message: body, retryAfter: Self.retryAfter(http.value(forHTTPHeaderField: "Retry-After")))
        default:
            throw ModelError.client(status: http.statusCode, message: body)
        }
    }

    /// One request through URLSession, waited for without ever cancelling its task: on Linux,
    /// cancelling a URLSession task while others are in flight has trapped
    /// (`TaskRegistry.swift: Trying to access a behaviour for a task that in not in the registry`)
    /// or hung the session. A cancelled caller stops waiting at once and the task runs out on its
    /// own (its reply is dropped); a deadline of this client's own ends the wait when URLSession
    /// never calls back.
    private func send(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let waiter = ReplyWaiter()
        let deadline = timeout * 2 + 5
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                waiter.wait(continuation)
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        waiter.finish(.failure(error))
                    } else if let data, let response {
                        waiter.finish(.success((data, response)))
                    } else {
                        waiter.finish(.failure(URLError(.badServerResponse)))
                    }
                }
                task.resume()
                DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { waiter.finish(.failure(URLError(.timedOut))) }
            }
        } onCancel: {
            waiter.finish(.failure(CancellationError()))
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

/// The one outcome of a request, whichever comes first: the reply, the deadline or the caller's
/// cancellation. Later ones are ignored.
private final class ReplyWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
    private var early: Result<(Data, URLResponse), any Error>?
    private var done = false

    func wait(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>) {
        lock.lock()
        if let early {
            done = true
            self.early = nil
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func finish(_ result: Result<(Data, URLResponse), any Error>) {
        lock.lock()
        guard !done else {
            lock.unlock()
            return
        }
        guard let continuation else {
            if early == nil { early = result }
            lock.unlock()
            return
        }
        done = true
        self.continuation = nil
        lock.unlock()
        continuation.resume(with: result)
    }
}
