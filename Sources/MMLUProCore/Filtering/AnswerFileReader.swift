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
        var answers: [ModelAnswer] = []
        for (record, location) in try JSONInput.lines(Line.self, from: file.data, displayPath: file.displayPath) {
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
