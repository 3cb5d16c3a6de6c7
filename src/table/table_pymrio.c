/* Reads pymrio's text layout (file_parameters.json, tab-separated Z or A, Y, x, unit, extension folders). */
#include <jansson.h>
#include <lapacke.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "archive_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "json_int.h"
#include "table_grid_int.h"
#include "table_int.h"
#include "table_pymrio_int.h"

#define PM_MAX_FILES 32

/* One entry of "files": the key (Z, A, Y, x, unit, F ...), its file name and its index and header depths. */
typedef struct pm_entry {
    char key[32], name[256];
    size_t nidx, nhdr;
} pm_entry;

typedef struct pm_params {
    char path[1100], dir[1100];
    pm_entry e[PM_MAX_FILES];
    size_t n;
    char systemtype[32], name[256];
} pm_params;

/* A whole number given as a string ("2", pymrio's way) or as a number. */
static int depth_of(json_t *v, size_t *out)
{
    long long k = -1;
    if (json_is_integer(v)) k = json_integer_value(v);
    else if (json_is_string(v)) {
        char *end;
        k = strtoll(json_string_value(v), &end, 10);
        if (*end || end == json_string_value(v)) k = -1;
    }
    if (k < 1 || k > 8) return -1;
    *out = (size_t)k;
    return 0;
}

static int params_entry(pm_params *p, const char *key, json_t *v, tsc_error *err)
{
    pm_entry *e = &p->e[p->n];
    json_t *name = json_object_get(v, "name");
    if (!json_is_object(v) || !json_is_string(name) || depth_of(json_object_get(v, "nr_index_col"), &e->nidx) ||
        depth_of(json_object_get(v, "nr_header"), &e->nhdr))
        return tsc__error(err, TSC_EPARSE, p->path, 0, 0,
                          "\"files\": \"%s\" needs \"name\", \"nr_index_col\" and "
                          "\"nr_header\" (whole numbers from 1 to 8)",
                          key);
    const char *nm = json_string_value(name);
    if (strlen(key) >= sizeof e->key || strlen(nm) >= sizeof e->name || strchr(nm, '/') || !nm[0])
        return tsc__error(err, TSC_EPARSE, p->path, 0, 0, "\"files\": \"%s\": bad file name '%s'", key, nm);
    snprintf(e->key, sizeof e->key, "%s", key);
    snprintf(e->name, sizeof e->name, "%s", nm);
    p->n++;
    return TSC_OK;
}

/* Reads dir/file_parameters.json. */
static int params_read(const char *dir, pm_params *p, tsc_error *err)
{
    memset(p, 0, sizeof *p);
    snprintf(p->dir, sizeof p->dir, "%s", dir);
    if (tsc__path_join(p->path, sizeof p->path, dir, PYMRIO_PARAMS))
        return tsc__error(err, TSC_EINVAL, dir, 0, 0, "path too long");
    json_error_t je;
    int oom = 0;
    json_t *root = tsc__json_load_file(p->path, 0, &je, &oom);
    if (oom) return tsc__error(err, TSC_ENOMEM, p->path, 0, 0, "out of memory");
    if (!root)
        return tsc__error(err, tsc__file_exists(p->path) ? TSC_EPARSE : TSC_EIO, p->path,
                          (size_t)(je.line > 0 ? je.line : 0), (size_t)(je.column > 0 ? je.column : 0), "%s", je.text);
    int rc = TSC_OK;
    json_t *files = json_object_get(root, "files"), *st = json_object_get(root, "systemtype"),
           *nm = json_object_get(root, "name");
    if (!json_is_object(files) || !json_is_string(st)) {
        rc = tsc__error(err, TSC_EPARSE, p->path, 1, 1, "needs \"files\" (an object) and \"systemtype\" (a string)");
        goto done;
    }
    snprintf(p->systemtype, sizeof p->systemtype, "%s", json_string_value(st));
    if (json_is_string(nm)) snprintf(p->name, sizeof p->name, "%s", json_string_value(nm));
    const char *key;
    json_t *v;
    json_object_foreach(files, key, v)
    {
        if (p->n == PM_MAX_FILES) {
            rc = tsc__error(err, TSC_ETOOBIG, p->path, 0, 0, "more than %d files", PM_MAX_FILES);
            break;
        }
        if ((rc = params_entry(p, key, v, err))) break;
    }
done:
    json_decref(root);
    return rc;
}

