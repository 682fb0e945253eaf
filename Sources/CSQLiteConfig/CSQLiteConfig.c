// Connection settings that SQLite sets through variadic functions, which Swift cannot call.

#include <sqlite3.h>

#include "CSQLiteConfig.h"

int mmlupro_sqlite_enable_triggers(struct sqlite3 *db, int enable) {
    int state = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, enable, &state) != SQLITE_OK) { return -1; }
    return state;
}
