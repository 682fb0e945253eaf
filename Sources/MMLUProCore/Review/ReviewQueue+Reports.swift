import Foundation
import GRDB

extension ReviewQueue {
    /// Agreement between reviewers on tasks two or more of them decided.
    public struct Agreement: Sendable, Equatable {
        /// Pairs of decisions compared.
        public var pairs: Int
        /// Share of pairs that agree.
        public var percent: Double
        /// Cohen's kappa over the pairs (chance-corrected agreement); nil without pairs.
        public var kappa: Double?
    }

    /// Percent agreement and Cohen's kappa over every pair of reviewers' decisions on the
    /// same task (the `expert` verdict excluded).
    public func agreement(phase: Int? = nil) async throws -> Agreement {
        var pairs: [(String, String)] = []
        for (_, state) in try await states(phase: phase) {
            let decisions = state.decisions.sorted { $0.key < $1.key }.map(\.value).filter { $0.verdict != .expert }
            for i in decisions.indices {
                for j in decisions.indices where j > i {
                    pairs.append((decisions[i].agreementKey, decisions[j].agreementKey))
                }
            }
        }
        return Self.agreement(pairs)
    }

    /// Cohen's kappa for pairs of labels: (observed − expected) / (1 − expected).
    static func agreement(_ pairs: [(String, String)]) -> Agreement {
        guard !pairs.isEmpty else { return Agreement(pairs: 0, percent: 0, kappa: nil) }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.0 == $0.1 }.count) / n
        var first: [String: Double] = [:]
        var second: [String: Double] = [:]
        for (a, b) in pairs {
            first[a, default: 0] += 1
            second[b, default: 0] += 1
        }
        let expected = Set(first.keys).union(second.keys).reduce(0.0) { $0 + (first[$1] ?? 0) / n * ((second[$1] ?? 0) / n) }
        let kappa = expected >= 1 ? (observed >= 1 ? 1 : 0) : (observed - expected) / (1 - expected)
        return Agreement(pairs: pairs.count, percent: observed * 100, kappa: kappa)
    }

    /// One line of progress.
    public struct ProgressRow: Sendable, Equatable {
        public var phase: Int
        public var category: String
        public var open: Int
        public var disputed: Int
        public var decided: Int
    }

    /// Open, disputed and decided tasks per phase and category.
    public func progress() async throws -> [ProgressRow] {
        var rows: [String: ProgressRow] = [:]
        for (task, state) in try await states() {
            let key = "\(task.phase)|\(task.category)"
            var row = rows[key] ?? ProgressRow(phase: task.phase, category: task.category, open: 0, disputed: 0, decided: 0)
            switch state.status {
            case .open: row.open += 1
            case .disputed: row.disputed += 1
            case .decided: row.decided += 1
            }
            rows[key] = row
        }
        return rows.values.sorted { ($0.phase, $0.category) < ($1.phase, $1.category) }
    }

    /// Decisions standing per reviewer (undone ones not counted).
    public func decisionsByReviewer() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (_, state) in try await states() {
            for reviewer in state.decisions.keys { counts[reviewer, default: 0] += 1 }
            if let adjudicator = state.adjudicator { counts[adjudicator, default: 0] += 1 }
        }
        return counts
    }
}
