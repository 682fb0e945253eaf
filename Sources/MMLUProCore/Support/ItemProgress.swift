/// Told once per item a loop finishes (``ConcurrentMap``): a progress line, a counter.
public protocol ItemProgress: Sendable {
    func advance() async
}
