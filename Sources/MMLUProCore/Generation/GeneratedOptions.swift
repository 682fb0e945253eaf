import GRDB

/// Writing `generated_option` rows: every option a model proposed, accepted or not, and why.
enum GeneratedOptions {
    static func insert(_ proposals: [DistractorWriter.Proposal], stage: StageName, key: String, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO generated_option (stage, item_key, attempt, position, text, accepted, reason, detail, request_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for proposal in proposals {
            try statement.execute(arguments: [
                stage.rawValue, key, proposal.attempt, proposal.position, proposal.text, proposal.accepted, proposal.reason,
                proposal.detail,
                proposal.requestHash,
            ])
        }
    }
}
