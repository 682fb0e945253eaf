import Foundation
import GRDB

/// A release refused by its gates, naming every failing question.
public struct ReleaseRefused: Error, CustomStringConvertible, Sendable {
    public var version: String
    public var failures: [ReleaseGates.Failure]

    public var description: String {
        var lines = ["release \(version) refused: \(failures.count) gate failure\(failures.count == 1 ? "" : "s")"]
        for failure in failures {
            lines.append("  \(failure.gate): question \(failure.questionID) (\(failure.itemKey)): \(failure.detail)")
        }
        let waivable = Set(failures.map(\.gate)).intersection(Waiver.waivable.map(\.rawValue) + [])
        if let gate = waivable.sorted().first, let example = failures.first(where: { $0.gate == gate }) {
            lines.append(
                "a \(waivable.sorted().joined(separator: " or ")) failure can be waived with a line in a release.waivers file: "
                    + "{\"gate\": \"\(gate)\", \"item\": \"\(example.itemKey)\", \"by\": \"<who>\", \"reason\": \"<why>\"}")
        }
        if failures.contains(where: { $0.gate == ReleaseGates.reviewOpen }) {
            lines.append("open review tasks: finish them (mmlupro review ...) or ask for a preview release (release.preview: true)")
        }
        return lines.joined(separator: "\n")
    }
}
