import Foundation

/// One question in the published schema of MMLU-Pro.
public struct ReleaseRecord: Codable, Sendable, Equatable {
    /// Unique across both splits; kept from release to release.
    public var questionID: Int
    public var question: String
    /// 3 to 10 options, no letter prefixes.
    public var options: [String]
    /// The letter of the correct option, `A`–`J`.
    public var answer: String
    /// The 0-based index of the correct option.
    public var answerIndex: Int
    /// `""` in test; a rationale in validation.
    public var cotContent: String
    public var category: String
    /// Provenance: `ori_mmlu-<subject>`, `cot_lib-<subject>`, `stemez-<Book>`, `theoremQA-<Field>`,
    /// `scibench-<book>`.
    public var src: String

    enum CodingKeys: String, CodingKey {
        case questionID = "question_id"
        case question, options, answer
        case answerIndex = "answer_index"
        case cotContent = "cot_content"
        case category, src
    }

    public init(
        questionID: Int, question: String, options: [String], answerIndex: Int, cotContent: String = "", category: String,
        src: String
    ) {
        self.questionID = questionID
        self.question = question
        self.options = options
        self.answerIndex = answerIndex
        self.answer = Self.letter(answerIndex)
        self.cotContent = cotContent
        self.category = category
        self.src = src
    }

    /// Decodes a record of any copy, ours or public: `cot_content` may be absent or null (some
    /// copies drop it from the test split).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        questionID = try container.decode(Int.self, forKey: .questionID)
        question = try container.decode(String.self, forKey: .question)
        options = try container.decode([String].self, forKey: .options)
        answer = try container.decode(String.self, forKey: .answer)
        answerIndex = try container.decode(Int.self, forKey: .answerIndex)
        cotContent = try container.decodeIfPresent(String.self, forKey: .cotContent) ?? ""
        category = try container.decode(String.self, forKey: .category)
        src = try container.decode(String.self, forKey: .src)
    }

    /// The letter of an option index: 0 is `A`; `?` outside A–J.
    public static func letter(_ index: Int) -> String {
        (0..<10).contains(index) ? String(UnicodeScalar(UInt8(65 + index))) : "?"
    }

    /// The option index of a letter: `A` is 0; nil for anything but one letter A–J.
    public static func index(ofLetter letter: String) -> Int? {
        guard letter.utf8.count == 1, let byte = letter.utf8.first, (65...74).contains(byte) else { return nil }
        return Int(byte) - 65
    }

    /// The record as one line of JSON, fields in the published order, `/` and non-ASCII text
    /// left as they are. The same record always gives the same bytes.
    public var jsonLine: String {
        var line = "{\"question_id\": \(questionID), \"question\": "
        JSONText.append(question, to: &line)
        line += ", \"options\": ["
        for (index, option) in options.enumerated() {
            if index > 0 { line += ", " }
            JSONText.append(option, to: &line)
        }
        line += "], \"answer\": "
        JSONText.append(answer, to: &line)
        line += ", \"answer_index\": \(answerIndex), \"cot_content\": "
        JSONText.append(cotContent, to: &line)
        line += ", \"category\": "
        JSONText.append(category, to: &line)
        line += ", \"src\": "
        JSONText.append(src, to: &line)
        return line + "}"
    }
}

/// JSON string literals written by hand, so the bytes do not depend on a platform's encoder.
enum JSONText {
    static func append(_ text: String, to output: inout String) {
        output += "\""
        // Most text needs no escape at all: copy it whole.
        if !needsEscape(text) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}"
                    || scalar == "\u{2029}"
                {
                    output += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// Whether any byte of the text needs an escape: a quote, a backslash, a C0 control, DEL,
    /// a C1 control (C2 80–9F) or U+2028/2029 (E2 80 A8/A9).
    static func needsEscape(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return true }
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    static func quoted(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }
}
