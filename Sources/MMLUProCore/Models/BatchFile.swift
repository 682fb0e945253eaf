import Foundation
import GRDB

/// OpenAI Batch API files, which vLLM's `run_batch` also reads and writes.
///
/// Export writes the requests a stage still needs (`model_pending`) as JSON Lines:
/// `{"custom_id": <request hash>, "method": "POST", "url": "/v1/chat/completions", "body": {...}}`.
/// Import reads a results file, joined on `custom_id` (order not assumed), and stores each
/// successful response as if it had been fetched live; failed lines stay pending.
public enum BatchFile {
    /// What an import did.
    public struct ImportReport: Sendable, Equatable {
        public var stored = 0
        public var failed = 0
        public var unknown = 0
        public var alreadyStored = 0
    }

    /// Writes the pending requests of a stage to `url`.
    /// - Returns: How many requests were written.
    @discardableResult
    public static func export(stage: StageName, to url: URL, db: Database) throws -> Int {
        let rows = try Row.fetchAll(
            db, sql: "SELECT request_hash, request FROM model_pending WHERE stage = ? ORDER BY request_hash", arguments: [stage.rawValue])
        var lines: [String] = []
        for row in rows {
            let body = try JSONDecoder().decode(JSONValue.self, from: Data((row["request"] as String).utf8))
            let line: [String: JSONValue] = [
                "custom_id": .string(row["request_hash"]), "method": .string("POST"), "url": .string("/v1/chat/completions"), "body": body,
            ]
            lines.append(Digest.canonicalJSON(line))
        }
        try Data((lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).utf8).write(to: url, options: .atomic)
        return rows.count
    }

    private struct ResultLine: Decodable {
        struct Response: Decodable {
            var status_code: Int
            var body: JSONValue?
        }
        var custom_id: String
        var response: Response?
        var error: JSONValue?
    }

    /// Stores the successful responses of a results file.
    /// - Parameter providers: To price the tokens of each provider.
    /// - Throws: ``InputError`` for a line that is not a batch result.
    public static func importResults(from url: URL, displayPath: String, providers: [String: ProviderConfig], db: Database) throws
        -> ImportReport
    {
        let data = try SourceText.read(url, displayPath: displayPath)
        var report = ImportReport()
        for (result, _) in try JSONInput.lines(ResultLine.self, from: data, displayPath: displayPath) {
            guard
                let pending = try Row.fetchOne(
                    db, sql: "SELECT provider, model, request, stage FROM model_pending WHERE request_hash = ?",
                    arguments: [result.custom_id])
            else {
                let stored =
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM model_response WHERE request_hash = ?", arguments: [result.custom_id])
                    ?? false
                if stored { report.alreadyStored += 1 } else { report.unknown += 1 }
                continue
            }
            guard let response = result.response, response.status_code == 200,
                let content = response.body?["choices"]?.array?.first?["message"]?["content"]?.string,
                !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                report.failed += 1
                continue
            }
            let usage = response.body?["usage"]
            let prompt = Int(usage?["prompt_tokens"]?.number ?? 0)
            let completion = Int(usage?["completion_tokens"]?.number ?? 0)
            let provider: String = pending["provider"]
            let cost = providers[provider]?.cost(promptTokens: prompt, completionTokens: completion) ?? 0
            try ModelResponse(
                requestHash: result.custom_id, provider: provider, model: pending["model"], request: pending["request"], content: content,
                promptTokens: prompt, completionTokens: completion, cost: cost, receivedAt: StageRun.timestamp(Date()), via: .batch
            ).insert(db)
            var attempt = ModelAttempt(
                requestHash: result.custom_id, stage: pending["stage"], provider: provider, model: pending["model"],
                startedAt: StageRun.timestamp(Date()), latencyMs: 0, status: "ok", httpStatus: 200, promptTokens: prompt,
                completionTokens: completion, cost: cost)
            try attempt.insert(db)
            _ = try ModelPendingRequest.deleteOne(db, key: result.custom_id)
            report.stored += 1
        }
        return report
    }
}
