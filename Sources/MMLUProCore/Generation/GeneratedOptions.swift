import GRDB

/// Writing `generated_option` rows: every option a model proposed, accepted or not, and why.
enum GeneratedOptions {
    static func insert(_ proposals: [DistractorWriter.Proposal], stage: StageName, key: String, db: Database) throws {
        try GeneratedOption.insertRows(rows(proposals, stage: stage, key: key), db: db)
    }

    /// The rows of one item's proposals.
    static func rows(_ proposals: [DistractorWriter.Proposal], stage: StageName, key: String) -> [GeneratedOption] {
        proposals.map { proposal in
            GeneratedOption(
                stage: stage.rawValue, itemKey: key, attempt: proposal.attempt, position: proposal.position, text: proposal.text,
                accepted: proposal.accepted, reason: proposal.reason, detail: proposal.detail, requestHash: proposal.requestHash)
        }
    }
}
