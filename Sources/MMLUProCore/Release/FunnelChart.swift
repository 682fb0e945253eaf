import Foundation
import GRDB

/// The funnel as an SVG bar chart: one bar per source, split into what was released, what
/// each stage removed, and what is held.
enum FunnelChart {
    static let colors: [String: String] = [
        "released": "#2e7d32", "collect": "#9e9e9e", "filter": "#1565c0", "integrate": "#6a1b9a", "augment": "#ef6c00",
        "review": "#c62828", "release": "#00838f", "held": "#fbc02d",
    ]

    static func svg(_ funnel: Funnel) -> String {
        let sources = Source.allCases.map(\.rawValue).filter { source in funnel.rows.contains { $0.source == source } }
        let segments = ["released"] + StageName.allCases.map(\.rawValue) + ["held"]
        var totals: [String: [String: Int]] = [:]
        for row in funnel.rows {
            totals[row.source, default: [:]]["released", default: 0] += row.kept
            totals[row.source, default: [:]]["held", default: 0] += row.held
            for (stage, count) in row.removed { totals[row.source, default: [:]][stage, default: 0] += count }
        }
        let maximum = max(sources.map { source in totals[source, default: [:]].values.reduce(0, +) }.max() ?? 1, 1)
        let (left, width, barHeight, gap) = (110.0, 560.0, 26.0, 14.0)
        let height = 50 + Double(sources.count) * (barHeight + gap) + 40
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(Int(height))\" viewBox=\"0 0 760 \(Int(height))\" "
                + "font-family=\"sans-serif\" font-size=\"12\">",
            "<title>What each step kept and removed, per source</title>",
            "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Records per source: released, removed by stage, held</text>",
        ]
        for (index, source) in sources.enumerated() {
            let y = 40 + Double(index) * (barHeight + gap)
            let counts = totals[source, default: [:]]
            let total = counts.values.reduce(0, +)
            svg.append("<text x=\"10\" y=\"\(format(y + barHeight * 0.65))\">\(source)</text>")
            var x = left
            for segment in segments {
                let count = counts[segment] ?? 0
                guard count > 0 else { continue }
                let w = width * Double(count) / Double(maximum)
                svg.append(
                    "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(w))\" height=\"\(format(barHeight))\" "
                        + "fill=\"\(colors[segment]!)\"><title>\(source) \(segment): \(count)</title></rect>")
                x += w
            }
            svg.append("<text x=\"\(format(x + 6))\" y=\"\(format(y + barHeight * 0.65))\">\(total)</text>")
        }
        var x = 10.0
        let legendY = height - 22
        for segment in segments {
            svg.append("<rect x=\"\(format(x))\" y=\"\(format(legendY))\" width=\"12\" height=\"12\" fill=\"\(colors[segment]!)\"/>")
            let label = segment == "released" || segment == "held" ? segment : "-\(segment)"
            svg.append("<text x=\"\(format(x + 16))\" y=\"\(format(legendY + 10))\">\(label)</text>")
            x += 16 + Double(label.count) * 7 + 14
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
