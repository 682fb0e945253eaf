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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store", .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ClaimBody: Decodable {
        var phase: Int?
        var disputed: Bool?
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
    }

    struct Envelope<Value: Encodable>: Encodable {
        var task: Value?
    }

    func claim(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        let body = try await decode(ClaimBody.self, request) ?? ClaimBody()
        guard let task = try await queue.claim(reviewer, phase: body.phase, disputed: body.disputed ?? false) else {
            return Envelope<TaskView>(task: nil)
        }
        return Envelope(task: try await view(task.key, reviewer: reviewer))
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
        return Envelope(task: try await view(key, reviewer: reviewer))
    }

    struct ProgressView: Encodable {
        var phase: Int
        var category: String
        var open: Int
        var disputed: Int
        var decided: Int
    }

    struct ProgressReport: Encodable {
        var rows: [ProgressView]
        var reviewers: [String: Int]
        var pairs: Int
        var agreementPercent: Double
        var kappa: Double?
    }

    func progress(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        let agreement = try await queue.agreement()
        return ProgressReport(
            rows: try await queue.progress().map {
                ProgressView(phase: $0.phase, category: $0.category, open: $0.open, disputed: $0.disputed, decided: $0.decided)
            }, reviewers: try await queue.decisionsByReviewer(), pairs: agreement.pairs, agreementPercent: agreement.percent,
            kappa: agreement.kappa)
    }

    struct EventView: Encodable {
        var id: Int64?
        var at: String
        var reviewer: String
        var kind: String
        var task: String
        var decision: String?
        var guidelineVersion: String
        var origin: String
    }

    func audit(_ reviewer: ReviewQueue.Reviewer, _ request: Request) async throws -> any Encodable {
        let task = request.uri.queryParameters["task"].map(String.init)
        let events = try await queue.writer.read { db in
            try ReviewEvent.fetchAll(
                db, sql: "SELECT * FROM review_event WHERE (? IS NULL OR task_key = ?) ORDER BY id DESC LIMIT 500", arguments: [task, task])
        }
        return events.map {
            EventView(
                id: $0.id, at: $0.at, reviewer: $0.reviewer, kind: $0.kind.rawValue, task: $0.taskKey, decision: $0.decision,
                guidelineVersion: $0.guidelineVersion, origin: $0.origin)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        guard buffer.readableBytes > 0 else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    private func view(_ key: String, reviewer: ReviewQueue.Reviewer) async throws -> TaskView {
        let (task, state) = try await queue.state(of: key)
        // Sendable values out of the closure: GRDB's async read, never a blocking one.
        let row = try await queue.writer.read { db -> QuestionRow? in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT a.question, a.options, a.answer_index, a.src, s.origin, s.solution, s.answer AS source_answer,
                    (SELECT rationale FROM judge_verdict j WHERE j.item_key = a.item_key AND j.option_text = ?) AS judge
                    FROM augmented_question a JOIN source_item s ON s.key = a.item_key WHERE a.item_key = ?
                    """, arguments: [task.optionText, task.itemKey]
            ).map {
                QuestionRow(
                    question: $0["question"], options: $0["options"], answerIndex: $0["answer_index"], src: $0["src"], origin: $0["origin"],
                    solution: $0["solution"], sourceAnswer: $0["source_answer"], judge: $0["judge"])
            }
        }
        guard let row else { throw ReviewError.unknownTask(key) }
        let options = try JSONDecoder().decode([String].self, from: Data(row.options.utf8))
        return TaskView(
            key: task.key, phase: task.phase, category: task.category, src: row.src, origin: row.origin, question: row.question,
            options: options, answerIndex: row.answerIndex, solution: row.solution, sourceAnswer: row.sourceAnswer,
            option: task.optionText, judge: row.judge, state: state, reviewer: reviewer.name)
    }

    /// A task's question as the store has it.
    private struct QuestionRow: Sendable {
        var question: String
        var options: String
        var answerIndex: Int
        var src: String
        var origin: String
        var solution: String?
        var sourceAnswer: String?
        var judge: String?
    }
}
