/* Allocation fault injection and accounting for tests: make the n-th allocation from now on fail; the largest
 * request made. */
#ifndef TARIFFSCOPE_ALLOC_H
#define TARIFFSCOPE_ALLOC_H

#include <stddef.h>

/* After this call the n-th allocation made by the library (1 = the next one) fails; 0 disables.
 * Not thread-safe; meant for single-threaded tests. */
void tsc_alloc_fail_after(size_t n);

/* Number of allocations the library has made since the process started. */
size_t tsc_alloc_count(void);

/* The largest single request (bytes) the library has made since the last tsc_alloc_largest_reset (or the start):
 * lets a test show that a computation never allocates, say, an n x n matrix. Thread-safe. */
size_t tsc_alloc_largest(void);
void tsc_alloc_largest_reset(void);

#endif
