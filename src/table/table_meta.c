/* meta.json of a native table folder: format and version, labels, unit and year, goods sectors and the tariff
 * schedule's files. Every error names the file, the line and column of the key it concerns, and the key. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "json_int.h"
#include "table_int.h"

/* The meta.json format version this build reads. */
#define META_VERSION 1
/* A table's year: the range of tsc_date_parse. */
#define META_YEAR_MIN 1900
#define META_YEAR_MAX 2199

typedef struct meta {
    char path[1024];
    json_t *root;
    char *text; /* the file, for the places of keys */
} meta;

static void meta_close(meta *m)
{
    json_decref(m->root);
    tsc__free(m->text);
    m->root = NULL;
    m->text = NULL;
}

static int meta_open(const char *dir, meta *m, tsc_error *err)
{
    memset(m, 0, sizeof *m);
    if (tsc__path_join(m->path, sizeof m->path, dir, "meta.json"))
        return tsc__error(err, TSC_EINVAL, dir, 0, 0, "path too long");
    json_error_t je;
    int oom;
    if (!(m->root = tsc__json_load_file(m->path, JSON_REJECT_DUPLICATES, &je, &oom))) {
        if (oom) return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory reading meta.json");
        return tsc__error(err, TSC_EPARSE, m->path, (size_t)(je.line > 0 ? je.line : 0),
                          (size_t)(je.column > 0 ? je.column : 0), "%s", je.text);
    }
    if (!json_is_object(m->root)) {
        meta_close(m);
        return tsc__error(err, TSC_EPARSE, m->path, 1, 1, "meta.json holds an object ({\"format\": ...})");
    }
    FILE *f = fopen(m->path, "rb");
    if (f) {
        /* jansson has read the file already, so its size is sane; a failure here only loses the places */
        if (fseek(f, 0, SEEK_END) == 0) {
            long size = ftell(f);
            if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (m->text = tsc__malloc((size_t)size + 1))) {
                size_t got = fread(m->text, 1, (size_t)size, f);
                m->text[got] = '\0';
            }
        }
        fclose(f);
    }
    return TSC_OK;
}

/* The line and column of "key" written as a key (followed by a colon) in the file; 0, 0 when not found. */
static void locate(const meta *m, const char *key, size_t *line, size_t *col)
{
    *line = *col = 0;
    if (!m->text) return;
    size_t klen = strlen(key);
    for (const char *p = m->text; (p = strchr(p, '"')); p++) {
        if (strncmp(p + 1, key, klen) != 0 || p[1 + klen] != '"') continue;
        const char *q = p + 2 + klen;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n') q++;
        if (*q != ':') continue;
        size_t l = 1, c = 1;
        for (const char *s = m->text; s < p; s++) {
            if (*s == '\n') {
                l++;
                c = 1;
            } else c++;
        }
        *line = l;
        *col = c;
        return;
    }
}

/* An error at the key it concerns: file:line:col of the key and the key named in the message. */
TSC_PRINTF(5, 6) static int meta_fail(const meta *m, tsc_error *err, const char *key, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line, col;
    locate(m, key, &line, &col);
    return tsc__error(err, code, m->path, line, col, "\"%s\": %s", key, msg);
}

