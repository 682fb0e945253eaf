import Foundation
import Testing

@testable import MMLUProCore

@Suite struct ConfigurationTests {
    func loadError(_ edit: (Sandbox) throws -> Void) throws -> InputError? {
        let sandbox = try Sandbox()
        try edit(sandbox)
        do {
            _ = try sandbox.configuration()
            return nil
        } catch let error as InputError {
            return error
        }
    }

    @Test func sampleConfigurationLoads() async throws {
        let configuration = try Sandbox().configuration()
        #expect(configuration.pipeline.filter.threshold == 2)
        #expect(configuration.pipeline.filter.models.count == 4)
        #expect(configuration.pipeline.stages == [.collect, .filter, .integrate, .augment, .review, .release])
        #expect(configuration.categories.mmlu.count == 57)
        #expect(configuration.categories.categories.count == 14)
        #expect(configuration.categories.lookup(.mmlu, "moral_scenarios") == .excluded)
        #expect(configuration.categories.lookup(.mmlu, "college_computer_science") == .category("computer science"))
    }

    @Test func defaultsApplyToMissingKeys() async throws {
        let sandbox = try Sandbox()
        try sandbox.write("pipeline.yaml", "categories: config/categories.yaml\nsources: {}\n")
        let configuration = try sandbox.configuration()
        #expect(configuration.pipeline.database == "build/mmlupro.sqlite")
        #expect(configuration.pipeline.filter.threshold == 4)
        #expect(configuration.pipeline.filter.missing == .keep)
        #expect(configuration.pipeline.stages == [.collect, .filter])
    }

    @Test func absolutePathsWork() async throws {
        let sandbox = try Sandbox()
        try sandbox.edit(
            "pipeline.yaml", replacing: "categories: config/categories.yaml",
            with: "categories: \(sandbox.url("config/categories.yaml").path)")
        #expect(try sandbox.configuration().categories.mmlu.count == 57)
    }

