/* Writes a table in the native folder layout (meta.json + labelled CSVs, gzip optional). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "error_int.h"
#include "table_int.h"
#include "tariffscope/output.h"

/* A text sink that is either a plain FILE or a gzip stream. */
typedef struct sink {
    FILE *f;
    gzFile gz;
    int failed;
} sink;

static void put(sink *s, const char *str, size_t len)
{
    if (s->failed) return;
    if (s->gz) s->failed = gzwrite(s->gz, str, (unsigned)len) != (int)len;
    else s->failed = fwrite(str, 1, len, s->f) != len;
}

static void put_str(sink *s, const char *str)
{
    put(s, str, strlen(str));
}

/* Quotes a field when it holds a comma, quote or newline. */
static void put_field(sink *s, const char *str)
{
    if (!strpbrk(str, ",\"\n\r")) {
        put_str(s, str);
        return;
    }
    put(s, "\"", 1);
    for (const char *p = str; *p; p++) {
        if (*p == '"') put(s, "\"", 1);
        put(s, p, 1);
    }
    put(s, "\"", 1);
}

static void put_label(sink *s, const char *a, const char *b)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s.%s", a, b);
    put_field(s, buf);
}

static void put_num(sink *s, double v)
{
    char buf[40];
    int k = snprintf(buf, sizeof buf, ",%.17g", v);
    put(s, buf, (size_t)k);
}

static int open_sink(sink *s, const char *path, int gzip, tsc_error *err)
{
    memset(s, 0, sizeof *s);
    if (gzip) s->gz = gzopen(path, "wb6");
    else s->f = fopen(path, "wb");
    if (!s->gz && !s->f) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    return TSC_OK;
}

static int close_sink(sink *s, const char *path, tsc_error *err)
{
    int bad = s->failed;
    if (s->gz) bad |= gzclose(s->gz) != Z_OK;
    if (s->f) bad |= fclose(s->f) != 0;
    return bad ? tsc__error(err, TSC_EIO, path, 0, 0, "write failed (disk full?)") : TSC_OK;
}

static void write_matrix(sink *s, const tsc_table *t, const double *v, size_t ncol, int fd)
{
    put_str(s, "\"\"");
    for (size_t j = 0; j < ncol; j++) {
        put(s, ",", 1);
        if (fd) put_label(s, t->regions[j / t->F], t->fdcats[j % t->F]);
        else put_label(s, t->regions[j / t->N], t->sectors[j % t->N]);
    }
    put(s, "\n", 1);
    for (size_t i = 0; i < t->n && !s->failed; i++) {
        put_label(s, t->regions[i / t->N], t->sectors[i % t->N]);
        for (size_t j = 0; j < ncol; j++) put_num(s, v[i + j * t->n]);
        put(s, "\n", 1);
    }
}

static void write_x_va(sink *s, const tsc_table *t)
{
    put_str(s, "row,x,va\n");
    for (size_t i = 0; i < t->n; i++) {
        put_label(s, t->regions[i / t->N], t->sectors[i % t->N]);
        put_num(s, t->x[i]);
        put_num(s, t->va[i]);
        put(s, "\n", 1);
    }
}

static json_t *string_array(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) json_array_append_new(a, json_string(v[i]));
    return a;
}

int tsc_table_save_native(const tsc_table *t, const char *dir, int gzip, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1300];
    sink s;
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    const char *ext = gzip ? ".csv.gz" : ".csv";
    const char *names[3] = {"Z", "Y", "x_va"};
    for (int k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s%s", names[k], ext);
        if ((rc = tsc_outset_add(set, name, path, sizeof path, err)) || (rc = open_sink(&s, path, gzip, err)))
            goto fail;
        if (k == 0) write_matrix(&s, t, t->Z, t->n, 0);
        else if (k == 1) write_matrix(&s, t, t->Y, t->G * t->F, 1);
        else write_x_va(&s, t);
        if ((rc = close_sink(&s, path, err))) goto fail;
    }
    json_t *meta =
        json_pack("{s:s, s:i, s:o, s:o, s:o, s:s, s:i, s:s}", "format", "tariffscope-native", "version", 1, "regions",
                  string_array(t->regions, t->G), "sectors", string_array(t->sectors, t->N), "fd_categories",
                  string_array(t->fdcats, t->F), "unit", t->unit, "year", t->year, "source", t->source);
    if (!meta) {
        rc = tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
        goto fail;
    }
    json_t *goods = json_array();
    for (size_t k = 0; goods && k < t->N; k++)
        if (t->goods[k]) json_array_append_new(goods, json_string(t->sectors[k]));
    json_object_set_new(meta, "goods_sectors", goods);
    rc = tsc_outset_add(set, "meta.json", path, sizeof path, err);
    if (!rc && json_dump_file(meta, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "cannot write");
    json_decref(meta);
    if (rc || (rc = tsc__extensions_write_native(t, set, gzip, err))) goto fail;
    if ((rc = tsc_outset_commit(set, err))) return rc;
    /* a table written earlier with the other compression would be read instead of this one: remove it */
    for (int k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s%s", names[k], gzip ? ".csv" : ".csv.gz");
        if (tsc__path_join(path, sizeof path, dir, name) == 0 && tsc__file_exists(path)) remove(path);
    }
    for (size_t x = 0; x < t->next; x++)
        for (int k = 0; k < 2; k++) {
            char name[200];
            snprintf(name, sizeof name, "extensions/%s/%s%s", t->ext[x].name, k ? "F_Y" : "F",
                     gzip ? ".csv" : ".csv.gz");
            if (tsc__path_join(path, sizeof path, dir, name) == 0 && tsc__file_exists(path)) remove(path);
        }
    return TSC_OK;
fail:
    tsc_outset_abort(set);
    return rc;
}