static const pm_entry *params_get(const pm_params *p, const char *key)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->e[i].key, key) == 0) return &p->e[i];
    return NULL;
}

/* ---- one pandas text file: nhdr header lines, an optional line of index names, rows of nidx labels + numbers ---- */

typedef struct pd_file {
    tsc_csv *c;
    char path[1400];
    size_t nidx, nhdr, ncol;
    char **lab[2]; /* column labels of header levels 0 and 1 (level 1 only when nhdr == 2) */
    size_t *pos;   /* their character columns */
    int pending;   /* the first data row has been read already */
} pd_file;

static void pd_close(pd_file *f)
{
    tsc__csv_close(f->c);
    for (int l = 0; l < 2; l++) {
        for (size_t j = 0; f->lab[l] && j < f->ncol; j++) tsc__free(f->lab[l][j]);
        tsc__free(f->lab[l]);
    }
    tsc__free(f->pos);
    memset(f, 0, sizeof *f);
}

/* Takes the labels of one header line (fields nidx ...). */
static int pd_header_line(pd_file *f, size_t level, tsc_error *err)
{
    size_t nf = tsc__csv_nfields(f->c);
    if (level == 0) {
        if (nf <= f->nidx) return tsc__csv_error_at(f->c, nf, err, TSC_EPARSE, "header has no column labels");
        f->ncol = nf - f->nidx;
        f->lab[0] = tsc__calloc(f->ncol, sizeof *f->lab[0]);
        f->pos = tsc__calloc(f->ncol, sizeof *f->pos);
        if (f->nhdr == 2) f->lab[1] = tsc__calloc(f->ncol, sizeof *f->lab[1]);
        if (!f->lab[0] || !f->pos || (f->nhdr == 2 && !f->lab[1]))
            return tsc__error(err, TSC_ENOMEM, f->path, 0, 0, "out of memory");
    } else if (nf != f->nidx + f->ncol)
        return tsc__csv_error_at(f->c, nf < f->nidx + f->ncol ? nf : f->nidx + f->ncol, err, TSC_EPARSE,
                                 "header line has %zu fields where the first has %zu", nf, f->nidx + f->ncol);
    for (size_t j = 0; j < f->ncol; j++) {
        if (tsc__csv_flen(f->c, f->nidx + j) == 0)
            return tsc__csv_error_at(f->c, f->nidx + j, err, TSC_ELABEL, "empty column label");
        if (!(f->lab[level][j] = tsc__strdup(tsc__csv_field(f->c, f->nidx + j))))
            return tsc__error(err, TSC_ENOMEM, f->path, 0, 0, "out of memory");
        if (level == 0) f->pos[j] = tsc__csv_col(f->c, f->nidx + j);
    }
    return TSC_OK;
}

/* Opens dir/e->name, which must have nidx index columns and nhdr header lines (1 or 2), and reads its header. */
static int pd_open(pd_file *f, const pm_params *p, const pm_entry *e, size_t nidx, size_t nhdr, tsc_error *err)
{
    memset(f, 0, sizeof *f);
    if (e->nidx != nidx || e->nhdr != nhdr)
        return tsc__error(err, TSC_EFORMAT, p->path, 0, 0,
                          "\"%s\" has nr_index_col %zu and nr_header %zu; tariffscope "
                          "reads %zu and %zu",
                          e->key, e->nidx, e->nhdr, nidx, nhdr);
    if (tsc__path_join(f->path, sizeof f->path, p->dir, e->name))
        return tsc__error(err, TSC_EINVAL, p->dir, 0, 0, "path too long");
    f->nidx = nidx;
    f->nhdr = nhdr;
    int rc = tsc__csv_open(f->path, &f->c, err);
    if (rc) return rc;
    tsc__csv_set_sep(f->c, '\t');
    for (size_t l = 0; l < nhdr; l++) {
        if ((rc = tsc__csv_next(f->c, err)) <= 0)
            return rc ? rc : tsc__error(err, TSC_EPARSE, f->path, 0, 0, "file ends in its header");
        if ((rc = pd_header_line(f, l, err))) return rc;
    }
    if (nhdr == 1) return TSC_OK;
    /* pandas writes the index names on a line of their own after a multi-level header: values all empty */
    if ((rc = tsc__csv_next(f->c, err)) < 0) return rc;
    if (rc == 0) return TSC_OK;
    int names = tsc__csv_nfields(f->c) == f->nidx + f->ncol;
    for (size_t j = 0; names && j < f->ncol; j++) names = tsc__csv_flen(f->c, f->nidx + j) == 0;
    f->pending = !names;
    return TSC_OK;
}

