/* Trade elasticities by sector: a CSV with columns sector and theta (optionally theta_se and trade_weight), and the
 * trade-weighted means over an aggregation. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "dupes_int.h"
#include "error_int.h"
#include "ge_int.h"

#define THETA_MAX_ROWS 100000

typedef struct theta_row {
    char *code;
    double theta;
    double se;        /* NAN: none given */
    double weight;    /* NAN: the file has no trade_weight column */
    size_t line, col; /* of the sector code, for a repeat's error */
} theta_row;

/* The range of a trade elasticity: Caliendo and Parro's estimates run from 0.37 to 64.85, published ones elsewhere
 * from about 0.5 to 100; outside [THETA_MIN, THETA_MAX] a value is a typo or a unit error, and the model's shares
 * (x^-theta) overflow or lose every digit long before. */
#define THETA_MIN 1e-3
#define THETA_MAX 1e3
/* A trade weight is a value of trade (any currency unit): finite, below this. */
#define WEIGHT_MAX 1e18

static void rows_free(theta_row *r, size_t n)
{
    for (size_t i = 0; i < n; i++) tsc__free(r[i].code);
    tsc__free(r);
}

static int find_col(tsc_csv *c, const char *name, size_t *col)
{
    for (size_t f = 0; f < tsc__csv_nfields(c); f++)
        if (strcmp(tsc__csv_field(c, f), name) == 0) {
            *col = f;
            return 0;
        }
    return -1;
}

/* The optional non-negative number in field f: NAN when the column is absent (f == SIZE_MAX) or, if empty_ok, the
 * field is empty. */
static int optional_number(tsc_csv *c, size_t f, int empty_ok, const char *what, double max, double *v, tsc_error *err)
{
    *v = NAN;
    if (f == (size_t)-1) return TSC_OK;
    if (tsc__csv_field(c, f)[0] == '\0') {
        if (empty_ok) return TSC_OK;
        return tsc__csv_error_at(c, f, err, TSC_EPARSE, "%s is missing", what);
    }
    int rc = tsc__csv_number(c, f, v, err);
    if (rc) return rc;
    if (!(*v >= 0)) return tsc__csv_error_at(c, f, err, TSC_EINVAL, "%s must not be negative, not %g", what, *v);
    if (!(*v <= max)) return tsc__csv_error_at(c, f, err, TSC_EINVAL, "%s must be at most %g, not %g", what, max, *v);
    return TSC_OK;
}

/* A sector listed twice (found by sorting: a file of any length is checked in O(n log n)). */
static int repeated_sector(const char *path, const theta_row *r, size_t n, tsc_error *err)
{
    const char **codes = tsc__malloc((n ? n : 1) * sizeof *codes);
    if (!codes) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < n; k++) codes[k] = r[k].code;
    size_t first, later;
    int d = tsc__find_duplicate(codes, n, &first, &later);
    tsc__free(codes);
    if (d < 0) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (d)
        return tsc__error(err, TSC_ELABEL, path, r[later].line, r[later].col,
                          "sector '%s' is listed twice (first at line %zu)", r[later].code, r[first].line);
    return TSC_OK;
}

static int read_rows(const char *path, theta_row **out, size_t *nout, tsc_error *err)
{
    tsc_csv *c;
    theta_row *r = NULL;
    size_t n = 0, cap = 0, cs = 0, ct = 0, cse = (size_t)-1, cw = (size_t)-1;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 1, 0, "file is empty");
    if (rc == 1 && (find_col(c, "sector", &cs) || find_col(c, "theta", &ct)))
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "the header needs the columns sector and theta");
    if (rc == 1) {
        (void)find_col(c, "theta_se", &cse);
        (void)find_col(c, "trade_weight", &cw);
    }
    while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
        size_t need = cs > ct ? cs : ct;
        if (cse != (size_t)-1 && cse > need) need = cse;
        if (cw != (size_t)-1 && cw > need) need = cw;
        if (tsc__csv_nfields(c) <= need) {
            rc = tsc__csv_error_at(c, tsc__csv_nfields(c), err, TSC_EPARSE, "missing fields");
            break;
        }
        double v, se, w;
        if ((rc = tsc__csv_number(c, ct, &v, err))) break;
        if (!(v >= THETA_MIN && v <= THETA_MAX)) {
            rc = tsc__csv_error_at(c, ct, err, TSC_EINVAL, "a trade elasticity must lie in [%g, %g], not %g", THETA_MIN,
                                   THETA_MAX, v);
            break;
        }
        if ((rc = optional_number(c, cse, 1, "a standard error of theta", THETA_MAX, &se, err)) ||
            (rc = optional_number(c, cw, 0, "a trade weight", WEIGHT_MAX, &w, err)))
            break;
        if (n == THETA_MAX_ROWS) {
            rc = tsc__error(err, TSC_ETOOBIG, path, 0, 0, "more than %d rows", THETA_MAX_ROWS);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            theta_row *p = tsc__realloc(r, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            r = p;
        }
        if (!(r[n].code = tsc__strdup(tsc__csv_field(c, cs)))) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        r[n].line = tsc__csv_line(c);
        r[n].col = tsc__csv_col(c, cs);
        r[n].theta = v;
        r[n].se = se;
        r[n++].weight = w;
        rc = 1;
    }
    tsc__csv_close(c);
    if (rc >= 0) rc = repeated_sector(path, r, n, err);
    if (rc < 0) {
        rows_free(r, n);
        return rc;
    }
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

