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

    /// Reads one sample file for `model`.
    /// - Parameter questions: Question text by item key, to check `doc_id` against.
    /// - Throws: ``InputError`` with `file:line`.
    public static func read(
        _ file: InputFile, model: String, subjects: Set<String>, questions: [String: String]
    ) throws -> [ModelAnswer] {
        let subject = try subject(of: file, subjects: subjects)
        var answers: [ModelAnswer] = []
        for (line, location) in try JSONInput.lines(Line.self, from: file.data, displayPath: file.displayPath) {
            let key = "mmlu/test/\(subject)/\(line.doc_id)"
            guard let question = questions[key] else {
                throw InputError(
                    .unknownItem, at: "\(location) $.doc_id",
                    "expected a row of the \(subject) test split, found doc_id \(line.doc_id) (no item \(key))")
            }
            if let logged = line.doc?.question, logged != question,
                logged.trimmingCharacters(in: .whitespacesAndNewlines) != question.trimmingCharacters(in: .whitespacesAndNewlines)
            {
                throw InputError(
                    .mismatch, at: "\(location) $.doc.question",
                    "the logged question differs from \(key); were these samples made from another copy of MMLU?")
            }
            answers.append(try answer(line, key: key, model: model, location: location, origin: file.origin(location)))
        }
        return answers
    }

    private static func answer(_ line: Line, key: String, model: String, location: String, origin: String) throws -> ModelAnswer {
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
            guard values.count <= 10 else {
                throw InputError(.wrongType, at: "\(location) $.filtered_resps", "expected at most 10 options, found \(values.count)")
            }
            let best = values.indices.max { values[$0] < values[$1] }!
            let letter = String(Array("ABCDEFGHIJ")[best])
            let raw = "loglikelihoods: " + values.map { "\($0)" }.joined(separator: ", ")
            return ModelAnswer(itemKey: key, model: model, origin: origin, rawOutput: raw, letter: letter, status: .ok)
        }
        // Generative: the raw text is the first response.
        let text = line.resps?.array?.first?.array?.first?.string ?? responses.first?.string
        guard let text else {
            throw InputError(.wrongType, at: "\(location) $.resps", "expected log-likelihood pairs or generated text")
        }
        return ModelAnswer(itemKey: key, model: model, origin: origin, rawOutput: text)
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
