/* Loads a table from a folder of labelled CSV matrices: the WIOD 2013 layout, the labelled-matrix layout
 * (Region.Sector labels) and the project's native layout (labels listed in meta.json). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "dupes_int.h"
#include "error_int.h"
#include "labelled_matrix_int.h"
#include "table_int.h"

typedef struct layout {
    const char *z[3], *y[3], *xva[3];
    char sep; /* between region and sector/category in labels */
    const char *unit;
} layout;

static const layout wiod_layout = {
    {"Z.csv.gz", "Z.csv", NULL}, {"F.csv.gz", "F.csv", NULL}, {"x_va.csv", "x_va.csv.gz", NULL}, '_', "USD million"};
static const layout labelled_layout = {{"input_Z.csv", "input_Z.csv.gz", NULL},
                                       {"input_Yfd.csv", "input_Y_by_country.csv", "input_Yfd.csv.gz"},
                                       {"input_x_va.csv", "input_x_va.csv.gz", NULL},
                                       '.',
                                       "unknown"};
static const layout native_layout = {
    {"Z.csv.gz", "Z.csv", NULL}, {"Y.csv.gz", "Y.csv", NULL}, {"x_va.csv.gz", "x_va.csv", NULL}, '.', "unknown"};

/* Finds the first existing file among names; writes its path into buf. */
static int find_file(const char *dir, const char *const names[3], char *buf, size_t size, tsc_error *err)
{
    for (int k = 0; k < 3 && names[k]; k++)
        if (tsc__path_join(buf, size, dir, names[k]) == 0 && tsc__file_exists(buf)) return TSC_OK;
    char want[256] = "";
    for (int k = 0; k < 3 && names[k]; k++) {
        size_t u = strlen(want);
        snprintf(want + u, sizeof want - u, "%s%s", k ? " or " : "", names[k]);
    }
    return tsc__error(err, TSC_EIO, dir, 0, 0, "missing file: expected %s in this folder", want);
}

/* Length of the region part of label (up to the first sep), or 0 if sep is absent. */
static size_t region_len(const char *label, char sep)
{
    const char *p = strchr(label, sep);
    return p ? (size_t)(p - label) : 0;
}

/* Derives the region-major grid (regions, then parts after sep) from labels, as new arrays. */
static int grid_from_labels(const tsc_lmat *m, char sep, char ***regions, size_t *G, char ***parts, size_t *P,
                            tsc_error *err)
{
    size_t n = m->ncol, g, p = 0;
    *regions = NULL;
    *parts = NULL;
    *G = 0;
    *P = 0;
    for (size_t k = 0; k < n; k++) {
        size_t rl = region_len(m->cols[k], sep);
        if (rl == 0 || m->cols[k][rl + 1] == '\0')
            return tsc__error(err, TSC_ELABEL, m->path, 1, m->col_pos[k],
                              "column label '%s' is not of the form REGION%cCODE", m->cols[k], sep);
    }
    /* the first region's block fixes the codes; check_grid verifies the rest */
    size_t r0 = region_len(m->cols[0], sep);
    while (p < n && strncmp(m->cols[p], m->cols[0], r0 + 1) == 0) p++;
    if (n % p != 0)
        return tsc__error(err, TSC_ELABEL, m->path, 1, 0,
                          "%zu columns are not a whole number of regions of %zu codes each", n, p);
    g = n / p;
    char **R = tsc__calloc(g, sizeof *R), **S = tsc__calloc(p, sizeof *S);
    if (!R || !S) {
        tsc__free(R);
        tsc__free(S);
        return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    }
    *regions = R;
    *G = g;
    *parts = S;
    *P = p;
    for (size_t r = 0; r < g; r++) {
        const char *lab = m->cols[r * p];
        if (!(R[r] = tsc__strndup(lab, region_len(lab, sep))))
            return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    }
    for (size_t s = 0; s < p; s++)
        if (!(S[s] = tsc__strdup(m->cols[s] + region_len(m->cols[s], sep) + 1)))
            return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    return TSC_OK;
}

