/* Reads GLORIA (its MRIO supply-use CSVs and ReadMe labels) into an industry-by-industry table (Eurostat model D). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc_int.h"
#include "archive_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_gloria_int.h"
#include "xlsx_int.h"

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

void tsc__gloria_labels_free(tsc__gloria_labels *l)
{
    free_strs(l->regions, l->G);
    free_strs(l->sectors, l->N);
    free_strs(l->fdcats, l->F);
    memset(l, 0, sizeof *l);
}

/* State while the three files stream in. */
typedef struct gl_read {
    tsc_table *t;
    size_t G, N, F, K;
    double *D;            /* G blocks of N x N, D[r*N*N + i + p*N]: supply S, then (once normalised) market shares */
    unsigned char *qzero; /* per (region, product): nobody supplies it (q = 0) */
    double *buf;          /* one row's industry or final-demand values */
    double off_sum;       /* cells outside the supply, use, final-demand and value-added blocks */
    size_t off_n;
    double lost; /* use of products nobody supplies */
    size_t lost_n;
} gl_read;

static void off_block(gl_read *s, double v)
{
    if (v != 0) {
        s->off_sum += fabs(v);
        s->off_n++;
    }
}

/* Region r's supply is complete (its product rows start): g = S1 is its industries' output; D = S q^-1. */
static void normalise(gl_read *s, size_t r)
{
    size_t N = s->N;
    double *S = s->D + r * N * N;
    for (size_t i = 0; i < N; i++) {
        double g = 0;
        for (size_t p = 0; p < N; p++) g += S[i + p * N];
        s->t->x[r * N + i] = g;
    }
    for (size_t p = 0; p < N; p++) {
        double q = 0;
        for (size_t i = 0; i < N; i++) q += S[i + p * N];
        s->qzero[r * N + p] = q == 0;
        for (size_t i = 0; i < N; i++) S[i + p * N] = q == 0 ? 0 : S[i + p * N] / q;
    }
}

/* Adds D^{rr}[:, p] * buf (m values) to the rows of region r's industries in dst (leading dimension n). */
static void spread(gl_read *s, size_t r, size_t p, double *dst, size_t m)
{
    size_t N = s->N, n = s->t->n;
    const double *d = s->D + r * N * N + p * N;
    for (size_t i = 0; i < N; i++) {
        if (d[i] == 0) continue;
        double *row = dst + r * N + i;
        for (size_t k = 0; k < m; k++) row[k * n] += d[i] * s->buf[k];
    }
}

/* The next row's ncol numbers into *row (tsc__csv_rows_next), a record the bulk parser leaves read here field by
 * field, its errors located at its line and column: 1, 0 at the end of the file, < 0 on an error (err filled). */
static int rows_next(tsc_csv_rows *b, const double **row, tsc_error *err)
{
    int rc = tsc__csv_rows_next(b, row, err);
    if (rc != 2) return rc;
    if ((rc = tsc__csv_expect_fields(b->c, b->ncol, err))) return rc;
    for (size_t j = 0; j < b->ncol; j++)
        if ((rc = tsc__csv_number(b->c, j, &b->v[j], err))) return rc;
    *row = b->v;
    return 1;
}

static int too_many_rows(const tsc_csv_rows *b, size_t nrow, const char *what, tsc_error *err)
{
    return tsc__error(err, TSC_EDIM, tsc__csv_path(b->c), b->line, 1, "more than %zu rows (%s; the ReadMe's labels)",
                      nrow, what);
}

static int too_few_rows(tsc_csv *c, size_t got, size_t nrow, const char *what, tsc_error *err)
{
    return tsc__error(err, TSC_EDIM, tsc__csv_path(c), tsc__csv_line(c), 0,
                      "%zu rows where %zu are expected (%s; the ReadMe's labels)", got, nrow, what);
}

/* A product row p of region r, in buf (m values): spread over the industries that supply it, or counted as lost
 * when nobody does. */
static void use_row(gl_read *s, size_t r, size_t p, double *dst, size_t m)
{
    if (!s->qzero[r * s->N + p]) {
        spread(s, r, p, dst, m);
        return;
    }
    for (size_t j = 0; j < m; j++)
        if (s->buf[j] != 0) s->lost += fabs(s->buf[j]), s->lost_n++;
}

