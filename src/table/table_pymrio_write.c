/* Writes a table in pymrio's text layout, as pymrio's own save writes it, so that pymrio.load reads it. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "error_int.h"
#include "table_int.h"
#include "table_pymrio_int.h"
#include "tariffscope/numfmt.h"
#include "tariffscope/output.h"

/* A tab-separated field: quoted (pandas' minimal quoting) when it holds a tab, a quote or a line break. */
static void field(FILE *f, const char *s)
{
    if (!strpbrk(s, "\t\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"') putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

static void num(FILE *f, double v)
{
    char buf[TSC_DTOA_SIZE];
    putc('\t', f);
    fwrite(buf, 1, tsc_dtoa17(v, buf), f);
}

/* The two header lines of (region, code) columns and the line of index names, as pandas writes a frame whose
 * index and columns are both two-level: "region<TAB><TAB>AUS...", "sector<TAB><TAB>food...",
 * "region<TAB>sector<TAB>..." */
static void header2(FILE *f, const tsc_table *t, size_t nidx, const char *const *idx_names, size_t ncol, int fd)
{
    const char *level[2] = {"region", fd ? "category" : "sector"};
    for (int l = 0; l < 2; l++) {
        fputs(level[l], f);
        for (size_t k = 1; k < nidx; k++) putc('\t', f);
        for (size_t j = 0; j < ncol; j++) {
            putc('\t', f);
            size_t per = fd ? t->F : t->N;
            field(f, l == 0 ? t->regions[j / per] : fd ? t->fdcats[j % per] : t->sectors[j % per]);
        }
        putc('\n', f);
    }
    for (size_t k = 0; k < nidx; k++) fprintf(f, "%s%s", k ? "\t" : "", idx_names[k]);
    for (size_t j = 0; j < ncol; j++) putc('\t', f);
    putc('\n', f);
}

static void row_label(FILE *f, const tsc_table *t, size_t i)
{
    field(f, t->regions[i / t->N]);
    putc('\t', f);
    field(f, t->sectors[i % t->N]);
}

static void write_matrix(FILE *f, const tsc_table *t, const double *v, size_t ncol, int fd)
{
    static const char *const names[2] = {"region", "sector"};
    header2(f, t, 2, names, ncol, fd);
    for (size_t i = 0; i < t->n; i++) {
        row_label(f, t, i);
        for (size_t j = 0; j < ncol; j++) num(f, v[i + j * t->n]);
        putc('\n', f);
    }
}

/* A vector per row: x.txt (column indout) or unit.txt (column unit, text). */
static void write_rows(FILE *f, const tsc_table *t, const char *col, const double *v)
{
    fprintf(f, "region\tsector\t%s\n", col);
    for (size_t i = 0; i < t->n; i++) {
        row_label(f, t, i);
        if (v) num(f, v[i]);
        else {
            putc('\t', f);
            field(f, t->unit);
        }
        putc('\n', f);
    }
}

/* factor_inputs/F.txt: one account, VA, by (region, sector) column. */
static void write_va(FILE *f, const tsc_table *t)
{
    static const char *const names[1] = {"inputtype"};
    header2(f, t, 1, names, t->n, 0);
    fputs("VA", f);
    for (size_t j = 0; j < t->n; j++) num(f, t->va[j]);
    putc('\n', f);
}

static json_t *file_entry(const char *name, int nidx, int nhdr)
{
    char a[8], b[8];
    snprintf(a, sizeof a, "%d", nidx);
    snprintf(b, sizeof b, "%d", nhdr);
    return json_pack("{s:s, s:s, s:s}", "name", name, "nr_index_col", a, "nr_header", b);
}

/* file_parameters.json of the system (ext = 0) or of the factor_inputs extension (ext = 1). */
static json_t *params_json(int ext)
{
    json_t *files =
        ext ? json_pack("{s:o, s:o}", "F", file_entry("F.txt", 1, 2), "unit", file_entry("unit.txt", 1, 1))
            : json_pack("{s:o, s:o, s:o, s:o}", "Z", file_entry("Z.txt", 2, 2), "Y", file_entry("Y.txt", 2, 2), "x",
                        file_entry("x.txt", 2, 1), "unit", file_entry("unit.txt", 2, 1));
    if (!files) return NULL;
    return ext ? json_pack("{s:o, s:s, s:s}", "files", files, "systemtype", PYMRIO_EXTENSION, "name", PYMRIO_VA_EXT)
               : json_pack("{s:o, s:s}", "files", files, "systemtype", PYMRIO_SYSTEM);
}

static json_t *metadata_json(const tsc_table *t)
{
    char desc[700];
    snprintf(desc, sizeof desc, "written by tariffscope from %s", t->source);
    json_t *m = json_pack("{s:s, s:s, s:s, s:n, s:[]}", "description", desc, "name", "tariffscope table", "system",
                          "ixi", "version", "history");
    if (m && t->year) json_object_set_new(m, "year", json_integer(t->year));
    return m;
}

enum { PM_Z, PM_Y, PM_X, PM_UNIT, PM_VA, PM_VA_UNIT, PM_PARAMS, PM_META, PM_VA_PARAMS, PM_NFILES };
static const char *const pm_names[PM_NFILES] = {"Z.txt",
                                                "Y.txt",
                                                "x.txt",
                                                "unit.txt",
                                                PYMRIO_VA_EXT "/F.txt",
                                                PYMRIO_VA_EXT "/unit.txt",
                                                PYMRIO_PARAMS,
                                                PYMRIO_METADATA,
                                                PYMRIO_VA_EXT "/" PYMRIO_PARAMS};

static int write_one(const tsc_table *t, int k, const char *path, tsc_error *err)
{
    if (k >= PM_PARAMS) {
        json_t *j = k == PM_META ? metadata_json(t) : params_json(k == PM_VA_PARAMS);
        int bad = !j || json_dump_file(j, path, JSON_INDENT(4) | JSON_PRESERVE_ORDER) != 0;
        json_decref(j);
        return bad ? tsc__error(err, TSC_EIO, path, 0, 0, "cannot write") : TSC_OK;
    }
    FILE *f = fopen(path, "w");
    if (!f) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    setvbuf(f, NULL, _IOFBF, (size_t)1 << 20);
    if (k == PM_Z) write_matrix(f, t, t->Z, t->n, 0);
    else if (k == PM_Y) write_matrix(f, t, t->Y, t->G * t->F, 1);
    else if (k == PM_X) write_rows(f, t, PYMRIO_X_COL, t->x);
    else if (k == PM_UNIT) write_rows(f, t, "unit", NULL);
    else if (k == PM_VA) write_va(f, t);
    else fprintf(f, "inputtype\tunit\nVA\t%s\n", t->unit);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    return bad ? tsc__error(err, TSC_EIO, path, 0, 0, "write failed (disk full?)") : TSC_OK;
}

int tsc_table_save_pymrio(const tsc_table *t, const char *dir, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1300];
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    for (int k = 0; k < PM_NFILES; k++)
        if ((rc = tsc_outset_add(set, pm_names[k], path, sizeof path, err)) || (rc = write_one(t, k, path, err))) {
            tsc_outset_abort(set);
            return rc;
        }
    return tsc_outset_commit(set, err);
}