static void free_list(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

/* Checks label == region + sep + part, without building strings. */
static int label_is(const char *label, const char *region, char sep, const char *part)
{
    size_t rl = strlen(region);
    return strncmp(label, region, rl) == 0 && label[rl] == sep && strcmp(label + rl + 1, part) == 0;
}

static const char *plural(const char *what)
{
    return strcmp(what, "category") == 0 ? "categories" : "sectors";
}

/* Every column label k must be regions[k / P] sep parts[k % P]; no duplicates. */
static int check_grid(const tsc_lmat *m, char sep, char *const *regions, size_t G, char *const *parts, size_t P,
                      const char *what, tsc_error *err)
{
    /* sizes first: a header that cannot be the grid is refused before its labels are compared */
    if (m->ncol != G * P)
        return tsc__error(err, TSC_EDIM, m->path, 1, 0, "%zu columns where %zu regions x %zu %s make %zu", m->ncol, G,
                          P, plural(what), G * P);
    size_t first, later;
    int d = tsc__find_duplicate((const char *const *)regions, G, &first, &later);
    if (d < 0) return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    if (d)
        return tsc__error(err, TSC_ELABEL, m->path, 1, m->col_pos[later * P],
                          "region '%s' appears twice (labels must be region-major)", regions[later]);
    if ((d = tsc__find_duplicate((const char *const *)parts, P, &first, &later)) < 0)
        return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    if (d)
        return tsc__error(err, TSC_ELABEL, m->path, 1, m->col_pos[later], "duplicate %s '%s' in region '%s'", what,
                          parts[later], regions[0]);
    for (size_t k = 0; k < m->ncol; k++)
        if (!label_is(m->cols[k], regions[k / P], sep, parts[k % P]))
            return tsc__error(err, TSC_ELABEL, m->path, 1, m->col_pos[k],
                              "column label '%s' where '%s%c%s' is expected (labels must be region-major, with the "
                              "same %s in the same order in every region)",
                              m->cols[k], regions[k / P], sep, parts[k % P], plural(what));
    return TSC_OK;
}

/* Row labels must repeat the column labels of Z in the same order. */
static int check_rows(const tsc_lmat *m, const tsc_lmat *z, tsc_error *err)
{
    for (size_t i = 0; i < m->nrow; i++)
        if (strcmp(m->rows[i], z->cols[i]) != 0)
            return tsc__error(err, TSC_ELABEL, m->path, m->row_line[i], 1,
                              "row label '%s' where '%s' is expected (rows must follow the columns of Z)", m->rows[i],
                              z->cols[i]);
    return TSC_OK;
}

/* Final-demand columns: REGION sep CATEGORY, or a bare REGION (one category, named "FD"). */
static int y_grid(const tsc_lmat *y, char sep, const tsc_table *t, char ***cats, size_t *F, tsc_error *err)
{
    *cats = NULL;
    *F = 0;
    if (region_len(y->cols[0], sep) == 0) {
        if (y->ncol != t->G)
            return tsc__error(err, TSC_EDIM, y->path, 1, 0, "%zu final-demand columns for %zu regions", y->ncol, t->G);
        for (size_t r = 0; r < t->G; r++)
            if (strcmp(y->cols[r], t->regions[r]) != 0)
                return tsc__error(err, TSC_ELABEL, y->path, 1, y->col_pos[r],
                                  "final-demand column '%s' where region '%s' is expected", y->cols[r], t->regions[r]);
        *cats = tsc__calloc(1, sizeof **cats);
        if (!*cats || !((*cats)[0] = tsc__strdup("FD")))
            return tsc__error(err, TSC_ENOMEM, y->path, 0, 0, "out of memory");
        *F = 1;
        return TSC_OK;
    }
    char **R = NULL;
    size_t G = 0;
    int rc = grid_from_labels(y, sep, &R, &G, cats, F, err);
    if (!rc) rc = check_grid(y, sep, R, G, *cats, *F, "category", err);
    if (!rc && G != t->G)
        rc = tsc__error(err, TSC_EDIM, y->path, 1, 0, "final demand has %zu regions, Z has %zu", G, t->G);
    for (size_t r = 0; !rc && r < G; r++)
        if (strcmp(R[r], t->regions[r]) != 0)
            rc = tsc__error(err, TSC_ELABEL, y->path, 1, y->col_pos[r * *F],
                            "final-demand region '%s' where '%s' is expected (same order as Z)", R[r], t->regions[r]);
    free_list(R, G);
    return rc;
}

/* Takes x and va from the x/va table: columns named x and va (or va_implied). */
static int take_x_va(const tsc_lmat *m, tsc_table *t, int *have_va, tsc_error *err)
{
    long jx = tsc__lmat_col_index(m, "x");
    long jv = tsc__lmat_col_index(m, "va");
    if (jv < 0) jv = tsc__lmat_col_index(m, "va_implied");
    if (jx < 0) return tsc__error(err, TSC_EPARSE, m->path, 1, 0, "no column named 'x' (gross output) in the header");
    memcpy(t->x, m->v + (size_t)jx * m->nrow, t->n * sizeof(double));
    *have_va = jv >= 0;
    if (jv >= 0) memcpy(t->va, m->v + (size_t)jv * m->nrow, t->n * sizeof(double));
    return TSC_OK;
}

/* Year from a folder name ending in _YYYY or containing a 4-digit year, else 0. */
static int year_from_path(const char *dir)
{
    size_t len = strlen(dir);
    while (len > 0 && dir[len - 1] == '/') len--;
    if (len >= 4) {
        const char *p = dir + len - 4;
        int y = 0;
        for (int k = 0; k < 4; k++) {
            if (p[k] < '0' || p[k] > '9') return 0;
            y = y * 10 + (p[k] - '0');
        }
        return (y >= 1900 && y <= 2200) ? y : 0;
    }
    return 0;
}

/* Over 100 lines by choice: the loader reads Z, Y and x/va in order with one cleanup path; the checks are in
 * check_grid, check_rows and take_x_va. */
int tsc__table_load_folder(const char *dir, tsc_format fmt, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    const layout *L = fmt == TSC_FORMAT_WIOD     ? &wiod_layout
                      : fmt == TSC_FORMAT_NATIVE ? &native_layout
                                                 : &labelled_layout;
    char zpath[1024], ypath[1024], xpath[1024];
    tsc_lmat z = {0}, y = {0}, xv = {0};
    char **R = NULL, **S = NULL, **C = NULL, **mR = NULL, **mS = NULL, **mC = NULL;
    size_t G = 0, N = 0, F = 0, mG = 0, mN = 0, mF = 0;
    char unit[64];
    int year = 0, have_va = 0, rc;
    tsc_table *t = NULL;
    *out = NULL;
    snprintf(unit, sizeof unit, "%s", L->unit);

    if ((rc = find_file(dir, L->z, zpath, sizeof zpath, err)) ||
        (rc = find_file(dir, L->y, ypath, sizeof ypath, err)) ||
        (rc = find_file(dir, L->xva, xpath, sizeof xpath, err)))
        goto fail;
    if (fmt == TSC_FORMAT_NATIVE &&
        (rc = tsc__meta_read_labels(dir, &mR, &mG, &mS, &mN, &mC, &mF, unit, sizeof unit, &year, err)))
        goto fail;
    if (fmt == TSC_FORMAT_WIOD) year = year_from_path(dir);

    if ((rc = tsc__lmat_read(zpath, 0, opts->max_bytes, &z, err))) goto fail;
    if (fmt == TSC_FORMAT_NATIVE) {
        R = mR;
        G = mG;
        S = mS;
        N = mN;
        mR = NULL;
        mS = NULL;
    } else if ((rc = grid_from_labels(&z, L->sep, &R, &G, &S, &N, err))) goto fail;
    if ((rc = check_grid(&z, L->sep, R, G, S, N, "sector", err)) || (rc = check_rows(&z, &z, err))) goto fail;

    if (!(t = tsc__table_alloc(G, N, 1, opts->max_bytes, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto fail;
    }
    /* Z is taken over as it is: the table owns the values read */
    tsc__free(t->Z);
    t->Z = z.v;
    z.v = NULL;
    for (size_t r = 0; r < G; r++) {
        t->regions[r] = R[r];
        R[r] = NULL;
    }
    for (size_t s = 0; s < N; s++) {
        t->sectors[s] = S[s];
        S[s] = NULL;
    }

    if ((rc = tsc__lmat_read(ypath, t->n, opts->max_bytes, &y, err)) || (rc = check_rows(&y, &z, err))) goto fail;
    if (fmt == TSC_FORMAT_NATIVE) {
        C = mC;
        F = mF;
        mC = NULL;
        rc = check_grid(&y, L->sep, t->regions, G, C, F, "category", err);
    } else rc = y_grid(&y, L->sep, t, &C, &F, err);
    if (rc) goto fail;
    tsc__free(t->fdcats[0]);
    tsc__free(t->fdcats);
    t->fdcats = C;
    t->F = F;
    C = NULL;
    tsc__free(t->Y);
    t->Y = y.v;
    y.v = NULL;

    static const char *const xva_cols[] = {"x", "va", "va_implied", NULL};
    if ((rc = tsc__lmat_read_cols(xpath, t->n, opts->max_bytes, xva_cols, L->sep, &xv, err)) ||
        (rc = check_rows(&xv, &z, err)) || (rc = take_x_va(&xv, t, &have_va, err)))
        goto fail;
    snprintf(t->unit, sizeof t->unit, "%s", unit);
    t->year = year;
    if (fmt == TSC_FORMAT_WIOD) /* WIOD industries c1-c16 are goods (agriculture, mining, manufacturing) */
        for (size_t s = 0; s < t->N; s++) {
            const char *c = t->sectors[s];
            long k = c[0] == 'c' ? strtol(c + 1, NULL, 10) : 0;
            t->goods[s] = k >= 1 && k <= 16;
        }
    snprintf(t->source, sizeof t->source, "%s", dir);
    if (fmt == TSC_FORMAT_NATIVE &&
        ((rc = tsc__meta_read_rest(dir, t, err)) || (rc = tsc__extensions_read_native(t, dir, err))))
        goto fail;
    tsc_xsource xs = {xpath, 2};
    t->format = fmt;
    rc = tsc__table_finish(t, opts, 1, have_va, &xs, err);
    if (rc < 0) goto fail;
    *out = t;
    t = NULL;
fail:
    tsc_table_free(t);
    tsc__lmat_free(&z);
    tsc__lmat_free(&y);
    tsc__lmat_free(&xv);
    free_list(R, G);
    free_list(S, N);
    free_list(C, F);
    free_list(mR, mG);
    free_list(mS, mN);
    free_list(mC, mF);
    return rc;
}
