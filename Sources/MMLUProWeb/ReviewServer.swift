import Foundation
import Hummingbird
import MMLUProCore

/// The review web interface: keyboard-first pages over a JSON API, on 127.0.0.1 by default.
///
/// Every API call needs `Authorization: Bearer <reviewer token>` (401 otherwise). Requests
/// that change state must be JSON (`Content-Type: application/json`) and, when the browser
/// sends an `Origin`, come from this server: a cross-site form can do neither. Pages are
/// static; question text reaches the page as JSON and is set as text, never as HTML.
public enum ReviewServer {
    /// The application, ready to run.
    /// - Parameter onRunning: Called with the bound port once the server listens.
    /// - Parameter idleSeconds: An idle connection is closed after this long.
    public static func application(
        queue: ReviewQueue, host: String = "127.0.0.1", port: Int = 8080, idleSeconds: Int = 30,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/review"]) }
        router.get("/review") { _, _ in html(ReviewPages.review) }
        router.get("/progress") { _, _ in html(ReviewPages.progress) }
        router.get("/audit") { _, _ in html(ReviewPages.audit) }

        let api = ReviewAPI(queue: queue)
        router.post("/api/tasks/claim") { request, context in
            try await api.handle(request, context: context, mutating: true) { try await api.claim($0, $1) }
        }
        router.post("/api/decisions") { request, context in
            try await api.handle(request, context: context, mutating: true) { try await api.decide($0, $1) }
        }
        router.post("/api/undo") { request, context in
            try await api.handle(request, context: context, mutating: true) { try await api.undo($0, $1) }
        }
        router.get("/api/task") { request, context in
            try await api.handle(request, context: context, mutating: false) { try await api.task($0, $1) }
        }
        router.get("/api/progress") { request, context in
            try await api.handle(request, context: context, mutating: false) { try await api.progress($0, $1) }
        }
        router.get("/api/audit") { request, context in
            try await api.handle(request, context: context, mutating: false) { try await api.audit($0, $1) }
        }

        // An idle connection is closed after a while: 200 idle clients cannot hold the server.
        return Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(Int64(idleSeconds)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "mmlupro-review"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }

    static func html(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
                .init("X-Frame-Options")!: "DENY",
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
