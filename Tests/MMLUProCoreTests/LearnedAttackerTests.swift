import Foundation
import Testing

@testable import MMLUProCore

@Suite struct LearnedAttackerFitTests {
    /// The fit as it was before it skipped zero features: every term of every row, in order.
    static func denseFit(_ questions: [(rows: [Double], answer: Int)]) -> [Double]? {
        let width = LearnedAttacker.width
        let count = questions.reduce(0) { $0 + $1.rows.count / width }
        guard count > width else { return nil }
        var weights = Array(repeating: 0.0, count: width)
        let ridge = 1e-3 * Double(count)
        for _ in 0..<12 {
            var gradient = weights.map { ridge * $0 }
            var hessian = [Double](repeating: 0, count: width * width)
            for j in 0..<width { hessian[j * width + j] = ridge }
            gradient[0] -= ridge * weights[0]
            hessian[0] -= ridge
            for question in questions {
                for option in 0..<(question.rows.count / width) {
                    let x = Array(question.rows[(option * width)..<((option + 1) * width)])
                    var t = 0.0
                    for j in 0..<width { t += x[j] * weights[j] }
                    let p = 1 / (1 + exp(-t))
                    let w = max(p * (1 - p), 1e-9)
                    let residual = p - (option == question.answer ? 1 : 0)
                    for j in 0..<width {
                        gradient[j] += residual * x[j]
                        for k in j..<width { hessian[j * width + k] += w * x[j] * x[k] }
                    }
                }
            }
            let matrix = (0..<width).map { j in (0..<width).map { k in k >= j ? hessian[j * width + k] : hessian[k * width + j] } }
            guard let step = LearnedAttacker.solve(matrix, gradient) else { break }
            var largest = 0.0
            for j in 0..<width {
                weights[j] -= step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-8 { break }
        }
        return weights
    }

    /// Questions of 2 to 10 options whose features are mostly zeros (some of them -0), the
    /// others spread over a few orders of magnitude, the first always 1 as the real rows' is.
    static func questions(_ count: Int, seed: UInt64, zeros: UInt64) -> [(rows: [Double], answer: Int)] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let options = 2 + Int(generator.next() % 9)
            let rows = (0..<(options * LearnedAttacker.width)).map { index -> Double in
                if index % LearnedAttacker.width == 0 { return 1 }
                let roll = generator.next() % 100
                if roll < zeros { return roll % 7 == 0 ? -0.0 : 0 }
                return (Double(generator.next() % 20_001) / 1_000 - 10) * pow(10, Double(Int(generator.next() % 5)) - 2)
            }
            return (rows, Int(generator.next() % UInt64(options)))
        }
    }

    @Test("the fit over each option's nonzero features gives the dense fit's weights, bit for bit")
    func sparseFitIsTheDenseFit() throws {
        for (seed, zeros) in [(1, 0), (2, 40), (3, 70), (4, 95)] as [(UInt64, UInt64)] {
            let questions = Self.questions(300, seed: seed, zeros: zeros)
            let sparse = try #require(LearnedAttacker.fit(questions))
            let dense = try #require(Self.denseFit(questions))
            #expect(sparse.map(\.bitPattern) == dense.map(\.bitPattern), "seed \(seed), \(zeros)% zeros")
        }
    }

    @Test("a feature that is not finite, in any place, ends the fit with the dense fit's weights")
    func nonFiniteFeaturesEndTheFitAsTheDenseFit() throws {
        let base = Self.questions(60, seed: 5, zeros: 80)
        var differ: [String] = []
        for value in [Double.infinity, -Double.infinity, Double.nan] {
            for position in 1..<(2 * LearnedAttacker.width) {
                var questions = base
                questions[7].rows[position] = value
                let same = LearnedAttacker.fit(questions)?.map(\.bitPattern) == Self.denseFit(questions)?.map(\.bitPattern)
                if !same { differ.append("\(value) at \(position)") }
            }
        }
        #expect(differ.isEmpty, "\(differ)")
    }
}

@Suite struct LearnedAttackerTextTests {
    @Test("an option's text features read over ASCII bytes equal those read by Character")
    func asciiTextFeaturesMatchTheCharacterReading() {
        let pieces = ["A", "b", "Z", "z", "1", "9", ".", " ", "\t", "\r\n", "\n", "\u{0B}", "$", "\\", "(", "É", "é", "٣", "x²"]
        var generator = SplitMix64(seed: 41)
        for _ in 0..<20_000 {
            let text = (0..<Int(generator.next() % 8)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let (digits, scalars) = LearnedAttacker.digits(text)
            let read = LearnedAttacker.textFeatures(text)
            #expect(read.digits == digits && read.scalars == scalars, "\(text.debugDescription)")
            #expect(read.capital == (text.first { !$0.isWhitespace }?.isUppercase == true), "\(text.debugDescription)")
            #expect(read.period == text.hasSuffix("."), "\(text.debugDescription)")
            #expect(read.markup == (text.contains("$") || text.contains("\\")), "\(text.debugDescription)")
        }
    }
}
