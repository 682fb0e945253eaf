import Foundation

/// The shortcut report as text, Markdown (the data card) and JSON.
public enum ShortcutText {
    /// `{"questions", "attacks": [{"id", "title", "overall", "by_source", "by_category"}], "shares", "position"}`.
    public static func json(_ report: Shortcuts.Report) -> String { Digest.canonicalJSON(report) }

    /// The attacks and shares, one row each: accuracy against chance with its 95% interval;
    /// with `other`, that report's figures beside them (the public release, say).
    public static func table(_ report: Shortcuts.Report, other: (name: String, report: Shortcuts.Report)? = nil) -> [[String]] {
        var header = ["attack (options only)", "questions", "right", "95% interval", "chance"]
        if let other { header += ["\(other.name): right", "chance"] }
        var rows = [header]
        for result in report.attacks {
            var row = [result.id.rawValue, String(result.overall.questions)] + cells(result.overall)
            if let other {
                let theirs = other.report.attack(result.id)?.overall
                row += theirs.map { [percent($0.accuracy), percent($0.chance)] } ?? ["", ""]
            }
            rows.append(row)
        }
        for share in report.shares {
            var row = [share.id, String(share.overall.of), percent(share.overall.share), "", "share"]
            if let other { row += [other.report.share(share.id).map { percent($0.overall.share) } ?? "", "share"] }
            rows.append(row)
        }
        return rows
    }

    /// Accuracy of every attack per source (or category), against chance.
    public static func breakdown(_ report: Shortcuts.Report, byCategory: Bool = false) -> [[String]] {
        let groups = Set(report.attacks.flatMap { byCategory ? Array($0.byCategory.keys) : Array($0.bySource.keys) }).sorted()
        var rows = [["attack"] + groups]
        for result in report.attacks {
            let scores = byCategory ? result.byCategory : result.bySource
            rows.append(
                [result.id.rawValue]
                    + groups.map { group in
                        scores[group].map { "\(percent($0.accuracy)) (\(percent($0.chance)))" } ?? "–"
                    })
        }
        for share in report.shares where !byCategory {
            rows.append([share.id] + groups.map { group in share.bySource[group].map { percent($0.share) } ?? "–" })
        }
        return rows
    }

    /// The whole report as text for a terminal.
    public static func text(_ report: Shortcuts.Report, files: [String], byCategory: Bool) -> String {
        var out = ["shortcut report of \(files.joined(separator: ", ")): \(report.questions) questions", ""]
        out += Funnel.render(table(report), numericFrom: 1)
        out.append("")
        out.append("by source: accuracy (chance); shares of wrong options")
        out += Funnel.render(breakdown(report), numericFrom: 1)
        if byCategory {
            out.append("")
            out.append("by category: accuracy (chance)")
            out += Funnel.render(breakdown(report, byCategory: true), numericFrom: 1)
        }
        out.append("")
        out.append(position(report.position))
        out.append("")
        for result in report.attacks { out.append("\(result.id.rawValue): \(result.title)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The answer-position line: letters, counts, chi-square and p.
    public static func position(_ test: Shortcuts.PositionTest) -> String {
        let letters = Array("ABCDEFGHIJ")
        let counts = test.observed.indices.filter { test.expected[$0] > 0 }.map {
            "\(letters[$0]) \(test.observed[$0]) (\(String(format: "%.0f", test.expected[$0])))"
        }
        return "answer positions, observed (expected): " + counts.joined(separator: ", ")
            + String(format: "; chi-square %.1f, %d df, p = %.3g", test.chiSquare, test.degreesOfFreedom, test.pValue)
    }

    static func cells(_ score: Shortcuts.Score) -> [String] {
        [percent(score.accuracy), "\(percent(score.low))–\(percent(score.high))", percent(score.chance)]
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
