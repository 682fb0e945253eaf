import Foundation
import Testing

@testable import MMLUProCore

/// A record with the answer at `answer` among `options`.
private func record(_ id: Int, _ question: String, _ options: [String], answer: Int, src: String = "ori_mmlu-college_physics")
    -> ReleaseRecord
{
    ReleaseRecord(questionID: id, question: question, options: options, answerIndex: answer, category: "physics", src: src)
}

/// A deterministic stream of choices for planting.
private struct Plant {
    var generator: SplitMix64
    init(_ seed: UInt64) { generator = SplitMix64(seed: seed) }
    mutating func int(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
}

/// Questions whose ten options are words of the same shape, answer anywhere: no attack may do
/// better than chance beyond noise on them.
private func neutralRecords(_ count: Int, seed: UInt64 = 1) -> [ReleaseRecord] {
    var plant = Plant(seed)
    let stems = ["alpha", "beta", "gamma", "delta", "epsil", "zeta", "theta", "kappa", "lambda", "sigma", "omega", "tau"]
    return (0..<count).map { id in
        let options = (0..<10).map { option in "\(stems[plant.int(stems.count)])\(id)x\(option) \(stems[plant.int(stems.count)])" }
        return record(id, "Which particle is number \(id)?", options, answer: plant.int(10))
    }
}

@Suite("Shortcut report: each attack fires on planted data and stays at chance on look-alikes")
struct ShortcutTests {
    @Test func neutralDataIsAtChanceForEveryAttack() throws {
        let report = Shortcuts.run(neutralRecords(600))
        for result in report.attacks where result.overall.questions > 0 {
            // Within three standard errors of chance (sd 1.2 points over 600 questions): nothing to exploit.
            #expect(abs(result.overall.accuracy - 0.1) < 0.037, "\(result.id): \(result.overall)")
        }
        #expect(report.attack(.numericFamilyCentre)?.overall.questions == 0)
        #expect(report.share(Shortcuts.reusedWrongOptions)?.overall.count == 0)
        #expect(report.position.pValue > 0.001)
    }

    @Test func numericFamilyCentreFindsTheAnswerWhoseMultiplesAreOptions() throws {
        var plant = Plant(2)
        let planted = (0..<50).map { id -> ReleaseRecord in
            let answer = Double(3 + plant.int(90)) / 10
            var options = [answer, answer * 10, answer / 10, answer * 100, -answer].map { String(format: "%g", $0) }
            options += (0..<5).map { String(format: "%g", answer * 1.37 + Double($0) + 0.11) }
            return record(id, "Compute the value.", options, answer: 0)
        }
        let report = Shortcuts.run(planted)
        let result = try #require(report.attack(.numericFamilyCentre))
        #expect(result.overall.questions == 50)
        #expect(result.overall.accuracy == 1)
        // Look-alikes: numbers with no ×10 / ÷10 / negation relatives stay at chance exactly.
        let lookAlikes = (0..<50).map { id in
            // Values within a factor of 4 of each other: no ×10, ÷10 or negation relatives.
            record(
                id, "Compute the value.", (0..<10).map { String(format: "%.2f", 1.13 + Double($0) * 0.31 + Double(id) * 0.01) },
                answer: id % 10)
        }
        let clean = try #require(Shortcuts.run(lookAlikes).attack(.numericFamilyCentre))
        #expect(clean.overall.questions == 50)
        #expect(abs(clean.overall.accuracy - 0.1) < 1e-9)
        #expect(clean.overall.fired == 0)
    }

    @Test func uniqueFormatFindsTheOddOneOut() throws {
        let planted = (0..<40).map { id in
            record(
                id, "Find the rate.", ["1.7 × 10^{-5} s"] + (1..<10).map { String(format: "%.2f s", Double(id + $0) / 7 + 1) }, answer: 0)
        }
        let result = try #require(Shortcuts.run(planted).attack(.uniqueFormat))
        #expect(result.overall.accuracy == 1)
        // When every option shares the notation, nothing is unique: the attack does not apply.
        let lookAlikes = (0..<40).map { id in
            record(id, "Find the rate.", (0..<10).map { "\($0 + 1).\(id % 10) × 10^{-5} s" }, answer: id % 10)
        }
        #expect(Shortcuts.run(lookAlikes).attack(.uniqueFormat)?.overall.questions == 0)
    }

    @Test func lengthAndOverlapAttacksFire() throws {
        let planted = (0..<40).map { id in
            record(
                id, "Which organelle makes the proteins of the cell \(id)?",
                ["ribosomes make the proteins of the cell from messenger templates"] + (1..<10).map { "organ\($0)x\(id)" }, answer: 0)
        }
        let report = Shortcuts.run(planted)
        #expect(report.attack(.longest)?.overall.accuracy == 1)
        #expect(report.attack(.mostQuestionOverlap)?.overall.accuracy == 1)
        #expect(report.attack(.shortest)?.overall.accuracy == 0)
        #expect(report.attack(.leastQuestionOverlap)?.overall.accuracy == 0)
    }

