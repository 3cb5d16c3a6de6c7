/* Value added in trade: decompositions of gross exports (KWW, WWZ, Borin-Mancini), TiVA indicators and the
 * routes of a country's value added through third countries. Formulas: docs/MODELS.md sections 2 and 3. */
#ifndef TARIFFSCOPE_DECOMP_H
#define TARIFFSCOPE_DECOMP_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/error.h"
#include "tariffscope/leontief.h"
#include "tariffscope/table.h"

/* Marks a key that does not apply at a row's level (e.g. the sector of a country-level row). */
#define TSC_NONE SIZE_MAX

typedef enum tsc_level { TSC_LEVEL_COUNTRY = 0, TSC_LEVEL_SECTOR, TSC_LEVEL_BILATERAL } tsc_level;

/* A decomposition result in long form: nrow rows, each keyed by exporter, exporting sector and importer
 * (TSC_NONE where not applicable), with nterm values in row-major order v[row * nterm + term]. */
typedef struct tsc_dresult {
    tsc_level level;
    size_t nrow, nterm;
    const char *const *terms;  /* names as in decompr (static storage) */
    size_t *exporter, *sector, *importer;
    double *v;
} tsc_dresult;

void tsc_dresult_free(tsc_dresult *r);

/* The shared objects of every decomposition, computed once per table: the Leontief inverse B, the local inverses
 * L^{ss}, V^sB by source country, V^sL^{ss}, B times the final-demand blocks, bilateral exports. The engine lf
 * must be built on t; both are borrowed. Memory: about 2 n^2 doubles beyond the engine. */
typedef struct tsc_decomp tsc_decomp;

int tsc_decomp_new(const tsc_table *t, tsc_leontief *lf, tsc_decomp **out, tsc_error *err);
void tsc_decomp_free(tsc_decomp *d);

/* Relative tolerance of the identities every result is checked against before it is returned. */
#define TSC_DECOMP_IDENTITY_TOL 1e-9

/* Koopman-Wang-Wei (2014): 9 terms per exporting country summing to its gross exports (country level only).
 * Terms: DVA_FIN DVA_INT DVA_INTrex RDV_FIN RDV_INT DDC FVA_FIN FVA_INT FDC. */
int tsc_decomp_kww(tsc_decomp *d, tsc_dresult *out, tsc_error *err);

/* Wang-Wei-Zhu (2013): 16 terms per exporting country-sector and importer (bilateral level, including the zero
 * rows where exporter = importer, as decompr), followed by decompr's diagnostics texp texpint texpfd texpdiff
 * texpdiffpercent texpfddiff texpfddiffpercent texpintdiff texpintdiffpercent DViX_Fsr. */
int tsc_decomp_wwz(tsc_decomp *d, tsc_dresult *out, tsc_error *err);

/* WWZ terms mapped to KWW's 9 (DVA_INT = DVA_INT + DVA_INTrexI1, ...), at country or bilateral level. */
int tsc_decomp_wwz2kww(const tsc_dresult *wwz, tsc_level level, tsc_dresult *out, tsc_error *err);

#endif