/* The next data row: 1, 0 at the end, < 0 on error. Checks its width and its labels are not empty. */
static int pd_next(pd_file *f, tsc_error *err)
{
    int rc = 1;
    if (f->pending) f->pending = 0;
    else if ((rc = tsc__csv_next(f->c, err)) <= 0) return rc;
    size_t nf = tsc__csv_nfields(f->c), want = f->nidx + f->ncol;
    if (nf != want)
        return tsc__csv_error_at(f->c, nf < want ? nf : want, err, TSC_EPARSE,
                                 "ragged row: %zu fields where the "
                                 "header has %zu",
                                 nf, want);
    for (size_t l = 0; l < f->nidx; l++)
        if (tsc__csv_flen(f->c, l) == 0) return tsc__csv_error_at(f->c, l, err, TSC_ELABEL, "empty row label");
    return 1;
}

/* Row labels (region, sector) must be the core matrix's column k. */
static int pd_row_is(pd_file *f, const pd_file *core, size_t k, tsc_error *err)
{
    if (k >= core->ncol)
        return tsc__csv_error_at(f->c, 0, err, TSC_EDIM, "more rows than the %zu of the core matrix", core->ncol);
    const char *r = tsc__csv_field(f->c, 0), *s = tsc__csv_field(f->c, 1);
    if (strcmp(r, core->lab[0][k]) != 0 || strcmp(s, core->lab[1][k]) != 0)
        return tsc__csv_error_at(f->c, 0, err, TSC_ELABEL,
                                 "row (%s, %s) where (%s, %s) is expected (rows follow the "
                                 "columns of the core matrix)",
                                 r, s, core->lab[0][k], core->lab[1][k]);
    return TSC_OK;
}

static int pd_rows_done(pd_file *f, size_t got, size_t want, tsc_error *err)
{
    if (got == want) return TSC_OK;
    return tsc__error(err, TSC_EDIM, f->path, tsc__csv_line(f->c), 0, "%zu data rows where %zu are expected", got,
                      want);
}

/* ---- the system --------------------------------------------------------------------------------------------- */

typedef struct pm_load {
    pm_params p;
    pd_file core; /* Z.txt or A.txt: the labels every other file follows */
    tsc_grid ind, fd;
    tsc_table *t;
    int is_a, have_x, have_va;
} pm_load;

/* The grid of the core matrix's columns; Y's grid, whose regions must be the same in the same order. */
static int grids(pm_load *L, pd_file *y, tsc_error *err)
{
    tsc_where w = {L->core.path, NULL, L->core.pos};
    int rc = tsc__grid_build(&L->ind, L->core.ncol, (const char *const *)L->core.lab[0],
                             (const char *const *)L->core.lab[1], &w, "sector", err);
    if (rc) return rc;
    tsc_where wy = {y->path, NULL, y->pos};
    if ((rc = tsc__grid_build(&L->fd, y->ncol, (const char *const *)y->lab[0], (const char *const *)y->lab[1], &wy,
                              "category", err)))
        return rc;
    if (L->fd.G != L->ind.G)
        return tsc__error(err, TSC_EDIM, y->path, 1, 0, "final demand has %zu regions, %s %zu", L->fd.G, L->core.path,
                          L->ind.G);
    for (size_t r = 0; r < L->fd.G; r++)
        if (strcmp(L->fd.regions[r], L->ind.regions[r]) != 0)
            return tsc__error(err, TSC_ELABEL, y->path, 1, 0,
                              "final-demand region '%s' where '%s' is expected (the "
                              "order of the core matrix)",
                              L->fd.regions[r], L->ind.regions[r]);
    return TSC_OK;
}

/* Reads the next plain numeric rows of f in bulk (tsc__csv_read_numeric, on every core), row k of the file into
 * v[row_at[k] + col_at[j]], and checks their labels are the core matrix's columns k, as pd_row_is does: 1 when it read
 * some, 0 when pd_next must read the next row, < 0 on error. scratch has room for 5 * core->ncol entries. */
