/* Reads FIGARO's industry-by-industry matrix CSV (Eurostat, matrix_eu-ic-io_ind-by-ind_NNed_YEAR.csv) into a table. */
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_grid_int.h"
#include "table_int.h"

/* Final-demand uses (ESA 2010): government, household and NPISH final consumption, gross fixed capital formation,
 * changes in inventories and acquisitions less disposals of valuables. */
static const char *const fd_codes[] = {"P3_S13", "P3_S14", "P3_S15", "P51G", "P5M", NULL};
/* Primary inputs, the rows under the industry rows (label W2_CODE): taxes less subsidies on products, direct
 * purchases abroad by residents, purchases of non-residents in the territory, compensation of employees, other net
 * taxes on production, operating surplus and mixed income (gross). */
static const char *const va_codes[] = {"D21X31", "OP_RES", "OP_NRES", "D1", "D29X39", "B2A3G", NULL};

static int in_list(const char *const *list, const char *s)
{
    for (size_t k = 0; list[k]; k++)
        if (!strcmp(list[k], s)) return 1;
    return 0;
}

typedef struct fg_read {
    size_t ncol;         /* fields after the corner */
    unsigned char *isfd; /* per column */
    size_t *to;          /* per column: the industry (Z column) or Y column it goes to */
    char **reg, **code;  /* per column: the label split at its first '_' */
    size_t *line, *col;  /* where each label is, for the grid's errors */
    size_t nind, nfd;
    tsc_grid ind, fd;
    tsc_table *t;
    size_t next_ind; /* the industry row expected next */
    double fd_primary;
    char *seen_va[16];
    size_t nva;
} fg_read;

static void fg_free(fg_read *s)
{
    for (size_t j = 0; j < s->ncol; j++) {
        if (s->reg) tsc__free(s->reg[j]);
        if (s->code) tsc__free(s->code[j]);
    }
    tsc__free(s->reg);
    tsc__free(s->code);
    tsc__free(s->isfd);
    tsc__free(s->to);
    tsc__free(s->line);
    tsc__free(s->col);
    tsc__grid_free(&s->ind);
    tsc__grid_free(&s->fd);
    for (size_t k = 0; k < s->nva; k++) tsc__free(s->seen_va[k]);
}

/* The header: a corner, then REGION_CODE labels; final-demand columns by their code, the others industries. */
static int read_head(fg_read *s, tsc_csv *c, tsc_error *err)
{
    int rc = tsc__csv_next(c, err);
    if (rc == 0) return tsc__error(err, TSC_EPARSE, tsc__csv_path(c), 0, 0, "file is empty");
    if (rc < 0) return rc;
    size_t m = tsc__csv_nfields(c);
    if (m < 3) return tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header has %zu field(s); not a FIGARO matrix", m);
    s->ncol = --m;
    s->isfd = tsc__calloc(m, 1);
    s->to = tsc__calloc(m, sizeof *s->to);
    s->reg = tsc__calloc(m, sizeof *s->reg);
    s->code = tsc__calloc(m, sizeof *s->code);
    s->line = tsc__calloc(m, sizeof *s->line);
    s->col = tsc__calloc(m, sizeof *s->col);
    if (!s->isfd || !s->to || !s->reg || !s->code || !s->line || !s->col) goto nomem;
    for (size_t j = 0; j < m; j++) {
        const char *lab = tsc__csv_field(c, j + 1), *us = strchr(lab, '_');
        if (!us || us == lab || !us[1])
            return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL, "column label '%s' is not REGION_CODE", lab);
        if (!(s->reg[j] = tsc__strndup(lab, (size_t)(us - lab))) || !(s->code[j] = tsc__strdup(us + 1))) goto nomem;
        s->line[j] = 1;
        s->col[j] = tsc__csv_col(c, j + 1);
        s->isfd[j] = (unsigned char)in_list(fd_codes, us + 1);
        if (s->isfd[j]) s->nfd++;
        else if (s->nfd) /* industries come first: a code after final demand is a category we do not know */
            return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL,
                                     "column '%s' after the final-demand columns is not one of P3_S13, P3_S14, "
                                     "P3_S15, P51G, P5M",
                                     lab);
        else s->nind++;
    }
    if (!s->nind || !s->nfd)
        return tsc__error(err, TSC_ELABEL, tsc__csv_path(c), 1, 0,
                          "no %s columns; not a FIGARO industry-by-industry matrix",
                          s->nind ? "final-demand (REGION_P3_S14 ...)" : "industry (REGION_A01 ...)");
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
}

/* Grids of the industry and final-demand labels (regions in order of first appearance); every region of final
 * demand must have industries, in the same order. */