/* T, row i: supply rows (industries) keep their own region's product columns; use rows (products) are spread over
 * the industries that supply them. */
static void T_row(gl_read *s, size_t i, const double *v)
{
    size_t G = s->G, N = s->N, m = 2 * N, r = i / m, k = i % m;
    if (k == N) normalise(s, r);
    for (size_t cr = 0; cr < G; cr++) { /* region cr's industry then product columns, no division a cell */
        const double *vr = v + cr * m;
        if (k >= N) memcpy(s->buf + cr * N, vr, N * sizeof *vr);
        else
            for (size_t ck = 0; ck < N; ck++) off_block(s, vr[ck]);
        if (k < N && cr == r)
            for (size_t ck = N; ck < m; ck++) s->D[r * N * N + k + (ck - N) * N] = vr[ck];
        else
            for (size_t ck = N; ck < m; ck++) off_block(s, vr[ck]);
    }
    if (k >= N) use_row(s, r, k - N, s->t->Z, G * N);
}

/* Y, row i: the product rows of final demand spread over the supplying industries as the use rows were. */
static void Y_row(gl_read *s, size_t i, const double *v)
{
    size_t N = s->N, m = 2 * N, ncol = s->G * s->F, r = i / m, k = i % m;
    for (size_t j = 0; j < ncol; j++) {
        if (k < N) off_block(s, v[j]);
        else s->buf[j] = v[j];
    }
    if (k >= N) use_row(s, r, k - N, s->t->Y, ncol);
}

/* V, row i: every value-added row summed under the industry columns. */
static void V_row(gl_read *s, size_t i, const double *v)
{
    size_t N = s->N, m = 2 * N;
    (void)i;
    for (size_t cr = 0; cr < s->G; cr++) {
        const double *vr = v + cr * m;
        for (size_t ck = 0; ck < N; ck++) s->t->va[cr * N + ck] += vr[ck];
        for (size_t ck = N; ck < m; ck++) off_block(s, vr[ck]);
    }
}

/* One of the three files: its rows of ncol numbers through row(s, i, values), exactly nrow of them (what: the
 * ReadMe's labels they are counted against, for the messages). */
typedef struct gl_file {
    void (*row)(gl_read *s, size_t i, const double *v);
    size_t nrow, ncol;
    const char *what;
} gl_file;

static int read_rows(gl_read *s, tsc_csv *c, const gl_file *f, tsc_error *err)
{
    const double *v;
    tsc_csv_rows b;
    size_t i = 0;
    int rc = tsc__csv_rows_init(&b, c, 0, f->ncol, err);
    while (!rc && (rc = rows_next(&b, &v, err)) == 1) {
        rc = TSC_OK;
        if (i == f->nrow) {
            rc = too_many_rows(&b, f->nrow, f->what, err);
            break;
        }
        f->row(s, i++, v);
    }
    tsc__csv_rows_free(&b);
    return rc < 0 ? rc : i < f->nrow ? too_few_rows(c, i, f->nrow, f->what, err) : TSC_OK;
}

static int read_file(gl_read *s, const char *path, const gl_file *f, tsc_error *err)
{
    tsc_csv *c = NULL;
    int rc = tsc__csv_open(path, &c, err);
    if (!rc) rc = read_rows(s, c, f, err);
    tsc__csv_close(c);
    return rc;
}

