/* Internal: customs lines applied as a table sees them (tsc_schedule): measures naming sectors name the table's
 * sectors, and the statistics of each measure (tsc_measure_stats) count the cells and placed value of the lines. */
#ifndef TSC_TARIFFS_INT_H
#define TSC_TARIFFS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/tariffs.h"

typedef struct line_table {
    /* The table's sectors (NULL: the concordance's): line l is in sectors[line_sector[l]], or in none when
     * line_sector[l] is SIZE_MAX. */
    size_t nsectors;
    const char *const *sectors;
    const size_t *line_sector;
    /* Where the lines land, for the statistics (first NULL: each line counts its import value and no cell): line l
     * lands in cells cell[q] (0 .. ncells - 1) with weight weight[q], for q in first[l] .. first[l + 1] - 1. */
    size_t ncells;
    const size_t *first; /* nlines + 1 */
    const size_t *cell;
    const double *weight;
} line_table;

/* The index of a set of customs lines, built when they are loaded: their distinct HS codes sorted, code[0 .. ncode),
 * each line's code among them, line_code[l], and the lines grouped by partner: partner p's are
 * pline[pfirst[p] .. pfirst[p + 1]), in the order of the lines. Owned by the lines. */
typedef struct imports_index {
    const char *const *code;
    size_t ncode;
    const uint32_t *line_code;
    const size_t *pfirst, *pline;
} imports_index;

void tsc__imports_index(const tsc_imports *im, imports_index *ix);

/* tsc_effective_rates with the lines as table t sees them (NULL: as tsc_effective_rates): sector codes of measures
 * are the table's, and with opts->stats a line counts its placed weight and stats.cells the distinct cells of the
 * lines reached. */
int tsc__effective_rates_table(const tsc_scenario *sc, const tsc_imports *im, const tsc_effective_opts *opts,
                               const line_table *t, tsc_effective *out, tsc_error *err);

#endif