static int pd_bulk(pd_file *f, const pd_file *core, size_t *k, double *v, const size_t *row_at, const size_t *col_at,
                   size_t *scratch, tsc_error *err)
{
    if (f->pending || *k >= core->ncol) return 0;
    size_t m = core->ncol - *k, *lab_len = scratch, *line = scratch + 2 * m;
    const char **lab = (const char **)(void *)(scratch + 3 * m);
    tsc_csv_numeric spec = {.nlab = 2,
                            .ncol = f->ncol,
                            .max_rows = m,
                            .v = v,
                            .row_at = row_at + *k,
                            .col_at = col_at,
                            .label = lab,
                            .label_len = lab_len,
                            .line = line};
    size_t got = 0;
    int rc = tsc__csv_read_numeric(f->c, &spec, &got, err);
    if (rc) return rc;
    for (size_t r = 0; r < got; r++) {
        const char *er = core->lab[0][*k + r], *es = core->lab[1][*k + r];
        size_t lr = lab_len[2 * r], ls = lab_len[2 * r + 1];
        if (strlen(er) != lr || memcmp(er, lab[2 * r], lr) != 0 || strlen(es) != ls || memcmp(es, lab[2 * r + 1], ls))
            return tsc__error(
                err, TSC_ELABEL, f->path, line[r], 1,
                "row (%.*s, %.*s) where (%s, %s) is expected (rows follow the columns of the core matrix)", (int)lr,
                lab[2 * r], (int)ls, lab[2 * r + 1], er, es);
    }
    *k += got;
    return got > 0;
}

/* Rows of f, whose labels follow the core matrix's columns, into dst (n x ?, column-major): row k at the table row
 * L->ind.cell[k], number j in column colcell[j]; in bulk where the rows are plain, else row by row. */
static int read_rows(pm_load *L, pd_file *f, double *dst, const size_t *colcell, tsc_error *err)
{
    size_t k = 0, n = L->t->n, m = L->core.ncol, *col_at = NULL, *scratch = NULL;
    int rc;
    if (!(col_at = tsc__calloc(f->ncol, sizeof *col_at)) || !(scratch = tsc__calloc(5 * m, sizeof *scratch))) {
        rc = tsc__error(err, TSC_ENOMEM, f->path, 0, 0, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < f->ncol; j++) col_at[j] = colcell[j] * n;
    for (;;) {
        if ((rc = pd_bulk(f, &L->core, &k, dst, L->ind.cell, col_at, scratch, err)) != 0) {
            if (rc < 0) goto done;
            continue;
        }
        if ((rc = pd_next(f, err)) != 1) break;
        if ((rc = pd_row_is(f, &L->core, k, err))) goto done;
        size_t ti = L->ind.cell[k];
        for (size_t j = 0; j < f->ncol; j++) {
            double v;
            if ((rc = tsc__csv_number(f->c, 2 + j, &v, err))) goto done;
            dst[ti + col_at[j]] = v;
        }
        k++;
    }
    if (rc == 0) rc = pd_rows_done(f, k, m, err);
done:
    tsc__free(col_at);
    tsc__free(scratch);
    return rc;
}

/* Rows of the core matrix into t->Z (A's coefficients until x is known). */
static int read_core(pm_load *L, tsc_error *err)
{
    return read_rows(L, &L->core, L->t->Z, L->ind.cell, err);
}

static int read_y(pm_load *L, pd_file *y, tsc_error *err)
{
    return read_rows(L, y, L->t->Y, L->fd.cell, err);
}

/* x.txt: one value per row. */
static int read_x(pm_load *L, const pm_entry *e, tsc_error *err)
{
    pd_file f;
    size_t k = 0;
    int rc = pd_open(&f, &L->p, e, 2, 1, err);
    if (!rc && f.ncol != 1) rc = tsc__error(err, TSC_EDIM, f.path, 1, 0, "%zu columns where x has one", f.ncol);
    while (!rc && (rc = pd_next(&f, err)) == 1) {
        double v;
        if ((rc = pd_row_is(&f, &L->core, k, err)) || (rc = tsc__csv_number(f.c, 2, &v, err))) break;
        L->t->x[L->ind.cell[k++]] = v;
        rc = 0;
    }
    /* rc is 0 at the end of the file (pd_next), negative on an error */
    if (rc == 0) rc = pd_rows_done(&f, k, L->core.ncol, err);
    pd_close(&f);
    L->have_x = rc == 0;
    return rc;
}

/* unit.txt: the table's unit when every row has the same. */
static int read_unit(pm_load *L, const pm_entry *e, tsc_error *err)
{
    pd_file f;
    int rc = pd_open(&f, &L->p, e, 2, 1, err), mixed = 0;
    size_t k = 0;
    while (!rc && (rc = pd_next(&f, err)) == 1) {
        const char *u = tsc__csv_field(f.c, 2);
        if (k++ == 0) snprintf(L->t->unit, sizeof L->t->unit, "%s", u);
        else if (strcmp(u, L->t->unit) != 0) mixed = 1;
        rc = 0;
    }
    pd_close(&f);
    if (rc < 0) return rc;
    if (mixed) {
        rc = tsc__table_note(L->t, err, "unit.txt gives several units (first: %s); the table's unit says 'mixed'",
                             L->t->unit);
        snprintf(L->t->unit, sizeof L->t->unit, "mixed");
    }
    return rc;
}

/* A x^ -> Z, x from x.txt or from (I - A) x = Y1. */
static int z_from_a(pm_load *L, tsc_error *err)
{
    tsc_table *t = L->t;
    size_t n = t->n;
    int rc = TSC_OK;
    if (!L->have_x) {
        if (n > (size_t)INT32_MAX) return tsc__error(err, TSC_ETOOBIG, L->core.path, 0, 0, "n = %zu is too large", n);
        double *M = tsc__alloc_doubles(n * n, 0);
        lapack_int *piv = tsc__malloc(n * sizeof *piv);
        if (!M || !piv) {
            rc = tsc__error(err, TSC_ENOMEM, L->core.path, 0, 0, "out of memory");
            goto done;
        }
        for (size_t k = 0; k < n * n; k++) M[k] = -t->Z[k];
        for (size_t i = 0; i < n; i++) M[i + i * n] += 1.0;
        memset(t->x, 0, n * sizeof *t->x);
        for (size_t c = 0; c < t->G * t->F; c++)
            for (size_t i = 0; i < n; i++) t->x[i] += t->Y[i + c * n];
        lapack_int info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)n, 1, M, (lapack_int)n, piv, t->x, (lapack_int)n);
        if (info != 0)
            rc = tsc__error(err, TSC_ESINGULAR, L->core.path, 0, 0,
                            "I - A is singular (pivot %d): x cannot be solved "
                            "from (I - A) x = Y1; give x.txt",
                            (int)info);
    done:
        tsc__free(M);
        tsc__free(piv);
        if (rc) return rc;
        rc = tsc__table_note(t, err, "x solved from (I - A) x = Y1 (no x.txt), Z = A diag(x)");
        L->have_x = 1;
    }
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) t->Z[i + j * n] *= t->x[j];
    return rc;
}

