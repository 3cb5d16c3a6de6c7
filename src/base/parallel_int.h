/* Internal: running n independent pieces of work on the machine's cores (pthreads). */
#ifndef TSC_PARALLEL_INT_H
#define TSC_PARALLEL_INT_H

#include <stddef.h>

/* Most threads the library starts for one job. */
#define TSC_MAX_THREADS 64

/* The number of threads for parallel parsing: TSC_THREADS from the environment when it is a number from 1 to
 * TSC_MAX_THREADS, else the cores online (at least 1, at most TSC_MAX_THREADS). */
size_t tsc__thread_count(void);

/* Runs fn(arg, i) for every i in 0..n-1, n <= TSC_MAX_THREADS, each on its own thread (i = 0 on the calling
 * thread), and returns when all are done. A thread that cannot be started runs its piece on the calling thread, so
 * the work is always done. */
void tsc__parallel_run(size_t n, void (*fn)(void *arg, size_t i), void *arg);

#endif
