import Foundation
import GRDB
import Testing

@testable import MMLUProCore

/// One record type per table: every table of the schema has exactly one, its columns are the
/// table's, and a row written through it reads back the same, lists and statuses typed.
@Suite struct RecordTests {
    /// A sample of every record type, each with every optional column set.
    static let samples: [any RecordSample] = [
        SourceItem(
            key: "mmlu/test/a/0", source: .mmlu, split: "test", subject: "a", category: "math", origin: "a.csv:1", question: "q?",
            options: ["1/2", "b"], answer: "A", answerType: "letter", unit: "m", solution: "s", extra: ["k": .string("v")]),
        SourceFile(path: "raw/a.csv", source: "mmlu", sha256: "00", bytes: 10),
        DuplicateRecord(itemKey: "k", origin: "a.csv:2", detail: "same as a.csv:1"),
        TextRepairRecord(stage: "collect", itemKey: "k", field: "question", seq: 0, reason: "mojibake", before: "Ã©", after: "é"),
        FilterDecision(itemKey: "k", outcome: .dropped, reason: .tooEasy, detail: "5 of 8", correct: 5, answered: 8, panel: 8),
        ModelAnswer(itemKey: "k", model: "m", origin: "f:1", rawOutput: "(A)", letter: "A", status: .ok),
        IntegratedQuestion(
            itemKey: "k", answer: "4", answerOrigin: .extracted, sourceAnswer: "four", options: ["4", "5", "6", "7"], shortfall: 0,
            generator: "g", templateVersion: "v1"),
        IntegrateHold(itemKey: "k", reason: "no_answer", detail: "d"),
        GeneratedOption(
            stage: "augment", itemKey: "k", attempt: 1, position: 0, text: "t", accepted: false, reason: "duplicate", detail: "d",
            requestHash: "h"),
        AugmentedQuestion(
            itemKey: "k", split: .validation, category: "math", src: "ori_mmlu-a", question: "q", options: ["a", "b/c"], answerIndex: 1,
            optionOrigins: ["source", "generated"], shuffled: true, shortfall: 8, generator: "g", templateVersion: "v"),
        AugmentFlag(itemKey: "k", reason: "short_of_options", detail: "d"),
        ModelResponse(
            requestHash: "h", provider: "p", model: "m", request: "{}", content: "c", promptTokens: 1, completionTokens: 2, cost: 0.5,
            receivedAt: "t", via: .batch),
        ModelAttempt(
            requestHash: "h", stage: "augment", provider: "p", model: "m", startedAt: "t", latencyMs: 3, status: "ok", httpStatus: 200,
            error: "e", promptTokens: 1, completionTokens: 2, cost: 0.25),
        ModelPendingRequest(requestHash: "h", provider: "p", model: "m", request: "{}", stage: "augment", exportedAt: "t"),
        ModelRejection(requestHash: "h", stage: "augment", reason: "bad_json", detail: "d"),
        ReviewTask(
            key: "p1:k@v", phase: 1, itemKey: "k", optionText: "o", version: "v", category: "math", priority: 2, overlap: 1, createdAt: "t"),
        ReviewQueueEntry(taskKey: "p1:k@v", status: .disputed, priority: 2, phase: 1),
        ReviewQueueCount(phase: 2, status: .decided, tasks: 7),
        ReviewLease(taskKey: "p1:k@v", reviewer: "r", leaseUntil: "l"),
        ReviewEvent(
            at: "t", reviewer: "r", kind: .decide, taskKey: "p1:k@v", decision: "{}", before: "b", after: "a", leaseUntil: "l",
            undoes: 1, guidelineVersion: "g", origin: "local"),
        ReviewerAccount(name: "r", role: .adjudicator, tokenSha256: "00", createdAt: "t"),
        JudgeVerdict(
            itemKey: "k", optionIndex: 1, optionText: "o", verdict: .couldBeCorrect, rationale: "r", generator: "g", requestHash: "h"),
        ReviewedQuestion(
            itemKey: "k", status: .corrected, taskKey: "p1:k@v", options: ["a"], answerIndex: 0, detail: "d", removedOptions: ["b"]),
        CalibrationTask(
            taskKey: "p1:k@v", itemKey: "k", defect: .answerTwice, options: ["a", "a"], answerIndex: 0, catchVerdict: "remove",
            catchAnswer: "B"),
        Waiver(gate: .figureReference, itemKey: "k", by: "w", reason: "r", origin: "f:1"),
        AssignedQuestionID(questionId: 70, itemKey: "k", category: "math", origin: "built", firstRelease: "0.1.0"),
        ReleaseVersion(version: "0.1.0", origin: .imported, preview: true, manifestSha256: "00", records: 3, createdAt: "t"),
        StoredReleaseRecord(version: "0.1.0", questionId: 70, split: "test", itemKey: "k", record: "{}", sha256: "00"),
        ReleasedQuestion(itemKey: "k", questionId: 70, split: .test, sha256: "00"),
        ValidationRationale(itemKey: "k", origin: "f", method: .suffix, similarity: 0.95, letters: "{}"),
        Removal(stage: "review", itemKey: "k", reason: "bad_question", detail: "d"),
        StageRun(
            stage: "collect", outcome: .completed, configDigest: "c", inputDigest: "i", startedAt: "t", finishedAt: "t", counts: "{}",
            detail: "d"),
    ]

