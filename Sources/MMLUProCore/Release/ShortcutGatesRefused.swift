import Foundation
import GRDB

/// A release refused by its shortcut gates: the attacks that reach more than allowed.
public struct ShortcutGatesRefused: Error, CustomStringConvertible, Sendable {
    public var version: String
    public var failures: [(id: String, value: Double, limit: Double)]

    public var description: String {
        var lines = ["release \(version) refused by its shortcut gates (release.shortcut_gates):"]
        for failure in failures {
            lines.append(
                "  \(failure.id): \(ShortcutText.percent(failure.value)) on the test split, above the limit of \(ShortcutText.percent(failure.limit))"
            )
        }
        lines.append("see `mmlupro audit --shortcuts test.json` on a preview for the breakdown by source and category")
        return lines.joined(separator: "\n")
    }
}
