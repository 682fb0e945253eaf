#ifndef CSQLITECONFIG_H
#define CSQLITECONFIG_H

struct sqlite3;

/// `sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, enable, &state)`, which Swift cannot
/// call (it is variadic): turns the triggers of one connection off (0) or on (1); no other
/// connection is affected. Returns the setting after the call, or -1 when SQLite refused.
int mmlupro_sqlite_enable_triggers(struct sqlite3 *db, int enable);

#endif
