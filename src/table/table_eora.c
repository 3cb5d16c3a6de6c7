/* Reads an Eora26 folder (tab-separated T, FD, VA with their label files) into a table; the ROW region folded in. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_grid_int.h"
#include "table_int.h"

/* The rest-of-world region of Eora26: one row and column in T, final-demand columns, a column of VA. */
#define EORA_ROW "ROW"
/* The final-demand category that receives sales to the rest of the world (added only when the files have ROW). */
#define EORA_ROW_CAT "ROW_EXPORTS"

/* One label file: per line the region code (field 2) and the sector or category (field 4), or for VA the name. */
typedef struct eora_labels {
    char **reg, **part;
    size_t *line, n;
    char *path;
} eora_labels;

static void labels_free(eora_labels *l)
{
    for (size_t i = 0; i < l->n; i++) {
        tsc__free(l->reg[i]);
        tsc__free(l->part[i]);
    }
    tsc__free(l->reg);
    tsc__free(l->part);
    tsc__free(l->line);
    tsc__free(l->path);
    memset(l, 0, sizeof *l);
}

/* Trailing empty fields (a tab at the end of a line) are not fields. */
static size_t nfields(const tsc_csv *c)
{
    size_t nf = tsc__csv_nfields(c);
    while (nf > 1 && tsc__csv_flen(c, nf - 1) == 0) nf--;
    return nf;
}

static int grow(eora_labels *l, size_t *cap)
{
    if (l->n < *cap) return TSC_OK;
    size_t nc = *cap ? 2 * *cap : 256;
    char **a = tsc__realloc(l->reg, nc * sizeof *a);
    if (a) l->reg = a;
    char **b = a ? tsc__realloc(l->part, nc * sizeof *b) : NULL;
    if (b) l->part = b;
    size_t *d = b ? tsc__realloc(l->line, nc * sizeof *d) : NULL;
    if (!d) return TSC_ENOMEM;
    l->line = d;
    *cap = nc;
    return TSC_OK;
}

/* Reads dir/name: fields reg_field and part_field of every line (0-based); need = the fields a line must have. */
static int read_labels(const char *dir, const char *name, size_t reg_field, size_t part_field, eora_labels *l,
                       tsc_error *err)
{
    char path[1200];
    tsc_csv *c = NULL;
    size_t cap = 0, need = (reg_field > part_field ? reg_field : part_field) + 1;
    memset(l, 0, sizeof *l);
    if (tsc__path_join(path, sizeof path, dir, name)) return tsc__error(err, TSC_EINVAL, dir, 0, 0, "path too long");
    if (!(l->path = tsc__strdup(path))) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    tsc__csv_set_sep(c, '\t');
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (nfields(c) < need) {
            rc = tsc__csv_error_at(c, nfields(c), err, TSC_EPARSE, "%zu field(s) where a label line has at least %zu",
                                   nfields(c), need);
            break;
        }
        if (tsc__csv_flen(c, reg_field) == 0 || tsc__csv_flen(c, part_field) == 0) {
            rc = tsc__csv_error_at(c, tsc__csv_flen(c, reg_field) ? part_field : reg_field, err, TSC_ELABEL,
                                   "empty label");
            break;
        }
        if (grow(l, &cap) || !(l->reg[l->n] = tsc__strdup(tsc__csv_field(c, reg_field)))) goto nomem;
        if (!(l->part[l->n] = tsc__strdup(tsc__csv_field(c, part_field)))) {
            tsc__free(l->reg[l->n]);
            goto nomem;
        }
        l->line[l->n++] = tsc__csv_line(c);
    }
    tsc__csv_close(c);
    if (rc == 0 && l->n == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    return rc;
nomem:
    tsc__csv_close(c);
    return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
}

/* The files of one Eora26 year: prefix is the T file's path less "T.txt" (".../Eora26_2010_bp_"). */
typedef struct eora_files {
    char prefix[1100], dir[1100];
} eora_files;

