/* Satellite accounts through the Leontief inverse: intensities, footprint multipliers and the accounts by region
 * (pymrio's S, M, D_cba, D_pba, D_imp, D_exp). ../docs/MODELS.md section 1b. */
#ifndef TARIFFSCOPE_ACCOUNTS_H
#define TARIFFSCOPE_ACCOUNTS_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/extension.h"
#include "tariffscope/leontief.h"
#include "tariffscope/table.h"

/* The accounts of one extension of k accounts on a table of n = G*N rows. Every matrix is column-major with k rows
 * (value of account a at column j is X[a + j*k]); the pointers are owned by the struct (tsc_accounts_free). With
 * Y_r the final demand of region r summed over its categories and Y_diag_r its n x N block of diagonals (column
 * (r, p) holds region r's final demand for the products of sector p from every origin):
 *   S = F x^-1              intensities (0 where x <= 0)                      k x n, by producing industry
 *   M = S L                 footprint multipliers                            k x n, by industry of final demand
 *   X_r = L Y_diag_r        output for region r's final demand, by product  (n x N, not kept)
 *   D_cba = S X_r           consumption-based accounts                       k x n, column (r, p): r the consumer
 *   D_pba = S x^_tot        production-based, x_tot = sum_r X_r 1            k x n, column i: the producer
 *   D_imp = S X_r^trade     embodied in imports: X_r with region r's rows 0  k x n, column (r, p): the importer
 *   D_exp = S x^_exp        embodied in exports, x_exp_i = sum_{r != region(i)} (X_r 1)_i    k x n, the exporter
 * and by region (k x G): D_cba_reg = D_cba summed over sectors + F_Y summed over categories, D_pba_reg likewise,
 * D_imp_reg and D_exp_reg the sums over sectors. pymrio 0.6's calc_accounts and calc_extensions. */
typedef struct tsc_accounts {
    size_t k, n, G;
    double *S, *M, *D_cba, *D_pba, *D_imp, *D_exp;
    double *D_cba_reg, *D_pba_reg, *D_imp_reg, *D_exp_reg;
    size_t nzero_output; /* cells of F left out of S because their industry has x <= 0 while F != 0 */
} tsc_accounts;

/* Computes the accounts of extension ext of the engine's table: one transposed solve per account (M) and one
 * solve per row of the table (X_r, N right-hand sides per region). Returns TSC_OK, TSC_EINVAL (no such extension),
 * TSC_ENOMEM or the error of a solve; on error *out is empty. */
int tsc_accounts_compute(tsc_leontief *lf, const tsc_table *t, size_t ext, tsc_accounts *out, tsc_error *err);
void tsc_accounts_free(tsc_accounts *a);

/* The intensities alone, S = F x^-1 (k x n into S, caller-allocated): the change of account a when the output of
 * industry j changes by dx_j is S[a + j*k] dx_j. Returns the cells left out (F != 0 where x <= 0). */
size_t tsc_accounts_intensities(const tsc_table *t, const tsc_extension *e, double *S);

/* Whether an account counts persons employed (jobs): its name or unit holds "employ", "person" or "jobs"
 * (any case). Its change under an output change is then the jobs at risk (negative: jobs lost). */
int tsc_accounts_is_employment(const char *account, const char *unit);

/* Jobs at risk by region under the output change dx (n, table units): by_region[g] (G, caller-allocated) = the sum
 * over the employment accounts of every extension and the industries i of region g of F_ai / x_i dx_i (0 where
 * x_i <= 0); negative = jobs lost. The first employment account's unit into unit (unit_size bytes). by_region and
 * dx may be NULL to ask only whether there is one. Returns 1, or 0 when t has no employment account. */
int tsc_accounts_jobs_at_risk(const tsc_table *t, const double *dx, double *by_region, char *unit, size_t unit_size);

#endif