static int copy_labels(tsc_table *t, const tsc__gloria_labels *lab, tsc_error *err)
{
    for (size_t r = 0; r < lab->G; r++)
        if (!(t->regions[r] = tsc__strdup(lab->regions[r]))) goto nomem;
    for (size_t p = 0; p < lab->N; p++)
        if (!(t->sectors[p] = tsc__strdup(lab->sectors[p]))) goto nomem;
    for (size_t f = 0; f < lab->F; f++)
        if (!(t->fdcats[f] = tsc__strdup(lab->fdcats[f]))) goto nomem;
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

static int notes(gl_read *s, tsc_error *err)
{
    int rc = tsc__table_note(s->t, err,
                             "industry-by-industry table built from GLORIA's supply and use tables with the fixed "
                             "product-sales structure (Eurostat model D): Z = S q^-1 U, Y = S q^-1 Yp");
    if (!rc && s->off_n)
        rc = tsc__table_note(s->t, err,
                             "%zu non-zero cells outside the supply, use, final-demand and value-added blocks (%.6g "
                             "in absolute value) are not in the table",
                             s->off_n, s->off_sum);
    if (!rc && s->lost_n)
        rc = tsc__table_note(s->t, err,
                             "%zu uses of products that no industry supplies (%.6g in absolute value) are not in "
                             "the table",
                             s->lost_n, s->lost);
    return rc;
}

int tsc__gloria_read(const char *t_csv, const char *y_csv, const char *v_csv, const tsc__gloria_labels *lab,
                     const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    gl_read s = {0};
    int rc;
    size_t N = lab->N, big = lab->G * (lab->N > lab->F ? lab->N : lab->F), nn;
    *out = NULL;
    if (!lab->G || !lab->N || !lab->F || !lab->K)
        return tsc__error(err, TSC_ELABEL, t_csv, 0, 0,
                          "the labels give no regions, sectors, final-demand or "
                          "value-added items");
    if (tsc__mul_size(N * N, lab->G, &nn)) return tsc__error(err, TSC_ETOOBIG, t_csv, 0, 0, "table too large");
    s.G = lab->G;
    s.N = N;
    s.F = lab->F;
    s.K = lab->K;
    if (!(s.t = tsc__table_alloc(lab->G, N, lab->F, opts->max_bytes, err))) return err ? err->code : TSC_ENOMEM;
    s.D = tsc__alloc_doubles(nn, 1);
    s.buf = tsc__alloc_doubles(big, 1);
    s.qzero = tsc__calloc(lab->G * N, 1);
    if (!s.D || !s.buf || !s.qzero) {
        rc = tsc__error(err, TSC_ENOMEM, t_csv, 0, 0, "out of memory");
        goto fail;
    }
    size_t G = lab->G, m = 2 * N;
    const char *sut = "regions x (industries, products)";
    const gl_file T = {T_row, G * m, G * m, sut}, Y = {Y_row, G * m, G * lab->F, sut},
                  V = {V_row, G * lab->K, G * m, "regions x value-added items"};
    if ((rc = copy_labels(s.t, lab, err)) || (rc = read_file(&s, t_csv, &T, err)) ||
        (rc = read_file(&s, y_csv, &Y, err)) || (rc = read_file(&s, v_csv, &V, err)))
        goto fail;
    snprintf(s.t->unit, sizeof s.t->unit, "USD thousand");
    snprintf(s.t->source, sizeof s.t->source, "%.510s", t_csv);
    s.t->year = tsc__year_in_name(t_csv);
    s.t->format = TSC_FORMAT_GLORIA;
    if ((rc = notes(&s, err))) goto fail;
    rc = tsc__table_finish(s.t, opts, 1, 1, NULL, err);
    if (rc < 0) goto fail;
    *out = s.t;
    s.t = NULL;
fail:
    tsc_table_free(s.t);
    tsc__free(s.D);
    tsc__free(s.buf);
    tsc__free(s.qzero);
    return rc;
}

/* ---- the files of a year: where they are, what they are called --------------------------------------------------- */

static const char T_TAG[] = "_T-Results_", BASIC[] = "_Markup001(full).csv";

static int is_T_file(const char *name, int basic_only)
{
    size_t l = strlen(name), lb = sizeof BASIC - 1;
    if (!strstr(name, T_TAG) || l < 4 || strcasecmp(name + l - 4, ".csv") != 0) return 0;
    return !basic_only || (l >= lb && strcmp(name + l - lb, BASIC) == 0);
}

/* A folder of the release: a real one, or a zip archive read as one (GLORIA ships each year as
 * GLORIA_MRIOs_NN_YEAR.zip): its path as the readers take it into buf ("X.zip/" for an archive). 0 when p is one. */
static int as_folder(const char *p, char *buf, size_t size)
{
    size_t l = strlen(p);
    if (tsc__dir_exists(p)) return snprintf(buf, size, "%s", p) >= (int)size ? -1 : 0;
    if (l > 4 && strcasecmp(p + l - 4, ".zip") == 0 && tsc__file_is_zip(p) == 1)
        return snprintf(buf, size, "%s/", p) >= (int)size ? -1 : 0;
    return -1;
}

/* In dir (a folder or a zip archive's): the one T file at basic prices (into buf, the folder's path joined), how many
 * other valuations there are, and the one subfolder or zip archive named prefix* (into sub, as_folder's path; ""
 * when none). Returns how many basic T files (-1: no folder). */
static int scan(const char *dir, char *buf, size_t size, size_t *nother, const char *prefix, char *sub, size_t subsize)
{
    char **names;
    size_t n;
    tsc_error e;
    if (tsc__dir_list(dir, &names, &n, &e)) return -1;
    int found = 0;
    char first[512] = "";
    if (sub) sub[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        const char *nm = names[k];
        if (is_T_file(nm, 1)) {
            if (found++ == 0 || strcmp(nm, first) < 0) snprintf(first, sizeof first, "%s", nm);
        } else if (is_T_file(nm, 0) && nother) (*nother)++;
        else if (sub && strncasecmp(nm, prefix, strlen(prefix)) == 0) {
            char p[1200];
            if (tsc__path_join(p, sizeof p, dir, nm) == 0) as_folder(p, sub, subsize);
        }
    }
    tsc__names_free(names, n);
    if (found && tsc__path_join(buf, size, dir, first) != 0) return -1;
    return found;
}

/* scan of path, else of its GLORIA_MRIOs_* folder or archive, else of the one that holds (an archive of a folder):
 * the folder scanned last into dir. */
static int descend(const char *path, char *buf, size_t size, size_t *nother, char *dir, size_t dsize)
{
    char at[1200], sub[1200];
    snprintf(at, sizeof at, "%s", path);
    int found = -1;
    for (int depth = 0; depth < 3; depth++) {
        if (nother) *nother = 0;
        found = scan(at, buf, size, nother, "GLORIA_MRIOs", sub, sizeof sub);
        snprintf(dir, dsize, "%s", at);
        if (found != 0 || !sub[0]) break;
        snprintf(at, sizeof at, "%s", sub);
    }
    return found;
}

/* A file of the same year and valuation: the T file's name with "_T-" replaced by "_Y-" or "_V-". */
static int sibling(const char *t_csv, char letter, char *buf, size_t size)
{
    const char *slash = strrchr(t_csv, '/'), *tag = strstr(slash ? slash : t_csv, T_TAG);
    if (!tag || snprintf(buf, size, "%s", t_csv) >= (int)size) return -1;
    buf[tag - t_csv + 1] = letter;
    return 0;
}

/* The parent of a file or folder path ("." for a bare name). */
static void parent(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", path);
    size_t l = strlen(buf);
    while (l > 1 && buf[l - 1] == '/') buf[--l] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash) snprintf(buf, size, ".");
    else if (slash == buf) buf[1] = '\0';
    else *slash = '\0';
}

