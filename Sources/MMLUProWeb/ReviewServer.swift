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
        for page in ["review", "progress", "audit"] {
            let file = StaticFiles.shared["\(page).html"]
            router.get("/\(page)") { _, _ in file.map { staticResponse($0) } ?? Response(status: .notFound) }
        }
        // The script, style and KaTeX: only the files the bundle holds, each at its own route.
        for (name, file) in StaticFiles.shared.files where !name.hasSuffix(".html") {
            router.get("/static/\(name)") { _, _ in staticResponse(file) }
        }

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
        router.get("/api/me") { request, context in
            try await api.handle(request, context: context, mutating: false) { reviewer, _ in
                ["reviewer": reviewer.name, "role": reviewer.role] as [String: String]
            }
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

    /// The policy of every page: scripts, styles and fonts from this server only; no inline
    /// script or style, no frames, no other origin.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static func staticResponse(_ file: StaticFiles.File) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: file.contentType,
                .contentSecurityPolicy: contentSecurityPolicy,
                .cacheControl: file.contentType.hasPrefix("text/html") ? "no-store" : "max-age=3600",
                .init("X-Frame-Options")!: "DENY",
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }
}
