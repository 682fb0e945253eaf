import Foundation

/// Reads answer files in this project's JSON Lines format, one answer per line:
/// `{"item": "mmlu/test/anatomy/12", "model": "gemma-7b", "output": "The answer is (B)."}`;
/// `"letter": "B"` in place of `output` for a letter already extracted, or `"error": "..."`
/// for a call that failed.
public enum AnswerFileReader {
    private struct Line: Decodable {
        var item: String
        var model: String
        var output: String?
        var letter: String?
        var error: String?
    }

    /// Reads one file.
    /// - Throws: ``InputError`` with `file:line`.
    public static func read(_ file: InputFile) throws -> [ModelAnswer] {
        try SourceText.validateUTF8(file.data, displayPath: file.displayPath)
        var answers: [ModelAnswer] = []
        for (index, line) in file.data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let location = "\(file.displayPath):\(index + 1)"
            let record = try JSONInput.decode(Line.self, from: Data(line), location: location)
            switch (record.output, record.letter, record.error) {
            case (let output?, nil, nil):
                answers.append(ModelAnswer(itemKey: record.item, model: record.model, origin: file.origin(location), rawOutput: output))
            case (nil, let letter?, nil):
                guard letter.count == 1, "ABCDEFGHIJ".contains(letter) else {
                    throw InputError(.invalidValue, at: "\(location) $.letter", "expected a letter A–J, found \"\(letter)\"")
                }
                answers.append(
                    ModelAnswer(
                        itemKey: record.item, model: record.model, origin: file.origin(location), rawOutput: nil, letter: letter,
                        status: .ok))
            case (nil, nil, let error?):
                answers.append(
                    ModelAnswer(
                        itemKey: record.item, model: record.model, origin: file.origin(location), rawOutput: error, letter: nil,
                        status: .error))
            default:
                throw InputError(.missingField, at: location, "expected exactly one of \"output\", \"letter\" or \"error\"")
            }
        }
        return answers
    }
}
