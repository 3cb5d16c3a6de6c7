/* tariffscope decompose: value added in trade (Leontief, KWW, WWZ, Borin-Mancini, TiVA, FD_VA, routes). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tariffscope/decomp.h"

/* decompr's key column names in its wide layout, by level. */
static const char *wide_key(tsc_level level, size_t k, const char *method)
{
    if (level == TSC_LEVEL_COUNTRY &&
        (strcmp(method, "kww") == 0 || strcmp(method, "wwz2kww") == 0 || strcmp(method, "tiva") == 0))
        return "Country";
    static const char *const names[3] = {"Exporting_Country", "Exporting_Industry", "Importing_Country"};
    return names[k];
}

/* Which key columns a result has: those set on any of its rows (a row may leave one empty, e.g. oecd_tiva's
 * per-sector totals have no importer). */
static void key_slots(const tsc_dresult *r, int used[3])
{
    used[0] = used[1] = used[2] = 0;
    for (size_t row = 0; row < r->nrow; row++) {
        used[0] |= r->exporter[row] != TSC_NONE;
        used[1] |= r->sector[row] != TSC_NONE;
        used[2] |= r->importer[row] != TSC_NONE;
    }
}

/* The row's keys in the result's key columns (empty where the row has none). */
static size_t row_keys(const tsc_table *t, const tsc_dresult *r, const int used[3], size_t row, const char *names[3],
                       const char *vals[3])
{
    size_t k = 0;
    size_t key[3] = {r->exporter[row], r->sector[row], r->importer[row]};
    static const char *const col[3] = {"exporter", "exporter_sector", "importer"};
    for (int j = 0; j < 3; j++) {
        if (!used[j]) continue;
        names[k] = col[j];
        vals[k++] = key[j] == TSC_NONE ? "" : j == 1 ? tsc_table_sector(t, key[j]) : tsc_table_region(t, key[j]);
    }
    return k;
}

/* The keys of the result's rows (key_slots' columns) as cli_prefixes' fields. */
typedef struct key_ctx {
    const tsc_table *t;
    const tsc_dresult *r;
    int used[3];
} key_ctx;

static const char *key_of(const void *ctx, size_t row, size_t k)
{
    const key_ctx *c = ctx;
    const char *names[3], *vals[3];
    row_keys(c->t, c->r, c->used, row, names, vals);
    return vals[k];
}

static const char *term_of(const void *ctx, size_t term, size_t k)
{
    (void)k;
    return ((const tsc_dresult *)ctx)->terms[term];
}

