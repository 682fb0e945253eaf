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
        let task = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO review_task (key, phase, item_key, version, category, priority, overlap, created_at)
                VALUES (?, 1, ?, ?, ?, ?, ?, ?)
                """)
        let row = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO calibration_task (task_key, item_key, defect, options, answer_index, catch_verdict, catch_answer)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        var planted = 0
        for question in questions where question.options.count >= 3 && question.round == 0 {
            let hash = SeededShuffle.seed(question.key + "\u{0}calibration")
            guard Double(hash % 1_000_000) / 1_000_000 < rate else { continue }
            let n = question.options.count
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
            _ = n
            let shown = Digest.canonicalJSON(options)
            let version = String(Digest.sha256(question.version + "\u{0}" + shown + "\u{0}\(answerIndex)").prefix(12))
            let key = ReviewTask.phaseOneKey(item: question.key, version: version)
            try task.execute(arguments: [
                key, question.key, version, question.category, priorities[question.key] ?? 0, overlap, StageRun.timestamp(now),
            ])
            try row.execute(arguments: [key, question.key, defect.rawValue, shown, answerIndex, catchVerdict.rawValue, catchAnswer])
            planted += 1
        }
        return planted
    }
}
