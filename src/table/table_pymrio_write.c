/* Writes a table in pymrio's text layout, as pymrio's own save writes it, so that pymrio.load reads it. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
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

/* An extension as written: its folder, the extension (NULL: the table's va as the one account VA), and the index
 * levels its account names split into (PYMRIO_LEVEL_SEP). */
typedef struct pm_ext {
    const char *folder;
    const tsc_ext *e;
    size_t nidx;
} pm_ext;

#define PM_MAX_LEVELS 8

/* How many levels every account name of e splits into (1 when they do not all split alike). */
static size_t levels_of(const tsc_ext *e)
{
    size_t want = 0;
    for (size_t a = 0; a < e->k; a++) {
        size_t l = 1;
        for (const char *p = e->accounts[a]; (p = strstr(p, PYMRIO_LEVEL_SEP)); p += strlen(PYMRIO_LEVEL_SEP)) l++;
        if (a == 0) want = l;
        else if (l != want) return 1;
    }
    return want >= 1 && want <= PM_MAX_LEVELS ? want : 1;
}

static const char *const level_names[PM_MAX_LEVELS] = {"stressor", "compartment", "level3", "level4",
                                                       "level5",   "level6",      "level7", "level8"};

/* An account's labels, one per level, tab-separated. */
static void account_labels(FILE *f, const char *name, size_t nidx)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", name);
    char *p = buf;
    for (size_t l = 0; l < nidx; l++) {
        char *q = l + 1 < nidx ? strstr(p, PYMRIO_LEVEL_SEP) : NULL;
        if (q) *q = '\0';
        if (l) putc('\t', f);
        field(f, p);
        if (q) p = q + strlen(PYMRIO_LEVEL_SEP);
    }
}

/* F.txt (fy = 0) or F_Y.txt (fy = 1) of an extension. */
static void write_ext_matrix(FILE *f, const tsc_table *t, const pm_ext *x, int fy)
{
    if (!x->e) {
        static const char *const names[1] = {"inputtype"};
        header2(f, t, 1, names, t->n, 0);
        fputs(PYMRIO_VA_ACCOUNT, f);
        for (size_t j = 0; j < t->n; j++) num(f, t->va[j]);
        putc('\n', f);
        return;
    }
    const tsc_ext *e = x->e;
    size_t ncol = fy ? t->G * t->F : t->n;
    header2(f, t, x->nidx, level_names, ncol, fy);
    const double *v = fy ? e->FY : e->F;
    for (size_t a = 0; a < e->k; a++) {
        account_labels(f, e->accounts[a], x->nidx);
        for (size_t j = 0; j < ncol; j++) num(f, v[a + j * e->k]);
        putc('\n', f);
    }
}

static void write_ext_unit(FILE *f, const tsc_table *t, const pm_ext *x)
{
    if (!x->e) {
        fprintf(f, "inputtype\tunit\n" PYMRIO_VA_ACCOUNT "\t");
        field(f, t->unit);
        putc('\n', f);
        return;
    }
    for (size_t l = 0; l < x->nidx; l++) fprintf(f, "%s\t", level_names[l]);
    fputs("unit\n", f);
    for (size_t a = 0; a < x->e->k; a++) {
        account_labels(f, x->e->accounts[a], x->nidx);
        putc('\t', f);
        field(f, x->e->units[a]);
        putc('\n', f);
    }
}

static json_t *file_entry(const char *name, size_t nidx, int nhdr)
{
    char a[24], b[8];
    snprintf(a, sizeof a, "%zu", nidx);
    snprintf(b, sizeof b, "%d", nhdr);
    return json_pack("{s:s, s:s, s:s}", "name", name, "nr_index_col", a, "nr_header", b);
}

