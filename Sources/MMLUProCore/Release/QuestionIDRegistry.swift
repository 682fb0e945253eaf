import GRDB

/// The question id registry (`question_id`): an id is given once and kept forever, and the id
/// of a removed question is never given again.
public enum QuestionIDRegistry {
    /// The id of every candidate: its own if it has one; else an imported release's id for the
    /// same question (same `src` and question text) that no question holds yet; else a new one.
    /// New ids come in one block per category (validation first, then test, categories in the
    /// table's order, questions by `src` and key), after the highest id ever given.
    static func assign(_ candidates: [ReleaseStage.Candidate], categoryOrder: [String], version: String, db: Database) throws
        -> [String: Int]
    {
        var ids: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_key, question_id FROM question_id WHERE item_key IS NOT NULL") {
            ids[row[0]] = row[1]
        }
        // Ids reserved by an imported release, by src and question text.
        var reserved: [String: Int] = [:]
        let unbound = try Row.fetchAll(
            db,
            sql: """
                SELECT q.question_id, json_extract(r.record, '$.src') AS src, json_extract(r.record, '$.question') AS question
                FROM question_id q JOIN release_record r ON r.question_id = q.question_id
                JOIN release_version v ON v.version = r.version AND v.origin = 'imported'
                WHERE q.item_key IS NULL ORDER BY q.question_id
                """)
        for row in unbound {
            let key = matchKey(src: row["src"], question: row["question"])
            if reserved[key] == nil { reserved[key] = row["question_id"] }
        }
        let bind = try db.cachedStatement(sql: "UPDATE question_id SET item_key = ? WHERE question_id = ? AND item_key IS NULL")
        var fresh: [ReleaseStage.Candidate] = []
        for candidate in candidates where ids[candidate.key] == nil {
            if !reserved.isEmpty, let id = reserved.removeValue(forKey: matchKey(src: candidate.src, question: candidate.question)) {
                try bind.execute(arguments: [candidate.key, id])
                ids[candidate.key] = id
            } else {
                fresh.append(candidate)
            }
        }
        var next = (try Int.fetchOne(db, sql: "SELECT MAX(question_id) FROM question_id") ?? -1) + 1
        let rank = Dictionary(uniqueKeysWithValues: categoryOrder.enumerated().map { ($1, $0) })
        let splitRank = ["validation": 0, "test": 1]
        // Each candidate's ranks looked up once, not at every comparison.
        let ranks = fresh.map { (splitRank[$0.split] ?? 2, rank[$0.category] ?? Int.max) }
        let order = fresh.indices.sorted {
            (ranks[$0].0, ranks[$0].1, fresh[$0].src, fresh[$0].key) < (ranks[$1].0, ranks[$1].1, fresh[$1].src, fresh[$1].key)
        }
        var assigned: [AssignedQuestionID] = []
        for candidate in order.map({ fresh[$0] }) {
            assigned.append(
                AssignedQuestionID(
                    questionId: next, itemKey: candidate.key, category: candidate.category, origin: "build", firstRelease: version))
            ids[candidate.key] = next
            next += 1
        }
        try AssignedQuestionID.insertRows(assigned, db: db)
        return ids
    }

    static func matchKey(src: String, question: String) -> String {
        src + "\u{1F}" + OptionValidator.normalized(question)
    }
}