/* ---- extensions ------------------------------------------------------------------------------------------------ */

/* The number of accounts (data rows) of an extension's F. */
static int count_accounts(const pm_params *p, const pm_entry *e, size_t *count, tsc_error *err)
{
    pd_file f;
    int rc = pd_open(&f, p, e, e->nidx, 2, err);
    *count = 0;
    while (!rc && (rc = pd_next(&f, err)) == 1) {
        (*count)++;
        rc = 0;
    }
    pd_close(&f);
    return rc < 0 ? rc : TSC_OK;
}

/* An account's name: its index labels joined by PYMRIO_LEVEL_SEP ("emission_type1|air"). */
static int account_name(tsc_csv *c, size_t nidx, char **out, tsc_error *err)
{
    char buf[1024];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t l = 0; l < nidx; l++) {
        int w = snprintf(buf + used, sizeof buf - used, "%s%s", l ? PYMRIO_LEVEL_SEP : "", tsc__csv_field(c, l));
        if (w < 0 || (size_t)w >= sizeof buf - used)
            return tsc__csv_error_at(c, 0, err, TSC_ETOOBIG, "account name longer than %zu bytes", sizeof buf - 1);
        used += (size_t)w;
    }
    return (*out = tsc__strdup(buf)) ? TSC_OK : tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
}

