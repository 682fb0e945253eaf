import Foundation

/// Named moments of a build where a test can have the process killed, as a power cut or
/// `kill -9` would, to check that a rerun reaches the same result.
///
/// `MMLUPRO_CRASH_AT=review.written` sends SIGKILL to the process when the review stage has
/// written its output and not yet committed it. Points, for every stage: `loaded` (inputs
/// read), `prepared` (model work done and stored, nothing of the stage written),
/// `written` (output written inside the transaction) and `committed`. Unset, it costs one
/// dictionary lookup per point.
enum CrashPoint {
    static let target = ProcessInfo.processInfo.environment["MMLUPRO_CRASH_AT"]

    /// Kills the process if `point` of `stage` is the one asked for.
    static func reach(_ stage: StageName, _ point: String) {
        guard let target, target == "\(stage.rawValue).\(point)" else { return }
        kill(getpid(), SIGKILL)
    }
}
