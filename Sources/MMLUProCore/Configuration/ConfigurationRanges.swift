import Foundation

extension BuildConfiguration {
    /// One number of the configuration with the values it may take.
    struct RangeRule {
        var key: [String]
        var value: Double
        var range: ClosedRange<Double>
        var meaning: String
    }

    /// Every number the configuration sets, with its allowed range: a negative count, a NaN or
    /// infinite rate, a limit that can never admit a request or a value whose arithmetic
    /// overflows is an error naming the line and key, never a trap or a hang later.
    func rangeRules() -> [RangeRule] {
        var rules: [RangeRule] = []
        func add(_ key: [String], _ value: Double?, _ range: ClosedRange<Double>, _ meaning: String) {
            if let value { rules.append(RangeRule(key: key, value: value, range: range, meaning: meaning)) }
        }
        func int(_ value: Int?) -> Double? { value.map(Double.init) }
        for (name, provider) in pipeline.providers.sorted(by: { $0.key < $1.key }) {
            let key = ["providers", name]
            add(key + ["max_concurrency"], int(provider.maxConcurrency), 1...512, "requests at once")
            add(key + ["requests_per_minute"], int(provider.requestsPerMinute), 1...1e7, "requests a minute (0 would never send one)")
            add(key + ["tokens_per_minute"], int(provider.tokensPerMinute), 1...1e10, "tokens a minute (0 would never send one)")
            add(key + ["price_input"], provider.priceInput, 0...1e6, "price per million input tokens")
            add(key + ["price_output"], provider.priceOutput, 0...1e6, "price per million output tokens")
            add(key + ["timeout_seconds"], provider.timeoutSeconds, 0.1...86_400, "seconds")
            add(key + ["max_retries"], int(provider.maxRetries), 0...100, "retries")
            add(key + ["retry_base_seconds"], provider.retryBaseSeconds, 0...3600, "seconds")
        }
        func generation(_ settings: GenerationConfig, _ key: [String]) {
            add(key + ["temperature"], settings.temperature, 0...2, "sampling temperature")
            add(key + ["max_tokens"], int(settings.maxTokens), 1...10_000_000, "tokens")
            add(key + ["seed"], int(settings.seed), 0...2_147_483_647, "seed")
            add(key + ["attempts"], int(settings.attempts), 1...100, "attempts")
            add(key + ["max_length_ratio"], settings.maxLengthRatio, 1...1000, "times the length of the other options")
        }
        for (key, settings) in generationSettings() { generation(settings, key) }
        add(["budget"], pipeline.budget, 0...1e9, "currency units")
        add(["sources", "mmlu", "limit_per_subject"], int(pipeline.sources.mmlu?.limitPerSubject), 0...1e9, "questions per subject")
        add(["augment", "limit"], int(pipeline.augment?.limit), 0...1e9, "questions")
        add(["augment", "max_reuse"], int(pipeline.augment?.maxReuse), 1...1e6, "questions an option may serve")
        add(["review", "overlap"], int(pipeline.review?.overlap), 1...20, "reviewers per task")
        add(["review", "lease_minutes"], pipeline.review?.leaseMinutes, 0.1...10_080, "minutes")
        add(["review", "calibration"], pipeline.review?.calibration, 0...0.5, "share of questions")
        add(["release", "validation_per_category"], int(pipeline.release?.validationPerCategory), 1...1000, "exemplars per category")
        for (name, limit) in (pipeline.release?.shortcutGates ?? [:]).sorted(by: { $0.key < $1.key }) {
            add(["release", "shortcut_gates", name], limit, 0...1, "a share")
        }
        return rules
    }

    /// Every generation setting with the key it sits under.
    func generationSettings() -> [(key: [String], settings: GenerationConfig)] {
        var all: [(key: [String], settings: GenerationConfig)] = []
        if let integrate = pipeline.integrate {
            all += [(["integrate", "extraction"], integrate.extraction), (["integrate", "distractors"], integrate.distractors)]
        }
        if let augment = pipeline.augment { all.append((["augment", "generation"], augment.generation)) }
        if let judge = pipeline.review?.judge { all.append((["review", "judge"], judge)) }
        if let rationale = pipeline.release?.rationaleModel { all.append((["release", "rationale_model"], rationale)) }
        for (model, settings) in pipeline.filter.live.sorted(by: { $0.key < $1.key }) { all.append((["filter", "live", model], settings)) }
        return all
    }

    func checkRanges(document: YAMLDocument) throws {
        // A token window smaller than one request's completion would never admit it.
        for (key, settings) in generationSettings() {
            guard let window = pipeline.providers[settings.provider]?.tokensPerMinute, settings.maxTokens > window else { continue }
            throw document.error(
                .invalidValue, at: key + ["max_tokens"],
                "expected at most the provider's tokens_per_minute (\(window)), found \(settings.maxTokens): no request could ever be sent")
        }
        for rule in rangeRules() where !rule.value.isFinite || !rule.range.contains(rule.value) {
            func number(_ value: Double) -> String {
                value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            }
            throw document.error(
                .invalidValue, at: rule.key,
                "expected \(rule.meaning) from \(number(rule.range.lowerBound)) to \(number(rule.range.upperBound)), found \(number(rule.value))"
            )
        }
    }
}
