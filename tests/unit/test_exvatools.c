/* exvatools-compatible decompositions against exvatools' own outputs on ../shared/vectors/gvc, matched by
 * position (exvatools names countries and sectors with its own codes). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv_int.h"
#include "testutil.h"

#define RTOL 1e-9

typedef struct fixture {
    tsc_table *t;
    tsc_leontief *lf;
    tsc_decomp *d;
} fixture;

static const char *vec(const char *name, const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vectors/gvc/%s%s%s", name, file ? "/" : "", file ? file : "");
    return tu_shared(rel);
}

static void setup(fixture *f, const char *name)
{
    tsc_error err;
    f->t = tu_load(vec(name, NULL), 0);
    cr_assert_eq(tsc_leontief_new(f->t, &f->lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(f->t, f->lf, &f->d, &err), TSC_OK, "%s", err.msg);
}

static void teardown(fixture *f)
{
    tsc_decomp_free(f->d);
    tsc_leontief_free(f->lf);
    tsc_table_free(f->t);
}

/* One reference file in long form "term","row","col","value", read whole. */
typedef struct longref {
    size_t count, cap;
    char (*term)[32], (*row)[32], (*col)[32];
    double *value;
} longref;

static void copy_field(char *dst, const char *src)
{
    snprintf(dst, 32, "%s", src);
}