/* F: k accounts by the core matrix's columns, in its order. */
static int read_ext_f(pm_load *L, const pm_params *p, const pm_entry *e, tsc_ext *x, tsc_error *err)
{
    pd_file f;
    int rc = pd_open(&f, p, e, e->nidx, 2, err);
    if (!rc && f.ncol != L->core.ncol)
        rc = tsc__error(err, TSC_EDIM, f.path, 1, 0, "%zu columns where the core matrix has %zu", f.ncol, L->core.ncol);
    for (size_t j = 0; !rc && j < f.ncol; j++)
        if (strcmp(f.lab[0][j], L->core.lab[0][j]) != 0 || strcmp(f.lab[1][j], L->core.lab[1][j]) != 0)
            rc = tsc__error(err, TSC_ELABEL, f.path, 1, f.pos[j], "column (%s, %s) where (%s, %s) is expected",
                            f.lab[0][j], f.lab[1][j], L->core.lab[0][j], L->core.lab[1][j]);
    size_t a = 0;
    while (!rc && a < x->k && (rc = pd_next(&f, err)) == 1) {
        rc = account_name(f.c, f.nidx, &x->accounts[a], err);
        for (size_t j = 0; j < f.ncol && !rc; j++)
            rc = tsc__csv_number(f.c, f.nidx + j, &x->F[a + L->ind.cell[j] * x->k], err);
        a++;
    }
    if (!rc && a != x->k) rc = tsc__error(err, TSC_EDIM, f.path, 0, 0, "%zu accounts where %zu were counted", a, x->k);
    pd_close(&f);
    return rc;
}

/* F_Y (F_hh in older EXIOBASE 3 files): the accounts of F, in its order, by (region, category) columns. */
static int read_ext_fy(pm_load *L, const pm_params *p, const pm_entry *e, tsc_ext *x, tsc_error *err)
{
    pd_file f;
    tsc_table *t = L->t;
    size_t *col = NULL, a = 0;
    int rc = pd_open(&f, p, e, e->nidx, 2, err);
    if (!rc && !(col = tsc__malloc(f.ncol * sizeof *col)))
        rc = tsc__error(err, TSC_ENOMEM, f.path, 0, 0, "out of memory");
    for (size_t j = 0; !rc && j < f.ncol; j++) {
        size_t r = tsc__grid_find(t->regions, t->G, f.lab[0][j]), c = tsc__grid_find(t->fdcats, t->F, f.lab[1][j]);
        if (r == t->G || c == t->F)
            rc = tsc__error(err, TSC_ELABEL, f.path, 1, f.pos[j], "column (%s, %s) is not a final-demand column of Y",
                            f.lab[0][j], f.lab[1][j]);
        col[j] = r * t->F + c;
    }
    while (!rc && (rc = pd_next(&f, err)) == 1) {
        char *name = NULL;
        if ((rc = account_name(f.c, f.nidx, &name, err))) break;
        if (a == x->k || strcmp(name, x->accounts[a]) != 0)
            rc = tsc__csv_error_at(f.c, 0, err, TSC_ELABEL, "account '%s' where '%s' is expected (the rows of F)", name,
                                   a < x->k ? x->accounts[a] : "the end of the file");
        tsc__free(name);
        for (size_t j = 0; j < f.ncol && !rc; j++) {
            double v;
            if (!(rc = tsc__csv_number(f.c, f.nidx + j, &v, err))) x->FY[a + col[j] * x->k] += v;
        }
        a++;
    }
    if (!rc && a != x->k) rc = tsc__error(err, TSC_EDIM, f.path, 0, 0, "%zu accounts where F has %zu", a, x->k);
    tsc__free(col);
    pd_close(&f);
    return rc;
}

/* unit.txt of an extension: a header line, then per account its index labels and the unit in the last field (the
 * index depth its file_parameters.json gives is not trusted: EXIOBASE 3 says 2 for a file of two columns). */
static int read_ext_unit(const pm_params *p, const pm_entry *e, tsc_ext *x, tsc_error *err)
{
    char path[1400];
    tsc_csv *c = NULL;
    if (tsc__path_join(path, sizeof path, p->dir, e->name))
        return tsc__error(err, TSC_EINVAL, p->dir, 0, 0, "path too long");
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    tsc__csv_set_sep(c, '\t');
    if ((rc = tsc__csv_next(c, err)) == 1)
        while ((rc = tsc__csv_next(c, err)) == 1) {
            size_t nf = tsc__csv_nfields(c);
            if (nf < 2) continue;
            char *name = NULL;
            if ((rc = account_name(c, nf - 1, &name, err))) break;
            for (size_t a = 0; a < x->k; a++)
                if (strcmp(x->accounts[a], name) == 0) {
                    char *u = tsc__strdup(tsc__csv_field(c, nf - 1));
                    if (!u) rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                    tsc__free(x->units[a]);
                    x->units[a] = u;
                    break;
                }
            tsc__free(name);
            if (rc) break;
        }
    tsc__csv_close(c);
    for (size_t a = 0; rc >= 0 && a < x->k; a++)
        if (!x->units[a] && !(x->units[a] = tsc__strdup("")))
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    return rc < 0 ? rc : TSC_OK;
}

