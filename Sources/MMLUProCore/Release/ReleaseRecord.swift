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
        self.answer = OptionLetter.letter(answerIndex)
        self.cotContent = cotContent
        self.category = category
        self.src = src
    }

    /// A record read by ``JSONParser`` (what `init(from:)` reads, field for field), or nil
    /// where the decoder would refuse it or might read it otherwise (a field missing or of
    /// another type, an index that is no integer): the caller then decodes the record to say why.
    init?(parsed value: JSONValue) {
        guard case .object(let fields) = value, case .string(let question)? = fields["question"],
            case .array(let list)? = fields["options"], case .string(let answer)? = fields["answer"],
            case .string(let category)? = fields["category"], case .string(let src)? = fields["src"],
            case .number(let id)? = fields["question_id"], let questionID = Int(exactly: id),
            case .number(let index)? = fields["answer_index"], let answerIndex = Int(exactly: index)
        else { return nil }
        var options: [String] = []
        options.reserveCapacity(list.count)
        for option in list {
            guard case .string(let text) = option else { return nil }
            options.append(text)
        }
        switch fields["cot_content"] {
        case nil, .null?: cotContent = ""
        case .string(let text)?: cotContent = text
        default: return nil
        }
        (self.questionID, self.question, self.options, self.answer, self.answerIndex) = (questionID, question, options, answer, answerIndex)
        (self.category, self.src) = (category, src)
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