/* The theta (and SE) of `code` from the listed sectors an aggregation maps to it (kind,from,to rows with kind
 * sector): weighted by trade_weight when the file has that column, else equally; parts whose weights are all zero
 * take equal weights too. The SE is the same weighted mean of the parts' SEs (the SE of the weighted mean if the
 * parts' estimates were perfectly correlated, an upper bound for any correlation), NAN if a part has none. */
static int aggregate_theta(const char *agg, const theta_row *r, size_t n, const char *code, double *theta, double *se,
                           int *found, tsc_error *err)
{
    tsc_csv *c;
    int rc = tsc__csv_open(agg, &c, err);
    if (rc) return rc;
    double sw = 0, swt = 0, sws = 0, st = 0, ss = 0;
    size_t cnt = 0;
    rc = tsc__csv_next(c, err); /* header kind,from,to */
    if (rc == 1 && (tsc__csv_nfields(c) != 3 || strcmp(tsc__csv_field(c, 0), "kind") != 0))
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "an aggregation concordance has the header kind,from,to");
    while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != 3) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "expected 3 fields");
            break;
        }
        if (strcmp(tsc__csv_field(c, 0), "sector") != 0 || strcmp(tsc__csv_field(c, 2), code) != 0) continue;
        const theta_row *t = find_row(r, n, tsc__csv_field(c, 1));
        if (!t) continue;
        double w = isnan(t->weight) ? 1 : t->weight;
        sw += w;
        swt += w * t->theta;
        sws += w * t->se; /* NAN propagates: a part without an SE leaves the aggregate without one */
        st += t->theta;
        ss += t->se;
        cnt++;
    }
    tsc__csv_close(c);
    if (rc < 0) return rc;
    *found = cnt > 0;
    if (!cnt) return TSC_OK;
    if (sw > 0) {
        *theta = swt / sw;
        *se = sws / sw;
    } else {
        *theta = st / (double)cnt;
        *se = ss / (double)cnt;
    }
    return TSC_OK;
}

int tsc_ge_theta_read_se(const char *csv, const char *aggregation, size_t N, const char *const *sectors, double *theta,
                         double *se, tsc_error *err)
{
    theta_row *r = NULL;
    size_t n = 0;
    int rc = read_rows(csv, &r, &n, err);
    if (rc) return rc;
    for (size_t j = 0; j < N && !rc; j++) {
        const theta_row *t = find_row(r, n, sectors[j]);
        double th = 0, s = NAN;
        int found = 0;
        if (t) {
            th = t->theta;
            s = t->se;
            found = 1;
        } else if (aggregation && (rc = aggregate_theta(aggregation, r, n, sectors[j], &th, &s, &found, err))) {
            break;
        }
        if (!found) {
            rc = tsc__error(err, TSC_ELABEL, csv, 0, 0, "no trade elasticity for sector '%s'%s", sectors[j],
                            aggregation ? " (nor for any sector the aggregation maps to it)" : "");
            break;
        }
        theta[j] = th;
        if (se) se[j] = s;
    }
    rows_free(r, n);
    return rc;
}

int tsc_ge_theta_read(const char *csv, const char *aggregation, size_t N, const char *const *sectors, double *theta,
                      tsc_error *err)
{
    return tsc_ge_theta_read_se(csv, aggregation, N, sectors, theta, NULL, err);
}
