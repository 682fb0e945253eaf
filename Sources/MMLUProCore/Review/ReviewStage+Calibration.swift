import Foundation
import GRDB

/// Calibration tasks: questions with a planted defect, mixed into phase 1 to measure reviewers.
extension ReviewStage {
    /// The planted defects of calibration tasks.
    typealias Defect = CalibrationTask.Defect

    /// Opens a calibration task for the share `rate` of questions (chosen by a hash of the item,
    /// so the same ones on every build): the question with a planted defect, under a key of
    /// the same form as a real task's (`p1:ITEM@VERSION`, the version a hash of what it shows),
    /// with the question's priority. Never an outcome of the stage, so never released.
    /// - Returns: How many calibration tasks the build has.
    static func plantCalibration(
        _ questions: [Question], rate: Double, overlap: Int, priorities: [String: Int], now: Date, db: Database
    ) throws -> Int {
        var planted = 0
        for question in questions where question.options.count >= 3 && question.round == 0 {
            let hash = SeededShuffle.seed(question.key + "\u{0}calibration")
            guard Double(hash % 1_000_000) / 1_000_000 < rate else { continue }
            let wrong = question.options.indices.filter { $0 != question.answerIndex }
            var options = question.options
            var answerIndex = question.answerIndex
            let defect = Defect.allCases[Int((hash >> 20) % 3)]
            var catchVerdict = ReviewDecision.Verdict.remove
            var catchAnswer: String?
            switch defect {
            case .wrongKey:
                answerIndex = wrong[Int((hash >> 24) % UInt64(wrong.count))]
                catchVerdict = .wrongAnswer
                catchAnswer = OptionLetter.letter(question.answerIndex)
            case .duplicateOption:
                let first = wrong[Int((hash >> 24) % UInt64(wrong.count))]
                let second = wrong.filter { $0 != first }[Int((hash >> 32) % UInt64(wrong.count - 1))]
                options[second] = options[first]
            case .answerTwice:
                options[wrong[Int((hash >> 24) % UInt64(wrong.count))]] = question.options[question.answerIndex]
            }
            let shown = Digest.canonicalJSON(options)
            let version = String(Digest.sha256(question.version + "\u{0}" + shown + "\u{0}\(answerIndex)").prefix(12))
            let key = ReviewTask.phaseOneKey(item: question.key, version: version)
            try ReviewTask(
                key: key, phase: 1, itemKey: question.key, optionText: nil, version: version, category: question.category,
                priority: priorities[question.key] ?? 0, overlap: overlap, createdAt: StageRun.timestamp(now)
            ).insertRow(db, onConflict: .ignore)
            try CalibrationTask(
                taskKey: key, itemKey: question.key, defect: defect, options: options, answerIndex: answerIndex,
                catchVerdict: catchVerdict.rawValue, catchAnswer: catchAnswer
            ).insertRow(db, onConflict: .ignore)
            planted += 1
        }
        return planted
    }
}
