/* Trade elasticities by sector: a CSV with columns sector and theta, and the means over an aggregation. */
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "ge_int.h"

#define THETA_MAX_ROWS 100000

typedef struct theta_row {
    char *code;
    double theta;
} theta_row;

static void rows_free(theta_row *r, size_t n)
{
    for (size_t i = 0; i < n; i++) tsc__free(r[i].code);
    tsc__free(r);
}

static int find_col(tsc_csv *c, const char *name, size_t *col)
{
    for (size_t f = 0; f < tsc__csv_nfields(c); f++)
        if (strcmp(tsc__csv_field(c, f), name) == 0) { *col = f; return 0; }
    return -1;
}

static int read_rows(const char *path, theta_row **out, size_t *nout, tsc_error *err)
{
    tsc_csv *c;
    theta_row *r = NULL;
    size_t n = 0, cap = 0, cs = 0, ct = 0;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 1, 0, "file is empty");
    if (rc == 1 && (find_col(c, "sector", &cs) || find_col(c, "theta", &ct)))
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "the header needs the columns sector and theta");
    while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
        size_t need = cs > ct ? cs : ct;
        if (tsc__csv_nfields(c) <= need) { rc = tsc__csv_error_at(c, tsc__csv_nfields(c), err, TSC_EPARSE, "missing fields"); break; }
        double v;
        if ((rc = tsc__csv_number(c, ct, &v, err))) break;
        if (!(v > 0)) { rc = tsc__csv_error_at(c, ct, err, TSC_EINVAL, "a trade elasticity must be positive, not %g", v); break; }
        if (n == THETA_MAX_ROWS) { rc = tsc__error(err, TSC_ETOOBIG, path, 0, 0, "more than %d rows", THETA_MAX_ROWS); break; }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            theta_row *p = tsc__realloc(r, cap * sizeof *p);
            if (!p) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); break; }
            r = p;
        }
        for (size_t k = 0; k < n; k++)
            if (strcmp(r[k].code, tsc__csv_field(c, cs)) == 0) {
                rc = tsc__csv_error_at(c, cs, err, TSC_ELABEL, "sector '%s' is listed twice", r[k].code);
                break;
            }
        if (rc < 0) break;
        if (!(r[n].code = tsc__strdup(tsc__csv_field(c, cs)))) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); break; }
        r[n++].theta = v;
        rc = 1;
    }
    tsc__csv_close(c);
    if (rc < 0) { rows_free(r, n); return rc; }
    *out = r;
    *nout = n;
    return TSC_OK;
}

static const theta_row *find_row(const theta_row *r, size_t n, const char *code)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(r[k].code, code) == 0) return &r[k];
    return NULL;
}

/* The mean theta of the listed sectors an aggregation maps to `code` (kind,from,to rows with kind sector). */
static int aggregate_theta(const char *agg, const theta_row *r, size_t n, const char *code, double *theta, int *found,
                           tsc_error *err)
{
    tsc_csv *c;
    int rc = tsc__csv_open(agg, &c, err);
    if (rc) return rc;
    double sum = 0;
    size_t cnt = 0;
    rc = tsc__csv_next(c, err); /* header kind,from,to */
    if (rc == 1 && (tsc__csv_nfields(c) != 3 || strcmp(tsc__csv_field(c, 0), "kind") != 0))
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "an aggregation concordance has the header kind,from,to");
    while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != 3) { rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "expected 3 fields"); break; }
        if (strcmp(tsc__csv_field(c, 0), "sector") != 0 || strcmp(tsc__csv_field(c, 2), code) != 0) continue;
        const theta_row *t = find_row(r, n, tsc__csv_field(c, 1));
        if (t) { sum += t->theta; cnt++; }
    }
    tsc__csv_close(c);
    if (rc < 0) return rc;
    *found = cnt > 0;
    if (cnt) *theta = sum / (double)cnt;
    return TSC_OK;
}

int tsc_ge_theta_read(const char *csv, const char *aggregation, size_t N, const char *const *sectors, double *theta,
                      tsc_error *err)
{
    theta_row *r = NULL;
    size_t n = 0;
    int rc = read_rows(csv, &r, &n, err);
    if (rc) return rc;
    for (size_t j = 0; j < N && !rc; j++) {
        const theta_row *t = find_row(r, n, sectors[j]);
        if (t) { theta[j] = t->theta; continue; }
        int found = 0;
        if (aggregation && (rc = aggregate_theta(aggregation, r, n, sectors[j], &theta[j], &found, err))) break;
        if (!found)
            rc = tsc__error(err, TSC_ELABEL, csv, 0, 0, "no trade elasticity for sector '%s'%s", sectors[j],
                            aggregation ? " (nor for any sector the aggregation maps to it)" : "");
    }
    rows_free(r, n);
    return rc;
}
