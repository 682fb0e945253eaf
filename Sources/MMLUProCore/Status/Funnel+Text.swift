extension Funnel {
    /// The funnel as aligned plain-text tables, for `mmlupro status`.
    public func text() -> String {
        var out: [String] = []
        out.append("Stages")
        if stages.isEmpty { out.append("  (no stage has run)") }
        for state in stages {
            let counts = state.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let note = state.outcome == "invalidated" ? "(\(state.detail); rerun it)" : counts
            if let failedAt = state.failedAt, let failure = state.failure {
                // The last attempt failed: its error, then what the tables still hold.
                let lines = failure.split(separator: "\n", omittingEmptySubsequences: true)
                out.append("  " + pad(state.stage, 10) + pad("failed", 13) + pad(failedAt, 26) + (lines.first.map(String.init) ?? ""))
                out += lines.dropFirst().prefix(5).map { String(repeating: " ", count: 51) + $0 }
                if lines.count > 6 { out.append(String(repeating: " ", count: 51) + "… \(lines.count - 6) more lines") }
                if state.finishedAt.isEmpty { continue }
                out.append("  " + pad("", 10) + pad(state.outcome, 13) + pad(state.finishedAt, 26) + "(what its tables hold) " + note)
            } else {
                out.append("  " + pad(state.stage, 10) + pad(state.outcome, 13) + pad(state.finishedAt, 26) + note)
            }
        }
        if stages.contains(where: { $0.failure != nil }) {
            out.append("  A failed run wrote nothing: fix what its error names and run `mmlupro build` again.")
        }

        out.append("")
        out.append("Funnel by source and category")
        out += Self.render(funnelTable(), numericFrom: 3)

        out.append("")
        out.append("Removed, by stage and reason")
        if reasons.isEmpty { out.append("  (nothing removed)") }
        let reasonTable = self.reasonTable()
        if !reasons.isEmpty { out += Self.render(reasonTable, numericFrom: 3) }
        if !duplicates.isEmpty {
            out.append("")
            let list = duplicates.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            out.append("Repeated records folded into their first occurrence: \(list)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Per source, split and category: ingested, removed by each stage, held, kept; with a
    /// subtotal per source and a total. The first row is the header.
    func funnelTable() -> [[String]] {
        let stageNames = StageName.allCases.map(\.rawValue)
        let header = ["source", "split", "category", "ingested"] + stageNames.map { "-\($0)" } + ["held", "kept"]
        var table: [[String]] = [header]
        var totals = [Int](repeating: 0, count: header.count - 3)
        for source in Source.allCases.map(\.rawValue) {
            let group = rows.filter { $0.source == source }
            guard !group.isEmpty else { continue }
            var sub = [Int](repeating: 0, count: header.count - 3)
            for row in group {
                let values = [row.ingested] + stageNames.map { row.removed[$0] ?? 0 } + [row.held, row.kept]
                table.append([row.source, row.split, row.category] + values.map(String.init))
                sub = zip(sub, values).map(+)
            }
            table.append([source, "", "all"] + sub.map(String.init))
            totals = zip(totals, sub).map(+)
        }
        table.append(["all", "", ""] + totals.map(String.init))
        return table
    }

    /// Removals by stage, reason and source. The first row is the header.
    func reasonTable() -> [[String]] {
        [["stage", "reason", "source", "count"]] + reasons.map { [$0.stage, $0.reason, $0.source, String($0.count)] }
    }

    /// A table as Markdown, numbers right-aligned from column `numericFrom`.
    static func markdown(_ table: [[String]], numericFrom: Int) -> String {
        let header = "| " + table[0].joined(separator: " | ") + " |"
        let rule = "|" + table[0].indices.map { $0 >= numericFrom ? "---:|" : "---|" }.joined()
        let body = table.dropFirst().map { row in
            "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([header, rule] + body).joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// A table as aligned lines of plain text, numbers right-aligned from column `numericFrom`.
    static func render(_ table: [[String]], numericFrom: Int) -> [String] {
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            "  "
                + row.enumerated().map { column, cell in
                    let padding = String(repeating: " ", count: widths[column] - cell.count)
                    return column >= numericFrom ? padding + cell : cell + padding
                }.joined(separator: "  ")
        }
    }
}
