/* Internal: GLORIA's supply-use tables into an industry-by-industry table (table_gloria.c), for the reader and tests.
 */
#ifndef TSC_TABLE_GLORIA_INT_H
#define TSC_TABLE_GLORIA_INT_H

#include <stddef.h>

#include "table_int.h"

/* What the labels of GLORIA_ReadMe_NNN.xlsx give: G region acronyms, N sector names, F final-demand names, K
 * value-added names (only their number is used), and the number of satellite accounts (for a note). */
typedef struct tsc__gloria_labels {
    size_t G, N, F, K, nsat;
    char **regions, **sectors, **fdcats;
} tsc__gloria_labels;

void tsc__gloria_labels_free(tsc__gloria_labels *l);

/* Reads the three header-less CSVs of one year and valuation (Markup001 = basic prices) and builds the
 * industry-by-industry table by the fixed product-sales structure (Eurostat Manual of Supply, Use and Input-Output
 * Tables (2008), chapter 11, model D; docs/FORMATS.md):
 *   T (G*2N x G*2N; per region N industry rows/columns, then N product rows/columns): S, region r's industries x its
 *     products (the supply or make table), and U, every region's products x every region's industries (use);
 *   Y (G*2N x G*F): Yp, the product rows of final demand; V (G*K x G*2N): value added under the industry columns.
 *   q = S'1 (product output), D = S q^-1 (market shares), Z = D U, Y = D Yp, va = 1'V, x = g = S1.
 * Cells outside these blocks and the use of products nobody supplies (q = 0) are left out, with a note. Labels are
 * copied. Returns the finished table (tsc__table_finish) or an error located at file:line:col. */
int tsc__gloria_read(const char *t_csv, const char *y_csv, const char *v_csv, const tsc__gloria_labels *lab,
                     const tsc_load_opts *opts, tsc_table **out, tsc_error *err);

#endif