/* The row prefixes (pre and the row's keys, CSV-quoted, each with its comma) and the term prefixes ("TERM,"). */
static int prefixes(const key_ctx *c, size_t nk, const char *pre, char ***rowpre, char ***colpre, tsc_error *err)
{
    *rowpre = cli_prefixes(c->r->nrow, pre, nk, key_of, c, 1);
    *colpre = cli_prefixes(c->r->nterm, "", 1, term_of, c->r, 0);
    if (*rowpre && *colpre) return TSC_OK;
    free(*rowpre);
    free(*colpre);
    *rowpre = *colpre = NULL;
    return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

int cli_decompose_write_long(tsc_writer *w, const tsc_table *t, const tsc_dresult *r, const char *head, const char *pre,
                             tsc_error *err)
{
    const char *names[3], *vals[3];
    key_ctx c = {t, r, {0, 0, 0}};
    key_slots(r, c.used);
    size_t nk = r->nrow ? row_keys(t, r, c.used, 0, names, vals) : 0;
    if (head) {
        tsc_writer_str(w, head);
        for (size_t k = 0; k < nk; k++) {
            tsc_writer_str(w, names[k]);
            tsc_writer_put(w, ",", 1);
        }
        tsc_writer_str(w, "term,value\n");
    }
    if (!r->nrow || !r->nterm) return TSC_OK;
    char **rowpre, **colpre;
    int rc = prefixes(&c, nk, pre, &rowpre, &colpre, err);
    if (rc) return rc;
    tsc_writer_long(w, r->nrow, r->nterm, (const char *const *)rowpre, (const char *const *)colpre, r->v, r->nterm, 1);
    free(rowpre);
    free(colpre);
    return TSC_OK;
}

static int write_wide(tsc_writer *w, const tsc_table *t, const tsc_dresult *r, const char *method, tsc_error *err)
{
    const char *names[3], *vals[3];
    key_ctx c = {t, r, {0, 0, 0}};
    key_slots(r, c.used);
    size_t nk = r->nrow ? row_keys(t, r, c.used, 0, names, vals) : 0, slot[3], ns = 0;
    for (size_t j = 0; j < 3; j++)
        if (c.used[j]) slot[ns++] = j;
    for (size_t k = 0; k < nk; k++) {
        if (k) tsc_writer_put(w, ",", 1);
        tsc_writer_str(w, wide_key(r->level, slot[k], method));
    }
    for (size_t term = 0; term < r->nterm; term++) {
        if (nk || term) tsc_writer_put(w, ",", 1);
        tsc_writer_str(w, r->terms[term]);
    }
    tsc_writer_put(w, "\n", 1);
    if (!r->nrow) return TSC_OK;
    char **rowpre, **colpre;
    int rc = prefixes(&c, nk, "", &rowpre, &colpre, err);
    if (rc) return rc;
    tsc_writer_wide(w, r->nrow, r->nterm, (const char *const *)rowpre, r->v, r->nterm, 1);
    free(rowpre);
    free(colpre);
    return TSC_OK;
}

/* The result as one HDF5 table (tsc_h5_write) named after the method, with the CSV's columns: long (keys, term,
 * value) or wide (keys, one column per term). */
static int write_h5(const char *path, const tsc_table *t, const tsc_dresult *r, const char *method, int wide,
                    tsc_error *err)
{
    const char *names[3], *vals[3], *keynames[3];
    int used[3];
    key_slots(r, used);
    size_t nk = r->nrow ? row_keys(t, r, used, 0, names, vals) : 0, ns = 0;
    for (size_t j = 0; j < 3; j++)
        if (used[j]) keynames[ns++] = wide ? wide_key(r->level, j, method) : NULL;
    if (!wide)
        for (size_t k = 0; k < nk; k++) keynames[k] = names[k];
    const char **keys = malloc((r->nrow * nk + 1) * sizeof *keys);
    if (!keys) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t row = 0; row < r->nrow; row++) {
        row_keys(t, r, used, row, names, vals);
        for (size_t k = 0; k < nk; k++) keys[row * nk + k] = vals[k];
    }
    const char *attrs[] = {"method", method, "unit", tsc_table_unit(t), "layout", wide ? "wide" : "long", NULL};
    tsc_h5_table h = {
        method, r->nrow,  r->nterm, nk,   keynames, keys, wide ? NULL : "term", "value", (const char *const *)r->terms,
        r->v,   r->nterm, 1,        attrs};
    int rc = tsc_h5_write(path, &h, err);
    free(keys);
    return rc;
}

/* A JSON string of s: jansson refuses text that is not UTF-8 (NULL), so the caller reports it. */
static json_t *json_text(const char *s, const char **bad)
{
    json_t *j = json_string(s);
    if (!j && !*bad) *bad = s;
    return j;
}

/* {"method", "unit", "terms": [...], "rows": [{KEY: LABEL, ..., "values": [...]}, ...]}, one line, built whole by
 * jansson (the tree costs some 40 bytes a value: 60 MB for WWZ on a 41-region x 35-sector table). Values round-trip
 * (17 digits); NaN and infinities, which JSON has no numbers for, become null. */
static int json_out(const char *buf, size_t size, void *w)
{
    tsc_writer_put(w, buf, size);
    return 0;
}

