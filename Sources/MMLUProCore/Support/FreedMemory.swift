#if canImport(Glibc)
    import Glibc
#endif

/// Memory a finished stage freed, given back to the system.
///
/// An allocator keeps the pages a program frees for its next allocations: in one process that
/// runs every stage (`mmlupro build`), the stages' heaps would pile up (a peak of 288 MB for
/// the full build against 170 MB for its largest stage alone, on glibc). Giving them back after
/// each stage takes a few milliseconds.
///
/// The executables link jemalloc (the `CProcessSetup` target): its arenas are purged. A process on
/// glibc's malloc (a library user's) has its heap trimmed instead. Which one is found at run time.
enum FreedMemory {
    /// The allocator found in this process.
    enum Allocator: String, Sendable {
        case jemalloc
        case glibc
        case unknown
    }

    static var allocator: Allocator {
        #if canImport(Glibc)
            if mallctl != nil { return .jemalloc }
            if trim != nil { return .glibc }
        #endif
        return .unknown
    }

    /// Gives the pages freed so far back to the system. Returns whether the allocator was asked.
    @discardableResult static func release() -> Bool {
        #if canImport(Glibc)
            if let mallctl {
                // `arena.<MALLCTL_ARENAS_ALL>.purge`: every arena's unused pages, now.
                return mallctl("arena.4096.purge", nil, nil, nil, 0) == 0
            }
            if let trim {
                _ = trim(0)
                return true
            }
        #endif
        return false
    }

    /// A jemalloc option or statistic that is a number (`opt.narenas`, `thread.allocated`),
    /// or nil when jemalloc is not the allocator.
    static func jemallocValue<Value: FixedWidthInteger>(_ name: String, as type: Value.Type) -> Value? {
        #if canImport(Glibc)
            guard let mallctl else { return nil }
            if name.hasPrefix("stats.") {
                // Arena statistics are read as of the last `epoch` update (a thread's own are current).
                var epoch: UInt64 = 1
                _ = mallctl("epoch", nil, nil, &epoch, MemoryLayout<UInt64>.size)
            }
            var value: Value = 0
            var size = MemoryLayout<Value>.size
            return mallctl(name, &value, &size, nil, 0) == 0 && size == MemoryLayout<Value>.size ? value : nil
        #else
            return nil
        #endif
    }

    #if canImport(Glibc)
        /// jemalloc's `mallctl`, when jemalloc is linked.
        private static let mallctl:
            (
                @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int)
                    ->
                    Int32
            )? = dlsym(nil, "mallctl").map {
                unsafeBitCast(
                    $0,
                    to: (@convention(c) (
                        UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
                    ) -> Int32).self)
            }

        /// `malloc_trim` (declared in `malloc.h`, which the Glibc module leaves out), looked up once.
        private static let trim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
            unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
        }
    #endif
}