    @Test func everyTableHasOneRecordTypeWithItsColumns() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            let covered = Self.samples.map { $0.tableName }
            #expect(Set(covered) == Set(tables), "tables without a record type: \(Set(tables).subtracting(covered).sorted())")
            #expect(covered.count == Set(covered).count, "a table with two record types")
            for sample in Self.samples {
                let columns = try db.columns(in: sample.tableName).map(\.name)
                #expect(Set(try sample.columnNames(db)) == Set(columns), "\(sample.tableName)")
            }
        }
    }

    @Test func everyRecordReadsBackAsWritten() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            // The log is append-only; the round trip empties each table before it writes.
            try db.execute(sql: "DROP TRIGGER review_event_no_delete")
            for sample in Self.samples {
                #expect(try sample.roundTrips(db), "\(sample.tableName)")
            }
            #expect(Self.samples.filter { $0 is any RowWriting }.count >= 20)
            // Lists are stored as the canonical JSON the store's other writers use.
            #expect(try String.fetchOne(db, sql: "SELECT options FROM augmented_question") == #"["a","b/c"]"#)
        }
    }
}

/// A record the round trip can write and read back.
protocol RecordSample: Sendable {
    var tableName: String { get }
    func columnNames(_ db: Database) throws -> [String]
    func roundTrips(_ db: Database) throws -> Bool
}

extension RecordSample where Self: FetchableRecord & MutablePersistableRecord & Equatable {
    var tableName: String { Self.databaseTableName }

    func columnNames(_ db: Database) throws -> [String] { Array(try databaseDictionary.keys) }

    func roundTrips(_ db: Database) throws -> Bool {
        // A trigger may have written the row already (a task's queue entry).
        try db.execute(sql: "DELETE FROM \(Self.databaseTableName)")
        var copy = self
        try copy.insert(db)
        guard try Self.fetchAll(db) == [copy] else { return false }
        // The fast writer stores the same row.
        guard let fast = copy as? any RowWriting else { return true }
        try db.execute(sql: "DELETE FROM \(Self.databaseTableName)")
        try fast.insertRow(db, onConflict: .replace)
        guard try Self.fetchAll(db) == [copy] else { return false }
        // And so does the batch writer.
        try db.execute(sql: "DELETE FROM \(Self.databaseTableName)")
        try fast.insertAsBatch(db)
        guard try Self.fetchAll(db) == [copy] else { return false }
        // And so do its values worked out ahead.
        try db.execute(sql: "DELETE FROM \(Self.databaseTableName)")
        try fast.insertPrepared(db)
        return try Self.fetchAll(db) == [copy]
    }
}

extension RowWriting {
    func insertAsBatch(_ db: Database) throws { try Self.insertRows([self], db: db, onConflict: .replace) }
    func insertPrepared(_ db: Database) throws { try PreparedRow.insertRows([PreparedRow(self)], db: db, onConflict: .replace) }
}

