/* Satellite accounts (extensions) of a table: employment, emissions, energy, value-added components by sector. */
#ifndef TARIFFSCOPE_EXTENSION_H
#define TARIFFSCOPE_EXTENSION_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/table.h"

/* One extension as pymrio holds one: k accounts (stressors), each with a unit, and
 *   F   (k x n, column-major, F[a + j*k]): account a of the industry of row j (region-major, as the table's rows);
 *   F_Y (k x G*F, column-major, F_Y[a + c*k], or NULL): account a emitted directly by final demand column c (the
 *       table's Y columns: category f of region r is c = r*F + f), such as households' own fuel burning.
 * Every pointer borrows from the table and lives as long as it. */
typedef struct tsc_extension {
    const char *name;            /* a folder-safe name: letters, digits, '_', '-', '.' (not first) */
    size_t naccounts;            /* k >= 1 */
    const char *const *accounts; /* k names, distinct */
    const char *const *units;    /* k units ("" when unknown) */
    const double *F;             /* k x n */
    const double *F_Y;           /* k x G*F, or NULL */
} tsc_extension;

/* The number of extensions of t (0 for most tables), and extension e (0 <= e < count) into *out: TSC_OK, or
 * TSC_EINVAL when e is out of range. */
size_t tsc_table_nextensions(const tsc_table *t);
int tsc_table_extension(const tsc_table *t, size_t e, tsc_extension *out);
/* The index of the extension called name: TSC_OK, or TSC_ELABEL (err names the ones there are). */
int tsc_table_extension_find(const tsc_table *t, const char *name, size_t *index, tsc_error *err);

/* Adds an extension to t, copying everything (F_Y may be NULL). Checks: a folder-safe name not already used
 * (TSC_ELABEL), k >= 1 distinct non-empty account names (TSC_ELABEL), every value finite (TSC_ENUMERIC).
 * Returns TSC_OK or the error, t unchanged on error. */
int tsc_table_extension_add(tsc_table *t, const char *name, size_t naccounts, const char *const *accounts,
                            const char *const *units, const double *F, const double *F_Y, tsc_error *err);

/* Reads user accounts from a CSV with the header region,sector,account,unit,value (one line per account and
 * industry; industries not listed are zero) and adds them to t as one extension named after the file (its base name
 * without ".csv", characters other than letters, digits, '_', '-' and '.' turned to '_'). Errors name the file, line
 * and column: an unknown region or sector code (TSC_ELABEL), a (region, sector, account) given twice (TSC_ELABEL),
 * an account whose unit differs from one line to the next (TSC_EPARSE), a value that is not a finite number
 * (TSC_EPARSE; NaN and infinities TSC_ENUMERIC). docs/FORMATS.md "Extensions". */
int tsc_table_extensions_read_csv(tsc_table *t, const char *path, tsc_error *err);

#endif
