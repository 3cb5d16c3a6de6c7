/* Internal: where the readers report their progress (progress.c). */
#ifndef TSC_PROGRESS_INT_H
#define TSC_PROGRESS_INT_H

#include <stdint.h>

#include "tariffscope/progress.h"

/* Installs fn (NULL: none) as the calling thread's progress callback for the reads that follow, returning the one it
 * replaces so that the caller restores it when its load ends (loads may nest: a table's loader reads its files
 * through the same streams the detection read). A thread-local is used, not a parameter, so that every stream a
 * loader opens reports, however deep in the readers it is opened. */
typedef struct tsc_progress {
    tsc_progress_fn fn;
    void *ctx;
} tsc_progress;
tsc_progress tsc__progress_set(tsc_progress p);
/* Reports done of total bytes of file to the thread's callback, if any. */
void tsc__progress_report(const char *file, uint64_t done, uint64_t total);

#endif
