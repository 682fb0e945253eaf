// The memory allocator of the `mmlupro` executables: on Linux, jemalloc (Debian's
// libjemalloc-dev), linked in place of glibc's malloc (Package.swift) and set up here. Nothing
// calls into this target: linking it is what selects the allocator. `FreedMemory`
// (MMLUProCore) finds jemalloc at run time and purges its arenas after each stage.

#if defined(__linux__)
/// jemalloc's options, read at its first allocation (before `main`): `malloc_conf` defined in
/// the executable takes the place of the library's own (empty) one.
///
/// - `narenas:2`: two arenas, not four per core: the stages allocate from few threads, and
///   each arena keeps its own freed pages.
/// - `dirty_decay_ms:1000`, `muzzy_decay_ms:0`: pages unused for a second go back to the
///   system, at once rather than after ten seconds of being lazily freed.
///
/// Measured in BENCHMARKS.md ("Speed work, eighth round"): the full build 6-8% faster than on
/// glibc's malloc and at a lower peak; jemalloc's defaults were as fast but peaked over 200 MB.
const char *malloc_conf = "narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";
#endif
