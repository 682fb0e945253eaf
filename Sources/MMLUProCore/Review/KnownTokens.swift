import Foundation
import GRDB

/// Token hashes already signed in, and whose they are.
final class KnownTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var reviewers: [String: ReviewQueue.Reviewer] = [:]

    subscript(hash: String) -> ReviewQueue.Reviewer? {
        get { lock.withLock { reviewers[hash] } }
        set { lock.withLock { reviewers[hash] = newValue } }
    }
}
