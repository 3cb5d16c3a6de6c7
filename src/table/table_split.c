/* Splitting one region of a table into several by output shares: rows and columns split proportionally. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_int.h"
#include "tariffscope/update.h"

/* Shares may exceed 1 in their sum by this much (rounding in the file that gave them); the remainder is clamped. */
#define SPLIT_SUM_SLACK 1e-9

static int check_names(const tsc_table *t, size_t g, size_t nparts, const char *const *parts, tsc_error *err)
{
    if (nparts < 2)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "a split needs at least two parts (the last is the remainder)");
    for (size_t k = 0; k < nparts; k++) {
        if (!parts[k] || !parts[k][0])
            return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "part %zu has an empty name", k + 1);
        if (strchr(parts[k], '.') || strchr(parts[k], ','))
            return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "part name '%s' holds a '.' or ','", parts[k]);
        for (size_t l = 0; l < k; l++)
            if (strcmp(parts[k], parts[l]) == 0)
                return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "part '%s' is named twice", parts[k]);
        for (size_t r = 0; r < t->G; r++)
            if (r != g && strcmp(parts[k], t->regions[r]) == 0)
                return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "part '%s' is already a region of the table", parts[k]);
    }
    return TSC_OK;
}

/* sigma: nparts x N, the remainder's row (last) completed as 1 - sum of the others. */
static int complete_shares(const tsc_table *t, size_t nparts, const char *const *parts, const double *shares,
                           double *sigma, tsc_error *err)
{
    size_t N = t->N, K = nparts;
    for (size_t s = 0; s < N; s++) {
        double sum = 0;
        for (size_t k = 0; k + 1 < K; k++) {
            double v = shares[k * N + s];
            if (!(v >= 0 && v <= 1))
                return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "share of %s in sector %s is %g, not in [0, 1]",
                                  parts[k], t->sectors[s], v);
            sigma[k * N + s] = v;
            sum += v;
        }
        if (sum > 1 + SPLIT_SUM_SLACK)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                              "shares of sector %s sum to %.12g > 1: nothing is left for %s", t->sectors[s], sum,
                              parts[K - 1]);
        sigma[(K - 1) * N + s] = sum < 1 ? 1 - sum : 0;
    }
    return TSC_OK;
}

/* Final-demand weights w_k of the parts (sum 1). */
static int fd_weights(const tsc_table *t, size_t g, size_t K, const char *const *parts, const double *sigma,
                      tsc_split_fd rule, double *w, tsc_error *err)
{
    size_t N = t->N;
    const double *v = rule == TSC_SPLIT_FD_OUTPUT ? t->x + g * N : t->va + g * N;
    const char *what = rule == TSC_SPLIT_FD_OUTPUT ? "gross output" : "value added";
    double total = 0;
    for (size_t k = 0; k < K; k++) {
        w[k] = 0;
        for (size_t s = 0; s < N; s++) w[k] += sigma[k * N + s] * v[s];
        total += w[k];
    }
    if (!(total > 0))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "region %s has %s %g: its final demand cannot be shared by %s",
                          t->regions[g], what, total, what);
    for (size_t k = 0; k < K; k++) {
        if (w[k] < 0)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                              "part %s would have negative %s (%g); share final demand by "
                              "output instead",
                              parts[k], what, w[k]);
        w[k] /= total;
    }
    return TSC_OK;
}