/* An extension folder into the table: F, F_Y (or F_hh) and unit; the factor_inputs extension also gives va (the
 * column sums of its F). */
static int read_ext(pm_load *L, const pm_params *p, const char *name, tsc_error *err)
{
    const pm_entry *F = params_get(p, "F"), *FY = params_get(p, "F_Y"), *U = params_get(p, "unit");
    if (!FY) FY = params_get(p, "F_hh");
    tsc_ext x;
    memset(&x, 0, sizeof x);
    size_t k = 0;
    int rc = count_accounts(p, F, &k, err);
    if (rc) return rc;
    if (k == 0) return tsc__table_note(L->t, err, "extension %s has no accounts: left out", name);
    tsc_table *t = L->t;
    size_t nf, nfy;
    if (tsc__mul_size(k, t->n, &nf) || tsc__mul_size(k, t->G * t->F, &nfy))
        return tsc__error(err, TSC_ETOOBIG, p->path, 0, 0, "extension %s is too large", name);
    x.k = k;
    x.name = tsc__strdup(name);
    x.accounts = tsc__calloc(k, sizeof *x.accounts);
    x.units = tsc__calloc(k, sizeof *x.units);
    x.F = tsc__alloc_doubles(nf, 1);
    if (FY) x.FY = tsc__alloc_doubles(nfy, 1);
    if (!x.name || !x.accounts || !x.units || !x.F || (FY && !x.FY)) {
        rc = tsc__error(err, TSC_ENOMEM, p->path, 0, 0, "out of memory");
        goto fail;
    }
    if ((rc = read_ext_f(L, p, F, &x, err)) || (FY && (rc = read_ext_fy(L, p, FY, &x, err))) ||
        (U ? (rc = read_ext_unit(p, U, &x, err)) : 0))
        goto fail;
    for (size_t a = 0; a < k; a++)
        if (!x.units[a] && !(x.units[a] = tsc__strdup(""))) {
            rc = tsc__error(err, TSC_ENOMEM, p->path, 0, 0, "out of memory");
            goto fail;
        }
    if (strcmp(name, PYMRIO_VA_EXT) == 0 && !L->have_va) {
        for (size_t j = 0; j < t->n; j++)
            for (size_t a = 0; a < k; a++) t->va[j] += x.F[a + j * k];
        L->have_va = 1;
        /* the one account VA and nothing else is how tariffscope writes a table's va: va, not an extension */
        if (k == 1 && !x.FY && strcmp(x.accounts[0], PYMRIO_VA_ACCOUNT) == 0) {
            tsc__ext_clear(&x);
            return TSC_OK;
        }
    }
    return tsc__table_extension_take(t, &x, err);
fail:
    tsc__ext_clear(&x);
    return rc;
}

/* One subfolder: an extension (named after its folder, as pymrio's attribute is); folders that are not pymrio
 * extensions, or have no F, are passed over. */
static int read_extension(pm_load *L, const char *sub, const char *folder, tsc_error *err)
{
    char pp[1200];
    pm_params *p = tsc__malloc(sizeof *p);
    if (!p) return tsc__error(err, TSC_ENOMEM, sub, 0, 0, "out of memory");
    int rc = TSC_OK;
    if (tsc__path_join(pp, sizeof pp, sub, PYMRIO_PARAMS) || !tsc__file_exists(pp)) goto done;
    if ((rc = params_read(sub, p, err)) || strcmp(p->systemtype, PYMRIO_EXTENSION) != 0) goto done;
    if (!params_get(p, "F")) {
        rc = tsc__table_note(L->t, err, "extension folder %s has no F: left out", folder);
        goto done;
    }
    if (!tsc__ext_name_ok(folder)) {
        rc = tsc__error(err, TSC_ELABEL, sub, 0, 0,
                        "extension folder name '%s': use letters, digits, '_', '-' and '.' (not first)", folder);
        goto done;
    }
    rc = read_ext(L, p, folder, err);
done:
    tsc__free(p);
    return rc;
}

