import Foundation

/// The audit report as text for people and as one JSON object for programs.
public enum AuditText {
    /// `{"checks": [{"id", "title", "count", "question_ids", "findings"}...], "figures": {...}}`.
    public static func json(_ report: Audit.Report) -> String { Digest.canonicalJSON(report) }

    /// One line per check with its count and first question ids, then the figures.
    public static func text(_ report: Audit.Report, files: [String], limit: Int) -> String {
        var out: [String] = []
        let records = report.figures.records.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out.append("audit of \(files.joined(separator: ", ")): \(records) records")
        out.append("")
        let width = Audit.Check.allCases.map(\.rawValue.count).max()!
        for result in report.checks {
            let name = result.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let count = String(result.count).leftPadded(to: 6, with: " ")
            out.append("\(name) \(count)  \(result.title)")
            guard result.count > 0 else { continue }
            for finding in result.findings.prefix(limit) {
                out.append("    \(finding.questionID) (\(finding.split)): \(finding.detail)")
            }
            if result.findings.count > limit { out.append("    ... \(result.findings.count - limit) more (--limit, --json)") }
        }
        let figures = report.figures
        out.append("")
        let counts = figures.optionCounts.sorted { (Int($0.key) ?? 0) > (Int($1.key) ?? 0) }.map { "\($0.key): \($0.value)" }
        out.append("option counts      " + counts.joined(separator: ", "))
        out.append(
            "answer letters     " + figures.answerLetters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        )
        out.append(
            String(
                format: "longest is correct %.1f%% of questions (chance %.1f%%)", figures.longestIsCorrect * 100,
                figures.longestIsCorrectByChance * 100))
        let defects = report.checks.filter { $0.count > 0 && !$0.id.isAdvisory }
        let advisory = report.checks.filter { $0.count > 0 && $0.id.isAdvisory }
        out.append("")
        out.append(
            defects.isEmpty
                ? "no defects found"
                : "defects found by \(defects.count) check\(defects.count == 1 ? "" : "s"): "
                    + defects.map { "\($0.id.rawValue) \($0.count)" }.joined(separator: ", "))
        if !advisory.isEmpty {
            out.append(
                "advisory (judgement calls; they fail the audit with --strict): "
                    + advisory.map { "\($0.id.rawValue) \($0.count)" }.joined(separator: ", "))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
