import GRDB

/// The checks a release must pass. Most are the audit's checks (``Audit``); one more is the
/// build's own: no question with an open review task, unless the release is a preview.
public struct ReleaseGates: Sendable {
    /// The audit checks that gate a release.
    public static let checks: [Audit.Check] = [
        .answerIndexMismatch, .answerIndexOutOfRange, .optionCount, .emptyOptions, .duplicateOptions, .optionWhitespace,
        .controlCharacters, .mojibake, .figureReference, .splitOverlap, .duplicateQuestions,
    ]
    /// The gate for questions whose review is not finished.
    public static let reviewOpen = "review_open"

    public var preview: Bool
    public var waivers: [Waiver]

    public init(preview: Bool, waivers: [Waiver]) {
        self.preview = preview
        self.waivers = waivers
    }

    /// A question that fails a gate.
    public struct Failure: Codable, Sendable, Equatable {
        public var gate: String
        public var questionID: Int
        public var itemKey: String
        public var detail: String

        enum CodingKeys: String, CodingKey {
            case gate
            case questionID = "question_id"
            case itemKey = "item"
            case detail
        }
    }

    /// A failure a waiver covers, with who waived it and why.
    public struct Waived: Codable, Sendable, Equatable {
        public var failure: Failure
        public var by: String
        public var reason: String
    }

    public struct Verdict: Sendable {
        public var failures: [Failure]
        public var waived: [Waived]
        /// Questions released with their review unfinished (previews only), by state.
        public var unreviewed: [String: Int]
    }

    /// Checks every record. `entries` are the item key, split, review state and record.
    public func evaluate(_ entries: [(key: String, split: String, reviewState: String, record: ReleaseRecord)]) -> Verdict {
        var failures: [Failure] = []
        var waived: [Waived] = []
        var unreviewed: [String: Int] = [:]
        let keys = Dictionary(uniqueKeysWithValues: entries.map { ($0.record.questionID, $0.key) })
        let waiverByKey = Dictionary(waivers.map { ("\($0.gate.rawValue)|\($0.itemKey)", $0) }) { first, _ in first }
        for entry in entries where !["accepted", "corrected"].contains(entry.reviewState) {
            if preview {
                unreviewed[entry.reviewState, default: 0] += 1
            } else {
                failures.append(
                    Failure(
                        gate: Self.reviewOpen, questionID: entry.record.questionID, itemKey: entry.key,
                        detail: Self.describe(entry.reviewState)))
            }
        }
        let report = Audit.run(entries.map { Audit.Entry($0.record, split: $0.split) }, checks: Self.checks, figures: false)
        for result in report.checks {
            for finding in result.findings {
                let key = keys[finding.questionID] ?? "?"
                let failure = Failure(gate: result.id.rawValue, questionID: finding.questionID, itemKey: key, detail: finding.detail)
                if let waiver = waiverByKey["\(result.id.rawValue)|\(key)"] {
                    waived.append(Waived(failure: failure, by: waiver.by, reason: waiver.reason))
                } else {
                    failures.append(failure)
                }
            }
        }
        return Verdict(failures: failures, waived: waived, unreviewed: unreviewed)
    }

    /// The shortcut gates a report exceeds: an attack's accuracy or a share above its limit.
    public static func shortcutFailures(_ report: Shortcuts.Report, limits: [String: Double]) -> [(
        id: String, value: Double, limit: Double
    )] {
        limits.keys.sorted().compactMap { id in
            let value = report.attacks.first { $0.id.rawValue == id }?.overall.accuracy ?? report.share(id)?.overall.share
            guard let value, let limit = limits[id], value > limit else { return nil }
            return (id, value, limit)
        }
    }

    static func describe(_ reviewState: String) -> String {
        switch reviewState {
        case "unreviewed": "the build has no review stage"
        case "automatic": "decided by an unattended review (no person)"
        default: "review \(reviewState)"
        }
    }
}
