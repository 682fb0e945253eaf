import Foundation
import GRDB
import Logging

/// Stage inputs read ahead of their run, by stage.
final class LoadedInputs: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [StageName: Any] = [:]

    func store(_ stage: StageName, _ value: Any) {
        lock.lock()
        values[stage] = value
        lock.unlock()
    }

    /// The inputs read for `stage`, once.
    func take(_ stage: StageName) -> Any? {
        lock.lock()
        defer { lock.unlock() }
        return values.removeValue(forKey: stage)
    }
}