int tsc_table_split_region(const tsc_table *t, const char *region, size_t nparts, const char *const *parts,
                           const double *shares, tsc_split_fd fd_rule, tsc_table **out, tsc_error *err)
{
    *out = NULL;
    size_t g, K = nparts, N = t->N, F = t->F;
    int rc = tsc_table_region_index(t, region, &g, err);
    if (rc) return rc;
    if ((rc = check_names(t, g, K, parts, err))) return rc;
    if (K > ((size_t)-1) / 4 / (N + 1)) return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "too many parts");
    double *sigma = tsc__alloc_doubles(K * N + K, 0);
    tsc_table *a = NULL;
    size_t *orow = NULL, *ocol = NULL;
    double *rho = NULL, *gam = NULL;
    if (!sigma) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *w = sigma + K * N;
    if ((rc = complete_shares(t, K, parts, shares, sigma, err)) ||
        (rc = fd_weights(t, g, K, parts, sigma, fd_rule, w, err)))
        goto done;

    size_t G2 = t->G + K - 1, n2 = G2 * N, m2 = G2 * F;
    if (!(a = tsc__table_alloc(G2, N, F, (size_t)-1, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto done;
    }
    orow = tsc__malloc((n2 + m2) * sizeof *orow);
    rho = tsc__alloc_doubles(n2 + m2, 0);
    if (!orow || !rho) goto nomem;
    ocol = orow + n2;
    gam = rho + n2;

    /* new region r2 -> old region and part (K = not a part) */
    for (size_t r2 = 0; r2 < G2; r2++) {
        size_t r = r2 < g ? r2 : r2 < g + K ? g : r2 - K + 1, k = r2 >= g && r2 < g + K ? r2 - g : K;
        const char *name = k < K ? parts[k] : t->regions[r];
        if (!(a->regions[r2] = tsc__strdup(name))) goto nomem;
        for (size_t s = 0; s < N; s++) {
            orow[r2 * N + s] = r * N + s;
            rho[r2 * N + s] = k < K ? sigma[k * N + s] : 1.0;
        }
        for (size_t f = 0; f < F; f++) {
            ocol[r2 * F + f] = r * F + f;
            gam[r2 * F + f] = k < K ? w[k] : 1.0;
        }
    }
    for (size_t s = 0; s < N; s++)
        if (!(a->sectors[s] = tsc__strdup(t->sectors[s]))) goto nomem;
    for (size_t f = 0; f < F; f++)
        if (!(a->fdcats[f] = tsc__strdup(t->fdcats[f]))) goto nomem;
    memcpy(a->goods, t->goods, N);

    size_t n = t->n;
    for (size_t j = 0; j < n2; j++) {
        const double *src = t->Z + orow[j] * n;
        double *dst = a->Z + j * n2, cj = rho[j]; /* Z columns split like the rows */
        for (size_t i = 0; i < n2; i++) dst[i] = rho[i] * cj * src[orow[i]];
    }
    for (size_t c = 0; c < m2; c++) {
        const double *src = t->Y + ocol[c] * n;
        double *dst = a->Y + c * n2, cc = gam[c];
        for (size_t i = 0; i < n2; i++) dst[i] = rho[i] * cc * src[orow[i]];
    }
    for (size_t i = 0; i < n2; i++) {
        a->x[i] = rho[i] * t->x[orow[i]];
        a->va[i] = rho[i] * t->va[orow[i]];
    }
    snprintf(a->unit, sizeof a->unit, "%s", t->unit);
    a->year = t->year;
    char list[256] = "";
    for (size_t k = 0, used = 0; k < K && used + 2 < sizeof list; k++) {
        int m = snprintf(list + used, sizeof list - used, "%s%s", k ? "," : "", parts[k]);
        if (m > 0) used += (size_t)m;
    }
    if (snprintf(a->source, sizeof a->source, "%s, %s split into %s", t->source, region, list) < 0) a->source[0] = '\0';

    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    opts.max_bytes = (size_t)-1;
    rc = tsc__table_finish(a, &opts, 1, 1, NULL, err);
    if (rc < 0) goto done;
    *out = a;
    a = NULL;
    goto done;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
done:
    tsc_table_free(a);
    tsc__free(sigma);
    tsc__free(orow);
    tsc__free(rho);
    return rc;
}

static long index_of(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0) return (long)i;
    return -1;
}

/* Reads region,sector,share_x into shares ((K-1) x N, NAN = not given). */
static int read_shares(const tsc_table *t, size_t K, const char *const *parts, const char *path, double *shares,
                       tsc_error *err)
{
    static const char *const header[3] = {"region", "sector", "share_x"};
    tsc_csv *c = NULL;
    int rc = tsc__csv_open_header(path, header, 3, &c, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(c, 3, err))) goto done;
        const char *reg = tsc__csv_field(c, 0), *sec = tsc__csv_field(c, 1);
        size_t k = 0;
        while (k < K && strcmp(parts[k], reg) != 0) k++;
        if (k == K - 1) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EINVAL, "'%s' is the remainder: its share is what the others leave",
                                   reg);
            goto done;
        }
        if (k == K) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ELABEL, "'%s' is not one of the parts", reg);
            goto done;
        }
        long s = index_of(t->sectors, t->N, sec);
        if (s < 0) {
            rc = tsc__csv_error_at(c, 1, err, TSC_ELABEL, "unknown sector code '%s'", sec);
            goto done;
        }
        double v;
        if ((rc = tsc__csv_number(c, 2, &v, err))) goto done;
        if (!(v >= 0 && v <= 1)) {
            rc = tsc__csv_error_at(c, 2, err, TSC_EINVAL, "share %g is not in [0, 1]", v);
            goto done;
        }
        double *slot = &shares[k * t->N + (size_t)s];
        if (!isnan(*slot)) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ELABEL, "%s.%s is given twice", reg, sec);
            goto done;
        }
        *slot = v;
    }
    if (rc < 0) goto done;
    for (size_t k = 0; k + 1 < K; k++)
        for (size_t s = 0; s < t->N; s++)
            if (isnan(shares[k * t->N + s])) {
                rc = tsc__error(err, TSC_EINVAL, path, 0, 0, "no share for %s.%s (every part needs every sector)",
                                parts[k], t->sectors[s]);
                goto done;
            }
    for (size_t s = 0; s < t->N; s++) {
        double sum = 0;
        for (size_t k = 0; k + 1 < K; k++) sum += shares[k * t->N + s];
        if (sum > 1 + SPLIT_SUM_SLACK) {
            rc = tsc__error(err, TSC_EINVAL, path, 0, 0, "shares of sector %s sum to %.12g > 1", t->sectors[s], sum);
            goto done;
        }
    }
    rc = TSC_OK;
done:
    tsc__csv_close(c);
    return rc;
}

int tsc_table_split_region_csv(const tsc_table *t, const char *region, size_t nparts, const char *const *parts,
                               const char *shares_csv, tsc_split_fd fd_rule, tsc_table **out, tsc_error *err)
{
    *out = NULL;
    size_t g;
    int rc = tsc_table_region_index(t, region, &g, err);
    if (rc) return rc;
    if ((rc = check_names(t, g, nparts, parts, err))) return rc;
    double *shares = tsc__alloc_doubles((nparts - 1) * t->N, 0);
    if (!shares) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < (nparts - 1) * t->N; k++) shares[k] = NAN;
    rc = read_shares(t, nparts, parts, shares_csv, shares, err);
    if (!rc) rc = tsc_table_split_region(t, region, nparts, parts, shares, fd_rule, out, err);
    tsc__free(shares);
    return rc;
}
