/* Internal: targets as rectangles of the working matrix shared by the targets reader and the update solver. */
#ifndef TSC_UPDATE_INT_H
#define TSC_UPDATE_INT_H

#include <stddef.h>

#include "table_int.h"
#include "tariffscope/update.h"

/* The working matrix of an update is (n+1) x (n+G*F), column-major with leading dimension n+1: rows 0..n-1 are the
 * table's rows, row n is value added (under the Z columns only); columns 0..n-1 are Z's, n.. are Y's. A target is
 * the rectangle rows x cols of it (both sorted, no duplicates). */
typedef struct tsc_target {
    char *kind, *fr, *fs, *tr, *to; /* as given */
    size_t *rows, nrows;
    size_t *cols, ncols;
    double value;
    double base, base_pos, base_neg; /* in the table: sum, sum of positive cells, minus sum of negative cells */
    char *file;
    size_t line;
} tsc_target;

struct tsc_targets {
    const tsc_table *t;
    tsc_target *v;
    size_t count, cap;
};

#endif
