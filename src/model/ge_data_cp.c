/* The Caliendo-Parro (2015) data folder: their 1993 flows, tariffs, gross output, shares and elasticities (tidy CSVs),
 * assembled into model data as the authors' replication script does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "ge_int.h"
#include "table_int.h"

#define CP_TRADE "trade_tariffs_1993_2005_raw.csv"
#define CP_MAX_LABELS 4096 /* ceiling on regions and on sectors */

int tsc_ge_is_cp_folder(const char *path)
{
    char p[1200];
    if (tsc__path_join(p, sizeof p, path, "csv/" CP_TRADE) == 0 && tsc__file_exists(p)) return 1;
    return tsc__path_join(p, sizeof p, path, CP_TRADE) == 0 && tsc__file_exists(p);
}

/* A growing list of labels. */
typedef struct labels {
    char **v;
    size_t n, cap;
} labels;

static void labels_free(labels *l)
{
    for (size_t i = 0; i < l->n; i++) tsc__free(l->v[i]);
    tsc__free(l->v);
    memset(l, 0, sizeof *l);
}

static long labels_find(const labels *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return (long)i;
    return -1;
}

/* Adds s unless present; returns its index, or -1 (out of memory or past the ceiling). */
static long labels_add(labels *l, const char *s)
{
    long k = labels_find(l, s);
    if (k >= 0) return k;
    if (l->n == CP_MAX_LABELS) return -1;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **v = tsc__realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = tsc__strdup(s))) return -1;
    return (long)l->n++;
}

/* Opens dir/name and checks its header against the expected column names. */
static int open_checked(const char *dir, const char *name, const char *const *cols, size_t ncols, tsc_csv **out,
                        tsc_error *err)
{
    char path[1200];
    *out = NULL;
    if (tsc__path_join(path, sizeof path, dir, name)) return tsc__error(err, TSC_EINVAL, dir, 0, 0, "path too long");
    tsc_csv *c;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 1, 0, "file is empty");
    for (size_t f = 0; rc == 1 && f < ncols; f++)
        if (tsc__csv_nfields(c) < ncols || strcmp(tsc__csv_field(c, f), cols[f]) != 0) {
            char want[300] = "";
            for (size_t k = 0, u = 0; k < ncols && u < sizeof want; k++)
                u += (size_t)snprintf(want + u, sizeof want - u, "%s%s", k ? "," : "", cols[k]);
            rc = tsc__csv_error_at(c, f, err, TSC_EPARSE, "expected the header %s", want);
        }
    if (rc < 0) {
        tsc__csv_close(c);
        return rc;
    }
    *out = c;
    return TSC_OK;
}

/* The index of field f in the list, or an error located at it. */
static int lookup(tsc_csv *c, size_t f, const labels *l, const char *what, size_t *idx, tsc_error *err)
{
    long k = labels_find(l, tsc__csv_field(c, f));
    if (k < 0) return tsc__csv_error_at(c, f, err, TSC_ELABEL, "unknown %s '%s'", what, tsc__csv_field(c, f));
    *idx = (size_t)k;
    return TSC_OK;
}

static int need_fields(tsc_csv *c, size_t n, tsc_error *err)
{
    if (tsc__csv_nfields(c) == n) return TSC_OK;
    return tsc__csv_error_at(c, tsc__csv_nfields(c) < n ? tsc__csv_nfields(c) : n, err, TSC_EPARSE,
                             "%zu fields where %zu are expected", tsc__csv_nfields(c), n);
}

