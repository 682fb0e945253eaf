import Foundation
import GRDB

/// What changed since a previous release, question by question, and the errata: every answer
/// that changed, with who changed it, why and when.
struct ReleaseDiff {
    struct Change: Encodable {
        var before: JSONValue
        var after: JSONValue
    }

    struct Changed: Encodable {
        var questionID: Int
        var fields: [String: Change]

        enum CodingKeys: String, CodingKey {
            case questionID = "question_id"
            case fields
        }
    }

    struct Summary: Encodable {
        var previous: String
        var added: [Int]
        var removed: [Int]
        var changed: [Changed]
    }

    /// An answer that changed: the correct option's text is not what it was.
    struct Erratum: Encodable {
        var questionID: Int
        var before: String
        var after: String
        var reviewer: String?
        var reason: String
        var date: String?

        enum CodingKeys: String, CodingKey {
            case questionID = "question_id"
            case before, after, reviewer, reason, date
        }
    }

    var summary: Summary
    var errata: [Erratum]

    static func compute(previous: (version: String, origin: String), current: [(key: String, record: ReleaseRecord)], db: Database)
        throws -> ReleaseDiff
    {
        var old: [Int: ReleaseRecord] = [:]
        for line in try String.fetchAll(
            db, sql: "SELECT record FROM release_record WHERE version = ? ORDER BY question_id", arguments: [previous.version])
        {
            let record = try JSONDecoder().decode(ReleaseRecord.self, from: Data(line.utf8))
            old[record.questionID] = record
        }
        let now = Dictionary(uniqueKeysWithValues: current.map { ($0.record.questionID, $0) })
        var summary = Summary(
            previous: previous.version, added: now.keys.filter { old[$0] == nil }.sorted(),
            removed: old.keys.filter { now[$0] == nil }.sorted(), changed: [])
        var errata: [Erratum] = []
        for id in now.keys.sorted() {
            guard let before = old[id], let (key, after) = now[id] else { continue }
            var fields: [String: Change] = [:]
            func compare(_ name: String, _ a: JSONValue, _ b: JSONValue) {
                if a != b { fields[name] = Change(before: a, after: b) }
            }
            compare("question", .string(before.question), .string(after.question))
            compare("options", .array(before.options.map(JSONValue.string)), .array(after.options.map(JSONValue.string)))
            compare("answer", .string(before.answer), .string(after.answer))
            compare("answer_index", .number(Double(before.answerIndex)), .number(Double(after.answerIndex)))
            compare("cot_content", .string(before.cotContent), .string(after.cotContent))
            compare("category", .string(before.category), .string(after.category))
            compare("src", .string(before.src), .string(after.src))
            if !fields.isEmpty { summary.changed.append(Changed(questionID: id, fields: fields)) }

            let oldAnswer = before.options.indices.contains(before.answerIndex) ? before.options[before.answerIndex] : "?"
            let newAnswer = after.options[after.answerIndex]
            guard OptionValidator.normalized(oldAnswer) != OptionValidator.normalized(newAnswer) else { continue }
            var erratum = Erratum(
                questionID: id, before: "(\(before.answer)) \(oldAnswer)", after: "(\(after.answer)) \(newAnswer)", reviewer: nil,
                reason: "no review decision changed it: the answer of the build's source", date: nil)
            if let decision = try Row.fetchOne(
                db,
                sql: """
                    SELECT e.reviewer, e.at, json_extract(e.decision, '$.note') AS note FROM review_event e
                    JOIN review_task t ON t.key = e.task_key
                    WHERE t.item_key = ? AND t.phase = 1 AND e.kind IN ('decide', 'adjudicate')
                      AND json_extract(e.decision, '$.verdict') = 'wrong_answer'
                      AND e.id NOT IN (SELECT undoes FROM review_event WHERE undoes IS NOT NULL)
                    ORDER BY e.id DESC LIMIT 1
                    """, arguments: [key])
            {
                erratum.reviewer = decision["reviewer"]
                erratum.date = decision["at"]
                erratum.reason = "wrong_answer" + ((decision["note"] as String?).map { ": \($0)" } ?? "")
            }
            errata.append(erratum)
        }
        return ReleaseDiff(summary: summary, errata: errata)
    }
}
