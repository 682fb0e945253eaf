import Foundation
import GRDB

/// Two kinds of damage text picks up on its way through JSON and encodings, found and (where
/// the original is certain) repaired:
///
/// - **LaTeX eaten by escaping**: `"\frac"` written into JSON without doubling the backslash
///   reads back as a form feed and `rac`. A control character followed by the rest of a known
///   LaTeX command is that command (`\u{0C}rac` is `\frac`, `\u{07}lpha` is `\alpha`).
/// - **Mojibake**: UTF-8 decoded as Latin-1 or Windows-1252 (`Ã©` for `é`, `â€™` for `’`), and
///   the C1 control characters left when part of such a sequence was lost (`\u{80}\u{94}` for
///   `—`).
///
/// The collect stage repairs what it can, recording each repair; the release gates and the
/// audit report what is left.
public enum TextDefects {
    /// One control character, with the LaTeX command it ate when there is one.
    public struct ControlCharacter: Sendable, Equatable {
        /// The character's code point.
        public var scalar: UInt32
        /// The command it replaced the backslash and first letter of (`\frac`), or nil.
        public var command: String?

        /// `U+000C (ate \frac)`, `U+0007`.
        public var description: String {
            let code = "U+" + String(scalar, radix: 16, uppercase: true).leftPadded(to: 4)
            return command.map { "\(code) (ate \\\($0))" } ?? code
        }
    }

