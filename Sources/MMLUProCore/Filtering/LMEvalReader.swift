import Foundation

/// Reads lm-evaluation-harness `--log_samples` output for the `mmlu_*` tasks: files named
/// `samples_<task>_<timestamp>.jsonl`, one document per line.
///
/// Multiple-choice tasks log one `[loglikelihood, is_greedy]` pair per option in
/// `filtered_resps`; the model's answer is the option with the highest log-likelihood.
/// Generative tasks log the generated text in `resps`; its letter comes from
/// ``AnswerExtractor``. `doc_id` is the row of the subject's test CSV, and the logged
/// question must equal that row's question.
public enum LMEvalReader {
    private struct Line: Decodable {
        struct Doc: Decodable { var question: String? }
        var doc_id: Int
        var doc: Doc?
        var resps: JSONValue?
        var filtered_resps: JSONValue
    }

    /// The sample files under a folder (searched recursively), sorted.
    public static func sampleFiles(in folder: String, configuration: BuildConfiguration) throws -> [String] {
        let root = configuration.url(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else {
            throw InputError(.missingFile, at: configuration.display(folder), "cannot list folder")
        }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("samples_"), name.hasSuffix(".jsonl") {
                paths.append((folder as NSString).appendingPathComponent(relative))
            }
        }
        return paths.sorted()
    }

    /// One logged document: what the model answered, checked for shape but not yet matched
    /// to its MMLU row.
    public struct Sample: Sendable {
        var docID: Int
        var question: String?
        /// Multiple choice: the option log-likelihoods, in option order.
        var likelihoods: [Double]?
        /// Generative: the generated text.
        var text: String?
        var location: String
        var origin: String
    }

    /// A sample file, read and checked for shape (when the build starts, before any stage
    /// writes): its subject, from the file name, and its documents.
    /// - Throws: ``InputError`` with `file:line` and the field.
    public static func parse(_ file: InputFile, subjects: Set<String>) throws -> (subject: String, samples: [Sample]) {
        let subject = try subject(of: file, subjects: subjects)
        var samples: [Sample] = []
        for (line, location) in try JSONInput.lines(Line.self, from: file.data, displayPath: file.displayPath) {
            guard line.doc_id >= 0 else {
                throw InputError(.invalidValue, at: "\(location) $.doc_id", "expected a row number (0 or more), found \(line.doc_id)")
            }
            var sample = Sample(docID: line.doc_id, question: line.doc?.question, location: location, origin: file.origin(location))
            guard let responses = line.filtered_resps.array, !responses.isEmpty else {
                throw InputError(.wrongType, at: "\(location) $.filtered_resps", "expected a non-empty array")
            }
            // Multiple choice: one [loglikelihood, is_greedy] pair per option.
            let likelihoods = responses.map { pair -> Double? in
                guard let first = pair.array?.first else { return nil }
                return first.number ?? first.string.flatMap(Double.init)
            }
            if likelihoods.allSatisfy({ $0 != nil }) {
                let values = likelihoods.map { $0! }
                guard !values.contains(where: \.isNaN) else {
                    throw InputError(.invalidValue, at: "\(location) $.filtered_resps", "expected log-likelihoods, found NaN")
                }
                sample.likelihoods = values
            } else {
                // Generative: the raw text is the first response.
                guard let text = line.resps?.array?.first?.array?.first?.string ?? responses.first?.string else {
                    throw InputError(.wrongType, at: "\(location) $.resps", "expected log-likelihood pairs or generated text")
                }
                sample.text = text
            }
            samples.append(sample)
        }
        return (subject, samples)
    }

    /// The answers of a parsed sample file, each matched to its MMLU row: `doc_id` must be a
    /// row of the subject's test split, the logged question that row's, and the
    /// log-likelihoods one per option of it (five for a 4-option question is another
    /// question's log, never answer "E").
    /// - Parameter questions: Question text and option count by item key.
    /// - Throws: ``InputError`` with `file:line`.
    public static func answers(
        _ parsed: (subject: String, samples: [Sample]), model: String, questions: [String: (text: String, optionCount: Int)]
    ) throws -> [ModelAnswer] {
        try parsed.samples.map { sample in
            let key = "mmlu/test/\(parsed.subject)/\(sample.docID)"
            guard let question = questions[key] else {
                throw InputError(
                    .unknownItem, at: "\(sample.location) $.doc_id",
                    "expected a row of the \(parsed.subject) test split, found doc_id \(sample.docID) (no item \(key))")
            }
            if let logged = sample.question, logged != question.text,
                logged.trimmingCharacters(in: .whitespacesAndNewlines) != question.text.trimmingCharacters(in: .whitespacesAndNewlines)
            {
                throw InputError(
                    .mismatch, at: "\(sample.location) $.doc.question",
                    "the logged question differs from \(key); were these samples made from another copy of MMLU?")
            }
            guard let values = sample.likelihoods else {
                return ModelAnswer(itemKey: key, model: model, origin: sample.origin, rawOutput: sample.text ?? "")
            }
            guard values.count == question.optionCount else {
                throw InputError(
                    .mismatch, at: "\(sample.location) $.filtered_resps",
                    "expected \(question.optionCount) log-likelihoods, one per option of \(key), found \(values.count)")
            }
            let best = values.indices.max { values[$0] < values[$1] }!
            let raw = "loglikelihoods: " + values.map { "\($0)" }.joined(separator: ", ")
            return ModelAnswer(
                itemKey: key, model: model, origin: sample.origin, rawOutput: raw, letter: OptionLetter.letter(best), status: .ok)
        }
    }

    /// The subject of a sample file: the longest known subject the task name ends with.
    private static func subject(of file: InputFile, subjects: Set<String>) throws -> String {
        var task = file.stem.dropFirst("samples_".count)
        if let range = task.range(of: #"_\d{4}-\d{2}-\d{2}T[0-9.:\-]+$"#, options: .regularExpression) {
            task = task[..<range.lowerBound]
        }
        let matches = subjects.filter { task == $0 || task.hasSuffix("_" + $0) }
        guard task.hasPrefix("mmlu"), let subject = matches.max(by: { $0.count < $1.count }) else {
            throw InputError(
                .unknownSubject, at: file.displayPath, "expected a sample file of an mmlu_<subject> task, found task \"\(task)\"")
        }
        return subject
    }
}