/* Finds the one Eora*_T.txt file of dir (or takes path itself when it names one). */
static int find_files(const char *path, eora_files *f, tsc_error *err)
{
    size_t len = strlen(path);
    if (!tsc__dir_exists(path)) {
        const char *slash = strrchr(path, '/');
        if (len < 6 || strcmp(path + len - 6, "_T.txt") != 0 || len >= sizeof f->prefix)
            return tsc__error(err, TSC_EFORMAT, path, 0, 0, "not an Eora T file (Eora26_YEAR_bp_T.txt)");
        snprintf(f->prefix, sizeof f->prefix, "%.*s", (int)(len - 5), path);
        snprintf(f->dir, sizeof f->dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
        return TSC_OK;
    }
    DIR *d = opendir(path);
    if (!d) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open folder");
    struct dirent *e;
    size_t found = 0;
    char first[300] = "", other[300] = "";
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "Eora", 4) != 0 || l < 10 || strcmp(e->d_name + l - 6, "_T.txt") != 0) continue;
        snprintf(found++ ? other : first, sizeof first, "%s", e->d_name);
    }
    closedir(d);
    if (found == 0) return tsc__error(err, TSC_EFORMAT, path, 0, 0, "no Eora*_T.txt file in this folder");
    if (found > 1)
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "%zu Eora*_T.txt files in this folder (%s, %s ...): name the T "
                          "file of the year and prices to read",
                          found, first, other);
    snprintf(f->dir, sizeof f->dir, "%s", path);
    if (snprintf(f->prefix, sizeof f->prefix, "%s/%.*s", path, (int)(strlen(first) - 5), first) >=
        (int)sizeof f->prefix)
        return tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
    return TSC_OK;
}

/* What the labels make of the table. */
typedef struct eora_map {
    eora_labels lt, lf, lv;
    size_t *trow; /* per T label: table row, or SIZE_MAX for ROW */
    size_t *fcol; /* per FD label: Y column, or SIZE_MAX for ROW's own final demand */
    tsc_grid ind, fd;
    size_t rowcat; /* the ROW_EXPORTS category, or F when the files have no ROW */
    int has_row;
} eora_map;

static void map_free(eora_map *m)
{
    labels_free(&m->lt);
    labels_free(&m->lf);
    labels_free(&m->lv);
    tsc__free(m->trow);
    tsc__free(m->fcol);
    tsc__grid_free(&m->ind);
    tsc__grid_free(&m->fd);
}