    /// One repair: what was replaced, by what, and why.
    public struct Repair: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case latexControlCharacter = "latex_control_character"
            case mojibake
            /// Whitespace around an option (the answer leak of the public release).
            case surroundingWhitespace = "surrounding_whitespace"
            /// The same option twice in a source question; the later copy is dropped.
            case duplicateOption = "duplicate_option"
            /// `\r\n` or `\r` inside the text, written as `\n`.
            case lineEnding = "line_ending"
            /// SciBench: the answer is taken from `answer_latex`, and `answer_number` says
            /// another value (beyond rounding).
            case answerNumberDisagrees = "answer_number_disagrees"
        }
        public var kind: Kind
        public var before: String
        public var after: String

        /// `"\u{0C}rac" → "\frac"`, with control characters spelled out.
        public var description: String { "\(TextDefects.visible(before)) → \(TextDefects.visible(after))" }
    }

    // MARK: - LaTeX eaten by escaping

    /// The JSON escapes that turn `\x` into a control character, by the letter they ate.
    static let escapes: [Character: Character] = [
        "\u{07}": "a", "\u{08}": "b", "\u{0C}": "f", "\u{0B}": "v", "\u{09}": "t", "\u{0D}": "r",
    ]

    /// LaTeX commands that begin with one of the letters an escape eats.
    static let commands: Set<String> = [
        // \a
        "alpha", "approx", "angle", "ast", "arccos", "arcsin", "arctan", "aleph", "amalg", "arg",
        // \b
        "beta", "bullet", "bar", "binom", "bf", "big", "bigl", "bigr", "Big", "bigg", "boldsymbol", "backslash", "bmod", "bot",
        "boxed", "bigcup", "bigcap", "bigoplus", "bmatrix", "begin",
        // \f
        "frac", "forall", "flat", "frak", "footnote", "fbox", "factorial",
        // \n (only after a newline that stands for a backslash: see `newlineTails`)
        "nabla", "neq", "nu", "neg", "notin", "nleq", "ngeq", "nmid", "nonumber", "noindent", "nearrow", "nwarrow",
        // \v
        "vert", "varepsilon", "vec", "varphi", "vee", "vdots", "vartheta", "varrho", "varpi", "vspace", "vline", "vDash",
        // \t
        "tau", "theta", "times", "to", "tan", "tanh", "text", "textbf", "textit", "textrm", "tilde", "top", "triangle", "tfrac",
        "therefore", "textstyle", "tiny", "textdegree", "textmu", "textperthousand",
        // \r
        "right", "rightarrow", "rho", "rfloor", "rceil", "rangle", "rm", "rbrace", "rvert", "rVert", "rightleftharpoons",
    ]

    /// What a newline followed by letters may have eaten: a copy that turned `\f`, `\r` or `\n`
    /// into a line break (`\frac` read as a newline and `rac`). Only tails of three letters or
    /// more that no English word or line of prose starts with, and only in text that holds other
    /// LaTeX: a line break before a word is far more common.
    static let newlineTails: [String: String] = {
        var tails: [String: String] = [:]
        let prose: Set<String> = [
            "angle", "box", "ext", "eta", "ert", "ight", "lat", "rak", "ootnote", "egin", "ig", "exists", "floor", "ceil", "brace",
            "mid", "vert", "Vert",
        ]
        for command in commands where "frn".contains(command.first!) {
            let tail = String(command.dropFirst())
            guard tail.count >= 3, !prose.contains(tail) else { continue }
            tails[tail] = tails[tail] == nil ? command : ""  // ambiguous tails are left alone
        }
        return tails.filter { !$0.value.isEmpty }
    }()

    /// The control characters in `text` (other than newline, and tab where it is layout), each
    /// with the command it ate. A newline is always text; a carriage return never is (released
    /// text ends its lines with `\n`).
    public static func controlCharacters(in text: String) -> [ControlCharacter] {
        guard mayHoldControls(text) else { return [] }
        var found: [ControlCharacter] = []
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            let isC0 = value < 0x20 || value == 0x7F
            let isC1 = (0x80...0x9F).contains(value)
            guard isC0 || isC1 else { continue }
            let command = isC0 ? eatenCommand(scalars, at: index)?.command : nil
            // Newlines are text; a tab is layout unless it ate a command.
            if value == 0x0A || (value == 0x09 && command == nil) { continue }
            found.append(ControlCharacter(scalar: value, command: command))
        }
        return found
    }

    /// The command an escape at `index` ate, and how many letters after the escape belong to it.
    ///
    /// The letters after the escape are the command's rest (`\u{08}ullet` is `\bullet`), or
    /// begin with it when the source glued the command to the next word (`\u{08}ulletcm^-3` is
    /// `\bullet cm^-3`, `\u{09}extdegreeK` is `\textdegree K`): the longest command that fits is
    /// taken. A tab or a carriage return may be layout, so a glued command after one must be
    /// five letters or more, and a tab before an English word (`tan`, `top`, `tiny`) counts only
    /// in text with other LaTeX. A newline counts only for the tails in ``newlineTails``.
    static func eatenCommand(_ scalars: [Unicode.Scalar], at index: Int) -> (command: String, letters: Int)? {
        let escape = scalars[index]
        var rest = ""
        var next = index + 1
        while next < scalars.count, scalars[next].properties.isAlphabetic, scalars[next].isASCII {
            rest.unicodeScalars.append(scalars[next])
            next += 1
        }
        let hasLaTeX = { scalars.contains(where: { $0 == "\\" || $0 == "$" }) }
        if escape == "\n" {
            guard let command = newlineTails[rest], hasLaTeX() else { return nil }
            return (command, rest.count)
        }
        guard let letter = escapes[Character(escape)] else { return nil }
        let layout = escape == "\t" || escape == "\r"
        if commands.contains(String(letter) + rest) {
            let command = String(letter) + rest
            if escape == "\t", ["tan", "top", "tiny"].contains(command), !hasLaTeX() { return nil }
            return (command, rest.count)
        }
        var length = rest.count - 1
        while length > 0 {
            let command = String(letter) + rest.prefix(length)
            if commands.contains(command) {
                return layout && command.count < 5 ? nil : (command, length)
            }
            length -= 1
        }
        return nil
    }

    /// Puts eaten LaTeX commands back (`\u{0C}rac` → `\frac`, `\u{08}ulletcm` → `\bullet cm`).
    /// Newlines are touched only where ``newlineTails`` says.
    public static func repairLaTeX(_ text: String) -> (text: String, repairs: [Repair]) {
        // A scalar below U+0020 is a byte below 0x20: the bytes decide, and most texts have none.
        guard text.utf8.contains(where: { $0 < 0x20 }) else { return (text, []) }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var repairs: [Repair] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar.value < 0x20, let (command, letters) = eatenCommand(scalars, at: index) else {
                output.append(scalar)
                index += 1
                continue
            }
            let end = index + 1 + letters
            // A command glued to the next word gets the space LaTeX needs to end it.
            let glued = end < scalars.count && scalars[end].properties.isAlphabetic && scalars[end].isASCII
            let after = "\\" + command + (glued ? " " : "")
            output.append(contentsOf: after.unicodeScalars)
            let before = String(String.UnicodeScalarView(scalars[index..<end]))
            repairs.append(Repair(kind: .latexControlCharacter, before: before, after: after))
            index = end
        }
        return (String(output), repairs)
    }

    /// Line endings as `\n`: `\r\n` and a lone `\r` (one that ate no LaTeX command, so run
    /// after ``repairLaTeX(_:)``).
    public static func repairLineEndings(_ text: String) -> (text: String, repairs: [Repair]) {
        guard text.utf8.contains(0x0D) else { return (text, []) }
        let crlf = text.components(separatedBy: "\r\n").count - 1
        let fixed = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lone = text.unicodeScalars.filter { $0 == "\r" }.count - crlf
        var repairs: [Repair] = []
        if crlf > 0 { repairs.append(Repair(kind: .lineEnding, before: "\r\n ×\(crlf)", after: "\n ×\(crlf)")) }
        if lone > 0 { repairs.append(Repair(kind: .lineEnding, before: "\r ×\(lone)", after: "\n ×\(lone)")) }
        return (fixed, repairs)
    }

    // MARK: - Mojibake

    /// Windows-1252's characters for bytes 0x80–0x9F, where it differs from Latin-1.
    static let cp1252: [UInt8: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}",
        0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}",
        0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}",
        0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
        0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]
    static let cp1252Byte: [Unicode.Scalar: UInt8] = Dictionary(uniqueKeysWithValues: cp1252.map { ($1, $0) })

    /// The byte a character stands for when text was decoded as Windows-1252 (or Latin-1).
    static func byte(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value <= 0xFF { return UInt8(scalar.value) }
        return cp1252Byte[scalar]
    }

    /// A run of mis-decoded text at `index`: the number of scalars it spans and what it decodes
    /// to, or nil.
    ///
    /// Three shapes: a whole UTF-8 sequence read as Windows-1252 or Latin-1 (`Ã©`, `â€™`); a
    /// sequence whose lead byte was lost (`\u{80}\u{94}`, the end of `E2 80 94`, `—`); and a lone
    /// C1 control, read as Windows-1252 (`\u{85}` is `…`) or, where that has no character, as
    /// the last byte of a lost `E2 80 xx` (`\u{9D}` is `”`).
    static func mojibake(_ scalars: [Unicode.Scalar], at index: Int) -> (length: Int, decoded: String)? {
        let first = scalars[index]
        guard let lead = byte(first), lead >= 0x80 else { return nil }
        // A whole sequence: lead byte C2–F4 followed by its continuation bytes.
        if (0xC2...0xF4).contains(lead), first.value <= 0xFF {
            let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
            var bytes = [lead]
            var next = index + 1
            while bytes.count <= needed, next < scalars.count, let b = byte(scalars[next]), (0x80...0xBF).contains(b) {
                bytes.append(b)
                next += 1
            }
            if bytes.count == needed + 1, let decoded = String(validating: bytes, as: UTF8.self) {
                return (next - index, decoded)
            }
        }
        guard (0x80...0x9F).contains(first.value) else { return nil }
        // The end of E2 80 xx: U+0080 followed by a continuation byte.
        if first.value == 0x80, index + 1 < scalars.count, (0x80...0xBF).contains(scalars[index + 1].value),
            let decoded = String(validating: [0xE2, 0x80, UInt8(scalars[index + 1].value)], as: UTF8.self)
        {
            return (2, decoded)
        }
        if let scalar = cp1252[UInt8(first.value)] { return (1, String(Character(scalar))) }
        if let decoded = String(validating: [0xE2, 0x80, UInt8(first.value)], as: UTF8.self) { return (1, decoded) }
        return nil
    }

    /// Whether the text has a C0 control other than newline, DEL or a C1 control (C2 80–9F).
    static func mayHoldControls(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if (byte < 0x20 && byte != 0x0A) || byte == 0x7F || (previous == 0xC2 && byte <= 0x9F && byte >= 0x80) { return true }
            previous = byte
        }
        return false
    }

    /// The mis-decoded runs in `text`, each spelled out.
    public static func mojibake(in text: String) -> [String] {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return [] }
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { (0x80...0xFF).contains($0.value) || cp1252Byte[$0] != nil }) else { return [] }
        var found: [String] = []
        var index = 0
        while index < scalars.count {
            if let run = mojibake(scalars, at: index), isMojibakeRun(scalars, index: index, length: run.length) {
                found.append("\(visible(String(String.UnicodeScalarView(scalars[index..<index + run.length])))) (\(run.decoded))")
                index += run.length
            } else {
                index += 1
            }
        }
        return found
    }

    /// Whether a decodable run really is debris: a C1 control always is; a sequence of printable
    /// Latin-1 or Windows-1252 characters only when it starts with the `Â`, `Ã` or `â` that
    /// mis-decoded UTF-8 almost always shows (so `½` or `€` on their own are text).
    static func isMojibakeRun(_ scalars: [Unicode.Scalar], index: Int, length: Int) -> Bool {
        let first = scalars[index].value
        if (0x80...0x9F).contains(first) { return true }
        return length >= 2 && [0xC2, 0xC3, 0xE2].contains(first)
    }

    /// Decodes the mis-decoded runs in `text`.
    public static func repairMojibake(_ text: String) -> (text: String, repairs: [Repair]) {
        // ASCII text has no mojibake; Windows-1252's characters are all U+0152 or above.
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return (text, []) }
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { (0x80...0xFF).contains($0.value) || ($0.value >= 0x152 && cp1252Byte[$0] != nil) }) else {
            return (text, [])
        }
        var output = String.UnicodeScalarView()
        var repairs: [Repair] = []
        var index = 0
        while index < scalars.count {
            if let run = mojibake(scalars, at: index), isMojibakeRun(scalars, index: index, length: run.length) {
                let before = String(String.UnicodeScalarView(scalars[index..<index + run.length]))
                output.append(contentsOf: run.decoded.unicodeScalars)
                repairs.append(Repair(kind: .mojibake, before: before, after: run.decoded))
                index += run.length
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return (String(output), repairs)
    }

    /// Every repair: LaTeX, then line endings, then mojibake; with `trim`, whitespace around the text goes too.
    public static func repair(_ text: String, trim: Bool = false) -> (text: String, repairs: [Repair]) {
        let latex = repairLaTeX(text)
        let lines = repairLineEndings(latex.text)
        let decoded = repairMojibake(lines.text)
        var repairs = latex.repairs + lines.repairs + decoded.repairs
        guard trim else { return (decoded.text, repairs) }
        let trimmed = hasSurroundingSpace(decoded.text) ? decoded.text.trimmingCharacters(in: .whitespacesAndNewlines) : decoded.text
        if trimmed != decoded.text {
            repairs.append(Repair(kind: .surroundingWhitespace, before: decoded.text, after: trimmed))
        }
        return (trimmed, repairs)
    }

    /// Whether `trimmingCharacters(in: .whitespacesAndNewlines)` could change the text: it
    /// does not when the first and last bytes are ASCII and not white space (non-ASCII ends
    /// are left to Foundation).
    static func hasSurroundingSpace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte) }
        return !(plain(first) && plain(last))
    }

    /// Text with control characters spelled out as `\u{0C}`.
    public static func visible(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

extension TextDefects.Repair {
    /// Records repairs in `text_repair` for a stage, numbered in order within each item's field.
    static func record(
        _ repairs: [(key: String, field: String, repair: TextDefects.Repair)], stage: StageName, db: Database
    ) throws {
        var sequence: [String: Int] = [:]
        for (key, field, fix) in repairs {
            let seq = sequence["\(key)|\(field)", default: 0]
            sequence["\(key)|\(field)"] = seq + 1
            try TextRepairRecord(
                stage: stage.rawValue, itemKey: key, field: field, seq: seq, reason: fix.kind.rawValue, before: fix.before, after: fix.after
            ).insertRow(db)
        }
    }
}