@Suite struct BatchInsertTests {
    @Test("rows written in batches are the rows written one by one, in order, across batch boundaries")
    func batchesWriteTheSameRows() throws {
        let rows = (0..<123).map { index in
            ReviewEvent(
                at: "2026-11-30T10:00:\(index % 60)Z", reviewer: "r\(index % 3)", kind: index % 4 == 0 ? .claim : .decide,
                taskKey: "p1:k\(index % 7)", decision: index % 4 == 0 ? nil : #"{"verdict":"ok"}"#, before: "{\"n\":\(index)}",
                after: index % 5 == 0 ? nil : "é/\"\(index)\"", leaseUntil: nil, undoes: nil, guidelineVersion: "g", origin: "automatic")
        }
        func written(_ write: (Database) throws -> Void) throws -> [Row] {
            let queue = try DatabaseQueue()
            try Migrations.migrator.migrate(queue)
            return try queue.writeWithoutTransaction { db in
                // Outside a transaction, where the pragma takes effect.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try write(db)
                return try Row.fetchAll(db, sql: "SELECT * FROM review_event ORDER BY id")
            }
        }
        let one = try written { db in for row in rows { try row.insertRow(db) } }
        for batch in [1, 7, 50, 200] {
            #expect(try written { db in try ReviewEvent.insertRows(rows, db: db, batch: batch) } == one, "batch \(batch)")
            #expect(
                try written { db in try PreparedRow.insertRows(rows.map(PreparedRow.init), db: db, batch: batch) } == one,
                "prepared, batch \(batch)")
        }
        #expect(one.count == 123)
    }
}

extension SourceItem: RecordSample {}
extension SourceFile: RecordSample {}
extension DuplicateRecord: RecordSample {}
extension TextRepairRecord: RecordSample {}
extension FilterDecision: RecordSample {}
extension ModelAnswer: RecordSample {}
extension IntegratedQuestion: RecordSample {}
extension IntegrateHold: RecordSample {}
extension GeneratedOption: RecordSample {}
extension AugmentedQuestion: RecordSample {}
extension AugmentFlag: RecordSample {}
extension ModelResponse: RecordSample {}
extension ModelAttempt: RecordSample {}
extension ModelPendingRequest: RecordSample {}
extension ModelRejection: RecordSample {}
extension ReviewTask: RecordSample {}
extension ReviewQueueEntry: RecordSample {}
extension ReviewQueueCount: RecordSample {}
extension ReviewLease: RecordSample {}
extension ReviewEvent: RecordSample {}
extension ReviewerAccount: RecordSample {}
extension JudgeVerdict: RecordSample {}
extension ReviewedQuestion: RecordSample {}
extension CalibrationTask: RecordSample {}
extension Waiver: RecordSample {}
extension AssignedQuestionID: RecordSample {}
extension ReleaseVersion: RecordSample {}
extension StoredReleaseRecord: RecordSample {}
extension ReleasedQuestion: RecordSample {}
extension ValidationRationale: RecordSample {}
extension Removal: RecordSample {}
extension StageRun: RecordSample {}

@Suite struct BatchInsertFailureTests {
    @Test("a batch that breaks a constraint throws SQLite's error, writes none of its rows, and the next batch is written")
    func constraintFailure() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let first = AugmentFlag(itemKey: "mmlu/test/x/1", reason: "short_of_options", detail: "9 of 10")
            let second = AugmentFlag(itemKey: "mmlu/test/x/2", reason: "short_of_options", detail: "8 of 10")
            let error = try #require(throws: DatabaseError.self) { try AugmentFlag.insertRows([first, second, first], db: db) }
            #expect(error.resultCode == .SQLITE_CONSTRAINT)
            #expect(error.message?.contains("augment_flag.item_key, augment_flag.reason") == true, "\(error)")
            #expect(try AugmentFlag.fetchCount(db) == 0)
            // The cached statement was reset: the same batch shape, valid now, goes in.
            let third = AugmentFlag(itemKey: "mmlu/test/x/3", reason: "short_of_options", detail: "7 of 10")
            try AugmentFlag.insertRows([first, second, third], db: db)
            #expect(try AugmentFlag.order(Column("item_key")).fetchAll(db).map(\.detail) == ["9 of 10", "8 of 10", "7 of 10"])
            // A value of the wrong kind for a STRICT column is SQLite's error too, not a crash.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "CREATE TEMP TABLE strict_check (n INTEGER NOT NULL) STRICT")
                try StrictCheck.insertRows([StrictCheck(n: "seven")], db: db)
            }
        }
    }
}

/// A row whose text goes to an INTEGER column of a STRICT table.
private struct StrictCheck: RowWriting {
    static let databaseTableName = "strict_check"
    static let insertTarget = makeInsertTarget(databaseTableName, ["n"])
    var n: String

    func writeValues(to row: inout some RowValues) { row.put(n) }
}
