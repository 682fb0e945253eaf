import ArgumentParser
import Foundation
import MMLUProCore
import MMLUProHTTP

/// `mmlupro evaluate`: a model's accuracy on a release against the original 4 MMLU options.
public struct EvaluateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a model on a release's questions and on the same questions with their original 4 MMLU options.",
        discussion: """
            The paper's difficulty check: if the added options make the questions harder, accuracy drops. The prompts follow \
            MMLU-Pro's evaluation: 5-shot chain of thought from the release's validation split (same category), the letter \
            read by the official cascade, an unreadable reply counted as wrong and reported (--method cot); or the letter with \
            the highest log-probability as the next token, for base models (--method logprobs). Questions come from the \
            release's test split, the first by question id in each category that have original MMLU options in the store. \
            Every call goes through the model layer: stored before it is used, never sent twice, so a killed run resumes.
            """)
    @OptionGroup public var options: CommonOptions
    @Option(help: "The provider (a name under `providers:` in the configuration).") public var provider: String
    @Option(help: "The release folder (test.json or test.jsonl, and validation.json for the exemplars).") public var release: String
    @Option(name: .customLong("per-category"), help: "Questions per category (default: all).") public var perCategory: Int?
    @Option(help: "cot (chain of thought, letter extracted) or logprobs (next-token letter, base models).")
    public var method: Evaluation.Method = .cot
    @Option(help: "Exemplars per prompt, from the validation split of the same category.") public var shots = 5
    @Option(name: .customLong("max-tokens"), help: "The longest reply, for cot.") public var maxTokens = 1024
    @Flag(help: "Print the report as one JSON object.") public var json = false
    public init() {}

    public func run() async throws {
        try await reportingErrors {
            let (configuration, pool) = try options.open()
            guard let settings = configuration.pipeline.providers[provider] else {
                let known = configuration.pipeline.providers.keys.sorted().joined(separator: ", ")
                throw ValidationError("unknown provider \(provider); providers in \(options.config): \(known)")
            }
            let model: any LanguageModel =
                settings.kind == .offline ? OfflineGenerator() : try OpenAIClient.make(name: provider, provider: settings)
            let gateway = ModelGateway(
                providerName: provider, provider: settings, model: model, writer: pool, activity: "evaluate",
                mode: options.offline ? .replayOnly : .live, budget: options.budget ?? configuration.pipeline.budget,
                logger: options.makeLogger())
            let (test, validation) = try Evaluation.readRelease(URL(fileURLWithPath: release))
            var progress: (@Sendable (String) -> Void)?
            if isatty(STDERR_FILENO) == 1 {
                progress = { @Sendable line in FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
            }
            let report = try await Evaluation.run(
                test: test, validation: validation,
                settings: .init(method: method, perCategory: perCategory, shots: shots, maxTokens: maxTokens), gateway: gateway,
                reader: pool, progressLine: progress
            ) { line in FileHandle.standardError.write(Data(((progress == nil ? "" : "\r\u{1B}[K") + line + "\n").utf8)) }
            if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(json ? Digest.canonicalJSON(report) : Evaluation.text(report), terminator: json ? "\n" : "")
            let errors = report.overall.original.errors + report.overall.release.errors
            if errors > 0 {
                FileHandle.standardError.write(Data("error: \(errors) requests failed after retries; rerun to retry them\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

extension Evaluation.Method: ExpressibleByArgument {}