/* Reads a file country,sector,value into v (G*N); every cell must be given once. */
static int read_region_sector(const char *dir, const char *name, const char *col, const labels *R, const labels *S,
                              double *v, tsc_error *err)
{
    const char *cols[3] = {"country", "sector", col};
    tsc_csv *c;
    int rc = open_checked(dir, name, cols, 3, &c, err);
    if (rc) return rc;
    size_t G = R->n, N = S->n, seen = 0;
    unsigned char *got = tsc__calloc(G * N, 1);
    if (!got) {
        tsc__csv_close(c);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        size_t n, j;
        double x;
        if ((rc = need_fields(c, 3, err)) || (rc = lookup(c, 0, R, "region", &n, err)) ||
            (rc = lookup(c, 1, S, "sector", &j, err)) || (rc = tsc__csv_number(c, 2, &x, err)))
            break;
        if (got[n * N + j]) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "this cell was given before");
            break;
        }
        got[n * N + j] = 1;
        v[n * N + j] = x;
        seen++;
    }
    if (rc == 0 && seen != G * N) {
        size_t k = 0;
        while (got[k]) k++;
        rc = tsc__error(err, TSC_EPARSE, tsc__csv_path(c), 0, 0, "no value for region %s, sector %s", R->v[k / N],
                        S->v[k % N]);
    }
    tsc__free(got);
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

/* theta.csv: the sectors, in order, and their elasticities. */
static int read_theta(const char *dir, labels *S, double **theta, tsc_error *err)
{
    static const char *const cols[2] = {"sector", "theta"};
    tsc_csv *c;
    int rc = open_checked(dir, "theta.csv", cols, 2, &c, err);
    if (rc) return rc;
    size_t cap = 0;
    *theta = NULL;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        double t;
        if ((rc = need_fields(c, 2, err)) || (rc = tsc__csv_number(c, 1, &t, err))) break;
        if (labels_find(S, tsc__csv_field(c, 0)) >= 0) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ELABEL, "duplicate sector");
            break;
        }
        long k = labels_add(S, tsc__csv_field(c, 0));
        if (k < 0) {
            rc = tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "too many sectors or out of memory");
            break;
        }
        if ((size_t)k >= cap) {
            cap = cap ? 2 * cap : 64;
            double *p = tsc__realloc(*theta, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            *theta = p;
        }
        (*theta)[k] = t;
    }
    if (rc == 0 && S->n == 0) rc = tsc__error(err, TSC_EPARSE, tsc__csv_path(c), 0, 0, "no sectors");
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

static const char *const trade_cols[6] = {"importer",    "exporter",   "sector", "flow_usd_net_of_tariff_1993",
                                          "tariff_1993", "tariff_2005"};

/* First pass over the trade file: the regions in order of appearance and the traded sectors. */
static int scan_trade(const char *dir, labels *R, const labels *S, unsigned char *goods, tsc_error *err)
{
    tsc_csv *c;
    int rc = open_checked(dir, CP_TRADE, trade_cols, 6, &c, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        size_t j;
        if ((rc = need_fields(c, 6, err)) || (rc = lookup(c, 2, S, "sector", &j, err))) break;
        goods[j] = 1;
        if (labels_add(R, tsc__csv_field(c, 0)) < 0 || labels_add(R, tsc__csv_field(c, 1)) < 0) {
            rc = tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "too many regions or out of memory");
            break;
        }
    }
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

static int read_trade(const char *dir, const labels *R, const labels *S, tsc_ge_data *d, double *t2005, tsc_error *err)
{
    tsc_csv *c;
    int rc = open_checked(dir, CP_TRADE, trade_cols, 6, &c, err);
    if (rc) return rc;
    size_t G = R->n, N = S->n;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        size_t n, i, j;
        double f, t93, t05;
        if ((rc = lookup(c, 0, R, "region", &n, err)) || (rc = lookup(c, 1, R, "region", &i, err)) ||
            (rc = lookup(c, 2, S, "sector", &j, err)) || (rc = tsc__csv_number(c, 3, &f, err)) ||
            (rc = tsc__csv_number(c, 4, &t93, err)) || (rc = tsc__csv_number(c, 5, &t05, err)))
            break;
        if (n == i) continue; /* domestic sales come from gross output */
        size_t cell = (n * G + i) * N + j;
        d->flows[cell] = f;
        d->tariff[cell] = t93;
        if (t2005) t2005[cell] = t05;
    }
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

