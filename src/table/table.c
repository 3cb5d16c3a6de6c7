/* The table object: allocation, accessors, and the checks every loader ends with. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "table_int.h"

void tsc_load_opts_init(tsc_load_opts *opts)
{
    opts->format = TSC_FORMAT_AUTO;
    opts->rebalance = 0;
    opts->strict = 0;
    opts->balance_tol = 1e-6;
    opts->max_bytes = (size_t)8 << 30;
    opts->keep_splits = 0;
    opts->year = 0;
    opts->progress = NULL;
    opts->progress_ctx = NULL;
}

static const char *const format_names[] = {"auto",   "wiod",      "labelled", "native", "cache",  "oecd",    "eora",
                                           "pymrio", "wiod-xlsx", "adb",      "gloria", "figaro", "wiod2016"};

int tsc_format_parse(const char *name, tsc_format *out)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (tsc_format)i;
            return TSC_OK;
        }
    return TSC_EINVAL;
}

const char *tsc_format_name(tsc_format f)
{
    return (size_t)f < sizeof format_names / sizeof *format_names ? format_names[f] : "unknown";
}

static void free_labels(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

void tsc_table_free(tsc_table *t)
{
    if (!t) return;
    free_labels(t->regions, t->G);
    free_labels(t->sectors, t->N);
    free_labels(t->fdcats, t->F);
    tsc__free(t->Z);
    tsc__free(t->Y);
    tsc__free(t->x);
    tsc__free(t->va);
    tsc__free(t->degenerate);
    tsc__free(t->goods);
    for (size_t k = 0; k < TSC_TABLE_NFILEKEYS; k++) free_labels(t->files[k], t->nfiles[k]);
    tsc__free(t->notes);
    tsc__table_free_extensions(t);
    tsc__free(t);
}

const char *const tsc__table_file_keys[TSC_TABLE_NFILEKEYS] = {"aggregation", "hs_concordance", "theta", "bases"};

size_t tsc_table_files(const tsc_table *t, const char *key, const char *const **paths)
{
    for (size_t k = 0; k < TSC_TABLE_NFILEKEYS; k++)
        if (strcmp(key, tsc__table_file_keys[k]) == 0) {
            if (paths) *paths = (const char *const *)t->files[k];
            return t->nfiles[k];
        }
    if (paths) *paths = NULL;
    return 0;
}

tsc_table *tsc__table_alloc(size_t G, size_t N, size_t F, size_t max_bytes, tsc_error *err)
{
    size_t n, nn, ny, bytes;
    if (G == 0 || N == 0 || F == 0) {
        tsc__error(err, TSC_EDIM, NULL, 0, 0, "a table needs at least one region, sector and final-demand category");
        return NULL;
    }
    if (tsc__mul_size(G, N, &n) || tsc__mul_size(n, n, &nn) || tsc__mul_size(n, G * F, &ny) ||
        tsc__mul_size(nn + ny + 2 * n, sizeof(double), &bytes) || bytes > max_bytes) {
        tsc__error(err, TSC_ETOOBIG, NULL, 0, 0,
                   "a table of %zu regions x %zu sectors needs more than the %zu MiB ceiling", G, N, max_bytes >> 20);
        return NULL;
    }
    tsc_table *t = tsc__calloc(1, sizeof *t);
    if (!t) goto nomem;
    t->G = G;
    t->N = N;
    t->F = F;
    t->n = n;
    t->regions = tsc__calloc(G, sizeof *t->regions);
    t->sectors = tsc__calloc(N, sizeof *t->sectors);
    t->fdcats = tsc__calloc(F, sizeof *t->fdcats);
    t->Z = tsc__alloc_doubles(nn, 1);
    t->Y = tsc__alloc_doubles(ny, 1);
    t->x = tsc__alloc_doubles(n, 1);
    t->va = tsc__alloc_doubles(n, 1);
    t->goods = tsc__malloc(N);
    if (!t->regions || !t->sectors || !t->fdcats || !t->Z || !t->Y || !t->x || !t->va || !t->goods) goto nomem;
    memset(t->goods, 1, N);
    snprintf(t->unit, sizeof t->unit, "unknown");
    return t;
nomem:
    tsc_table_free(t);
    tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for a table of %zu regions x %zu sectors", G, N);
    return NULL;
}

size_t tsc_table_nregions(const tsc_table *t)
{
    return t->G;
}
size_t tsc_table_nsectors(const tsc_table *t)
{
    return t->N;
}
size_t tsc_table_nfd(const tsc_table *t)
{
    return t->F;
}
size_t tsc_table_n(const tsc_table *t)
{
    return t->n;
}
const char *tsc_table_region(const tsc_table *t, size_t r)
{
    return r < t->G ? t->regions[r] : NULL;
}
const char *tsc_table_sector(const tsc_table *t, size_t s)
{
    return s < t->N ? t->sectors[s] : NULL;
}
const char *tsc_table_fd_category(const tsc_table *t, size_t f)
{
    return f < t->F ? t->fdcats[f] : NULL;
}
const double *tsc_table_Z(const tsc_table *t)
{
    return t->Z;
}
const double *tsc_table_Y(const tsc_table *t)
{
    return t->Y;
}
const double *tsc_table_x(const tsc_table *t)
{
    return t->x;
}
const double *tsc_table_va(const tsc_table *t)
{
    return t->va;
}
const char *tsc_table_unit(const tsc_table *t)
{
    return t->unit;
}
int tsc_table_year(const tsc_table *t)
{
    return t->year;
}
const char *tsc_table_source(const tsc_table *t)
{
    return t->source;
}
tsc_format tsc_table_format(const tsc_table *t)
{
    return t->format;
}
const char *tsc_table_notes(const tsc_table *t)
{
    return t->notes ? t->notes : "";
}

int tsc__table_note(tsc_table *t, tsc_error *err, const char *fmt, ...)
{
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = t->notes ? strlen(t->notes) : 0, add = strlen(line);
    char *p = tsc__realloc(t->notes, old + add + 2);
    if (!p) return tsc__error(err, TSC_ENOMEM, t->source, 0, 0, "out of memory");
    memcpy(p + old, line, add);
    p[old + add] = '\n';
    p[old + add + 1] = '\0';
    t->notes = p;
    return TSC_OK;
}

int tsc_table_sector_is_goods(const tsc_table *t, size_t s)
{
    return s < t->N && t->goods[s];
}

void tsc_table_set_goods(tsc_table *t, size_t s, int goods)
{
    if (s < t->N) t->goods[s] = goods != 0;
}

int tsc_table_sells(const tsc_table *t, size_t i)
{
    size_t n = t->n, N = t->N, F = t->F, s = i / N;
    if (i >= n) return 0;
    for (size_t j = 0; j < n; j++)
        if (t->Z[i + j * n] != 0 && (t->x[j] > 0 || j / N != s)) return 1;
    for (size_t c = 0; c < t->G * F; c++)
        if (c / F != s && t->Y[i + c * n] != 0) return 1;
    return 0;
}

size_t tsc_table_degenerate(const tsc_table *t, const size_t **rows)
{
    if (rows) *rows = t->degenerate;
    return t->ndegenerate;
}

int tsc_table_region_index(const tsc_table *t, const char *code, size_t *index, tsc_error *err)
{
    for (size_t r = 0; r < t->G; r++)
        if (strcmp(t->regions[r], code) == 0) {
            *index = r;
            return TSC_OK;
        }
    char known[256] = "";
    size_t used = 0;
    for (size_t r = 0; r < t->G && used + 16 < sizeof known; r++) {
        int k = snprintf(known + used, sizeof known - used, "%s%s", r ? " " : "", t->regions[r]);
        if (k > 0) used += (size_t)k;
    }
    return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "unknown region code '%s' (known: %s%s)", code, known,
                      used + 16 >= sizeof known ? " ..." : "");
}

void tsc_table_y_by_region(const tsc_table *t, double *out)
{
    for (size_t r = 0; r < t->G; r++) {
        double *o = out + r * t->n;
        memcpy(o, t->Y + r * t->F * t->n, t->n * sizeof *o);
        for (size_t f = 1; f < t->F; f++) {
            const double *y = t->Y + (r * t->F + f) * t->n;
            for (size_t i = 0; i < t->n; i++) o[i] += y[i];
        }
    }
}

void tsc_table_exports(const tsc_table *t, double *out)
{
    size_t n = t->n, N = t->N, F = t->F;
    memset(out, 0, n * sizeof *out);
    for (size_t j = 0; j < n; j++) {
        const double *z = t->Z + j * n;
        size_t rj = j / N;
        for (size_t i = 0; i < n; i++)
            if (i / N != rj) out[i] += z[i];
    }
    for (size_t k = 0; k < t->G * F; k++) {
        const double *y = t->Y + k * n;
        size_t rk = k / F;
        for (size_t i = 0; i < n; i++)
            if (i / N != rk) out[i] += y[i];
    }
}

/* Row sums Z1 + Y1 into out. */
static void row_totals(const tsc_table *t, double *out)
{
    size_t n = t->n, ny = t->G * t->F;
    memset(out, 0, n * sizeof *out);
    for (size_t j = 0; j < n; j++) {
        const double *z = t->Z + j * n;
        for (size_t i = 0; i < n; i++) out[i] += z[i];
    }
    for (size_t j = 0; j < ny; j++) {
        const double *y = t->Y + j * n;
        for (size_t i = 0; i < n; i++) out[i] += y[i];
    }
}

