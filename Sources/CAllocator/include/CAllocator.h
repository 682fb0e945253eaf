#ifndef CALLOCATOR_H
#define CALLOCATOR_H

// Nothing to call: linking this target selects the executables' allocator (see Allocator.c).

#endif
