#ifndef CPROCESSSETUP_H
#define CPROCESSSETUP_H

// Nothing to call: linking this target sets up the executables' process (see Allocator.c and
// SQLite.c).

#endif
