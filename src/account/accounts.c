/* Satellite accounts through the Leontief inverse (pymrio's S, M, D_cba, D_pba, D_imp, D_exp and their sums by
 * region). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "tariffscope/accounts.h"

size_t tsc_accounts_intensities(const tsc_table *t, const tsc_extension *e, double *S)
{
    size_t k = e->naccounts, n = tsc_table_n(t), dropped = 0;
    const double *x = tsc_table_x(t);
    for (size_t j = 0; j < n; j++)
        for (size_t a = 0; a < k; a++) {
            double f = e->F[a + j * k];
            if (x[j] > 0) S[a + j * k] = f / x[j];
            else {
                S[a + j * k] = 0;
                dropped += f != 0;
            }
        }
    return dropped;
}

void tsc_accounts_free(tsc_accounts *a)
{
    if (!a) return;
    double **v[10] = {&a->S,     &a->M,         &a->D_cba,     &a->D_pba,     &a->D_imp,
                      &a->D_exp, &a->D_cba_reg, &a->D_pba_reg, &a->D_imp_reg, &a->D_exp_reg};
    for (int i = 0; i < 10; i++) tsc__free(*v[i]);
    memset(a, 0, sizeof *a);
}

/* M' = (I - A)^-T S': the transposed solve with S' as k right-hand sides, transposed back into M. */
static int multipliers(tsc_leontief *lf, tsc_accounts *o, double *work, tsc_error *err)
{
    size_t k = o->k, n = o->n;
    for (size_t a = 0; a < k; a++)
        for (size_t j = 0; j < n; j++) work[j + a * n] = o->S[a + j * k];
    int rc = tsc_leontief_solve(lf, 1, k, work, n, NULL, err);
    if (rc) return rc;
    for (size_t a = 0; a < k; a++)
        for (size_t j = 0; j < n; j++) o->M[a + j * k] = work[j + a * n];
    return TSC_OK;
}

/* Per region r: X_r = L Y_diag_r, then its columns into D_cba and D_imp and its row sums into x_tot and x_exp. */
static int by_destination(tsc_leontief *lf, const tsc_table *t, tsc_accounts *o, const double *yr, double *X,
                          double *xtot, double *xexp, tsc_error *err)
{
    size_t k = o->k, n = o->n, N = tsc_table_nsectors(t), G = o->G;
    for (size_t r = 0; r < G; r++) {
        const double *y = yr + r * n;
        memset(X, 0, n * N * sizeof *X);
        for (size_t i = 0; i < n; i++) X[i + (i % N) * n] = y[i];
        int rc = tsc_leontief_solve(lf, 0, N, X, n, NULL, err);
        if (rc) return rc;
        for (size_t p = 0; p < N; p++) {
            const double *xc = X + p * n;
            double *cba = o->D_cba + (r * N + p) * k, *imp = o->D_imp + (r * N + p) * k;
            for (size_t i = 0; i < n; i++) {
                const double *s = o->S + i * k;
                int foreign = i / N != r;
                for (size_t a = 0; a < k; a++) {
                    cba[a] += s[a] * xc[i];
                    if (foreign) imp[a] += s[a] * xc[i];
                }
                xtot[i] += xc[i];
                if (foreign) xexp[i] += xc[i];
            }
        }
    }
    return TSC_OK;
}

/* Sums over the sectors of each region (plus F_Y over the categories of each region when fy is given). */
static void by_region(const double *D, size_t k, size_t G, size_t N, const double *fy, size_t F, double *out)
{
    for (size_t r = 0; r < G; r++)
        for (size_t a = 0; a < k; a++) {
            double s = 0;
            for (size_t p = 0; p < N; p++) s += D[a + (r * N + p) * k];
            for (size_t c = 0; fy && c < F; c++) s += fy[a + (r * F + c) * k];
            out[a + r * k] = s;
        }
}