static int build(fg_read *s, const char *path, const tsc_load_opts *opts, tsc_error *err)
{
    size_t ni = s->nind, nf = s->nfd;
    tsc_where wi = {path, s->line, s->col}, wf = {path, s->line + ni, s->col + ni};
    int rc =
        tsc__grid_build(&s->ind, ni, (const char *const *)s->reg, (const char *const *)s->code, &wi, "sector", err);
    if (!rc)
        rc = tsc__grid_build(&s->fd, nf, (const char *const *)s->reg + ni, (const char *const *)s->code + ni, &wf,
                             "category", err);
    if (rc) return rc;
    if (s->fd.G != s->ind.G)
        return tsc__error(err, TSC_ELABEL, path, 1, 0, "%zu regions with industries but %zu with final demand",
                          s->ind.G, s->fd.G);
    for (size_t r = 0; r < s->ind.G; r++)
        if (strcmp(s->ind.regions[r], s->fd.regions[r]) != 0)
            return tsc__error(err, TSC_ELABEL, path, 1, 0,
                              "final-demand regions are not in the industries' order (%s where %s is expected)",
                              s->fd.regions[r], s->ind.regions[r]);
    for (size_t j = 0; j < ni + nf; j++) s->to[j] = j < ni ? s->ind.cell[j] : s->fd.cell[j - ni];
    if (!(s->t = tsc__table_alloc(s->ind.G, s->ind.P, s->fd.P, opts->max_bytes, err))) return err ? err->code : -1;
    return tsc__grid_label_table(s->t, &s->ind, &s->fd, path, err); /* NACE sections A-C are goods */
}

/* A primary-input row: W2_CODE (any prefix) with a known code, once each. */
static int va_row(fg_read *s, tsc_csv *c, tsc_error *err)
{
    const char *lab = tsc__csv_field(c, 0), *us = strchr(lab, '_');
    if (!us || !in_list(va_codes, us + 1)) {
        if (s->next_ind < s->nind)
            return tsc__csv_error_at(c, 0, err, TSC_ELABEL,
                                     "row '%s' where '%s_%s' is expected (industry rows follow the industry "
                                     "columns, in their order)",
                                     lab, s->reg[s->next_ind], s->code[s->next_ind]);
        return tsc__csv_error_at(c, 0, err, TSC_ELABEL,
                                 "row '%s' is neither an industry nor a primary input (W2_D21X31, W2_OP_RES, "
                                 "W2_OP_NRES, W2_D1, W2_D29X39, W2_B2A3G)",
                                 lab);
    }
    for (size_t k = 0; k < s->nva; k++)
        if (!strcmp(s->seen_va[k], lab)) return tsc__csv_error_at(c, 0, err, TSC_ELABEL, "row '%s' appears twice", lab);
    if (s->nva == sizeof s->seen_va / sizeof *s->seen_va)
        return tsc__csv_error_at(c, 0, err, TSC_ELABEL, "too many primary-input rows");
    if (!(s->seen_va[s->nva++] = tsc__strdup(lab)))
        return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
    int rc;
    for (size_t j = 0; j < s->ncol; j++) {
        double v;
        if ((rc = tsc__csv_number(c, j + 1, &v, err))) return rc;
        if (s->isfd[j]) s->fd_primary += v;
        else s->t->va[s->to[j]] += v;
    }
    return TSC_OK;
}

static int read_rows(fg_read *s, tsc_csv *c, tsc_error *err)
{
    tsc_table *t = s->t;
    size_t n = t->n;
    int rc;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(c, s->ncol + 1, err))) return rc;
        const char *lab = tsc__csv_field(c, 0);
        size_t e = s->next_ind, lr = e < s->nind ? strlen(s->reg[e]) : 0;
        if (e < s->nind && strncmp(lab, s->reg[e], lr) == 0 && lab[lr] == '_' && !strcmp(lab + lr + 1, s->code[e])) {
            size_t i = s->to[e];
            for (size_t j = 0; j < s->ncol; j++) {
                double v;
                if ((rc = tsc__csv_number(c, j + 1, &v, err))) return rc;
                if (s->isfd[j]) t->Y[i + s->to[j] * n] += v;
                else t->Z[i + s->to[j] * n] += v;
            }
            s->next_ind++;
        } else if ((rc = va_row(s, c, err))) return rc;
    }
    if (rc < 0) return rc;
    if (s->next_ind < s->nind)
        return tsc__error(err, TSC_EDIM, tsc__csv_path(c), tsc__csv_line(c), 0,
                          "%zu industry rows where the header has %zu industry columns (first missing: %s_%s)",
                          s->next_ind, s->nind, s->reg[s->next_ind], s->code[s->next_ind]);
    if (!s->nva)
        return tsc__error(err, TSC_ELABEL, tsc__csv_path(c), tsc__csv_line(c), 0,
                          "no primary-input rows (W2_D1, W2_B2A3G ...) under the industry rows");
    return TSC_OK;
}

int tsc__table_load_figaro(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    fg_read s = {0};
    tsc_csv *c = NULL;
    int rc;
    *out = NULL;
    if ((rc = tsc__csv_open(path, &c, err)) || (rc = read_head(&s, c, err)) || (rc = build(&s, path, opts, err)) ||
        (rc = read_rows(&s, c, err)))
        goto fail;
    snprintf(s.t->unit, sizeof s.t->unit, "EUR million");
    snprintf(s.t->source, sizeof s.t->source, "%.510s", path);
    s.t->year = tsc__year_in_name(path);
    s.t->format = TSC_FORMAT_FIGARO;
    if (s.fd_primary != 0 &&
        (rc = tsc__table_note(s.t, err,
                              "primary inputs under the final-demand columns (taxes less subsidies on products, "
                              "purchases abroad and of non-residents: %.6g in total) are not in the table",
                              s.fd_primary)))
        goto fail;
    rc = tsc__table_finish(s.t, opts, 0, 1, NULL, err);
    if (rc < 0) goto fail;
    *out = s.t;
    s.t = NULL;
fail:
    tsc__csv_close(c);
    tsc_table_free(s.t);
    fg_free(&s);
    return rc;
}