static int write_json(tsc_writer *w, const tsc_table *t, const tsc_dresult *r, const char *method, tsc_error *err)
{
    const char *names[3], *vals[3], *bad = NULL;
    int used[3], fail = 0;
    key_slots(r, used);
    json_t *root = json_object(), *terms = json_array(), *rows = json_array();
    fail |= json_object_set_new(root, "method", json_text(method, &bad));
    fail |= json_object_set_new(root, "unit", json_text(tsc_table_unit(t), &bad));
    fail |= json_object_set_new(root, "terms", json_incref(terms));
    fail |= json_object_set_new(root, "rows", json_incref(rows));
    for (size_t term = 0; term < r->nterm && !fail; term++)
        fail |= json_array_append_new(terms, json_text(r->terms[term], &bad));
    for (size_t row = 0; row < r->nrow && !fail; row++) {
        size_t nk = row_keys(t, r, used, row, names, vals);
        json_t *obj = json_object(), *values = json_array();
        for (size_t k = 0; k < nk; k++) fail |= json_object_set_new(obj, names[k], json_text(vals[k], &bad));
        for (size_t term = 0; term < r->nterm; term++) {
            double v = r->v[row * r->nterm + term];
            fail |= json_array_append_new(values, isfinite(v) ? json_real(v) : json_null());
        }
        fail |= json_object_set_new(obj, "values", values);
        fail |= json_array_append_new(rows, obj);
    }
    if (!fail) fail = json_dump_callback(root, json_out, w, JSON_REAL_PRECISION(17)) != 0;
    tsc_writer_put(w, "\n", 1);
    json_decref(terms);
    json_decref(rows);
    json_decref(root);
    if (bad) return tsc_error_set(err, TSC_EPARSE, NULL, 0, 0, "JSON needs UTF-8 text; '%s' is not", bad);
    if (fail) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "cannot build or write the JSON output");
    return TSC_OK;
}

/* Writes the fields, each followed by a comma. */
static void put_fields(tsc_writer *w, const char *const *f, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        tsc_writer_str(w, f[k]);
        tsc_writer_put(w, ",", 1);
    }
}

/* Routes of an origin's value added: both measures in one long table. */
static void write_routes(tsc_writer *w, const tsc_table *t, size_t s, const tsc_dresult *absorbed,
                         const tsc_dresult *cross)
{
    tsc_writer_str(w, "origin,measure,route,route_kind,route_sector,destination,value\n");
    for (size_t row = 0; row < absorbed->nrow; row++) {
        size_t m = absorbed->exporter[row], dd = absorbed->importer[row];
        const char *kind = m == s ? "direct" : m == dd ? "at_destination" : "via_third";
        const char *f[6] = {tsc_table_region(t, s), "absorbed", tsc_table_region(t, m), kind, "",
                            tsc_table_region(t, dd)};
        put_fields(w, f, 6);
        tsc_writer_num(w, absorbed->v[row]);
        tsc_writer_put(w, "\n", 1);
    }
    for (size_t row = 0; row < cross->nrow; row++) {
        size_t m = cross->exporter[row], dd = cross->importer[row];
        if (m == dd) continue; /* no exports to oneself */
        const char *f[6] = {tsc_table_region(t, s),
                            "crossing",
                            tsc_table_region(t, m),
                            m == s ? "direct" : "via_third",
                            tsc_table_sector(t, cross->sector[row]),
                            tsc_table_region(t, dd)};
        put_fields(w, f, 6);
        tsc_writer_num(w, cross->v[row]);
        tsc_writer_put(w, "\n", 1);
    }
}

int cli_decompose_method(const cli_args *a, const tsc_table *t, tsc_decomp *d, tsc_dresult *r, tsc_error *err)
{
    const char *m = cli_enum_name(OPT_DMETHOD, a->dmethod);
    tsc_decomp_spec spec;
    tsc_decomp_spec_init(&spec, m);
    spec.level = (tsc_level)a->level;
    spec.perspective = (tsc_bm_perspective)a->perspective;
    spec.approach = (tsc_bm_approach)a->approach;
    if (strcmp(m, "routes") == 0) {
        int rc = tsc_table_region_index(t, a->origin, &spec.origin, err);
        if (!rc && a->destination) rc = tsc_table_region_index(t, a->destination, &spec.destination, err);
        if (rc) return rc;
    }
    return tsc_decomp_run(d, &spec, r, err);
}

/* Labels of run_leontief's rows and columns: region and sector of row i ("R,S" or, wide, "R.S"); region j. */
typedef struct leo_ctx {
    const tsc_table *t;
    int dot;
} leo_ctx;

static const char *leo_region(const void *ctx, size_t i, size_t k)
{
    const leo_ctx *c = ctx;
    size_t N = tsc_table_nsectors(c->t);
    return k == 0 ? tsc_table_region(c->t, i / N) : tsc_table_sector(c->t, i % N);
}

static const char *leo_country(const void *ctx, size_t j, size_t k)
{
    (void)k;
    return tsc_table_region(((const leo_ctx *)ctx)->t, j);
}