/* file_parameters.json of the system (x = NULL) or of an extension. */
static json_t *params_json(const pm_ext *x)
{
    if (!x) {
        json_t *files =
            json_pack("{s:o, s:o, s:o, s:o}", "Z", file_entry("Z.txt", 2, 2), "Y", file_entry("Y.txt", 2, 2), "x",
                      file_entry("x.txt", 2, 1), "unit", file_entry("unit.txt", 2, 1));
        return files ? json_pack("{s:o, s:s}", "files", files, "systemtype", PYMRIO_SYSTEM) : NULL;
    }
    json_t *files =
        json_pack("{s:o, s:o}", "F", file_entry("F.txt", x->nidx, 2), "unit", file_entry("unit.txt", x->nidx, 1));
    if (files && x->e && x->e->FY) json_object_set_new(files, "F_Y", file_entry("F_Y.txt", x->nidx, 2));
    return files ? json_pack("{s:o, s:s, s:s}", "files", files, "systemtype", PYMRIO_EXTENSION, "name", x->folder)
                 : NULL;
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

enum { PM_Z, PM_Y, PM_X, PM_UNIT, PM_PARAMS, PM_META, PM_NCORE };
static const char *const pm_names[PM_NCORE] = {"Z.txt", "Y.txt", "x.txt", "unit.txt", PYMRIO_PARAMS, PYMRIO_METADATA};
enum { PX_F, PX_FY, PX_UNIT, PX_PARAMS, PX_NFILES };
static const char *const px_names[PX_NFILES] = {"F.txt", "F_Y.txt", "unit.txt", PYMRIO_PARAMS};

static int write_json(json_t *j, const char *path, tsc_error *err)
{
    int bad = !j || json_dump_file(j, path, JSON_INDENT(4) | JSON_PRESERVE_ORDER) != 0;
    json_decref(j);
    return bad ? tsc__error(err, TSC_EIO, path, 0, 0, "cannot write") : TSC_OK;
}

/* Core file k (x = NULL) or file k of extension x. */
static int write_one(const tsc_table *t, const pm_ext *x, int k, const char *path, tsc_error *err)
{
    if (!x && k == PM_PARAMS) return write_json(params_json(NULL), path, err);
    if (!x && k == PM_META) return write_json(metadata_json(t), path, err);
    if (x && k == PX_PARAMS) return write_json(params_json(x), path, err);
    FILE *f = fopen(path, "w");
    if (!f) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    setvbuf(f, NULL, _IOFBF, (size_t)1 << 20);
    if (x) {
        if (k == PX_UNIT) write_ext_unit(f, t, x);
        else write_ext_matrix(f, t, x, k == PX_FY);
    } else if (k == PM_Z) write_matrix(f, t, t->Z, t->n, 0);
    else if (k == PM_Y) write_matrix(f, t, t->Y, t->G * t->F, 1);
    else if (k == PM_X) write_rows(f, t, PYMRIO_X_COL, t->x);
    else write_rows(f, t, "unit", NULL);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    return bad ? tsc__error(err, TSC_EIO, path, 0, 0, "write failed (disk full?)") : TSC_OK;
}

/* Whether the column sums of e's F are va (to rounding): then e can stand for va as pymrio's factor_inputs. */
static int sums_to_va(const tsc_table *t, const tsc_ext *e)
{
    for (size_t j = 0; j < t->n; j++) {
        double s = 0, a = 0;
        for (size_t r = 0; r < e->k; r++) {
            s += e->F[r + j * e->k];
            a += fabs(e->F[r + j * e->k]);
        }
        if (fabs(s - t->va[j]) > 1e-12 * (a + fabs(t->va[j]))) return 0;
    }
    return 1;
}

/* The extension folders to write: the table's extensions, and factor_inputs for va when none of them stands for it
 * (a factor_inputs extension that does not sum to va then goes to PYMRIO_VA_EXT_RENAMED). */
static size_t plan_extensions(const tsc_table *t, pm_ext *out)
{
    size_t m = 0;
    int va_done = 0;
    for (size_t x = 0; x < t->next; x++) {
        const tsc_ext *e = &t->ext[x];
        out[m].e = e;
        out[m].nidx = levels_of(e);
        out[m].folder = e->name;
        if (strcmp(e->name, PYMRIO_VA_EXT) == 0) {
            if (sums_to_va(t, e)) va_done = 1;
            else out[m].folder = PYMRIO_VA_EXT_RENAMED;
        }
        m++;
    }
    if (!va_done) out[m++] = (pm_ext){PYMRIO_VA_EXT, NULL, 1};
    return m;
}

int tsc_table_save_pymrio(const tsc_table *t, const char *dir, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1300], name[300];
    pm_ext *plan = tsc__calloc(t->next + 1, sizeof *plan);
    if (!plan) return tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
    size_t m = plan_extensions(t, plan);
    for (size_t x = 0; x < m; x++)
        for (size_t y = 0; y < x; y++)
            if (strcmp(plan[x].folder, plan[y].folder) == 0) {
                tsc__free(plan);
                return tsc__error(err, TSC_ELABEL, dir, 0, 0, "two extensions would be written to folder %s",
                                  plan[x].folder);
            }
    int rc = tsc_outset_new(dir, &set, err);
    for (int k = 0; !rc && k < PM_NCORE; k++)
        if (!(rc = tsc_outset_add(set, pm_names[k], path, sizeof path, err))) rc = write_one(t, NULL, k, path, err);
    for (size_t x = 0; !rc && x < m; x++)
        for (int k = 0; !rc && k < PX_NFILES; k++) {
            if (k == PX_FY && !(plan[x].e && plan[x].e->FY)) continue;
            snprintf(name, sizeof name, "%s/%s", plan[x].folder, px_names[k]);
            if (!(rc = tsc_outset_add(set, name, path, sizeof path, err))) rc = write_one(t, &plan[x], k, path, err);
        }
    tsc__free(plan);
    if (rc) {
        tsc_outset_abort(set);
        return rc;
    }
    return tsc_outset_commit(set, err);
}