/* The labels other than ROW's, as pointer arrays for the grid (borrowed), with their lines. */
static int kept_grid(const eora_labels *l, tsc_grid *g, size_t *idx, const char *what, int *has_row, tsc_error *err)
{
    const char **reg = tsc__calloc(l->n, sizeof *reg), **part = tsc__calloc(l->n, sizeof *part);
    size_t *line = tsc__calloc(l->n, sizeof *line), m = 0;
    int rc;
    if (!reg || !part || !line) {
        rc = tsc__error(err, TSC_ENOMEM, l->path, 0, 0, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < l->n; k++) {
        if (strcmp(l->reg[k], EORA_ROW) == 0) {
            idx[k] = SIZE_MAX;
            *has_row = 1;
            continue;
        }
        idx[k] = m;
        reg[m] = l->reg[k];
        part[m] = l->part[k];
        line[m] = l->line[k];
        m++;
    }
    tsc_where w = {l->path, line, NULL};
    rc = m ? tsc__grid_build(g, m, reg, part, &w, what, err)
           : tsc__error(err, TSC_ELABEL, l->path, 0, 0, "no labels besides ROW");
    for (size_t k = 0; !rc && k < l->n; k++)
        if (idx[k] != SIZE_MAX) idx[k] = g->cell[idx[k]];
done:
    tsc__free(reg);
    tsc__free(part);
    tsc__free(line);
    return rc;
}

static int build_map(eora_map *m, const eora_files *f, tsc_error *err)
{
    int rc;
    if ((rc = read_labels(f->dir, "labels_T.txt", 1, 3, &m->lt, err)) ||
        (rc = read_labels(f->dir, "labels_FD.txt", 1, 3, &m->lf, err)) ||
        (rc = read_labels(f->dir, "labels_VA.txt", 0, 1, &m->lv, err)))
        return rc;
    m->trow = tsc__calloc(m->lt.n, sizeof *m->trow);
    m->fcol = tsc__calloc(m->lf.n, sizeof *m->fcol);
    if (!m->trow || !m->fcol) return tsc__error(err, TSC_ENOMEM, f->dir, 0, 0, "out of memory");
    if ((rc = kept_grid(&m->lt, &m->ind, m->trow, "sector", &m->has_row, err)) ||
        (rc = kept_grid(&m->lf, &m->fd, m->fcol, "category", &m->has_row, err)))
        return rc;
    /* final demand by the table's regions: the FD grid's regions must be T's, in the same order */
    if (m->fd.G != m->ind.G)
        return tsc__error(err, TSC_EDIM, m->lf.path, 0, 0, "final demand has %zu regions, labels_T.txt %zu", m->fd.G,
                          m->ind.G);
    for (size_t r = 0; r < m->fd.G; r++)
        if (strcmp(m->fd.regions[r], m->ind.regions[r]) != 0)
            return tsc__error(err, TSC_ELABEL, m->lf.path, 0, 0,
                              "final-demand region '%s' where '%s' is expected "
                              "(the order of labels_T.txt)",
                              m->fd.regions[r], m->ind.regions[r]);
    m->rowcat = m->fd.P;
    if (m->has_row) /* the ROW_EXPORTS category widens every region's block: renumber the Y columns */
        for (size_t k = 0; k < m->lf.n; k++)
            if (m->fcol[k] != SIZE_MAX) m->fcol[k] = m->fcol[k] / m->fd.P * (m->fd.P + 1) + m->fcol[k] % m->fd.P;
    return TSC_OK;
}

/* Sums of what the ROW region's row and columns held, for the notes. */
typedef struct eora_row_sums {
    double bought, sold, fd_of_row, va_of_row, row_row;
} eora_row_sums;

/* Reads a numeric matrix file of nrow lines and ncol fields, calling put(ctx, i, v, m) with the m lines from line i
 * on (line k's ncol values at v + k * ncol): plain lines in blocks (tsc__csv_rows_block), the others one at a time,
 * field by field, their errors located. */
typedef void (*eora_put)(void *ctx, size_t i, const double *v, size_t m);

static int read_matrix(const char *path, size_t nrow, size_t ncol, eora_put put, void *ctx, tsc_error *err)
{
    tsc_csv *c = NULL;
    tsc_csv_rows b = {0};
    size_t i = 0, m;
    const double *v;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    tsc__csv_set_sep(c, '\t');
    if ((rc = tsc__csv_rows_init(&b, c, 0, ncol, err))) goto done;
    while ((rc = tsc__csv_rows_block(&b, &v, &m, err)) > 0) {
        if (rc == 2) { /* not a plain line: field by field (trailing empty fields allowed) */
            if (i == nrow) {
                rc = tsc__csv_error_at(c, 0, err, TSC_EDIM, "more than the %zu lines of its labels", nrow);
                break;
            }
            size_t nf = nfields(c);
            if (nf != ncol) {
                rc = tsc__csv_error_at(c, nf < ncol ? nf : ncol, err, TSC_EPARSE,
                                       "%zu fields where its labels make %zu", nf, ncol);
                break;
            }
            double *row = b.v;
            int bad = TSC_OK;
            for (size_t j = 0; j < ncol && !bad; j++) bad = tsc__csv_number(c, j, &row[j], err);
            if ((rc = bad)) break;
            v = row;
            m = 1;
        } else if (m > nrow - i) {
            rc = tsc__error(err, TSC_EDIM, path, b.lines[b.next - m + (nrow - i)], 1,
                            "more than the %zu lines of its labels", nrow);
            break;
        }
        put(ctx, i, v, m);
        i += m;
    }
    if (rc == 0 && i < nrow)
        rc = tsc__error(err, TSC_EDIM, path, tsc__csv_line(c), 0, "%zu lines where its labels make %zu", i, nrow);
done:
    tsc__csv_rows_free(&b);
    tsc__csv_close(c);
    return rc;
}

typedef struct eora_fill {
    tsc_table *t;
    const eora_map *m;
    eora_row_sums sums;
} eora_fill;

/* The Y column of row i's sales to the rest of the world: its own region's ROW_EXPORTS. */
static size_t row_col(const eora_fill *s, size_t i)
{
    return (i / s->t->N) * s->t->F + s->m->rowcat;
}

/* Lines i .. i + m - 1 of T, a column at a time: each column of Z is touched once per block of lines. */
static void put_T(void *ctx, size_t i, const double *v, size_t m)
{
    eora_fill *s = ctx;
    size_t n = s->t->n, ncol = s->m->lt.n;
    const size_t *trow = s->m->trow, *ti = trow + i;
    for (size_t j = 0; j < ncol; j++) {
        size_t tj = trow[j];
        const double *vj = v + j;
        if (tj != SIZE_MAX) {
            double *z = s->t->Z + tj * n;
            /* the next column's stretch, fetched while this one is added to: a short stretch per column is too
             * little for the hardware's prefetcher to find */
            if (j + 1 < ncol && trow[j + 1] != SIZE_MAX && m && ti[0] != SIZE_MAX)
                for (size_t k = 0; k < m; k += 8) __builtin_prefetch(s->t->Z + trow[j + 1] * n + ti[0] + k, 1);
            for (size_t k = 0; k < m; k++) {
                if (ti[k] != SIZE_MAX) z[ti[k]] += vj[k * ncol];
                else {
                    s->t->va[tj] += vj[k * ncol];
                    s->sums.bought += vj[k * ncol];
                }
            }
        } else {
            for (size_t k = 0; k < m; k++) {
                if (ti[k] != SIZE_MAX) {
                    s->t->Y[ti[k] + row_col(s, ti[k]) * n] += vj[k * ncol];
                    s->sums.sold += vj[k * ncol];
                } else s->sums.row_row += vj[k * ncol];
            }
        }
    }
}

static void put_FD(void *ctx, size_t i, const double *v, size_t m)
{
    eora_fill *s = ctx;
    size_t n = s->t->n, ncol = s->m->lf.n;
    for (size_t k = 0; k < m; k++, v += ncol) {
        size_t ti = s->m->trow[i + k];
        for (size_t j = 0; j < ncol; j++) {
            size_t fj = s->m->fcol[j];
            if (ti == SIZE_MAX) s->sums.fd_of_row += v[j];
            else if (fj != SIZE_MAX) s->t->Y[ti + fj * n] += v[j];
            else {
                s->t->Y[ti + row_col(s, ti) * n] += v[j];
                s->sums.sold += v[j];
            }
        }
    }
}

static void put_VA(void *ctx, size_t i, const double *v, size_t m)
{
    eora_fill *s = ctx;
    size_t ncol = s->m->lt.n;
    (void)i;
    for (size_t k = 0; k < m; k++, v += ncol)
        for (size_t j = 0; j < ncol; j++) {
            size_t tj = s->m->trow[j];
            if (tj != SIZE_MAX) s->t->va[tj] += v[j];
            else s->sums.va_of_row += v[j];
        }
}

static tsc_table *make_table(eora_map *m, const tsc_load_opts *opts, const char *path, tsc_error *err)
{
    size_t F = m->fd.P + (m->has_row ? 1 : 0);
    tsc_table *t = tsc__table_alloc(m->ind.G, m->ind.P, F, opts->max_bytes, err);
    if (!t) return NULL;
    for (size_t r = 0; r < t->G; r++) {
        t->regions[r] = m->ind.regions[r];
        m->ind.regions[r] = NULL;
    }
    for (size_t s = 0; s < t->N; s++) {
        t->sectors[s] = m->ind.parts[s];
        m->ind.parts[s] = NULL;
    }
    for (size_t f = 0; f < m->fd.P; f++) {
        t->fdcats[f] = m->fd.parts[f];
        m->fd.parts[f] = NULL;
    }
    if (m->has_row && !(t->fdcats[m->fd.P] = tsc__strdup(EORA_ROW_CAT))) {
        tsc_table_free(t);
        tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    return t;
}

/* A label naming a statistical discrepancy ("Statistical Discrepancies", any case). */
static int is_discrepancy(const char *s)
{
    for (; *s; s++)
        if (strncasecmp(s, "discrepanc", 10) == 0) return 1;
    return 0;
}

/* Notes: the ROW flows, statistical-discrepancy entries. */
static int notes(eora_fill *s, tsc_error *err)
{
    const eora_map *m = s->m;
    const eora_row_sums *r = &s->sums;
    int rc = TSC_OK;
    if (m->has_row)
        rc = tsc__table_note(s->t, err,
                             "rest of world (ROW): purchases from it (%.6g) added to value added, sales to "
                             "it (%.6g) in final-demand category %s of the seller's region; its own final demand "
                             "(%.6g), value added (%.6g) and ROW-to-ROW flows (%.6g) left out",
                             r->bought, r->sold, EORA_ROW_CAT, r->fd_of_row, r->va_of_row, r->row_row);
    for (size_t k = 0; !rc && k < s->t->F; k++)
        if (is_discrepancy(s->t->fdcats[k]))
            rc = tsc__table_note(s->t, err, "final-demand category '%s' (statistical discrepancy) kept in final demand",
                                 s->t->fdcats[k]);
    for (size_t k = 0; !rc && k < m->lv.n; k++)
        if (is_discrepancy(m->lv.part[k]))
            rc = tsc__table_note(s->t, err, "primary input '%s' (statistical discrepancy) counted in value added",
                                 m->lv.part[k]);
    return rc;
}

/* ---- satellite accounts: Q (accounts x T) and QY (accounts x FD), labels_Q.txt ------------------------------- */

typedef struct eora_q {
    tsc_ext *e;
    const eora_map *m;
    double row; /* what ROW's columns held, left out */
} eora_q;

static void put_Q(void *ctx, size_t i, const double *v, size_t m)
{
    eora_q *q = ctx;
    size_t ncol = q->m->lt.n;
    for (size_t r = 0; r < m; r++, v += ncol)
        for (size_t j = 0; j < ncol; j++) {
            size_t tj = q->m->trow[j];
            if (tj != SIZE_MAX) q->e->F[i + r + tj * q->e->k] += v[j];
            else q->row += v[j];
        }
}

static void put_QY(void *ctx, size_t i, const double *v, size_t m)
{
    eora_q *q = ctx;
    size_t ncol = q->m->lf.n;
    for (size_t r = 0; r < m; r++, v += ncol)
        for (size_t j = 0; j < ncol; j++) {
            size_t fj = q->m->fcol[j];
            if (fj != SIZE_MAX) q->e->FY[i + r + fj * q->e->k] += v[j];
            else q->row += v[j];
        }
}

/* An account of labels_Q.txt: its two labels joined by '|' ("I-GHG-CO2 emissions (kg)|emission_type1"); the unit is
 * what the last parentheses of the first hold ("kg"), else "". */
static int q_account(tsc_ext *e, size_t a, const char *group, const char *name)
{
    size_t lg = strlen(group), ln = strlen(name);
    if (!(e->accounts[a] = tsc__malloc(lg + ln + 2))) return -1;
    memcpy(e->accounts[a], group, lg);
    e->accounts[a][lg] = '|';
    memcpy(e->accounts[a] + lg + 1, name, ln + 1);
    const char *open = strrchr(group, '('), *close = open ? strchr(open, ')') : NULL;
    size_t lu = close ? (size_t)(close - open - 1) : 0;
    if (!(e->units[a] = tsc__malloc(lu + 1))) return -1;
    if (lu) memcpy(e->units[a], open + 1, lu);
    e->units[a][lu] = '\0';
    return 0;
}

/* Q.txt and QY.txt, when the folder has them, into the extension "Q" (pymrio names Eora26's so). */
static int read_q(tsc_table *t, const eora_map *m, const eora_files *f, tsc_error *err)
{
    char q[1200], qy[1200];
    if (snprintf(q, sizeof q, "%sQ.txt", f->prefix) >= (int)sizeof q || !tsc__file_exists(q)) return TSC_OK;
    int have_qy = snprintf(qy, sizeof qy, "%sQY.txt", f->prefix) < (int)sizeof qy && tsc__file_exists(qy);
    eora_labels lq;
    tsc_ext e;
    memset(&e, 0, sizeof e);
    int rc = read_labels(f->dir, "labels_Q.txt", 0, 1, &lq, err);
    if (rc) goto done;
    size_t k = lq.n, nf, nfy;
    if (tsc__mul_size(k, t->n, &nf) || tsc__mul_size(k, t->G * t->F, &nfy)) {
        rc = tsc__error(err, TSC_ETOOBIG, lq.path, 0, 0, "too many accounts");
        goto done;
    }
    e.k = k;
    e.name = tsc__strdup("Q");
    e.accounts = tsc__calloc(k, sizeof *e.accounts);
    e.units = tsc__calloc(k, sizeof *e.units);
    e.F = tsc__alloc_doubles(nf, 1);
    if (have_qy) e.FY = tsc__alloc_doubles(nfy, 1);
    int nomem = !e.name || !e.accounts || !e.units || !e.F || (have_qy && !e.FY);
    for (size_t a = 0; !nomem && a < k; a++) nomem = q_account(&e, a, lq.reg[a], lq.part[a]);
    if (nomem) {
        rc = tsc__error(err, TSC_ENOMEM, q, 0, 0, "out of memory");
        goto done;
    }
    eora_q ctx = {&e, m, 0};
    if ((rc = read_matrix(q, k, m->lt.n, put_Q, &ctx, err)) ||
        (have_qy && (rc = read_matrix(qy, k, m->lf.n, put_QY, &ctx, err))))
        goto done;
    if (m->has_row && (rc = tsc__table_note(t, err, "satellite accounts Q%s: the rest of world's own (%.6g) left out",
                                            have_qy ? " and QY" : "", ctx.row)))
        goto done;
    rc = tsc__table_extension_take(t, &e, err);
done:
    tsc__ext_clear(&e);
    labels_free(&lq);
    return rc;
}

static int read_blocks(eora_fill *s, const eora_files *f, tsc_error *err)
{
    char p[1200];
    const eora_map *m = s->m;
    int rc;
    snprintf(p, sizeof p, "%sT.txt", f->prefix);
    if ((rc = read_matrix(p, m->lt.n, m->lt.n, put_T, s, err))) return rc;
    snprintf(p, sizeof p, "%sFD.txt", f->prefix);
    if ((rc = read_matrix(p, m->lt.n, m->lf.n, put_FD, s, err))) return rc;
    snprintf(p, sizeof p, "%sVA.txt", f->prefix);
    return read_matrix(p, m->lv.n, m->lt.n, put_VA, s, err);
}

int tsc__table_load_eora(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    eora_files f;
    eora_map m = {0};
    eora_fill s = {0};
    tsc_table *t = NULL;
    int rc;
    *out = NULL;
    if ((rc = find_files(path, &f, err)) || (rc = build_map(&m, &f, err))) goto fail;
    if (!(t = make_table(&m, opts, f.prefix, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto fail;
    }
    s.t = t;
    s.m = &m;
    if ((rc = read_blocks(&s, &f, err))) goto fail;
    snprintf(t->unit, sizeof t->unit, "unknown");
    snprintf(t->source, sizeof t->source, "%.500sT.txt", f.prefix);
    t->year = tsc__year_in_name(f.prefix);
    t->format = TSC_FORMAT_EORA;
    if ((rc = notes(&s, err)) || (rc = read_q(t, &m, &f, err))) goto fail;
    rc = tsc__table_finish(t, opts, 0, 1, NULL, err);
    if (rc < 0) goto fail;
    *out = t;
    t = NULL;
fail:
    tsc_table_free(t);
    map_free(&m);
    return rc;
}