    @Test func unknownKeyNamesKeyAndLine() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "  threshold: 2", with: "  threshold: 2\n  treshold: 3") }
        #expect(error?.code == .unknownKey)
        #expect(error?.message.hasPrefix("filter.treshold") == true)
        // The misspelt key is on the line after `threshold`.
        #expect(error?.location.hasSuffix("pipeline.yaml:\(try Sandbox.line(of: "  threshold: 2", in: "pipeline.yaml") + 1)") == true)
    }

    @Test func unknownNestedKeyInAList() async throws {
        let error = try loadError {
            try $0.edit(
                "pipeline.yaml", replacing: "{format: jsonl, path: raw/filter/answers.jsonl}",
                with: "{format: jsonl, path: raw/filter/answers.jsonl, modle: x}")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.message.hasPrefix("filter.answers.0.modle") == true)
    }

    /// The unknown-key check re-encodes the configuration as JSON, which has no infinity: a
    /// setting of `.inf` must not switch the check off.
    @Test func unknownKeyBesideAnInfiniteNumber() async throws {
        let error = try loadError {
            try $0.edit(
                "pipeline.yaml", replacing: "template: prompts/judge.v1.txt, temperature: 0}",
                with: "template: prompts/judge.v1.txt, temperature: .inf, temprature: 1}")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.message == "review.judge.temprature: unknown key; did you mean temperature?")
    }

    @Test func wrongTypeNamesKeyAndLine() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "threshold: 2", with: "threshold: two") }
        #expect(error?.code == .wrongType)
        #expect(error?.message.hasPrefix("filter.threshold") == true)
        #expect(error?.location.hasSuffix("pipeline.yaml:\(try Sandbox.line(of: "threshold: 2", in: "pipeline.yaml"))") == true)
    }

    @Test func unknownEnumValue() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "missing: keep", with: "missing: maybe") }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("filter.missing") == true)
    }

    static let plainMessages: [(String, String, String, String)] = [
        ("missing: keep", "missing: maybe", "filter.missing", "expected one of keep, drop, hold, found \"maybe\""),
        ("missing: keep", "missing: kep", "filter.missing", "did you mean keep?"),
        ("  threshold: 2", "  threshold: 2\n  treshold: ~", "filter.treshold", "unknown key; did you mean threshold?"),
        ("  overlap: 1", "  overlap: 1\n  overlpa:", "review.overlpa", "unknown key; did you mean overlap?"),
        ("  version: \"0.1.0\"", "  verison: \"0.1.0\"", "release.verison", "unknown key; did you mean version? (required)"),
        ("  overlap: 1", "  overlap: [1]", "review.overlap", "expected a single value, found a list"),
        ("offline: {kind: offline}", "offline: {kind: ofline}", "providers.offline.kind", "did you mean offline?"),
        ("guideline_version: \"2026-11\"", "guideline_version: {a: 1}", "review.guideline_version", "expected a single value"),
    ]

    @Test(
        "messages say what was expected in words, with the nearest known key or value; never a Swift type name",
        arguments: 0..<plainMessages.count)
    func messagesInWords(_ index: Int) async throws {
        let (old, new, key, words) = Self.plainMessages[index]
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: old, with: new) }
        let message = error?.message ?? ""
        #expect(message.hasPrefix(key), "\(message)")
        #expect(message.contains(words), "\(message)")
        for swiftName in ["Cannot initialize", "String", "Int", "Double", "Scalar", "Optional", "Policy", "Dictionary", "Array"] {
            #expect(!message.contains(swiftName), "\(message)")
        }
        #expect(error?.location.contains("pipeline.yaml:") == true)
    }

    @Test func missingFileNamesKey() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "path: raw/scibench", with: "path: raw/scibenc") }
        #expect(error?.code == .missingFile)
        #expect(error?.message.hasPrefix("sources.scibench.path") == true)
        #expect(error?.location.hasSuffix("pipeline.yaml:\(try Sandbox.line(of: "path: raw/scibench", in: "pipeline.yaml"))") == true)
    }

    @Test func missingRequiredKey() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "categories: config/categories.yaml", with: "") }
        #expect(error?.code == .missingField)
        #expect(error?.message.hasPrefix("categories") == true)
    }

    @Test func invalidYAMLGivesTheLine() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "  threshold: 2", with: "  threshold: [2") }
        #expect(error?.code == .invalidValue)
        #expect(error?.location.contains("pipeline.yaml:") == true)
    }

    static let outOfRange: [(String, String, String)] = [
        ("lease_minutes: 30", "lease_minutes: .nan", "review.lease_minutes"),
        ("lease_minutes: 30", "lease_minutes: -1", "review.lease_minutes"),
        ("extract-answer.v1.txt, temperature: 0}", "extract-answer.v1.txt, temperature: .nan}", "integrate.extraction.temperature"),
        (
            "extract-answer.v1.txt, temperature: 0}", "extract-answer.v1.txt, temperature: 0, max_tokens: 9223372036854775807}",
            "integrate.extraction.max_tokens"
        ),
        (
            "extract-answer.v1.txt, temperature: 0}", "extract-answer.v1.txt, temperature: 0, max_tokens: -1}",
            "integrate.extraction.max_tokens"
        ),
        ("offline: {kind: offline}", "offline: {kind: offline, max_retries: -1}", "providers.offline.max_retries"),
        ("offline: {kind: offline}", "offline: {kind: offline, requests_per_minute: 0}", "providers.offline.requests_per_minute"),
        ("offline: {kind: offline}", "offline: {kind: offline, timeout_seconds: .inf}", "providers.offline.timeout_seconds"),
        ("    path: raw/mmlu\n", "    path: raw/mmlu\n    limit_per_subject: -1\n", "sources.mmlu.limit_per_subject"),
        ("  options: 10\n", "  options: 10\n  limit: -1\n", "augment.limit"),
        ("  overlap: 1", "  overlap: 0", "review.overlap"),
        ("  version: \"0.1.0\"", "  version: \"0.1.0\"\n  validation_per_category: -5", "release.validation_per_category"),

    ]

    @Test(
        "every number of the configuration is range-checked when read: the key and the allowed range, never a trap later",
        arguments: 0..<outOfRange.count)
    func numbersOutOfRange(_ index: Int) async throws {
        let (old, new, key) = Self.outOfRange[index]
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: old, with: new) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix(key + ": expected") == true, "\(String(describing: error))")
        #expect(error?.location.contains("pipeline.yaml:") == true)
        #expect(error?.message.contains(" from ") == true)
    }

    @Test("a token window smaller than one request's completion is a configuration error, not a wait forever")
    func tokenWindowSmallerThanARequest() async throws {
        let error = try loadError {
            try $0.edit("pipeline.yaml", replacing: "offline: {kind: offline}", with: "offline: {kind: offline, tokens_per_minute: 100}")
        }
        #expect(error?.code == .invalidValue)
        #expect(
            error?.message.hasPrefix("integrate.extraction.max_tokens: expected at most the provider's tokens_per_minute (100)") == true)
    }

    @Test func thresholdMustLeaveRoomInThePanel() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "threshold: 2", with: "threshold: 4") }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("filter.threshold") == true)
    }

    @Test func answerModelMustBeInThePanel() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "model: yi-6b}", with: "model: yi-34b}") }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("filter.answers.1.model") == true)
    }

    @Test func everyReadSplitNeedsAPolicy() async throws {
        let error = try loadError { try $0.edit("pipeline.yaml", replacing: "    val: drop", with: "") }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("sources.mmlu.splits.2") == true)
    }

    @Test func categoryTableRejectsAnUnknownCategory() async throws {
        let error = try loadError { try $0.edit("config/categories.yaml", replacing: "anatomy: health", with: "anatomy: medicine") }
        #expect(error?.code == .invalidValue)
        #expect(
            error?.location.hasSuffix("categories.yaml:\(try Sandbox.line(of: "anatomy: health", in: "config/categories.yaml"))") == true)
        #expect(error?.message.hasPrefix("mmlu.anatomy") == true)
    }
}