int tsc_accounts_compute(tsc_leontief *lf, const tsc_table *t, size_t ext, tsc_accounts *out, tsc_error *err)
{
    tsc_extension e;
    memset(out, 0, sizeof *out);
    if (tsc_table_extension(t, ext, &e) != TSC_OK)
        return tsc__error(err, TSC_EINVAL, tsc_table_source(t), 0, 0, "the table has no extension %zu", ext);
    size_t k = e.naccounts, n = tsc_table_n(t), G = tsc_table_nregions(t), N = tsc_table_nsectors(t),
           F = tsc_table_nfd(t), kn, kg, nN, nk;
    if (tsc__mul_size(k, n, &kn) || tsc__mul_size(k, G, &kg) || tsc__mul_size(n, N, &nN) || tsc__mul_size(n, k, &nk))
        return tsc__error(err, TSC_ETOOBIG, tsc_table_source(t), 0, 0, "extension %s is too large", e.name);
    out->k = k;
    out->n = n;
    out->G = G;
    double **full[6] = {&out->S, &out->M, &out->D_cba, &out->D_pba, &out->D_imp, &out->D_exp};
    double **reg[4] = {&out->D_cba_reg, &out->D_pba_reg, &out->D_imp_reg, &out->D_exp_reg};
    int rc = TSC_OK, nomem = 0;
    for (int i = 0; i < 6; i++) nomem |= !(*full[i] = tsc__alloc_doubles(kn, 1));
    for (int i = 0; i < 4; i++) nomem |= !(*reg[i] = tsc__alloc_doubles(kg, 1));
    double *yr = tsc__alloc_doubles(n * G, 0), *X = tsc__alloc_doubles(nN > nk ? nN : nk, 0),
           *xtot = tsc__alloc_doubles(n, 1), *xexp = tsc__alloc_doubles(n, 1);
    if (nomem || !yr || !X || !xtot || !xexp) {
        rc = tsc__error(err, TSC_ENOMEM, tsc_table_source(t), 0, 0, "out of memory for the accounts of %s", e.name);
        goto done;
    }
    out->nzero_output = tsc_accounts_intensities(t, &e, out->S);
    tsc_table_y_by_region(t, yr);
    if ((rc = multipliers(lf, out, X, err)) || (rc = by_destination(lf, t, out, yr, X, xtot, xexp, err))) goto done;
    for (size_t j = 0; j < n; j++)
        for (size_t a = 0; a < k; a++) {
            out->D_pba[a + j * k] = out->S[a + j * k] * xtot[j];
            out->D_exp[a + j * k] = out->S[a + j * k] * xexp[j];
        }
    by_region(out->D_cba, k, G, N, e.F_Y, F, out->D_cba_reg);
    by_region(out->D_pba, k, G, N, e.F_Y, F, out->D_pba_reg);
    by_region(out->D_imp, k, G, N, NULL, F, out->D_imp_reg);
    by_region(out->D_exp, k, G, N, NULL, F, out->D_exp_reg);
done:
    tsc__free(yr);
    tsc__free(X);
    tsc__free(xtot);
    tsc__free(xexp);
    if (rc) tsc_accounts_free(out);
    return rc;
}

/* Case-insensitive: does s contain w? */
static int has_word(const char *s, const char *w)
{
    size_t lw = strlen(w);
    for (; *s; s++) {
        size_t i = 0;
        while (i < lw && s[i] && tolower((unsigned char)s[i]) == w[i]) i++;
        if (i == lw) return 1;
    }
    return 0;
}

int tsc_accounts_is_employment(const char *account, const char *unit)
{
    static const char *const words[] = {"employ", "person", "jobs"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (has_word(account, words[i]) || (unit && has_word(unit, words[i]))) return 1;
    return 0;
}

int tsc_accounts_jobs_at_risk(const tsc_table *t, const double *dx, double *by_region, char *unit, size_t unit_size)
{
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), found = 0;
    const double *x = tsc_table_x(t);
    for (size_t g = 0; by_region && g < G; g++) by_region[g] = 0;
    for (size_t e = 0; e < tsc_table_nextensions(t); e++) {
        tsc_extension ext;
        tsc_table_extension(t, e, &ext);
        for (size_t a = 0; a < ext.naccounts; a++) {
            if (!tsc_accounts_is_employment(ext.accounts[a], ext.units[a])) continue;
            if (found++ == 0 && unit && unit_size) snprintf(unit, unit_size, "%s", ext.units[a]);
            for (size_t i = 0; by_region && dx && i < G * N; i++)
                if (x[i] > 0) by_region[i / N] += ext.F[a + i * ext.naccounts] / x[i] * dx[i];
        }
    }
    return found > 0;
}
