/* Internal: customs lines applied with the places they take in a table's cells, so that the statistics of each
 * measure (tsc_measure_stats) count table cells and placed value (tsc_schedule_check). */
#ifndef TSC_TARIFFS_INT_H
#define TSC_TARIFFS_INT_H

#include <stddef.h>

#include "tariffscope/tariffs.h"

/* Line l lands in cells cell[q] (0 .. ncells - 1) with weight weight[q], for q in first[l] .. first[l + 1] - 1; a
 * line with no place has first[l] == first[l + 1]. */
typedef struct line_places {
    size_t ncells;
    const size_t *first; /* nlines + 1 */
    const size_t *cell;
    const double *weight;
} line_places;

/* tsc_effective_rates with opts->stats weighted by the places (NULL: by each line's import value, as
 * tsc_effective_rates): a line counts its placed weight, and stats.cells the distinct cells of the lines reached. */
int tsc__effective_rates_placed(const tsc_scenario *sc, const tsc_imports *im, const tsc_effective_opts *opts,
                                const line_places *places, tsc_effective *out, tsc_error *err);

#endif