/* decompr's leontief(): V^B post-multiplied by nothing, exports, output or final demand, as a labelled matrix. */
static int run_leontief(const cli_args *a, const tsc_table *t, tsc_leontief *lf, tsc_writer *w, tsc_error *err)
{
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t), N = tsc_table_nsectors(t);
    int fd = a->post == CLI_POST_FINAL_DEMAND, rc;
    size_t ncol = fd ? G : n;
    double *m = malloc(n * ncol * sizeof *m), *exports = NULL;
    if (!m || (a->post == CLI_POST_EXPORTS && !(exports = malloc(n * sizeof *exports)))) {
        free(m);
        return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (fd) rc = tsc_leontief_va_by_destination(lf, m, err);
    else {
        if (exports) tsc_table_exports(t, exports);
        const double *wt = a->post == CLI_POST_OUTPUT ? tsc_table_x(t) : exports; /* none: NULL */
        rc = tsc_leontief_vb(lf, wt, m, err);
        free(exports);
    }
    char **rowpre = NULL, **colpre = NULL;
    if (!rc) {
        int wide = a->layout == CLI_LAYOUT_WIDE;
        leo_ctx c = {t, 0};
        if (wide) {
            tsc_writer_str(w, "\"\"");
            for (size_t j = 0; j < ncol; j++) {
                tsc_writer_put(w, ",", 1);
                tsc_writer_str(w, tsc_table_region(t, fd ? j : j / N));
                if (!fd) {
                    tsc_writer_put(w, ".", 1);
                    tsc_writer_str(w, tsc_table_sector(t, j % N));
                }
            }
            tsc_writer_put(w, "\n", 1);
        } else
            tsc_writer_str(w, fd ? "origin_region,origin_sector,destination_region,value\n"
                                 : "origin_region,origin_sector,column_region,column_sector,value\n");
        /* the labels as they always were: not CSV-quoted */
        rowpre = cli_prefixes(n, "", 2, leo_region, &c, 0);
        if (!wide) colpre = fd ? cli_prefixes(G, "", 1, leo_country, &c, 0) : cli_prefixes(n, "", 2, leo_region, &c, 0);
        if (!rowpre || (!wide && !colpre)) rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        else if (wide) {
            for (size_t i = 0; i < n; i++) rowpre[i][strlen(tsc_table_region(t, i / N))] = '.'; /* "R.S," */
            tsc_writer_wide(w, n, ncol, (const char *const *)rowpre, m, 1, n);
        } else tsc_writer_long(w, n, ncol, (const char *const *)rowpre, (const char *const *)colpre, m, 1, n);
    }
    free(rowpre);
    free(colpre);
    free(m);
    return rc;
}

/* Writes the result of the method m (computed into r, or for leontief and routes here) to w. */
static int write_result(const cli_args *a, const char *m, const tsc_table *t, tsc_leontief *lf, tsc_decomp *d,
                        const tsc_dresult *r, tsc_writer *w, tsc_error *err)
{
    if (strcmp(m, "leontief") == 0) return run_leontief(a, t, lf, w, err);
    if (strcmp(m, "routes") == 0) {
        /* cli_decompose_method resolved these codes already: the absorbed routes were computed with them */
        size_t s = 0, dd = TSC_NONE;
        tsc_dresult cross = {0};
        tsc_table_region_index(t, a->origin, &s, NULL);
        if (a->destination) tsc_table_region_index(t, a->destination, &dd, NULL);
        int rc = tsc_decomp_routes(d, s, dd, 0, &cross, err);
        if (!rc) write_routes(w, t, s, r, &cross);
        tsc_dresult_free(&cross);
        return rc;
    }
    if (a->json) return write_json(w, t, r, m, err);
    if (a->layout == CLI_LAYOUT_WIDE) return write_wide(w, t, r, m, err);
    return cli_decompose_write_long(w, t, r, "", "", err);
}

const char *cli_decompose_check(const cli_args *a)
{
    const char *m = cli_enum_name(OPT_DMETHOD, a->dmethod);
    if (strcmp(m, "kww") == 0 && a->level != TSC_LEVEL_COUNTRY)
        return "kww is defined at country level (use wwz for bilateral detail)";
    if (strcmp(m, "routes") == 0 && !a->origin) return "--method routes needs --origin REGION";
    return NULL;
}