/* The first entry of dir (a folder or a zip archive's) named prefix*suffix (any case), into buf; 0 when found. */
static int find_like(const char *dir, const char *prefix, const char *suffix, char *buf, size_t size)
{
    char **names;
    size_t n;
    tsc_error e;
    if (tsc__dir_list(dir, &names, &n, &e)) return -1;
    char best[512] = "";
    size_t lp = strlen(prefix), ls = strlen(suffix);
    for (size_t k = 0; k < n; k++) {
        const char *nm = names[k];
        size_t l = strlen(nm);
        if (l >= lp + ls && strncasecmp(nm, prefix, lp) == 0 && strcasecmp(nm + l - ls, suffix) == 0 &&
            (!best[0] || strcmp(nm, best) < 0))
            snprintf(best, sizeof best, "%s", nm);
    }
    tsc__names_free(names, n);
    return best[0] && tsc__path_join(buf, size, dir, best) == 0 ? 0 : -1;
}

typedef struct gl_files {
    char T[1200], Y[1200], V[1200], readme[1200], sat[1200];
    size_t nother; /* T files of other valuations (Markup002 ...) beside the basic one */
} gl_files;

/* path: a T file, the folder holding it (GLORIA_MRIOs_NN_YEAR) or the folder above (with the ReadMe). */
static int find_files(const char *path, gl_files *f, tsc_error *err)
{
    char dir[1200], up[1200];
    memset(f, 0, sizeof *f);
    if (tsc__file_exists(path)) {
        snprintf(f->T, sizeof f->T, "%s", path);
        parent(path, dir, sizeof dir);
        char tmp[1200];
        scan(dir, tmp, sizeof tmp, &f->nother, "", NULL, 0);
    } else {
        int found = descend(path, f->T, sizeof f->T, &f->nother, dir, sizeof dir);
        if (found < 0) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open folder");
        if (found == 0)
            return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                              "no GLORIA file *_T-Results_YEAR_NNN_Markup001(full).csv here or in a GLORIA_MRIOs_* "
                              "folder");
        if (found > 1)
            return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                              "%d basic-price T files (*_T-Results_*_Markup001(full).csv) in %s: name the one to read",
                              found, dir);
    }
    if (sibling(f->T, 'Y', f->Y, sizeof f->Y) || sibling(f->T, 'V', f->V, sizeof f->V))
        return tsc__error(err, TSC_EINVAL, f->T, 0, 0, "not a GLORIA T file name (*_T-Results_*.csv) or path too long");
    if (!tsc__file_exists(f->Y) || !tsc__file_exists(f->V))
        return tsc__error(err, TSC_EIO, tsc__file_exists(f->Y) ? f->V : f->Y, 0, 0,
                          "missing: GLORIA reads the T, Y and V files of a year together");
    /* the ReadMe beside the T file or up to two folders above (a year's archive may hold its folder) */
    snprintf(up, sizeof up, "%s", dir);
    int no = find_like(up, "GLORIA_ReadMe", ".xlsx", f->readme, sizeof f->readme);
    for (int k = 0; no && k < 2; k++) {
        char at[1200];
        parent(up, at, sizeof at);
        snprintf(up, sizeof up, "%s", at);
        no = find_like(up, "GLORIA_ReadMe", ".xlsx", f->readme, sizeof f->readme);
    }
    if (no)
        return tsc__error(err, TSC_EIO, dir, 0, 0,
                          "no GLORIA_ReadMe_NNN.xlsx here or in the two folders above: its sheets give the labels");
    if (find_like(up, "GLORIA_SatelliteAccounts", "", f->sat, sizeof f->sat)) f->sat[0] = '\0';
    return TSC_OK;
}

