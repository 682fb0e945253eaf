#if canImport(Glibc)
    import Glibc
#endif

/// Memory a finished stage freed, given back to the system.
///
/// glibc's allocator gives each thread that allocates an arena of its own (up to 8 per core),
/// and keeps the pages freed in an arena for that arena's next allocations: in one process
/// that runs every stage (`mmlupro build`), the stages' heaps piled up (a peak of 288 MB for
/// the full build against 170 MB for its largest stage alone). Trimming after each stage
/// returns those pages (a few milliseconds).
enum FreedMemory {
    /// Whether the allocator can be trimmed here (glibc).
    static var isAvailable: Bool {
        #if canImport(Glibc)
            trim != nil
        #else
            false
        #endif
    }

    static func release() {
        #if canImport(Glibc)
            _ = trim?(0)
        #endif
    }

    #if canImport(Glibc)
        /// `malloc_trim` (declared in `malloc.h`, which the Glibc module leaves out), looked up once.
        private static let trim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
            unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
        }
    #endif
}
