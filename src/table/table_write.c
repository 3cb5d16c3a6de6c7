/* Writes a table in the native folder layout (meta.json + labelled CSVs, gzip optional). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "error_int.h"
#include "table_int.h"
#include "table_sink_int.h"
#include "tariffscope/output.h"

static void write_matrix(tsc_sink *s, const tsc_table *t, const double *v, size_t ncol, int fd)
{
    tsc__sink_str(s, "\"\"");
    for (size_t j = 0; j < ncol; j++) {
        tsc__sink_put(s, ",", 1);
        if (fd) tsc__sink_label(s, t->regions[j / t->F], t->fdcats[j % t->F]);
        else tsc__sink_label(s, t->regions[j / t->N], t->sectors[j % t->N]);
    }
    tsc__sink_put(s, "\n", 1);
    for (size_t i = 0; i < t->n && !tsc_writer_failed(s->w); i++) {
        tsc__sink_label(s, t->regions[i / t->N], t->sectors[i % t->N]);
        for (size_t j = 0; j < ncol; j++) tsc__sink_num(s, v[i + j * t->n]);
        tsc__sink_put(s, "\n", 1);
    }
}

static void write_x_va(tsc_sink *s, const tsc_table *t)
{
    tsc__sink_str(s, "row,x,va\n");
    for (size_t i = 0; i < t->n; i++) {
        tsc__sink_label(s, t->regions[i / t->N], t->sectors[i % t->N]);
        tsc__sink_num(s, t->x[i]);
        tsc__sink_num(s, t->va[i]);
        tsc__sink_put(s, "\n", 1);
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
    tsc_sink s;
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    const char *ext = gzip ? ".csv.gz" : ".csv";
    const char *names[3] = {"Z", "Y", "x_va"};
    for (int k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s%s", names[k], ext);
        if ((rc = tsc_outset_add(set, name, path, sizeof path, err)) || (rc = tsc__sink_open(&s, path, gzip, err)))
            goto fail;
        if (k == 0) write_matrix(&s, t, t->Z, t->n, 0);
        else if (k == 1) write_matrix(&s, t, t->Y, t->G * t->F, 1);
        else write_x_va(&s, t);
        if ((rc = tsc__sink_close(&s, path, err))) goto fail;
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