static double colsum(const tsc_table *t, size_t j)
{
    const double *z = t->Z + j * t->n;
    double s = 0;
    for (size_t i = 0; i < t->n; i++) s += z[i];
    return s;
}

static double rel_gap(double resid, double x)
{
    double a = fabs(resid);
    if (a == 0) return 0;
    double s = fabs(x);
    return s > 0 ? a / s : INFINITY;
}

/* Inserts (idx, rel, abs) into a descending top-k list. */
static void top_insert(size_t *idx, double *absv, double *rel, size_t *count, size_t i, double r, double a)
{
    size_t k = *count < TSC_BALANCE_WORST ? (*count)++ : TSC_BALANCE_WORST;
    if (k == TSC_BALANCE_WORST && r <= rel[k - 1]) return;
    if (k == TSC_BALANCE_WORST) k--;
    while (k > 0 && rel[k - 1] < r) {
        idx[k] = idx[k - 1];
        rel[k] = rel[k - 1];
        absv[k] = absv[k - 1];
        k--;
    }
    idx[k] = i;
    rel[k] = r;
    absv[k] = a;
}

static void balance_with(const tsc_table *t, const double *rows, tsc_balance *b)
{
    double rrel[TSC_BALANCE_WORST], crel[TSC_BALANCE_WORST];
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < t->n; i++) {
        b->total_output += t->x[i];
        b->total_va += t->va[i];
        if (t->x[i] <= 0) b->ndegenerate++;
        if (t->va[i] < 0) b->nnegative_va++;
        double rres = rows[i] - t->x[i];
        double rr = rel_gap(rres, t->x[i]);
        if (rr > 0) top_insert(b->row_worst, b->row_worst_abs, rrel, &b->nworst_row, i, rr, rres);
        if (rr > b->row_max_rel) b->row_max_rel = rr;
        double cres = colsum(t, i) + t->va[i] - t->x[i];
        double cr = rel_gap(cres, t->x[i]);
        if (cr > 0) top_insert(b->col_worst, b->col_worst_abs, crel, &b->nworst_col, i, cr, cres);
        if (cr > b->col_max_rel) b->col_max_rel = cr;
    }
    size_t ny = t->G * t->F;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < t->n; i++) b->total_final_demand += t->Y[i + j * t->n];
}