static int read_extensions(pm_load *L, tsc_error *err)
{
    char **names = NULL;
    size_t n = 0;
    int rc = tsc__dir_list(L->p.dir, &names, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        char sub[1200];
        if (tsc__path_join(sub, sizeof sub, L->p.dir, names[i]) == 0 && tsc__dir_exists(sub))
            rc = read_extension(L, sub, names[i], err);
    }
    tsc__names_free(names, n);
    return rc;
}

/* metadata.json's "year" (written by tsc_table_save_pymrio), else the year in the folder's name. */
static int year_of(const char *dir)
{
    char path[1200];
    int year = 0;
    if (tsc__path_join(path, sizeof path, dir, PYMRIO_METADATA) == 0 && tsc__file_exists(path)) {
        int oom = 0;
        json_t *root = tsc__json_load_file(path, 0, NULL, &oom), *y = json_object_get(root, "year");
        if (json_is_integer(y) && json_integer_value(y) >= 1900 && json_integer_value(y) <= 2199)
            year = (int)json_integer_value(y);
        json_decref(root);
    }
    return year ? year : tsc__year_in_name(dir);
}

/* ---- the loader -------------------------------------------------------------------------------------------------- */

static int load_core(pm_load *L, const tsc_load_opts *opts, tsc_error *err)
{
    const pm_entry *ez = params_get(&L->p, "Z"), *ea = params_get(&L->p, "A"), *ey = params_get(&L->p, "Y");
    if (strcmp(L->p.systemtype, PYMRIO_SYSTEM) != 0)
        return tsc__error(err, TSC_EFORMAT, L->p.path, 0, 0,
                          "systemtype '%s': a table is a folder whose systemtype is "
                          "IOSystem (an extension's folder is not a table)",
                          L->p.systemtype);
    if ((!ez && !ea) || !ey)
        return tsc__error(err, TSC_EFORMAT, L->p.path, 0, 0, "\"files\" lists %s; a table needs Z (or A) and Y",
                          ey ? "neither Z nor A" : "no Y");
    L->is_a = ez == NULL;
    pd_file y;
    int rc = pd_open(&L->core, &L->p, ez ? ez : ea, 2, 2, err);
    if (!rc) rc = pd_open(&y, &L->p, ey, 2, 2, err);
    else memset(&y, 0, sizeof y);
    if (!rc) rc = grids(L, &y, err);
    if (!rc && !(L->t = tsc__table_alloc(L->ind.G, L->ind.P, L->fd.P, opts->max_bytes, err)))
        rc = err ? err->code : TSC_ENOMEM;
    if (!rc) {
        tsc_table *t = L->t;
        for (size_t r = 0; r < t->G; r++) {
            t->regions[r] = L->ind.regions[r];
            L->ind.regions[r] = NULL;
        }
        for (size_t s = 0; s < t->N; s++) {
            t->sectors[s] = L->ind.parts[s];
            L->ind.parts[s] = NULL;
        }
        for (size_t f = 0; f < t->F; f++) {
            t->fdcats[f] = L->fd.parts[f];
            L->fd.parts[f] = NULL;
        }
        snprintf(t->source, sizeof t->source, "%.510s", L->p.dir);
        rc = read_core(L, err);
    }
    if (!rc) rc = read_y(L, &y, err);
    pd_close(&y);
    return rc;
}

int tsc__table_load_pymrio(const char *dir, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    pm_load *L = tsc__calloc(1, sizeof *L);
    int rc;
    *out = NULL;
    if (!L) return tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
    if ((rc = params_read(dir, &L->p, err)) || (rc = load_core(L, opts, err))) goto fail;
    const pm_entry *ex = params_get(&L->p, "x"), *eu = params_get(&L->p, "unit");
    if ((ex && (rc = read_x(L, ex, err))) || (L->is_a && (rc = z_from_a(L, err))) ||
        (eu && (rc = read_unit(L, eu, err))) || (rc = read_extensions(L, err)))
        goto fail;
    L->t->year = year_of(dir);
    L->t->format = TSC_FORMAT_PYMRIO;
    rc = tsc__table_finish(L->t, opts, L->have_x, L->have_va, NULL, err);
    if (rc < 0) goto fail;
    *out = L->t;
    L->t = NULL;
fail:
    tsc_table_free(L->t);
    pd_close(&L->core);
    tsc__grid_free(&L->ind);
    tsc__grid_free(&L->fd);
    tsc__free(L);
    return rc;
}