/* ---- labels: the sheets of GLORIA_ReadMe_NNN.xlsx ------------------------------------------------------------------
 */

/* One sheet's columns named in its first row, read down (empty cells skipped), and its number of rows below. */
typedef struct rm_sheet {
    const char *want[2]; /* the header names of the columns to read (NULL: none) */
    size_t col[2];       /* their columns (SIZE_MAX until the header row names them) */
    char **v[2];
    size_t n[2], cap[2];
    size_t rows, last; /* rows with a cell below the header */
} rm_sheet;

static void rm_free(rm_sheet *s)
{
    for (int k = 0; k < 2; k++) free_strs(s->v[k], s->n[k]);
}

static int rm_cell(void *ctx, size_t row, size_t col, const char *text, int is_number, double value)
{
    rm_sheet *s = ctx;
    (void)is_number;
    (void)value;
    if (row == 0) {
        for (int k = 0; k < 2; k++)
            if (s->want[k] && !strcmp(text, s->want[k])) s->col[k] = col;
        return TSC_OK;
    }
    if (row != s->last) s->rows++, s->last = row;
    for (int k = 0; k < 2; k++) {
        if (col != s->col[k] || !text[0]) continue;
        if (s->n[k] == s->cap[k]) {
            size_t nc = s->cap[k] ? 2 * s->cap[k] : 64;
            char **p = tsc__realloc(s->v[k], nc * sizeof *p);
            if (!p) return TSC_ENOMEM;
            s->v[k] = p;
            s->cap[k] = nc;
        }
        if (!(s->v[k][s->n[k]] = tsc__strdup(text))) return TSC_ENOMEM;
        s->n[k]++;
    }
    return TSC_OK;
}

