/* Reshaping and updating a table: splitting one region into several, and balancing a table to new totals (GRAS/KRAS).
 */
#ifndef TARIFFSCOPE_UPDATE_H
#define TARIFFSCOPE_UPDATE_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/table.h"

/* ---- split-region --------------------------------------------------------------------------------------------- */

/* How the old region's final-demand columns are shared among its parts: one weight w_k per part, the same for every
 * row and every category, sum_k w_k = 1. */
typedef enum tsc_split_fd {
    TSC_SPLIT_FD_VA = 0, /* w_k = part k's value added / the old region's (a GDP proxy; the default) */
    TSC_SPLIT_FD_OUTPUT  /* w_k = part k's gross output / the old region's */
} tsc_split_fd;

/* Splits region `region` of t into nparts >= 2 regions named parts[0..nparts-1], which take its place in the region
 * order; parts[nparts-1] is the remainder and may reuse the old name. shares is (nparts-1) x N, row-major:
 * shares[k*N + s] = sigma_k(s), part k's share of the old region R's gross output of sector s (0 <= sigma <= 1,
 * sum over k <= 1 + 1e-9; the remainder takes 1 - sum, clamped at 0). Every cell of the result is the old cell
 * times rho(row) x gamma(column), where rho = sigma_k(s) for the rows of part k (1 for other regions), gamma =
 * sigma_l(s) for the Z columns of part l and w_l (fd_rule) for its final-demand columns (1 for other regions):
 *     Z'[(k,i),(l,j)] = sigma_k(i) sigma_l(j) Z[(R,i),(R,j)]     flows between parts: share products
 *     Z'[(k,i),(r,j)] = sigma_k(i) Z[(R,i),(r,j)]                each part inherits R's sales structure
 *     Z'[(r,i),(l,j)] = sigma_l(j) Z[(r,i),(R,j)]                ... and R's input structure (A columns)
 *     Y'[(k,i),(l,f)] = sigma_k(i) w_l Y[(R,i),(R,f)],  Y'[(r,i),(l,f)] = w_l Y[(r,i),(R,f)]
 *     x'(k,i) = sigma_k(i) x(R,i),   va'(k,i) = sigma_k(i) va(R,i)
 * so the result balances exactly when t does, and summing the parts back gives t (up to rounding). Labels, unit,
 * year and the goods flags are kept. Returns TSC_OK or TSC_WDEGENERATE (sectors with x <= 0, e.g. a part with a zero
 * share) with *out set; TSC_ELABEL (unknown region, duplicate or clashing names), TSC_EINVAL (shares out of range;
 * with the va rule, a part whose value added is negative or an old region whose value added is <= 0), TSC_ENOMEM;
 * *out is NULL on error. */
int tsc_table_split_region(const tsc_table *t, const char *region, size_t nparts, const char *const *parts,
                           const double *shares, tsc_split_fd fd_rule, tsc_table **out, tsc_error *err);

/* The same with the shares read from a CSV with the header region,sector,share_x: one row per part (all but the
 * remainder) and sector of t. A missing or repeated pair, a row for the remainder, unknown codes and shares outside
 * [0, 1] or summing above 1 are errors located at file:line:col. */
int tsc_table_split_region_csv(const tsc_table *t, const char *region, size_t nparts, const char *const *parts,
                               const char *shares_csv, tsc_split_fd fd_rule, tsc_table **out, tsc_error *err);

/* ---- targets -------------------------------------------------------------------------------------------------- */

/* Sets of cells of one table and the sums they must reach, for tsc_table_update. Every target is a rectangle of
 * cells: rows chosen by from_region x from_sector, columns by to_region x to, in the table's unit:
 *     kind     cells                                                       to_region, to
 *     Z        Z[(fr,fs),(tr,ts)]                                          regions, buyer sectors ts
 *     Y        Y[(fr,fs),(tr,f)]                                           regions, final-demand categories f
 *     ZY       every Z and Y cell of rows (fr,fs) bought by regions tr     regions, "*"
 *     output   gross output of rows (fr,fs): every Z and Y cell of them    "*" or empty
 *     va       value added of (fr,fs)                                      "*" or empty
 * A region, sector or category field is a code, a list "A|B|C", "*" (all), or "!A|B" (all but those); sector fields
 * also take "@goods" and "@services" (the table's goods flags). value is a number, or "*F": F times the set's sum in
 * the table (a growth factor). Examples: ZY,JPN,@goods,USA,*,151340 (Japan's goods sold to the US);
 * ZY,JPN,@goods,!JPN,*,760000 (Japan's goods exports); output,CHN,*,*,*,*2.63 (China's gross output x 2.63). */
typedef struct tsc_targets tsc_targets;

/* An empty set of targets for table t (which must outlive it). */
int tsc_targets_new(const tsc_table *t, tsc_targets **out, tsc_error *err);
void tsc_targets_free(tsc_targets *tg);

/* Adds one target (fields as above). Unknown codes, a bad kind or value are TSC_ELABEL / TSC_EPARSE; a target that
 * selects no cell is TSC_EINVAL. */
int tsc_targets_add(tsc_targets *tg, const char *kind, const char *from_region, const char *from_sector,
                    const char *to_region, const char *to, const char *value, tsc_error *err);

/* Appends the targets of a CSV with the header kind,from_region,from_sector,to_region,to,value and an optional
 * seventh column note (ignored); rows whose kind starts with '#' are comments. Errors at file:line:col; on error no
 * row of the file is kept. */
