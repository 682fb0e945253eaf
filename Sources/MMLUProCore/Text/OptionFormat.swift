/// An option's format, one small value per feature: scientific notation, a unit, decimals, a
/// sign, LaTeX, a multiplication sign. Options of one question share a convention; an option
/// alone in its format stands out (``TextFeatures/uniqueFormatCounts(_:)``). A value type with
/// no heap storage: the generator reads the format of every candidate it weighs.
struct OptionFormat: Hashable, Sendable {
    enum Feature: Int, CaseIterable, Sendable {
        case notation, unit, decimals, sign, latex, times

        /// The feature's name in a rejection's detail.
        var name: String { ["notation", "unit", "decimals", "sign", "LaTeX", "multiplication sign"][rawValue] }
    }

    /// The values in feature order (the last two lanes unused): notation 0 plain / 1 sci; unit
    /// 0 none / 1 unit / 2 text (not a quantity); decimals -1 (not a quantity) or the count;
    /// sign, LaTeX and times 0 / 1.
    private var values = SIMD8<Int16>()

    subscript(feature: Feature) -> Int16 {
        get { values[feature.rawValue] }
        set { values[feature.rawValue] = newValue }
    }

    /// A feature's value as a word ("sci", "unit", "2", "signed", ...).
    func word(_ feature: Feature) -> String {
        let value = self[feature]
        switch feature {
        case .notation: return value == 1 ? "sci" : "plain"
        case .unit: return ["none", "unit", "text"][Int(value)]
        case .decimals: return value < 0 ? "-" : String(value)
        case .sign: return value == 1 ? "signed" : "unsigned"
        case .latex: return value == 1 ? "latex" : "plain"
        case .times: return value == 1 ? "times" : "plain"
        }
    }

    /// A set of features, one bit each.
    struct Features: OptionSet, Sendable {
        let rawValue: UInt8
        static let all = Features(rawValue: 0x3F)

        func contains(_ feature: Feature) -> Bool { rawValue & 1 << feature.rawValue != 0 }
    }

    /// The features where this format and `other` have the same value.
    func agreement(with other: OptionFormat) -> Features {
        let same = values .== other.values
        var bits: UInt8 = 0
        for feature in Feature.allCases where same[feature.rawValue] { bits |= 1 << feature.rawValue }
        return Features(rawValue: bits)
    }
}
