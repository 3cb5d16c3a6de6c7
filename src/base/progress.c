/* The calling thread's progress callback for the files its readers stream (progress_int.h). */
#include "progress_int.h"

static _Thread_local tsc_progress current;

tsc_progress tsc__progress_set(tsc_progress p)
{
    tsc_progress old = current;
    current = p;
    return old;
}

void tsc__progress_report(const char *file, uint64_t done, uint64_t total)
{
    if (current.fn) current.fn(current.ctx, file, done, total);
}
