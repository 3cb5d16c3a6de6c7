/* Allocation fault injection for tests: make the n-th allocation from now on fail. */
#ifndef TARIFFSCOPE_ALLOC_H
#define TARIFFSCOPE_ALLOC_H

#include <stddef.h>

/* After this call the n-th allocation made by the library (1 = the next one) fails; 0 disables.
 * Not thread-safe; meant for single-threaded tests. */
void tsc_alloc_fail_after(size_t n);

/* Number of allocations the library has made since the process started. */
size_t tsc_alloc_count(void);

#endif