/* Reads sheet's columns a and b (b may be NULL) into s; a named column missing from the first row is an error. */
static int rm_read(tsc__xlsx *x, const char *path, const char *sheet, const char *a, const char *b, rm_sheet *s,
                   tsc_error *err)
{
    memset(s, 0, sizeof *s);
    s->want[0] = a;
    s->want[1] = b;
    s->col[0] = s->col[1] = SIZE_MAX;
    int rc = tsc__xlsx_read_sheet(x, sheet, rm_cell, s, err);
    if (rc == TSC_ENOMEM) return tsc__error(err, rc, path, 0, 0, "out of memory");
    if (rc) return rc;
    for (int k = 0; k < 2; k++)
        if (s->want[k] && s->col[k] == SIZE_MAX)
            return tsc__error(err, TSC_ELABEL, path, 1, 0, "sheet '%s' has no column '%s' in its first row", sheet,
                              s->want[k]);
    return TSC_OK;
}

/* A final-demand category: the SNA code that ends GLORIA's name ("Household final consumption P.3h" -> "P.3h"),
 * else the whole name. */
static char *fd_code(const char *name)
{
    const char *sp = strrchr(name, ' ');
    return tsc__strdup(sp && sp[1] == 'P' && sp[2] == '.' ? sp + 1 : name);
}

static int read_readme(const char *path, tsc__gloria_labels *lab, tsc_error *err)
{
    tsc__xlsx *x = NULL;
    rm_sheet reg = {0}, sec = {0}, vf = {0}, sat = {0};
    int rc = tsc__xlsx_open(path, &x, err);
    if (rc || (rc = rm_read(x, path, "Regions", "Region_acronyms", NULL, &reg, err)) ||
        (rc = rm_read(x, path, "Sectors", "Sector_names", NULL, &sec, err)) ||
        (rc = rm_read(x, path, "Value added and final demand", "Value_added_names", "Final_demand_names", &vf, err)))
        goto done;
    /* the satellite accounts are only counted, for a note: a ReadMe without the sheet has none */
    lab->nsat = rm_read(x, path, "Satellites", NULL, NULL, &sat, NULL) == TSC_OK ? sat.rows : 0;
    lab->G = reg.n[0];
    lab->N = sec.n[0];
    lab->K = vf.n[0];
    lab->F = vf.n[1];
    lab->regions = reg.v[0];
    lab->sectors = sec.v[0];
    reg.v[0] = sec.v[0] = NULL;
    reg.n[0] = sec.n[0] = 0;
    if (!(lab->fdcats = tsc__calloc(lab->F ? lab->F : 1, sizeof *lab->fdcats))) goto nomem;
    for (size_t f = 0; f < lab->F; f++)
        if (!(lab->fdcats[f] = fd_code(vf.v[1][f]))) goto nomem;
    if (!lab->G || !lab->N || !lab->F || !lab->K)
        rc = tsc__error(err, TSC_ELABEL, path, 0, 0,
                        "the ReadMe lists %zu regions, %zu sectors, %zu final-demand and %zu value-added items; each "
                        "needs one at least",
                        lab->G, lab->N, lab->F, lab->K);
    goto done;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
done:
    rm_free(&reg);
    rm_free(&sec);
    rm_free(&vf);
    rm_free(&sat);
    tsc__xlsx_close(x);
    return rc;
}

int tsc__gloria_detect(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (tsc__file_exists(path)) return is_T_file(slash ? slash + 1 : path, 0);
    char buf[1200], dir[1200];
    return descend(path, buf, sizeof buf, NULL, dir, sizeof dir) > 0;
}

int tsc__table_load_gloria(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    gl_files f;
    tsc__gloria_labels lab = {0};
    int rc;
    *out = NULL;
    if ((rc = find_files(path, &f, err)) || (rc = read_readme(f.readme, &lab, err)) ||
        (rc = tsc__gloria_read(f.T, f.Y, f.V, &lab, opts, out, err)) < 0)
        goto done;
    int nrc = TSC_OK;
    if (f.nother)
        nrc = tsc__table_note(*out, err,
                              "%zu other valuation(s) of the year beside Markup001 (basic prices: trade and transport "
                              "margins, taxes, subsidies) not read",
                              f.nother);
    if (!nrc && f.sat[0])
        nrc = tsc__table_note(*out, err, "%zu satellite accounts (%s: TQ, YQ) not read", lab.nsat, f.sat);
    if (nrc) {
        tsc_table_free(*out);
        *out = NULL;
        rc = nrc;
    }
done:
    tsc__gloria_labels_free(&lab);
    return rc;
}
