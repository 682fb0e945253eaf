import Foundation

/// A model of the mistakes that produce wrong numeric answers: a sign error, a unit prefix, a
/// factor 2 or ½, a reciprocal, a square for a square root, a dropped constant (π, g, R, √2),
/// rounding at a different step, a neighbouring formula (×3/2, ×4/3), an off-by-one. Each
/// wrong value is one mistake away from an option already there, the answer or a wrong one.
enum NumericErrors {
    struct Mistake: Sendable {
        var name: String
        var weight: Double
        /// Only for integers (true), only for non-integers (false), or both (nil).
        var integer: Bool?
        /// The wrong value from the right one, the size of one step in its last digit, and a random number.
        var apply: @Sendable (Double, Double, UInt64) -> Double
    }

    static let mistakes: [Mistake] = [
        Mistake(name: "last_digit", weight: 3, integer: false) { value, step, random in
            value + [-3, -2, -1, 1, 2, 3][Int(random % 6)] * step
        },
        Mistake(name: "off_by_one", weight: 2, integer: true) { value, _, _ in value + 1 },
        Mistake(name: "off_by_minus_one", weight: 2, integer: true) { value, _, _ in value - 1 },
        Mistake(name: "off_by_two", weight: 1, integer: true) { value, _, _ in value + 2 },
        Mistake(name: "off_by_minus_two", weight: 1, integer: true) { value, _, _ in value - 2 },
        Mistake(name: "double", weight: 2, integer: nil) { value, _, _ in value * 2 },
        Mistake(name: "half", weight: 2, integer: nil) { value, _, _ in value / 2 },
        Mistake(name: "three_halves", weight: 1, integer: nil) { value, _, _ in value * 1.5 },
        Mistake(name: "two_thirds", weight: 1, integer: nil) { value, _, _ in value * 2 / 3 },
        Mistake(name: "four_thirds", weight: 1, integer: false) { value, _, _ in value * 4 / 3 },
        Mistake(name: "three_quarters", weight: 1, integer: false) { value, _, _ in value * 0.75 },
        Mistake(name: "times_pi", weight: 0.7, integer: false) { value, _, _ in value * Double.pi },
        Mistake(name: "over_pi", weight: 0.7, integer: false) { value, _, _ in value / Double.pi },
        Mistake(name: "times_root2", weight: 0.7, integer: false) { value, _, _ in value * 2.0.squareRoot() },
        Mistake(name: "over_root2", weight: 0.7, integer: false) { value, _, _ in value / 2.0.squareRoot() },
        Mistake(name: "times_g", weight: 0.4, integer: false) { value, _, _ in value * 9.8 },
        Mistake(name: "over_g", weight: 0.4, integer: false) { value, _, _ in value / 9.8 },
        Mistake(name: "over_R", weight: 0.3, integer: false) { value, _, _ in value / 8.314 },
        Mistake(name: "square", weight: 0.6, integer: nil) { value, _, _ in abs(value) > 0.05 && abs(value) < 300 ? value * value : .nan },
        Mistake(name: "square_root", weight: 0.6, integer: nil) { value, _, _ in abs(value) > 0.05 ? abs(value).squareRoot() : .nan },
        Mistake(name: "reciprocal", weight: 0.4, integer: false) { value, _, _ in abs(value) > 0.1 && abs(value) < 10 ? 1 / value : .nan },
        Mistake(name: "decimal_slip", weight: 0.3, integer: nil) { value, _, _ in value * 10 },
        Mistake(name: "decimal_slip_down", weight: 0.3, integer: false) { value, _, _ in value / 10 },
        Mistake(name: "unit_prefix", weight: 0.2, integer: false) { value, _, _ in value * 1000 },
        Mistake(name: "sign", weight: 0.3, integer: nil) { value, _, _ in -value },
    ]

    /// Ratios that make two values one family to the numeric-family attack and its broader
    /// variants: a new value is added next to the option with the fewest such relatives, so
    /// that no option, the answer least of all, becomes the centre of a family.
    static let familyFactors: [Double] = [10, 0.1, 100, 0.01, 1000, 0.001, -1, 2, 0.5]

    /// Up to `count` wrong values written like the options, each one mistake away from an
    /// option (the parent with the fewest relatives among the options so far).
    static func candidates(
        options: [String], answer: Int? = nil, count: Int, generator: inout SplitMix64, accept: (String) -> Bool
    ) -> [String] {
        var spans = options.compactMap(NumberSpan.init)
        guard spans.count == options.count, !spans.isEmpty else { return [] }
        var values = spans.map(\.value)
        var formats = options.map(TextFeatures.format)
        // Worked out again only when an option is added (a failed try changes neither).
        var degrees = TextFeatures.familyCounts(values, factors: familyFactors)
        var unique = TextFeatures.uniqueFormatCounts(formats)
        var chosen: [String] = []
        var failures = 0
        while chosen.count < count && failures < 60 {
            let parent = spans[
                OfflineGenerator.parent(
                    Array(degrees.indices), load: { degrees[$0] }, answer: answer, unique: unique, generator: &generator)]
            guard let text = variant(of: parent, generator: &generator), let span = NumberSpan(text),
                !values.contains(where: { $0 == span.value }),
                accept(text)
            else {
                failures += 1
                continue
            }
            chosen.append(text)
            spans.append(span)
            values.append(span.value)
            formats.append(TextFeatures.format(text))
            degrees = TextFeatures.familyCounts(values, factors: familyFactors)
            unique = TextFeatures.uniqueFormatCounts(formats)
        }
        return chosen
    }

    /// `parent` with one mistake made, written the way it is.
    static func variant(of parent: NumberSpan, generator: inout SplitMix64) -> String? {
        let isInteger = parent.exponent == nil && parent.decimals == 0
        let mistake = pick(integer: isInteger, generator: &generator)
        let magnitude = parent.exponent == nil || parent.value == 0 ? 0 : floor(log10(abs(parent.value)))
        var value = mistake.apply(parent.value, pow(10, magnitude - Double(parent.decimals)), generator.next())
        if isInteger { value = value.rounded() }
        // A percentage stays one: no 580% for a share of the world's population.
        guard value != parent.value, !parent.suffix.hasPrefix("%") || (0...100).contains(value) else { return nil }
        return parent.rendering(value)
    }

    /// The mistakes that apply to a non-integer ([0]) and to an integer ([1]), with their total weight.
    private static let eligible: [(mistakes: [Mistake], total: Double)] = [false, true].map { integer in
        let eligible = mistakes.filter { $0.integer == nil || $0.integer == integer }
        return (eligible, eligible.reduce(0) { $0 + $1.weight })
    }

    private static func pick(integer: Bool, generator: inout SplitMix64) -> Mistake {
        let (eligible, total) = Self.eligible[integer ? 1 : 0]
        var point = Double(generator.next() % 1_000_000) / 1_000_000 * total
        for mistake in eligible {
            point -= mistake.weight
            if point < 0 { return mistake }
        }
        return eligible.last!
    }
}