int tsc_targets_load(tsc_targets *tg, const char *path, tsc_error *err);

size_t tsc_targets_count(const tsc_targets *tg);

typedef struct tsc_target_info {
    const char *kind, *from_region, *from_sector, *to_region, *to; /* as given */
    double value;                                                  /* the sum to reach */
    double base;                                                   /* the set's sum in the table */
    size_t ncells;
    const char *file; /* where it was read ("" when added by tsc_targets_add) and its line (0) */
    size_t line;
} tsc_target_info;

/* Describes target k (< count); the strings live as long as tg. Returns TSC_OK or TSC_EINVAL. */
int tsc_targets_info(const tsc_targets *tg, size_t k, tsc_target_info *info);

/* ---- update (GRAS / KRAS) ------------------------------------------------------------------------------------- */

/* Convergence follows the convention of every iterative solver of the library (tsc_ge_opts likewise): the residual is
 * the largest relative gap, here max(target_gap, balance_gap) of tsc_update_status, the update has converged when it
 * is <= tol, the options name the tolerance tol and the iteration limit max_iter (0 = the default), and the solver
 * returns its residual (tsc_update_status). */
#define TSC_UPDATE_TOL 1e-9       /* default tolerance */
#define TSC_UPDATE_MAX_ITER 20000 /* default sweeps */

typedef struct tsc_update_opts {
    double tol;            /* the largest relative gap accepted, in (0, 1); default TSC_UPDATE_TOL */
    size_t max_iter;       /* sweeps before giving up; 0 = default TSC_UPDATE_MAX_ITER */
    int year;              /* year of the result; 0 keeps the table's */
    const char *source;    /* the result's source description; NULL: the table's, ", updated to N targets" */
    int skip_empty;        /* 1: a target whose cells are all zero is skipped (counted in the status), not refused */
    size_t progress_every; /* sweeps between progress calls; default 100 */
    void (*progress)(void *ctx, size_t sweep, double gap); /* may be NULL */
    void *progress_ctx;
} tsc_update_opts;

void tsc_update_opts_init(tsc_update_opts *opts);

/* Where an update stands: sweeps done, the worst relative gap of the targets (|sum - value| / |value|, or
 * |sum| / (sum of |cells|) for a zero value) and which, the worst relative gap of the balance identities
 * (|Z1 + Y1 - 1'Z - va|_i / |x_i|) and which row. */
typedef struct tsc_update_status {
    size_t sweeps;
    double target_gap;
    size_t worst_target;
    double balance_gap;
    size_t worst_row;
    size_t skipped; /* targets skipped because their cells are all zero (skip_empty) */
} tsc_update_status;

/* Updates Z, Y and va of t so that every target's cells sum to its value and every row i balances,
 * Z1 + Y1 = 1'Z + va, staying as close to t as the constraints allow: each cell is t's cell times a product of
 * positive multipliers, so signs and zeros are kept (negative cells such as inventory changes move inversely, as in
 * GRAS: Junius & Oosterhaven 2003, Temurshoev, Miller & Bouwmeester 2013). The constraints are applied one at a time
 * in sweeps (KRAS: Lenzen, Gallego & Wood 2009): a constraint with cells c, signs g_c (+1; -1 for the column side of
 * a balance identity) and value v takes lambda > 0 with lambda P - N / lambda = v, where P and N are the sums of the
 * positive and negative g_c X_c, multiplying cells with g_c X_c > 0 by lambda and the others by 1 / lambda.
 * The result has x := Z1 + Y1 and va := x - 1'Z, so it balances to rounding. Before iterating, the targets are
 * checked: none may select only zero cells (unless skip_empty) or need a sign the cells cannot take, two targets on
 * the same cells must agree, and targets nested in another must leave its remaining cells a sum of the sign they can
 * take (TSC_EINVAL naming the targets). Iterating stops when every gap is <= tol; TSC_ENUMERIC when max_iter sweeps
 * pass first or the gap stalls (contradictory targets), naming the worst target. Returns TSC_OK, or TSC_WDEGENERATE
 * when rows of the result have x <= 0; st (may be NULL) gets the final status, achieved (may be NULL, count entries)
 * each target's final sum. Outputs are set only on success. */
int tsc_table_update(const tsc_table *t, const tsc_targets *tg, const tsc_update_opts *opts, tsc_table **out,
                     tsc_update_status *st, double *achieved, tsc_error *err);

/* The same solver step by step (init / iterate / test / result / free), for callers that watch it. */
typedef struct tsc_update tsc_update;

/* Checks the targets (as above) and prepares the working matrix. */
int tsc_update_new(const tsc_table *t, const tsc_targets *tg, const tsc_update_opts *opts, tsc_update **out,
                   tsc_error *err);
/* One sweep over every constraint. TSC_OK, or TSC_EINVAL / TSC_ENUMERIC when a constraint cannot be met. */
int tsc_update_iterate(tsc_update *u, tsc_error *err);
/* 1 when the residual of the last sweep (its gaps, measured before each constraint was applied) is <= tol, else 0. */
int tsc_update_converged(const tsc_update *u);
void tsc_update_get_status(const tsc_update *u, tsc_update_status *st);
/* The table now (x and va recomputed), with the exact final gaps in st and the target sums in achieved. */
int tsc_update_result(const tsc_update *u, tsc_table **out, tsc_update_status *st, double *achieved, tsc_error *err);
void tsc_update_free(tsc_update *u);

#endif
