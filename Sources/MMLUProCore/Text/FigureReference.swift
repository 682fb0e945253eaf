import Foundation

/// Questions that point at a figure, table or diagram. A table or image the text holds (rows
/// of `|` or tab-separated cells, a LaTeX `tabular` or `array`, or for a table, the numbers of
/// one written out after the mention) is not missing.
///
/// Tuned on the real MMLU, TheoremQA and SciBench: "figure" alone is often a person ("which of
/// the following figures", "this satanic figure") or a number ("the cost figures show"), and
/// "graph" a graph of vertices and edges, so those need a clearer phrase.
public enum FigureReference {
    private static let visual =
        #"(?:figure|fig\.|diagrams?|graphs?|charts?|tables?|images?|pictures?|illustrations?|plots?|maps?|photo(?:graph)?s?)"#
    private static let pattern = try! NSRegularExpression(
        pattern: [
            // "Figure 3", "table 2.1", "Fig. 4", "Figs. 2"
            #"\b(?:figures?|figs?\.|table|diagram|chart|graph)\s*#?\d"#,
            // "the following table", "the accompanying diagram", "the graph above"
            #"\b(?:the\s+)(?:following|above|below|accompanying|attached|adjacent)\s+(?:\w+\s+)?"# + visual + #"\b"#,
            // "this figure", "this diagram" (no adjective: "this satanic figure" is a person)
            #"\b(?:this|these)\s+"# + visual + #"\b"#,
            // "the graph below", "the diagram shows", "table shown"
            #"\b"# + visual + #"\s+(?:below|above|shown|shows|provided)\b"#,
            // "shown in the table", "depicted on the graph"
            #"\b(?:shown|depicted|illustrated|pictured|presented|displayed|listed|given)\s+(?:in|on|by)\s+the\s+(?:\w+\s+)?"# + visual
                + #"\b"#,
            // "in the figure", "see the diagram", "refer to the picture"
            #"\b(?:in|from|see|using|according to|refer to|based on|consider)\s+the\s+(?:figure|diagram|chart|picture|illustration|photo(?:graph)?)\b(?!\s+of\b)"#,
        ].joined(separator: "|"),
        options: [.caseInsensitive])

    private static let containable = try! NSRegularExpression(pattern: #"\b(?:tables?|charts?|images?)\b"#, options: [.caseInsensitive])
    private static let graphTheory = try! NSRegularExpression(
        pattern: #"\b(?:undirected|directed|weighted|connected|complete|bipartite|planar|acyclic)\s+graphs?\b|\bvertices\b|\bedges?\b"#,
        options: [.caseInsensitive])
    private static let number = try! NSRegularExpression(pattern: #"\d+(?:\.\d+)?"#)

    private static let keywords = ["fig", "table", "diagram", "graph", "chart", "image", "picture", "illustration", "plot", "map", "photo"]
        .map { Array($0.utf8) }

    /// Whether one of ``keywords`` starts a word of the text, in any case: every phrase the
    /// expression matches has one there (after `\b` or white space). Over bytes, with a word
    /// start wherever the byte before is no ASCII letter, digit or `_` (a non-ASCII letter
    /// before it counts as none: the test may say yes where the expression says no, never the
    /// other way). Most questions name no visual at all: the expression is skipped for them.
    static func mayMention(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var wordStart = true
            for index in bytes.indices {
                let byte = bytes[index]
                defer { wordStart = !ASCIIByte.isWord(byte) }
                guard wordStart else { continue }
                // A keyword's letters are lower case: a byte matches its letter in either case.
                for keyword in keywords where keyword[0] == byte | 0x20 && index + keyword.count <= bytes.count {
                    if keyword.indices.allSatisfy({ bytes[index + $0] | 0x20 == keyword[$0] }) { return true }
                }
            }
            return false
        }
    }

    /// The phrase that refers to a visual the text lacks, or nil.
    public static func find(in text: String) -> String? {
        mayMention(text) ? phrase(in: text) : nil
    }

    /// ``find(in:)`` without the quick test first.
    static func phrase(in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for match in pattern.matches(in: text, range: range) {
            let phrase = String(text[Range(match.range, in: text)!])
            let phraseRange = NSRange(phrase.startIndex..., in: phrase)
            if phrase.lowercased().contains("graph") && !phrase.lowercased().contains("photograph"),
                graphTheory.firstMatch(in: text, range: range) != nil
            {
                continue
            }
            if containable.firstMatch(in: phrase, range: phraseRange) != nil {
                let after = String(text[Range(match.range, in: text)!.upperBound...])
                if containsTable(text) || number.numberOfMatches(in: after, range: NSRange(after.startIndex..., in: after)) >= 4 {
                    continue
                }
            }
            return "mentions \(JSONText.quoted(phrase))"
        }
        return nil
    }

    /// Whether the text holds a table: a LaTeX tabular or array, two or more lines of `|`- or
    /// tab-separated cells, or columns set apart by runs of spaces.
    static func containsTable(_ text: String) -> Bool {
        if text.contains("\\begin{tabular}") || text.contains("\\begin{array}") { return true }
        let rows = text.split(separator: "\n").filter { line in
            line.filter { $0 == "|" }.count >= 2 || line.contains("\t")
        }
        return rows.count >= 2 || text.components(separatedBy: "   ").count > 3
    }
}