static void read_long(const char *path, longref *L)
{
    tsc_csv *c = NULL;
    tsc_error err;
    memset(L, 0, sizeof *L);
    cr_assert_eq(tsc__csv_open(path, &c, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__csv_next(c, &err), 1, "%s: no header", path);
    cr_assert_eq(tsc__csv_nfields(c), 4, "%s: expected term,row,col,value", path);
    while (tsc__csv_next(c, &err) == 1) {
        if (L->count == L->cap) {
            L->cap = L->cap ? 2 * L->cap : 256;
            L->term = realloc(L->term, L->cap * sizeof *L->term);
            L->row = realloc(L->row, L->cap * sizeof *L->row);
            L->col = realloc(L->col, L->cap * sizeof *L->col);
            L->value = realloc(L->value, L->cap * sizeof *L->value);
            cr_assert(L->term && L->row && L->col && L->value, "out of memory");
        }
        copy_field(L->term[L->count], tsc__csv_field(c, 0));
        copy_field(L->row[L->count], tsc__csv_field(c, 1));
        copy_field(L->col[L->count], tsc__csv_field(c, 2));
        cr_assert_eq(tsc__csv_number(c, 3, &L->value[L->count], &err), TSC_OK, "%s", err.msg);
        L->count++;
    }
    tsc__csv_close(c);
    cr_assert_gt(L->count, 0, "%s: empty", path);
}

static void free_long(longref *L)
{
    free(L->term);
    free(L->row);
    free(L->col);
    free(L->value);
}

static size_t term_of(const tsc_dresult *r, const char *name)
{
    for (size_t k = 0; k < r->nterm; k++)
        if (strcmp(r->terms[k], name) == 0) return k;
    return TSC_NONE;
}

/* Compares r with a long-form reference term by term, in the reference's order: terms outermost, then columns
 * (importers, or a single WLD/VA/X column), then exporting country-sectors. Checks that order from the labels,
 * that the result has exactly the reference's terms in that order, and returns the largest relative gap. */
static double compare_long(const tsc_dresult *r, size_t G, size_t n, const char *path, size_t *compared)
{
    longref L;
    read_long(path, &L);
    double worst = 0;
    size_t p = 0, nterms = 0;
    while (p < L.count) {
        size_t end = p;
        while (end < L.count && strcmp(L.term[end], L.term[p]) == 0) end++;
        size_t cnt = end - p, k = term_of(r, L.term[p]);
        cr_assert_neq(k, TSC_NONE, "%s: term %s not computed", path, L.term[p]);
        cr_assert_eq(k, nterms, "%s: term %s is our term %zu, expected %zu", path, L.term[p], k, nterms);
        nterms++;
        int sector_rows = cnt == n; /* a single column: KWW's WLD, TiVA's VA and PROD */
        cr_assert(sector_rows || cnt == n * G, "%s: term %s has %zu values", path, L.term[p], cnt);
        size_t base = r->level == TSC_LEVEL_SECTOR ? 0 : n * G;
        for (size_t q = 0; q < cnt; q++) {
            size_t i = q % n, col = q / n, e = p + q;
            cr_assert_str_eq(L.row[e], L.row[p + i], "%s line %zu: rows are not country-sectors inside columns", path,
                             e + 2);
            cr_assert_str_eq(L.col[e], L.col[p + col * n], "%s line %zu: a column changes inside a block", path, e + 2);
            size_t row = sector_rows ? base + i : i * G + col;
            cr_assert_lt(row, r->nrow, "%s: row %zu beyond the result", path, row);
            if (sector_rows) cr_assert_eq(r->importer[row], TSC_NONE);
            else cr_assert(r->exporter[row] * (n / G) + r->sector[row] == i && r->importer[row] == col);
            double got = r->v[row * r->nterm + k], want = L.value[e];
            double gap = fabs(got - want) / fmax(fabs(want), 1.0);
            cr_assert(gap <= RTOL, "%s line %zu (%s %s %s): %.17g, expected %.17g (gap %.3g)", path, e + 2, L.term[e],
                      L.row[e], L.col[e], got, want, gap);
            if (gap > worst) worst = gap;
        }
        p = end;
    }
    cr_assert_eq(nterms, r->nterm, "%s: %zu terms in the reference, %zu computed", path, nterms, r->nterm);
    *compared = L.count;
    free_long(&L);
    return worst;
}

static void method_case(const char *name, const char *method, const char *const *outputs, size_t nout)
{
    TU_REQUIRE(vec(name, NULL));
    fixture f;
    setup(&f, name);
    size_t G = tsc_table_nregions(f.t), n = tsc_table_n(f.t);
    for (size_t k = 0; k < nout; k++) {
        char file[96];
        tsc_dresult r;
        tsc_error err;
        if (strcmp(method, "oecd_tiva") == 0) snprintf(file, sizeof file, "exvatools_oecd_tiva.csv");
        else snprintf(file, sizeof file, "exvatools_%s_%s.csv", method, outputs[k]);
        cr_assert_eq(tsc_decomp_exvatools(f.d, method, outputs[k], &r, &err), TSC_OK, "%s %s: %s", method, outputs[k],
                     err.msg);
        size_t cnt;
        double worst = compare_long(&r, G, n, vec(name, file), &cnt);
        cr_log_info("%s/%s: max relative gap %.3g over %zu values", name, file, worst, cnt);
        tsc_dresult_free(&r);
    }
    teardown(&f);
}

static const char *const both[] = {"standard", "terms"};
static const char *const tiva[] = {NULL};

Test(exvatools, kww_leather)
{
    method_case("leather", "kww", both, 2);
}
Test(exvatools, kww_random5x4)
{
    method_case("random5x4", "kww", both, 2);
}
Test(exvatools, wwz_leather)
{
    method_case("leather", "wwz", both, 2);
}
Test(exvatools, wwz_random5x4)
{
    method_case("random5x4", "wwz", both, 2);
}
Test(exvatools, my_leather)
{
    method_case("leather", "my", both, 2);
}
Test(exvatools, my_random5x4)
{
    method_case("random5x4", "my", both, 2);
}
Test(exvatools, oecd_leather)
{
    method_case("leather", "oecd", both, 2);
}
Test(exvatools, oecd_random5x4)
{
    method_case("random5x4", "oecd", both, 2);
}
Test(exvatools, oecd_tiva_leather)
{
    method_case("leather", "oecd_tiva", tiva, 1);
}
Test(exvatools, oecd_tiva_random5x4)
{
    method_case("random5x4", "oecd_tiva", tiva, 1);
}
Test(exvatools, bm_src_leather)
{
    method_case("leather", "bm_src", both, 2);
}
Test(exvatools, bm_src_random5x4)
{
    method_case("random5x4", "bm_src", both, 2);
}
Test(exvatools, bm_snk_leather)
{
    method_case("leather", "bm_snk", both, 2);
}
Test(exvatools, bm_snk_random5x4)
{
    method_case("random5x4", "bm_snk", both, 2);
}

/* get_va_fd(origin x destination) is our FD_VA: V^BY summed by origin country. */
static void va_fd_case(const char *name)
{
    TU_REQUIRE(vec(name, NULL));
    fixture f;
    setup(&f, name);
    tsc_dresult fd;
    tsc_error err;
    size_t G = tsc_table_nregions(f.t);
    cr_assert_eq(tsc_decomp_fdva(f.d, &fd, &err), TSC_OK, "%s", err.msg);
    tsc_mat m = tu_ref(vec(name, "exvatools_get_va_fd_origin_x_dest.csv"));
    cr_assert(m.nrow == G && m.ncol == G, "origin x destination is %zu x %zu", m.nrow, m.ncol);
    cr_assert_eq(fd.nrow, G * G);
    double worst = 0;
    for (size_t row = 0; row < fd.nrow; row++) {
        double want = *tsc_mat_at(&m, fd.exporter[row], fd.importer[row]);
        double gap = fabs(fd.v[row] - want) / fmax(fabs(want), 1.0);
        cr_assert_leq(gap, RTOL, "FD_VA %zu -> %zu: %.17g, expected %.17g", fd.exporter[row], fd.importer[row],
                      fd.v[row], want);
        if (gap > worst) worst = gap;
    }
    cr_log_info("%s/exvatools_get_va_fd_origin_x_dest.csv: max relative gap %.3g", name, worst);
    tsc_mat_free(&m);
    tsc_dresult_free(&fd);
    teardown(&f);
}

Test(exvatools, get_va_fd_leather)
{
    va_fd_case("leather");
}
Test(exvatools, get_va_fd_random5x4)
{
    va_fd_case("random5x4");
}

Test(exvatools, bad_arguments)
{
    TU_REQUIRE(vec("leather", NULL));
    fixture f;
    setup(&f, "leather");
    tsc_dresult r;
    tsc_error err;
    cr_assert_eq(tsc_decomp_exvatools(f.d, "nope", "standard", &r, &err), TSC_EINVAL);
    cr_assert(strstr(err.msg, "unknown method"), "%s", err.msg);
    cr_assert_eq(tsc_decomp_exvatools(f.d, "kww", "tiva", &r, &err), TSC_EINVAL);
    cr_assert_eq(tsc_decomp_exvatools(f.d, "oecd_tiva", "terms", &r, &err), TSC_EINVAL);
    cr_assert_eq(tsc_decomp_exvatools(f.d, NULL, NULL, &r, &err), TSC_EINVAL);
    cr_assert_eq(r.nrow, 0);
    /* the output defaults to standard, and exvatools' own spelling of the TiVA output is accepted */
    cr_assert_eq(tsc_decomp_exvatools(f.d, "wwz", NULL, &r, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(r.nterm, 9);
    tsc_dresult_free(&r);
    cr_assert_eq(tsc_decomp_exvatools(f.d, "oecd", "tiva", &r, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(r.nterm, 25);
    tsc_dresult_free(&r);
    teardown(&f);
}

/* A table whose value added misses its column identity by 5% (loaded under a loose tolerance) cannot add up:
 * every method must refuse to return numbers. */
Test(exvatools, identity_violation_is_an_error)
{
    TU_REQUIRE(vec("leather", NULL));
    fixture f;
    setup(&f, "leather");
    tsc_table *bad = tu_table_va_scaled(f.t, 1.05, 0.2);
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(bad, &lf, &err), TSC_OK);
    cr_assert_eq(tsc_decomp_new(bad, lf, &d, &err), TSC_OK);
    static const char *const cases[][2] = {
        {"kww", "standard"}, {"kww", "terms"},       {"wwz", "standard"}, {"wwz", "terms"},    {"my", "standard"},
        {"my", "terms"},     {"oecd", "standard"},   {"oecd", "terms"},   {"oecd_tiva", NULL}, {"bm_src", "standard"},
        {"bm_src", "terms"}, {"bm_snk", "standard"}, {"bm_snk", "terms"}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        tsc_dresult r;
        int rc = tsc_decomp_exvatools(d, cases[c][0], cases[c][1], &r, &err);
        cr_assert_eq(rc, TSC_ENUMERIC, "%s %s returned %d", cases[c][0], cases[c][1] ? cases[c][1] : "", rc);
        cr_assert(strstr(err.msg, "identity"), "%s", err.msg);
        cr_assert_eq(r.nrow, 0, "no partial result");
    }
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(bad);
    teardown(&f);
}