static int run(const cli_args *a)
{
    const char *m = cli_enum_name(OPT_DMETHOD, a->dmethod), *out = a->out, *bad = cli_decompose_check(a);
    tsc_out_kind kind = tsc_out_kind_of(out);
    if (!bad && kind == TSC_OUT_HDF5 && (a->json || strcmp(m, "leontief") == 0 || strcmp(m, "routes") == 0))
        bad = "--out FILE.h5 takes the table of a decomposition (not --json, leontief or routes)";
    if (bad) return cli_usage(a->cmd, "%s", bad);
    tsc_table *t = cli_load_table(a->pos[0], a);
    if (!t) return 1;
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_outset *set = NULL;
    tsc_dresult r = {0};
    tsc_error err;
    tsc_error_clear(&err);
    int status = 1, rc;
    char dir[1024], path[1400];
    const char *slash = strrchr(out, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - out) : 1, slash ? out : ".");
    double t0 = cli_now();
    if ((rc = tsc_leontief_new(t, &lf, &err))) {
        cli_fail(&err);
        goto done;
    }
    int is_leontief = strcmp(m, "leontief") == 0;
    if (!is_leontief) {
        if ((rc = tsc_decomp_new(t, lf, &d, &err))) {
            cli_fail(&err);
            goto done;
        }
        if ((rc = cli_decompose_method(a, t, d, &r, &err))) {
            cli_fail(&err);
            goto done;
        }
    }
    double t1 = cli_now();
    if ((rc = tsc_outset_new(slash == out ? "/" : dir, &set, &err)) ||
        (rc = tsc_outset_add(set, slash ? slash + 1 : out, path, sizeof path, &err))) {
        cli_fail(&err);
        goto done;
    }
    if (kind == TSC_OUT_HDF5) rc = write_h5(path, t, &r, m, a->layout == CLI_LAYOUT_WIDE, &err);
    else {
        tsc_writer *w = NULL;
        rc = tsc_writer_open(path, kind == TSC_OUT_GZIP ? TSC_WRITER_GZIP : 0, &w, &err);
        if (!rc) {
            rc = write_result(a, m, t, lf, d, &r, w, &err);
            int rc2 = tsc_writer_close(w, rc ? NULL : &err);
            if (!rc) rc = rc2;
        }
    }
    if (rc) {
        if (rc == TSC_EIO) snprintf(err.file, sizeof err.file, "%s", out); /* the output, not its temporary name */
        cli_fail(&err);
        goto done;
    }
    rc = tsc_outset_commit(set, &err);
    set = NULL;
    if (rc) {
        cli_fail(&err);
        goto done;
    }
    if (a->verbose)
        fprintf(stderr, "computed in %.3f s, written in %.3f s (max backward error %.2g)\n", t1 - t0, cli_now() - t1,
                tsc_leontief_max_residual(lf));
    printf("wrote %s (%s, %zu rows)\n", out, m, is_leontief ? tsc_table_n(t) : r.nrow);
    status = 0;
done:
    tsc_outset_abort(set);
    tsc_dresult_free(&r);
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(t);
    return status;
}

static const cli_use opts[] = {
    {OPT_DMETHOD, 1, NULL, NULL, NULL},
    {OPT_OUT, 1, "FILE",
     "the file written: long CSV unless --layout or --json say otherwise; gzip-compressed when FILE ends in .gz, "
     "an HDF5 table when in .h5",
     NULL},
    {OPT_LEVEL, 0, NULL, NULL, NULL},
    {OPT_PERSPECTIVE, 0, NULL, NULL, NULL},
    {OPT_APPROACH, 0, NULL, NULL, NULL},
    {OPT_ORIGIN, 0, NULL, NULL, NULL},
    {OPT_DESTINATION, 0, NULL, "the destination of the routes (routes; default: every region)", NULL},
    {OPT_POST, 0, NULL, NULL, NULL},
    {OPT_LAYOUT, 0, NULL, NULL, NULL},
    {OPT_JSON, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_decompose = {
    "decompose",
    "value added in trade: Leontief, KWW, WWZ, Borin-Mancini, TiVA, FD_VA, routes, exvatools' outputs",
    {"TABLE"},
    1,
    opts,
    sizeof opts / sizeof *opts,
    1,
    "Every result is checked against its identities before it is written (a violation beyond 1e-9 relative is an "
    "error, with no output). Methods, levels and terms: docs/CLI.md and docs/DECOMPOSITIONS.md.",
    run,
};
