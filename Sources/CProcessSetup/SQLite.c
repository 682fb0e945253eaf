// SQLite's process-wide settings for the `mmlupro` executables, applied as the executable is
// loaded: `sqlite3_config` works only before SQLite initialises itself, which the first
// `sqlite3_open` does. Nothing calls into this target: linking it applies them.

#include <sqlite3.h>

/// `SQLITE_CONFIG_MEMSTATUS` off. SQLite keeps no count of its heap (nothing here reads it:
/// `sqlite3_memory_used()` stays 0), and so no longer takes a process-wide mutex around every
/// `sqlite3_malloc` and `sqlite3_free` to keep it. The review stage makes about 350,000 B-tree
/// changes, each allocating; it ran 0.865 → 0.825 s (BENCHMARKS.md, "Speed work, ninth round").
__attribute__((constructor)) static void mmlupro_sqlite_settings(void) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
