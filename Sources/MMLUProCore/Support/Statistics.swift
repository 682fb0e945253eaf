import Foundation

/// Statistics the report needs.
enum Statistics {
    /// The 95% Wilson score interval of a proportion `p` over `n` trials.
    static func wilson(_ p: Double, _ n: Double) -> (Double, Double) {
        let z = 1.959964
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The 95% Wilson interval of `successes` of `trials` ((0, 1) with no trial).
    static func wilson(successes: Int, trials: Int) -> (Double, Double) {
        trials == 0 ? (0, 1) : wilson(Double(successes) / Double(trials), Double(trials))
    }

    /// P(X ≥ x) for a chi-square variable with `k` degrees of freedom.
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        guard x > 0 else { return 1 }
        return regularizedGammaQ(Double(k) / 2, x / 2)
    }

    /// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
    static func logGamma(_ x: Double) -> Double {
        let coefficients = [
            0.999_999_999_999_809_93, 676.520_368_121_885_1, -1_259.139_216_722_402_8, 771.323_428_777_653_13,
            -176.615_029_162_140_59, 12.507_343_278_686_905, -0.138_571_095_265_720_12, 9.984_369_578_019_571_6e-6,
            1.505_632_735_149_311_6e-7,
        ]
        if x < 0.5 { return log(Double.pi / abs(sin(Double.pi * x))) - logGamma(1 - x) }
        let z = x - 1
        var sum = coefficients[0]
        for i in 1..<9 { sum += coefficients[i] / (z + Double(i)) }
        let t = z + 7.5
        return 0.5 * log(2 * Double.pi) + (z + 0.5) * log(t) - t + log(sum)
    }

    /// The regularised upper incomplete gamma function Q(a, x) (Numerical Recipes, 6.2).
    static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        let lnGammaA = logGamma(a)
        if x < a + 1 {
            var sum = 1 / a
            var term = sum
            var n = a
            for _ in 0..<500 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(-x + a * log(x) - lnGammaA))
        }
        var b = x + 1 - a
        var c = 1 / 1e-300
        var d = 1 / b
        var h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c
            if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(-x + a * log(x) - lnGammaA) * h)
    }
}