static int read_io(const char *dir, const labels *R, const labels *S, double *io, tsc_error *err)
{
    static const char *const cols[4] = {"country", "input_sector", "using_sector", "share_of_intermediates"};
    tsc_csv *c;
    int rc = open_checked(dir, "io_coefficients.csv", cols, 4, &c, err);
    if (rc) return rc;
    size_t N = S->n;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        size_t n, k, j;
        double v;
        if ((rc = need_fields(c, 4, err)) || (rc = lookup(c, 0, R, "region", &n, err)) ||
            (rc = lookup(c, 1, S, "sector", &k, err)) || (rc = lookup(c, 2, S, "sector", &j, err)) ||
            (rc = tsc__csv_number(c, 3, &v, err)))
            break;
        io[(n * N + k) * N + j] = v;
    }
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

int tsc_ge_data_load_cp(const char *path, tsc_ge_data **out, double **tariff_2005, tsc_error *err)
{
    *out = NULL;
    if (tariff_2005) *tariff_2005 = NULL;
    char dir[1100], probe[1200];
    if (tsc__path_join(probe, sizeof probe, path, "csv/" CP_TRADE) == 0 && tsc__file_exists(probe))
        snprintf(dir, sizeof dir, "%s/csv", path);
    else snprintf(dir, sizeof dir, "%s", path);
    labels R = {0}, S = {0};
    double *theta = NULL, *GO = NULL, *t05 = NULL;
    unsigned char *goods = NULL;
    tsc_ge_data *d = NULL;
    int rc = read_theta(dir, &S, &theta, err);
    if (rc) goto done;
    size_t N = S.n;
    if (!(goods = tsc__calloc(N, 1))) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((rc = scan_trade(dir, &R, &S, goods, err))) goto done;
    size_t G = R.n;
    if (!(d = tsc__ge_data_alloc(G, N, (const char *const *)R.v, (const char *const *)S.v, goods, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto done;
    }
    GO = tsc__alloc_doubles(G * N, 1);
    if (tariff_2005) t05 = tsc__alloc_doubles(G * G * N, 1);
    if (!GO || (tariff_2005 && !t05)) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    memcpy(d->theta, theta, N * sizeof *theta);
    if ((rc = read_trade(dir, &R, &S, d, t05, err)) ||
        (rc = read_region_sector(dir, "gross_output_raw.csv", "gross_output_usd", &R, &S, GO, err)) ||
        (rc = read_region_sector(dir, "va_share_B.csv", "gamma_va", &R, &S, d->gamma_va, err)) ||
        (rc = read_region_sector(dir, "alpha_final_demand.csv", "alpha", &R, &S, d->alpha, err)) ||
        (rc = read_io(dir, &R, &S, d->gamma_io, err)))
        goto done;
    /* the authors' script: GO = max(GO, exports), domestic sales = GO - exports, gamma^{k,j} = IO(k,j) (1 - B^j) */
    for (size_t i = 0; i < G; i++)
        for (size_t j = 0; j < N; j++) {
            double ex = 0;
            for (size_t n = 0; n < G; n++)
                if (n != i) ex += d->flows[(n * G + i) * N + j];
            double go = GO[i * N + j] > ex ? GO[i * N + j] : ex;
            d->flows[(i * G + i) * N + j] = go - ex;
            for (size_t k = 0; k < N; k++) d->gamma_io[(i * N + k) * N + j] *= 1 - d->gamma_va[i * N + j];
        }
    tsc__ge_data_observed_deficits(d);
    tsc__ge_data_derive(d);
    if ((rc = tsc__ge_data_check(d, err))) goto done;
    *out = d;
    d = NULL;
    if (tariff_2005) {
        *tariff_2005 = t05;
        t05 = NULL;
    }
done:
    labels_free(&R);
    labels_free(&S);
    tsc__free(theta);
    tsc__free(GO);
    tsc__free(goods);
    tsc__free(t05);
    tsc_ge_data_free(d);
    return rc;
}
