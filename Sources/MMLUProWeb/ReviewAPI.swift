import Foundation
import GRDB
import Hummingbird
import MMLUProCore

/// The JSON API under the review pages; scripts and the tests use it too.
struct ReviewAPI: Sendable {
    let queue: ReviewQueue

    struct Failure: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    /// Authenticates, checks the request may change state, runs the body, and turns errors into JSON.
    func handle(
        _ request: Request, context: BasicRequestContext, mutating: Bool,
        _ body: (ReviewQueue.Reviewer, Request) async throws -> any Encodable
    ) async throws -> Response {
        do {
            if mutating {
                if let origin = request.headers[.origin], !Self.isSameOrigin(origin, authority: request.head.authority) {
                    throw Failure(status: .forbidden, message: "cross-site request refused (Origin \(origin))")
                }
                guard Self.isJSON(request.headers[.contentType]) else {
                    throw Failure(status: .unsupportedMediaType, message: "send JSON (Content-Type: application/json)")
                }
            }
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
                throw Failure(status: .unauthorized, message: "missing reviewer token (Authorization: Bearer ...)")
            }
            let reviewer: ReviewQueue.Reviewer
            do {
                reviewer = try await queue.reviewer(token: String(header.dropFirst(7)))
            } catch {
                throw Failure(status: .unauthorized, message: "unknown reviewer token")
            }
            return Self.json(.ok, try await body(reviewer, request))
        } catch let failure as Failure {
            return Self.json(failure.status, ["error": failure.message])
        } catch let error as ReviewError {
            let status: HTTPResponse.Status =
                switch error {
                case .unknownReviewer: .unauthorized
                case .unknownTask: .notFound
                case .notAdjudicator: .forbidden
                case .notLeased, .nothingToUndo, .conflict, .stale: .conflict
                case .invalidDecision: .unprocessableContent
                }
            return Self.json(status, ["error": "\(error)"])
        } catch is DecodingError {
            return Self.json(.badRequest, ["error": "the body is not the JSON this endpoint expects"])
        }
    }

    /// Whether a browser's `Origin` is this server: scheme `http`, host and port exactly those the
    /// request was sent to (`http://evil.example//127.0.0.1:P` or `https://127.0.0.1:P` are not).
    static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return false }
        return origin.lowercased() == "http://" + authority.lowercased()
    }

    /// Whether a `Content-Type` is JSON: the media type `application/json`, parameters allowed
    /// (`; charset=utf-8`), nothing else (`application/jsonp` is not).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    static func json(_ status: HTTPResponse.Status, _ value: any Encodable) -> Response {
        let data: Data
        if let value = value as? any CanonicalJSONRepresentable {
            // A claimed task, a decision's outcome, an error: written by hand, at every request.
            data = Data(CanonicalJSON.text(value.canonicalValue).utf8)
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        }
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store", .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ClaimBody: Decodable {
        var phase: Int?
        var disputed: Bool?
        /// One named task instead of the next in the queue.
        var task: String?
    }

    struct DecisionBody: Decodable {
        var task: String
        var verdict: ReviewDecision.Verdict
        var answer: String?
        var reason: ReviewDecision.RemovalReason?
        var note: String?
        var adjudicate: Bool?
    }

    struct TaskBody: Decodable {
        var task: String
    }

    /// A task as the page shows it.
    struct TaskView: Encodable {
        var key: String
        var phase: Int
        var category: String
        var src: String
        var origin: String
        var question: String
        var options: [String]
        var answerIndex: Int
        var solution: String?
        var sourceAnswer: String?
        var option: String?
        var judge: String?
        var state: TaskState
        var reviewer: String
        /// Where each option came from: `source`, or `generated by NAME`.
        var origins: [String]
        /// Whether the reviewer holds the task now (a claim, not a look).
        var held: Bool
        /// Open (or disputed) tasks left in the task's queue, of all its tasks.
        var left: Int
        var total: Int
    }

    struct Envelope<Value: Encodable>: Encodable {
        var task: Value?
    }

    func claim(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        let body = try await decode(ClaimBody.self, request) ?? ClaimBody()
        if let key = body.task {
            return Envelope(task: view(try await queue.claimDetail(reviewer, task: key), reviewer: reviewer))
        }
        let detail = try await queue.claimDetail(reviewer, phase: body.phase, disputed: body.disputed ?? false)
        return Envelope(task: detail.map { view($0, reviewer: reviewer) })
    }

    func decide(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        guard let body = try await decode(DecisionBody.self, request) else {
            throw Failure(status: .badRequest, message: "expected a decision")
        }
        let decision = ReviewDecision(verdict: body.verdict, answer: body.answer?.uppercased(), reason: body.reason, note: body.note)
        let state =
            body.adjudicate == true
            ? try await queue.adjudicate(reviewer, task: body.task, decision) : try await queue.decide(reviewer, task: body.task, decision)
        return ["task": body.task, "status": state.status.rawValue]
    }

    func undo(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        guard let body = try await decode(TaskBody.self, request) else {
            throw Failure(status: .badRequest, message: "expected {\"task\": KEY}")
        }
        let state = try await queue.undo(reviewer, task: body.task)
        return ["task": body.task, "status": state.status.rawValue]
    }

    func task(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        guard let key = request.uri.queryParameters["key"].map(String.init) else {
            throw Failure(status: .badRequest, message: "expected ?key=")
        }
        return Envelope(task: view(try await queue.detail(of: key), reviewer: reviewer))
    }

    /// The progress report, with who asks and whether they may adjudicate.
    struct ProgressReport: Encodable {
        var report: ReviewQueue.ProgressReport
        var reviewer: String
        var adjudicator: Bool

        enum CodingKeys: String, CodingKey { case reviewer, adjudicator }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reviewer, forKey: .reviewer)
            try container.encode(adjudicator, forKey: .adjudicator)
        }
    }

    func progress(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        ProgressReport(report: try await queue.report(), reviewer: reviewer.name, adjudicator: reviewer.isAdjudicator)
    }

    struct EventView: Encodable {
        var id: Int64?
        var at: String
        var reviewer: String
        var kind: String
        var task: String
        /// The decision in words ("wrong answer: C", "remove: needs_image"), with its note.
        var decision: String?
        var guidelineVersion: String
        var origin: String
    }

    /// The latest 500 events, newest first; `?task=` and `?reviewer=` filter them.
    func audit(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        let task = request.uri.queryParameters["task"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let who = request.uri.queryParameters["reviewer"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let events = try await queue.log(task: task, reviewer: who, limit: 500)
        return events.map { event in
            let words: String? =
                event.kind == .claim
                ? "until \(event.leaseUntil ?? "?")"
                : event.decision.map { text in
                    (try? JSONDecoder().decode(ReviewDecision.self, from: Data(text.utf8))).map(\.inWords) ?? "unreadable: \(text)"
                }
            return EventView(
                id: event.id, at: event.at, reviewer: event.reviewer, kind: event.kind.rawValue, task: event.taskKey, decision: words,
                guidelineVersion: event.guidelineVersion, origin: event.origin)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        guard buffer.readableBytes > 0 else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    private func view(_ detail: ReviewQueue.TaskDetail, reviewer: ReviewQueue.Reviewer) -> TaskView {
        let task = detail.task
        return TaskView(
            key: task.key, phase: task.phase, category: task.category, src: detail.src, origin: detail.origin, question: detail.question,
            options: detail.options, answerIndex: detail.answerIndex, solution: detail.solution, sourceAnswer: detail.sourceAnswer,
            option: task.optionText, judge: detail.judge, state: detail.state, reviewer: reviewer.name, origins: detail.origins,
            held: detail.state.leases[reviewer.name] != nil, left: detail.left, total: detail.total)
    }
}