void tsc_table_balance(const tsc_table *t, tsc_balance *b)
{
    double *rows = tsc__alloc_doubles(t->n, 0);
    if (!rows) {
        memset(b, 0, sizeof *b);
        b->row_max_rel = b->col_max_rel = NAN;
        return;
    }
    row_totals(t, rows);
    balance_with(t, rows, b);
    tsc__free(rows);
}

static void label_of(const tsc_table *t, size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "%s.%s", t->regions[i / t->N], t->sectors[i % t->N]);
}

static int check_finite(const tsc_table *t, tsc_error *err)
{
    size_t n = t->n, ny = t->G * t->F;
    char lab[160];
    for (size_t k = 0; k < n * n; k++)
        if (!isfinite(t->Z[k])) {
            label_of(t, k % n, lab, sizeof lab);
            goto bad;
        }
    for (size_t k = 0; k < n * ny; k++)
        if (!isfinite(t->Y[k])) {
            label_of(t, k % n, lab, sizeof lab);
            goto bad;
        }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t->x[i]) || !isfinite(t->va[i])) {
            label_of(t, i, lab, sizeof lab);
            goto bad;
        }
    return TSC_OK;
bad:
    return tsc__error(err, TSC_ENUMERIC, t->source, 0, 0, "non-finite value in row %s", lab);
}

