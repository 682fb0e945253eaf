import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// POSTs through URLSession, for `https://` servers (no TLS stack in the build besides
/// Foundation's). While it waits, URLSession's libcurl loop on Linux keeps a core busy (see
/// ``NIOTransport``); a remote server does not compete with it for this machine's CPU.
final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// - Parameter maxConnections: Connections to the host at once (URLSession's default is 6).
    init(timeout: Double, maxConnections: Int) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    /// One request, waited for without ever cancelling its task: on Linux, cancelling a
    /// URLSession task while others are in flight has trapped (`TaskRegistry.swift: Trying to
    /// access a behaviour for a task that in not in the registry`) or hung the session. A
    /// cancelled caller stops waiting at once and the task runs out on its own (its reply is
    /// dropped); a deadline of this client's own ends the wait when URLSession never calls back.
    func post(_ url: URL, headers: [(String, String)], body: Data, timeout: Double) async throws -> HTTPReply {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let waiter = ReplyWaiter()
        let deadline = timeout * 2 + 5
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPReply, any Error>) in
                waiter.wait(continuation)
                let task = session.dataTask(with: request) { data, response, error in
                    if let error = error as? URLError, error.code == .timedOut {
                        waiter.finish(.failure(HTTPTransportError.timedOut))
                    } else if let error {
                        waiter.finish(.failure(HTTPTransportError.transport(error.localizedDescription)))
                    } else if let data, let http = response as? HTTPURLResponse {
                        var fields: [String: String] = [:]
                        for (name, value) in http.allHeaderFields {
                            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
                        }
                        waiter.finish(.success(HTTPReply(status: http.statusCode, headers: fields, body: data)))
                    } else {
                        waiter.finish(.failure(HTTPTransportError.transport("not an HTTP response")))
                    }
                }
                task.resume()
                DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { waiter.finish(.failure(HTTPTransportError.timedOut)) }
            }
        } onCancel: {
            waiter.finish(.failure(CancellationError()))
        }
    }
}

/// The one outcome of a request, whichever comes first: the reply, the deadline or the caller's
/// cancellation. Later ones are ignored.
private final class ReplyWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPReply, any Error>?
    private var early: Result<HTTPReply, any Error>?
    private var done = false

    func wait(_ continuation: CheckedContinuation<HTTPReply, any Error>) {
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

    func finish(_ result: Result<HTTPReply, any Error>) {
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