static void free_list(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

/* A non-empty array of non-empty strings, copied. */
static int read_list(const meta *m, const char *key, char ***out, size_t *n, tsc_error *err)
{
    json_t *a = json_object_get(m->root, key);
    size_t len = json_array_size(a);
    *out = NULL;
    *n = 0;
    if (!a) return meta_fail(m, err, key, TSC_EPARSE, "missing: a non-empty array of strings");
    if (!json_is_array(a) || len == 0)
        return meta_fail(m, err, key, TSC_EPARSE, "must be a non-empty array of strings");
    char **v = tsc__calloc(len, sizeof *v);
    if (!v) return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    for (size_t i = 0; i < len; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (!s || !*s) {
            free_list(v, len);
            return meta_fail(m, err, key, TSC_EPARSE, "item %zu must be a non-empty string", i + 1);
        }
        if (!(v[i] = tsc__strdup(s))) {
            free_list(v, len);
            return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
        }
    }
    *out = v;
    *n = len;
    return TSC_OK;
}

static const char *const top_keys[] = {"format", "version", "regions", "sectors",       "fd_categories",
                                       "unit",   "year",    "source",  "goods_sectors", "tariffs"};

static int read_header(const meta *m, char *unit, size_t unit_size, int *year, tsc_error *err)
{
    const char *key;
    json_t *val;
    json_object_foreach(m->root, key, val)
    {
        size_t k = 0;
        while (k < sizeof top_keys / sizeof *top_keys && strcmp(key, top_keys[k]) != 0) k++;
        if (k == sizeof top_keys / sizeof *top_keys)
            return meta_fail(
                m, err, key, TSC_EPARSE,
                "unknown key (known: format, version, regions, sectors, fd_categories, unit, year, source, "
                "goods_sectors, tariffs)");
    }
    const char *fmt = json_string_value(json_object_get(m->root, "format"));
    if (!fmt || strcmp(fmt, "tariffscope-native") != 0)
        return meta_fail(m, err, "format", TSC_EFORMAT, "must be \"tariffscope-native\"");
    json_t *v = json_object_get(m->root, "version");
    if (v && (!json_is_integer(v) || json_integer_value(v) != META_VERSION))
        return meta_fail(m, err, "version", TSC_EFORMAT, "this build reads version %d; the file says %s%.0f",
                         META_VERSION, json_is_number(v) ? "" : "something else than a number",
                         json_is_number(v) ? json_number_value(v) : 0.0);
    json_t *u = json_object_get(m->root, "unit");
    if (u && !json_is_string(u)) return meta_fail(m, err, "unit", TSC_EPARSE, "must be text, e.g. \"USD million\"");
    snprintf(unit, unit_size, "%s", u ? json_string_value(u) : "unknown");
    json_t *y = json_object_get(m->root, "year");
    *year = 0;
    if (y) {
        json_int_t yv = json_is_integer(y) ? json_integer_value(y) : -1;
        if (yv != 0 && (yv < META_YEAR_MIN || yv > META_YEAR_MAX)) /* 0: unknown, as the writer puts it */
            return meta_fail(m, err, "year", TSC_EPARSE, "must be a whole year from %d to %d (or 0: unknown)",
                             META_YEAR_MIN, META_YEAR_MAX);
        *year = (int)json_integer_value(y);
    }
    return TSC_OK;
}

int tsc__meta_read_labels(const char *dir, char ***regions, size_t *G, char ***sectors, size_t *N, char ***cats,
                          size_t *F, char *unit, size_t unit_size, int *year, tsc_error *err)
{
    meta m;
    *regions = *sectors = *cats = NULL;
    *G = *N = *F = 0;
    int rc = meta_open(dir, &m, err);
    if (rc) return rc;
    if (!(rc = read_header(&m, unit, unit_size, year, err)) && !(rc = read_list(&m, "regions", regions, G, err)) &&
        !(rc = read_list(&m, "sectors", sectors, N, err)))
        rc = read_list(&m, "fd_categories", cats, F, err);
    if (rc) {
        free_list(*regions, *G);
        free_list(*sectors, *N);
        *regions = *sectors = NULL;
        *G = *N = 0;
    }
    meta_close(&m);
    return rc;
}

/* "goods_sectors" (optional): the sectors that are goods; the others are services. */
static int read_goods(const meta *m, tsc_table *t, tsc_error *err)
{
    json_t *g = json_object_get(m->root, "goods_sectors");
    if (!g) return TSC_OK;
    if (!json_is_array(g)) return meta_fail(m, err, "goods_sectors", TSC_EPARSE, "must be an array of sector codes");
    memset(t->goods, 0, t->N);
    for (size_t k = 0; k < json_array_size(g); k++) {
        const char *code = json_string_value(json_array_get(g, k));
        size_t s = 0;
        while (code && s < t->N && strcmp(t->sectors[s], code) != 0) s++;
        if (!code || s == t->N)
            return meta_fail(m, err, "goods_sectors", TSC_ELABEL, "item %zu ('%s') is not a sector of the table", k + 1,
                             code ? code : "not text");
        t->goods[s] = 1;
    }
    return TSC_OK;
}

/* One path of "tariffs", resolved against the folder and checked to exist. */
static int tariff_path(const meta *m, const char *dir, const char *key, const char *rel, char **out, tsc_error *err)
{
    char full[2100];
    if (!rel || !*rel) return meta_fail(m, err, key, TSC_EPARSE, "holds an empty or non-string path");
    int k = rel[0] == '/' ? snprintf(full, sizeof full, "%s", rel) : snprintf(full, sizeof full, "%s/%s", dir, rel);
    if (k < 0 || (size_t)k >= sizeof full) return meta_fail(m, err, key, TSC_EINVAL, "path too long");
    if (!tsc__file_exists(full)) return meta_fail(m, err, key, TSC_EIO, "names %s, which does not exist", full);
    if (!(*out = tsc__strdup(full))) return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
    return TSC_OK;
}

/* "tariffs" (optional): an object whose keys are tsc__table_file_keys, each a path relative to the folder
 * ("bases": an array of them). Unknown keys, wrong types and files that do not exist are errors. */
static int read_files(const meta *m, const char *dir, tsc_table *t, tsc_error *err)
{
    json_t *obj = json_object_get(m->root, "tariffs");
    if (!obj) return TSC_OK;
    if (!json_is_object(obj)) return meta_fail(m, err, "tariffs", TSC_EPARSE, "must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t k = 0;
        while (k < TSC_TABLE_NFILEKEYS && strcmp(key, tsc__table_file_keys[k]) != 0) k++;
        if (k == TSC_TABLE_NFILEKEYS)
            return meta_fail(m, err, key, TSC_EPARSE,
                             "unknown key in \"tariffs\" (known: aggregation, hs_concordance, theta, bases)");
        int list = strcmp(key, "bases") == 0;
        size_t n = list ? json_array_size(v) : 1;
        if (list ? !json_is_array(v) : !json_is_string(v))
            return meta_fail(m, err, key, TSC_EPARSE, "must be %s", list ? "an array of paths" : "a path");
        if (!(t->files[k] = tsc__calloc(n ? n : 1, sizeof *t->files[k])))
            return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
        for (size_t i = 0; i < n; i++) {
            int rc = tariff_path(m, dir, key, json_string_value(list ? json_array_get(v, i) : v), &t->files[k][i], err);
            if (rc) return rc;
            t->nfiles[k] = i + 1;
        }
    }
    return TSC_OK;
}

int tsc__meta_read_rest(const char *dir, tsc_table *t, tsc_error *err)
{
    meta m;
    int rc = meta_open(dir, &m, err);
    if (!rc && !(rc = read_goods(&m, t, err))) rc = read_files(&m, dir, t, err);
    meta_close(&m);
    return rc;
}