int tsc__table_finish(tsc_table *t, const tsc_load_opts *opts, int have_x, int have_va, const tsc_xsource *xs,
                      tsc_error *err)
{
    size_t n = t->n;
    int rc = check_finite(t, err);
    if (rc) return rc;
    double *rows = tsc__alloc_doubles(n, 0);
    if (!rows) return tsc__error(err, TSC_ENOMEM, t->source, 0, 0, "out of memory");
    row_totals(t, rows);
    if (!have_x || opts->rebalance) memcpy(t->x, rows, n * sizeof *rows);
    if (!have_va || opts->rebalance)
        for (size_t j = 0; j < n; j++) t->va[j] = t->x[j] - colsum(t, j);

    tsc_balance b;
    balance_with(t, rows, &b);
    char lab[160];
    const char *xfile = xs && xs->file ? xs->file : t->source;
    if (!(b.row_max_rel <= opts->balance_tol)) {
        size_t i = b.row_worst[0], bad = 0;
        for (size_t k = 0; k < n; k++) bad += !(rel_gap(rows[k] - t->x[k], t->x[k]) <= opts->balance_tol);
        label_of(t, i, lab, sizeof lab);
        tsc__error(err, TSC_EBALANCE, xfile, xs ? xs->first_line + i : 0, 0,
                   "row identity Z1 + Y1 = x fails at %s: Z1 + Y1 - x = %.6g (relative %.3g > tolerance "
                   "%.3g; %zu row%s beyond it); use --rebalance to take x := Z1 + Y1",
                   lab, b.row_worst_abs[0], b.row_max_rel, opts->balance_tol, bad, bad == 1 ? "" : "s");
        tsc__free(rows);
        return TSC_EBALANCE;
    }
    tsc__free(rows);
    if (!(b.col_max_rel <= opts->balance_tol)) {
        size_t i = b.col_worst[0];
        label_of(t, i, lab, sizeof lab);
        return tsc__error(err, TSC_EBALANCE, xfile, xs ? xs->first_line + i : 0, 0,
                          "column identity 1'Z + va = x fails at %s: 1'Z + va - x = %.6g (relative %.3g > "
                          "tolerance %.3g); use --rebalance to take va := x - 1'Z",
                          lab, b.col_worst_abs[0], b.col_max_rel, opts->balance_tol);
    }

    t->ndegenerate = 0;
    for (size_t i = 0; i < n; i++)
        if (t->x[i] <= 0) t->ndegenerate++;
    if (t->ndegenerate == 0) return TSC_OK;
    t->degenerate = tsc__malloc(t->ndegenerate * sizeof *t->degenerate);
    if (!t->degenerate) return tsc__error(err, TSC_ENOMEM, t->source, 0, 0, "out of memory");
    for (size_t i = 0, k = 0; i < n; i++)
        if (t->x[i] <= 0) t->degenerate[k++] = i;
    if (opts->strict) {
        label_of(t, t->degenerate[0], lab, sizeof lab);
        return tsc__error(err, TSC_EDEGENERATE, xfile, xs ? xs->first_line + t->degenerate[0] : 0, 0,
                          "%zu sector%s zero or negative gross output (first: %s, x = %g); strict mode refuses "
                          "them",
                          t->ndegenerate, t->ndegenerate == 1 ? " has" : "s have", lab, t->x[t->degenerate[0]]);
    }
    return TSC_WDEGENERATE;
}

static int copy_labels(char **dst, const char *const *src, size_t count, const char *what, tsc_error *err)
{
    for (size_t i = 0; i < count; i++) {
        if (!src[i] || !src[i][0])
            return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "%s %zu has an empty label", what, i + 1);
        for (size_t k = 0; k < i; k++)
            if (strcmp(src[k], src[i]) == 0)
                return tsc__error(err, TSC_ELABEL, NULL, 0, 0, "duplicate %s label '%s'", what, src[i]);
        if (!(dst[i] = tsc__strdup(src[i]))) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return TSC_OK;
}

int tsc_table_from_arrays(size_t G, size_t N, size_t F, const char *const *regions, const char *const *sectors,
                          const char *const *fd_categories, const double *Z, const double *Y, const double *va,
                          const double *x, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    tsc_load_opts def;
    if (!opts) {
        tsc_load_opts_init(&def);
        opts = &def;
    }
    *out = NULL;
    tsc_table *t = tsc__table_alloc(G, N, F, opts->max_bytes, err);
    if (!t) return err ? err->code : TSC_ENOMEM;
    int rc;
    if ((rc = copy_labels(t->regions, regions, G, "region", err)) ||
        (rc = copy_labels(t->sectors, sectors, N, "sector", err)) ||
        (rc = copy_labels(t->fdcats, fd_categories, F, "final-demand category", err)))
        goto fail;
    size_t n = t->n;
    memcpy(t->Z, Z, n * n * sizeof *Z);
    memcpy(t->Y, Y, n * G * F * sizeof *Y);
    if (x) memcpy(t->x, x, n * sizeof *x);
    if (va) memcpy(t->va, va, n * sizeof *va);
    snprintf(t->source, sizeof t->source, "(arrays)");
    rc = tsc__table_finish(t, opts, x != NULL, va != NULL, NULL, err);
    if (rc < 0) goto fail;
    *out = t;
    return rc;
fail:
    tsc_table_free(t);
    return rc;
}
