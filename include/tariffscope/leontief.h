/* The Leontief engine: A = Z x^-1, one LU factorisation of I - A, and every quantity built on solves with it.
 * Miller & Blair (2009), Input-Output Analysis, ch. 2, 6 and 12; ../docs/MODELS.md section 1. */
#ifndef TARIFFSCOPE_LEONTIEF_H
#define TARIFFSCOPE_LEONTIEF_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/table.h"

typedef struct tsc_leontief tsc_leontief;

/* Default ceiling on the normwise backward error of a solve, ||(I-A)X - B|| / (||I-A|| ||X|| + ||B||). */
#define TSC_LEONTIEF_RESID_TOL 1e-9

/* Forms A (columns of degenerate sectors, x <= 0, are zero, as pymrio and decompr do), factors I - A by LU with
 * partial pivoting, and checks it: TSC_ESINGULAR when a pivot vanishes or the reciprocal condition number is
 * below n*eps; TSC_EUNPRODUCTIVE when (I-A)z = 1 has a non-positive component (for A >= 0 this holds exactly when
 * the spectral radius of A is >= 1). The table is borrowed and must outlive the engine. */
int tsc_leontief_new(const tsc_table *t, tsc_leontief **out, tsc_error *err);
void tsc_leontief_free(tsc_leontief *lf);

size_t tsc_leontief_n(const tsc_leontief *lf);
/* Writes A = Z x^-1 into out (n x n, column-major, ld n); A itself is not kept, to save memory. */
void tsc_leontief_coefficients(const tsc_leontief *lf, double *out);
const double *tsc_leontief_v(const tsc_leontief *lf);   /* value-added coefficients va/x (0 where x <= 0) */
double tsc_leontief_max_colsum(const tsc_leontief *lf); /* max_j sum_i A_ij: a bound on the spectral radius */
/* Reciprocal condition number of I - A: in the inf-norm and exact when A >= 0 (then L >= 0 and ||L|| = max of
 * L1, which the productivity check computes); otherwise LAPACK's 1-norm estimate (dgecon). */
double tsc_leontief_rcond(const tsc_leontief *lf);
/* Largest backward error of the solves so far (and of the checks in tsc_leontief_new). */
double tsc_leontief_max_residual(const tsc_leontief *lf);

/* Solves (I - A) X = B (trans = 0) or (I - A)' X = B (trans = 1) in place for nrhs columns (ld = ldb), and checks
 * the normwise backward error of a fixed positive combination of the columns (one matrix-vector product) against
 * TSC_LEONTIEF_RESID_TOL (TSC_ENUMERIC beyond it). resid (may be NULL) gets it. */
int tsc_leontief_solve(tsc_leontief *lf, int trans, size_t nrhs, double *B, size_t ldb, double *resid, tsc_error *err);

/* Per-sector results; each array has n entries and may be NULL if not wanted. */
typedef struct tsc_multipliers {
    double *output;   /* output multipliers 1'L (column sums of the Leontief inverse) */
    double *va;       /* value-added multipliers v'L (1 for a balanced table) */
    double *backward; /* backward linkage: column sum of L over the mean column sum (Rasmussen) */
    double *forward;  /* forward linkage: row sum of the Ghosh inverse over the mean row sum */
} tsc_multipliers;

/* Two transposed solves and one plain solve; no inverse is formed. */
int tsc_leontief_multipliers(tsc_leontief *lf, const tsc_multipliers *m, tsc_error *err);

/* The multipliers table, one row per sector: the columns of `tariffscope leontief`'s multipliers.csv after region and
 * sector, in this order. tsc_multipliers_column(k) is the name of column k ("x", "output_multiplier",
 * "va_coefficient", "backward_linkage", "forward_linkage"; NULL for k >= TSC_MULTIPLIERS_NCOLS). */
#define TSC_MULTIPLIERS_NCOLS 5
const char *tsc_multipliers_column(size_t k);

/* The multipliers table into out (n x TSC_MULTIPLIERS_NCOLS, column-major, caller-allocated): gross output x, the
 * output multipliers, the value-added coefficients v and the two linkages of tsc_leontief_multipliers. */
int tsc_leontief_multipliers_table(tsc_leontief *lf, double *out, tsc_error *err);

/* Solves the Ghosh system: g = (I - B)^-1 b with B = x^-1 Z (pymrio's "B"), for nrhs columns in place.
 * Rows of degenerate sectors of B are zero. Uses the Leontief factorisation; no second LU. */
int tsc_leontief_ghosh_solve(tsc_leontief *lf, size_t nrhs, double *b, size_t ldb, tsc_error *err);

/* Value added by origin sector x destination region, V^ B Y (Johnson-Noguera; TiVA FD_VA): out is n x G. */
int tsc_leontief_va_by_destination(tsc_leontief *lf, double *out, tsc_error *err);

/* The full Leontief inverse L = (I - A)^-1 into out (n x n, ld n): only when it is really wanted. */
int tsc_leontief_inverse(tsc_leontief *lf, double *out, tsc_error *err);

/* diag(v) L diag(w) into out (n x n): with w = NULL, V^B (decompr "leontief" with post = none); w = x gives
 * V^Bx^, w = exports gives V^BE^. */
int tsc_leontief_vb(tsc_leontief *lf, const double *w, double *out, tsc_error *err);

#endif