    @Test func centroidFindsTheOptionTheOthersWereMadeFrom() throws {
        let planted = (0..<40).map { id in
            let answer = "increase in aggregate demand \(id)"
            let others = [
                "increase in aggregate supply \(id)", "decrease in aggregate demand \(id)", "increase in aggregate output \(id)",
                "increase in money demand \(id)", "rise in aggregate demand \(id)", "increase in the demand \(id)",
                "zzz qqq www \(id)", "kkk jjj vvv \(id)", "ppp lll mmm \(id)",
            ]
            return record(id, "What follows?", [answer] + others, answer: 0)
        }
        #expect(Shortcuts.run(planted).attack(.centroid)?.overall.accuracy == 1)
    }

    @Test func reusedAndUnrelatedWrongOptionsAreCounted() throws {
        // Every question lends its wrong options to the next: all reused; the answer is unique.
        let planted = (0..<30).map { id in
            record(
                id, "Which enzyme unwinds DNA \(id)?", ["helicase variant \(id)"] + (0..<9).map { "shared distractor \($0)" }, answer: 0)
        }
        let report = Shortcuts.run(planted)
        let reused = try #require(report.share(Shortcuts.reusedWrongOptions))
        #expect(reused.overall.count == 270 && reused.overall.of == 270)
        #expect(report.attack(.notReused)?.overall.accuracy == 1)

        let unrelated = (0..<20).map { id in
            record(
                id, "Which enzyme unwinds the double helix?",
                ["helicase unwinds", "ligase joins", "primase primes", "Binary fission", "central vacuole"], answer: 0)
        }
        let share = try #require(Shortcuts.run(unrelated).share(Shortcuts.unrelatedWrongOptions))
        // "Binary fission" and "central vacuole" share no word with the question or the others;
        // "ligase joins" and "primase primes" do not either: 4 of 4 wrong options per question.
        #expect(share.overall.count == 80 && share.overall.of == 80)
        let related = (0..<20).map { id in
            record(
                id, "Which enzyme unwinds the double helix?",
                ["helicase enzyme", "ligase enzyme", "primase enzyme", "polymerase enzyme", "topoisomerase enzyme"], answer: 0)
        }
        #expect(Shortcuts.run(related).share(Shortcuts.unrelatedWrongOptions)?.overall.count == 0)
    }

    @Test func answerPositionsAreTestedAgainstChance() {
        let skewed = neutralRecords(300).map { record -> ReleaseRecord in
            var copy = record
            copy.answerIndex = 0
            copy.answer = "A"
            return copy
        }
        let test = Shortcuts.run(skewed).position
        #expect(test.observed[0] == 300)
        #expect(test.degreesOfFreedom == 9)
        #expect(test.pValue < 1e-10)
    }

    @Test func theLearnedAttackerLearnsACueAndNotNoise() throws {
        var plant = Plant(5)
        // The cue: only the answer ends with a full stop; the position varies.
        let planted = (0..<400).map { id -> ReleaseRecord in
            let answer = plant.int(10)
            let options = (0..<10).map { "choice \(id) number \($0)" + ($0 == answer ? "." : "") }
            return record(id, "Pick one.", options, answer: answer)
        }
        let learned = try #require(Shortcuts.run(planted).attack(.learned))
        #expect(learned.overall.accuracy > 0.9)
        let noise = try #require(Shortcuts.run(neutralRecords(400, seed: 9)).attack(.learned))
        #expect(noise.overall.low <= 0.1 && noise.overall.accuracy < 0.16, "\(noise.overall)")
    }

    @Test func statisticsMatchKnownValues() {
        // The 5% critical value of chi-square with 9 degrees of freedom is 16.919.
        #expect(abs(Statistics.chiSquareSurvival(16.919, degreesOfFreedom: 9) - 0.05) < 1e-3)
        #expect(abs(Statistics.chiSquareSurvival(3.841, degreesOfFreedom: 1) - 0.05) < 1e-3)
        #expect(abs(Statistics.logGamma(5) - log(24)) < 1e-10)
        let (low, high) = Shortcuts.wilson(0.5, 100)
        #expect(abs(low - 0.4038) < 1e-3 && abs(high - 0.5962) < 1e-3)
    }

    @Test func shortcutGatesNameTheAttacksAboveTheirLimit() throws {
        var plant = Plant(2)
        let planted = (0..<50).map { id -> ReleaseRecord in
            let answer = Double(3 + plant.int(90)) / 10
            var options = [answer, answer * 10, answer / 10, -answer].map { String(format: "%g", $0) }
            options += (0..<6).map { String(format: "%g", answer * 1.37 + Double($0) + 0.11) }
            return record(id, "Compute the value.", options, answer: 0)
        }
        let report = Shortcuts.run(planted)
        let failures = ReleaseGates.shortcutFailures(
            report, limits: ["numeric_family_centre": 0.15, "reused_wrong_options": 0.5, "learned": 1])
        #expect(failures.map(\.id) == ["numeric_family_centre"])
        #expect(ReleaseGates.shortcutFailures(report, limits: [:]).isEmpty)
    }
}
