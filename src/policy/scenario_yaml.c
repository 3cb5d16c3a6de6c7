/* Reads scenario files (YAML, libyaml's document API): every key and value checked, every error located. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "alloc_int.h"
#include "error_int.h"
#include "numparse_int.h"
#include "scenario_int.h"
#include "tariffscope/date.h"
#include "tariffscope/suggest.h"

#define MAX_EXTENDS 16
/* Limits on one scenario file: the largest shipped one is under 200 KB and nests 5 levels deep. */
#define MAX_FILE_BYTES ((long)16 << 20)
#define MAX_NESTING 64

typedef struct reader {
    yaml_document_t doc;
    const char *file;
    const char *dir; /* the folder relative names resolve from; NULL: file's */
    tsc_error *err;
} reader;

static size_t line_of(const yaml_node_t *n)
{
    return n->start_mark.line + 1;
}
static size_t col_of(const yaml_node_t *n)
{
    return n->start_mark.column + 1;
}

TSC_PRINTF(4, 5) static int fail_at(reader *r, const yaml_node_t *n, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tsc__error(r->err, code, r->file, n ? line_of(n) : 0, n ? col_of(n) : 0, "%s", msg);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int unknown_key(reader *r, const yaml_node_t *k, const char *const *known)
{
    const char *key = scalar(k), *best = tsc_suggest(key, known, (size_t)-1);
    char msg[300];
    if (best) snprintf(msg, sizeof msg, "unknown key '%s' (did you mean '%s'?)", key ? key : "?", best);
    else {
        size_t u = (size_t)snprintf(msg, sizeof msg, "unknown key '%s' (known:", key ? key : "?");
        for (size_t i = 0; known[i] && u < sizeof msg; i++)
            u += (size_t)snprintf(msg + u, sizeof msg - u, " %s", known[i]);
        if (u < sizeof msg) snprintf(msg + u, sizeof msg - u, ")");
    }
    return tsc__error(r->err, TSC_EPARSE, r->file, line_of(k), col_of(k), "%s", msg);
}

/* A key written twice in one mapping: YAML leaves it to the reader, and taking either value silently would apply a
 * measure the author did not mean. Names both places. */
static int duplicate_key(reader *r, const yaml_node_t *map, const yaml_node_pair_t *p)
{
    const char *key = scalar(yaml_document_get_node(&r->doc, p->key));
    for (const yaml_node_pair_t *q = map->data.mapping.pairs.start; key && q < p; q++) {
        const yaml_node_t *k = yaml_document_get_node(&r->doc, q->key);
        if (scalar(k) && strcmp(scalar(k), key) == 0)
            return fail_at(r, yaml_document_get_node(&r->doc, p->key), TSC_EPARSE,
                           "key '%s' is written twice (first at line %zu, column %zu)", key, line_of(k), col_of(k));
    }
    return TSC_OK;
}

static int add_code(code_sel *s, const char *code)
{
    char **p = tsc__realloc(s->codes, (s->ncodes + 1) * sizeof *p);
    if (!p) return -1;
    s->codes = p;
    if (!(s->codes[s->ncodes] = tsc__strdup(code))) return -1;
    s->ncodes++;
    return 0;
}

/* A region or sector selection: a scalar (code, "all", "goods"), a list of codes, or {hs: [codes]} for sectors. */
static int read_sel(reader *r, yaml_node_t *n, int sectors, code_sel *s)
{
    s->line = line_of(n);
    s->col = col_of(n);
    if (n->type == YAML_SCALAR_NODE) {
        const char *v = scalar(n);
        if (!*v) return fail_at(r, n, TSC_EPARSE, "empty code");
        if (strcmp(v, "all") == 0) {
            s->kind = SEL_ALL;
            return TSC_OK;
        }
        if (sectors && strcmp(v, "goods") == 0) {
            s->kind = SEL_GOODS;
            return TSC_OK;
        }
        s->kind = SEL_LIST;
        return add_code(s, v) ? fail_at(r, n, TSC_ENOMEM, "out of memory") : TSC_OK;
    }
    yaml_node_t *list = n;
    if (n->type == YAML_MAPPING_NODE) {
        yaml_node_pair_t *p = n->data.mapping.pairs.start;
        if (!sectors || n->data.mapping.pairs.top - p != 1 ||
            strcmp(scalar(yaml_document_get_node(&r->doc, p->key)) ? scalar(yaml_document_get_node(&r->doc, p->key))
                                                                   : "",
                   "hs") != 0)
            return fail_at(r, n, TSC_EPARSE, "expected a code, a list of codes%s",
                           sectors ? ", or {hs: [HS codes]}" : "");
        s->kind = SEL_HS;
        list = yaml_document_get_node(&r->doc, p->value);
        if (list->type == YAML_SCALAR_NODE)
            return add_code(s, scalar(list)) ? fail_at(r, n, TSC_ENOMEM, "out of memory") : TSC_OK;
    } else s->kind = SEL_LIST;
    if (list->type != YAML_SEQUENCE_NODE) return fail_at(r, list, TSC_EPARSE, "expected a list of codes");
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
        yaml_node_t *c = yaml_document_get_node(&r->doc, *it);
        const char *v = scalar(c);
        if (!v || !*v) return fail_at(r, c, TSC_EPARSE, "expected a code");
        if (s->kind == SEL_HS)
            for (const char *q = v; *q; q++)
                if (!isdigit((unsigned char)*q)) return fail_at(r, c, TSC_EPARSE, "HS code '%s' is not all digits", v);
        if (add_code(s, v)) return fail_at(r, c, TSC_ENOMEM, "out of memory");
    }
    if (s->ncodes == 0) return fail_at(r, list, TSC_EPARSE, "empty list");
    return TSC_OK;
}

static int read_number(reader *r, yaml_node_t *n, double *v)
{
    const char *s = scalar(n);
    if (!s || tsc__parse_double(s, strlen(s), v) != TSC_NUM_OK)
        return fail_at(r, n, TSC_EPARSE, "'%s' is not a number", s ? s : "(not a scalar)");
    return TSC_OK;
}

static int read_date(reader *r, yaml_node_t *n, char out[11], int32_t *day)
{
    const char *s = scalar(n);
    tsc_error sub;
    if (!s) return fail_at(r, n, TSC_EPARSE, "a date is a scalar YYYY-MM-DD");
    if (tsc_date_parse(s, day, &sub)) return fail_at(r, n, TSC_EPARSE, "%s", sub.msg);
    memcpy(out, s, 11);
    return TSC_OK;
}

static const char *const measure_keys[] = {
    "importer",     "exporter", "sectors",  "except", "add",   "set", "floor_inclusive",
    "exempt_share", "note",     "override", "from",   "until", NULL};

static int read_measure(reader *r, yaml_node_t *n, measure *m)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail_at(r, n, TSC_EPARSE, "a measure is a mapping of keys (importer, exporter, ...)");
    m->line = line_of(n);
    m->col = col_of(n);
    int have_op = 0, have_imp = 0, have_exp = 0, have_sec = 0, rc;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key), *v = yaml_document_get_node(&r->doc, p->value);
        const char *key = scalar(k);
        if (!key) return fail_at(r, k, TSC_EPARSE, "keys must be plain names");
        if ((rc = duplicate_key(r, n, p))) return rc;
        if (strcmp(key, "importer") == 0) {
            have_imp = 1;
            rc = read_sel(r, v, 0, &m->importer);
        } else if (strcmp(key, "exporter") == 0) {
            have_exp = 1;
            rc = read_sel(r, v, 0, &m->exporter);
        } else if (strcmp(key, "sectors") == 0) {
            have_sec = 1;
            rc = read_sel(r, v, 1, &m->sectors);
        } else if (strcmp(key, "except") == 0) {
            if ((rc = read_sel(r, v, 1, &m->except))) return rc;
            if (m->except.kind != SEL_HS) return fail_at(r, v, TSC_EPARSE, "except takes {hs: [HS codes]}");
        } else if (strcmp(key, "add") == 0 || strcmp(key, "set") == 0 || strcmp(key, "floor_inclusive") == 0) {
            if (have_op++)
                return fail_at(r, k, TSC_EPARSE,
                               "a measure takes exactly one of add, set, floor_inclusive ('%s' is a second)", key);
            m->op = key[0] == 'a' ? OP_ADD : key[0] == 's' ? OP_SET : OP_FLOOR;
            if ((rc = read_number(r, v, &m->value))) return rc;
            if (!(m->value > -100 && m->value <= 1000))
                return fail_at(r, v, TSC_EINVAL, "rate %s%% is outside (-100, 1000]", scalar(v));
        } else if (strcmp(key, "exempt_share") == 0) {
            if ((rc = read_number(r, v, &m->exempt_share))) return rc;
            if (!(m->exempt_share >= 0 && m->exempt_share <= 1))
                return fail_at(r, v, TSC_EINVAL, "exempt_share %s is outside [0, 1]", scalar(v));
        } else if (strcmp(key, "note") == 0) {
            if (!scalar(v)) return fail_at(r, v, TSC_EPARSE, "note must be text");
            tsc__free(m->note);
            if (!(m->note = tsc__strdup(scalar(v)))) return fail_at(r, v, TSC_ENOMEM, "out of memory");
            rc = TSC_OK;
        } else if (strcmp(key, "override") == 0) {
            const char *b = scalar(v);
            if (!b || (strcmp(b, "true") && strcmp(b, "false")))
                return fail_at(r, v, TSC_EPARSE, "override is true or false");
            m->override = strcmp(b, "true") == 0;
            rc = TSC_OK;
        } else if (strcmp(key, "from") == 0) rc = read_date(r, v, m->from, &m->from_day);
        else if (strcmp(key, "until") == 0) rc = read_date(r, v, m->until, &m->until_day);
        else return unknown_key(r, k, measure_keys);
        if (rc) return rc;
    }
    if (!have_imp || !have_exp || !have_sec || !have_op) {
        const char *missing = !have_imp   ? "importer"
                              : !have_exp ? "exporter"
                              : !have_sec ? "sectors"
                                          : "add, set or floor_inclusive";
        return fail_at(r, n, TSC_EPARSE, "measure without %s", missing);
    }
    if (m->from[0] && m->until[0] && m->from_day >= m->until_day)
        return fail_at(r, n, TSC_EINVAL, "the measure ends (until: %s) before it starts (from: %s)", m->until, m->from);
    return TSC_OK;
}

static const char *const top_keys[] = {"name",     "description", "extends",          "base",
                                       "measures", "date",        "regions_optional", NULL};

/* The real path of a file, or the path as given when it cannot be resolved. */
static void real_path(const char *path, char *buf, size_t size)
{
    char *r = realpath(path, NULL);
    snprintf(buf, size, "%s", r ? r : path);
    free(r);
}

/* A file already in the extends chain (each file extends at most one, so the files read so far are the chain). */
static int extends_cycle(const tsc_scenario *sc, const char *path, tsc_error *err, const char *from, size_t line,
                         size_t col)
{
    char a[4096], b[4096], chain[700] = "";
    real_path(path, a, sizeof a);
    for (size_t i = 0; i < sc->nfiles; i++) {
        real_path(sc->files[i], b, sizeof b);
        if (strcmp(a, b) != 0) continue;
        size_t u = 0;
        for (size_t k = i; k < sc->nfiles && u < sizeof chain; k++) {
            const char *base = strrchr(sc->files[k], '/');
            u += (size_t)snprintf(chain + u, sizeof chain - u, "%s -> ", base ? base + 1 : sc->files[k]);
        }
        const char *base = strrchr(sc->files[i], '/');
        if (u < sizeof chain) snprintf(chain + u, sizeof chain - u, "%s", base ? base + 1 : sc->files[i]);
        return tsc__error(err, TSC_EINVAL, from, line, col, "extends makes a cycle: %s", chain);
    }
    return TSC_OK;
}

static int load_file(tsc_scenario *sc, const char *path, size_t depth, tsc_error *err);

static int text_key(reader *r, yaml_node_t *v, char **dst)
{
    if (!scalar(v)) return fail_at(r, v, TSC_EPARSE, "expected text");
    tsc__free(*dst);
    *dst = tsc__strdup(scalar(v));
    return *dst ? TSC_OK : fail_at(r, v, TSC_ENOMEM, "out of memory");
}

/* Path of a file named in the scenario, relative to the scenario's folder; NAME is tried as NAME.yaml too. */
static void sibling(const reader *r, const char *name, int yaml_ext, char *buf, size_t size)
{
    const char *file = r->file, *slash = strrchr(file, '/');
    int dlen = slash ? (int)(slash - file) : 1;
    const char *dir = slash ? file : ".";
    if (r->dir) {
        dir = r->dir;
        dlen = (int)strlen(dir);
    }
    if (name[0] == '/') snprintf(buf, size, "%s", name);
    else snprintf(buf, size, "%.*s/%s", dlen, dir, name);
    FILE *f;
    if (yaml_ext && (f = fopen(buf, "r")) == NULL) {
        size_t u = strlen(buf);
        snprintf(buf + u, size - u, ".yaml");
    } else if (yaml_ext) fclose(f);
}

static int parse_root(tsc_scenario *sc, reader *r, size_t depth)
{
    yaml_node_t *root = yaml_document_get_root_node(&r->doc);
    if (!root) return tsc__error(r->err, TSC_EPARSE, r->file, 0, 0, "empty scenario file");
    if (root->type != YAML_MAPPING_NODE)
        return fail_at(r, root, TSC_EPARSE, "a scenario is a mapping (name:, measures:, ...)");
    int rc = TSC_OK;
    yaml_node_t *measures = NULL, *name = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top && !rc; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key), *v = yaml_document_get_node(&r->doc, p->value);
        const char *key = scalar(k);
        if (!key) return fail_at(r, k, TSC_EPARSE, "keys must be plain names");
        if ((rc = duplicate_key(r, root, p))) return rc;
        if (strcmp(key, "name") == 0) {
            name = v;
            if (depth == 0) rc = text_key(r, v, &sc->name);
        } else if (strcmp(key, "description") == 0) {
            if (depth == 0) rc = text_key(r, v, &sc->description);
        } else if (strcmp(key, "measures") == 0) measures = v;
        else if (strcmp(key, "date") == 0) {
            char d[11];
            int32_t day;
            if ((rc = read_date(r, v, d, &day)) == TSC_OK && depth == 0) memcpy(sc->date, d, sizeof d);
        } else if (strcmp(key, "regions_optional") == 0) {
            const char *b = scalar(v);
            if (!b || (strcmp(b, "true") && strcmp(b, "false")))
                return fail_at(r, v, TSC_EPARSE, "regions_optional is true or false");
            if (strcmp(b, "true") == 0) sc->regions_optional = 1;
        } else if (strcmp(key, "base") == 0) {
            if (!scalar(v)) return fail_at(r, v, TSC_EPARSE, "base names a CSV file");
            char buf[1024];
            sibling(r, scalar(v), 0, buf, sizeof buf);
            FILE *probe = fopen(buf, "r");
            if (!probe) return fail_at(r, v, TSC_EIO, "the base schedule %s cannot be read", buf);
            fclose(probe);
            if (!sc->base && !(sc->base = tsc__strdup(buf))) return fail_at(r, v, TSC_ENOMEM, "out of memory");
        } else if (strcmp(key, "extends") == 0) {
            if (!scalar(v)) return fail_at(r, v, TSC_EPARSE, "extends names another scenario");
            if (depth + 1 >= MAX_EXTENDS)
                return fail_at(r, v, TSC_EINVAL, "extends chain deeper than %d files at '%s'", MAX_EXTENDS, scalar(v));
            char buf[1024];
            sibling(r, scalar(v), 1, buf, sizeof buf);
            if ((rc = extends_cycle(sc, buf, r->err, r->file, line_of(v), col_of(v)))) return rc;
            tsc_error sub;
            rc = load_file(sc, buf, depth + 1, &sub);
            if (rc) {
                if (r->err) *r->err = sub;
                if (sub.file[0] == '\0' || sub.code == TSC_EIO)
                    return fail_at(r, v, rc, "cannot read the scenario it extends: %s", sub.msg);
            }
        } else return unknown_key(r, k, top_keys);
    }
    if (rc) return rc;
    if (!name && depth == 0) return fail_at(r, root, TSC_EPARSE, "scenario without a name");
    if (!measures) return TSC_OK;
    if (measures->type != YAML_SEQUENCE_NODE) return fail_at(r, measures, TSC_EPARSE, "measures is a list");
    for (yaml_node_item_t *it = measures->data.sequence.items.start; it < measures->data.sequence.items.top; it++) {
        if (sc->nm == sc->cap) {
            size_t cap = sc->cap ? 2 * sc->cap : 16;
            measure *m = tsc__realloc(sc->m, cap * sizeof *m);
            if (!m) return tsc__error(r->err, TSC_ENOMEM, r->file, 0, 0, "out of memory");
            sc->m = m;
            sc->cap = cap;
        }
        measure *m = &sc->m[sc->nm++];
        memset(m, 0, sizeof *m);
        m->file = r->file;
        m->depth = depth;
        m->from_day = INT32_MIN;
        m->until_day = INT32_MAX;
        if ((rc = read_measure(r, yaml_document_get_node(&r->doc, *it), m))) return rc;
    }
    return TSC_OK;
}

/* The YAML parser's own failure: memory as memory, the rest as a located syntax error. */
static int parser_error(const yaml_parser_t *p, const char *path, tsc_error *err)
{
    /* libyaml's loader leaves error at YAML_NO_ERROR when some of its allocations fail (yaml_strdup of a tag) */
    if (p->error == YAML_MEMORY_ERROR || p->error == YAML_NO_ERROR)
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory reading YAML");
    return tsc__error(err, TSC_EPARSE, path, p->problem_mark.line + 1, p->problem_mark.column + 1, "YAML: %s%s%s",
                      p->problem ? p->problem : "syntax error", p->context ? " " : "", p->context ? p->context : "");
}

/* Refuses nesting deeper than MAX_NESTING before the document is built (libyaml's composer slows down with depth):
 * a pass over the events that stops at the first too deep. */
static int check_nesting(FILE *f, const char *path, tsc_error *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory reading YAML");
    yaml_parser_set_input_file(&p, f);
    int rc = TSC_OK, depth = 0, done = 0;
    while (!done && !rc) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(&p, path, err);
            break;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > MAX_NESTING)
                rc = tsc__error(err, TSC_ETOOBIG, path, ev.start_mark.line + 1, ev.start_mark.column + 1,
                                "nesting deeper than %d levels (a scenario nests 5)", MAX_NESTING);
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* Reads the scenario in f (named path in messages; relative names from dir, NULL: path's folder); closes f. */
static int load_stream(tsc_scenario *sc, FILE *f, const char *path, const char *dir, size_t depth, tsc_error *err)
{
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return tsc__error(err, TSC_EIO, path, 0, 0, "cannot read the scenario file");
    }
    if (size > MAX_FILE_BYTES) {
        fclose(f);
        return tsc__error(err, TSC_ETOOBIG, path, 0, 0, "%ld bytes: a scenario file is at most %ld MiB", size,
                          MAX_FILE_BYTES >> 20);
    }
    int rc = check_nesting(f, path, err);
    if (rc || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return rc ? rc : tsc__error(err, TSC_EIO, path, 0, 0, "cannot read the scenario file");
    }
    char **files = tsc__realloc(sc->files, (sc->nfiles + 1) * sizeof *files);
    if (!files) {
        fclose(f);
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    }
    sc->files = files;
    if (!(sc->files[sc->nfiles] = tsc__strdup(path))) {
        fclose(f);
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    }
    reader r = {.file = sc->files[sc->nfiles++], .dir = dir, .err = err};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory reading YAML");
    }
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &r.doc)) {
        rc = parser_error(&parser, path, err);
    } else {
        rc = parse_root(sc, &r, depth);
        yaml_document_delete(&r.doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

static int load_file(tsc_scenario *sc, const char *path, size_t depth, tsc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tsc__error(err, errno == ENOMEM ? TSC_ENOMEM : TSC_EIO, path, 0, 0, "cannot open the scenario file: %s",
                          strerror(errno));
    return load_stream(sc, f, path, NULL, depth, err);
}

static void free_sel(code_sel *s)
{
    for (size_t i = 0; i < s->ncodes; i++) tsc__free(s->codes[i]);
    tsc__free(s->codes);
}

void tsc_scenario_free(tsc_scenario *sc)
{
    if (!sc) return;
    for (size_t i = 0; i < sc->nm; i++) {
        free_sel(&sc->m[i].importer);
        free_sel(&sc->m[i].exporter);
        free_sel(&sc->m[i].sectors);
        free_sel(&sc->m[i].except);
        tsc__free(sc->m[i].note);
    }
    for (size_t i = 0; i < sc->nfiles; i++) tsc__free(sc->files[i]);
    tsc__free(sc->files);
    tsc__free(sc->m);
    tsc__free(sc->name);
    tsc__free(sc->description);
    tsc__free(sc->base);
    tsc__free(sc);
}

int tsc_scenario_load(const char *path, tsc_scenario **out, tsc_error *err)
{
    *out = NULL;
    tsc_scenario *sc = tsc__calloc(1, sizeof *sc);
    if (!sc) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    int rc = load_file(sc, path, 0, err);
    if (rc) {
        tsc_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return TSC_OK;
}

int tsc_scenario_parse(const char *text, size_t len, const char *name, const char *dir, tsc_scenario **out,
                       tsc_error *err)
{
    *out = NULL;
    if (len == 0) return tsc__error(err, TSC_EPARSE, name, 0, 0, "empty scenario file");
    if ((long)len < 0 || len > (size_t)MAX_FILE_BYTES)
        return tsc__error(err, TSC_ETOOBIG, name, 0, 0, "%zu bytes: a scenario file is at most %ld MiB", len,
                          MAX_FILE_BYTES >> 20);
    tsc_scenario *sc = tsc__calloc(1, sizeof *sc);
    if (!sc) return tsc__error(err, TSC_ENOMEM, name, 0, 0, "out of memory");
    /* an in-memory stream: the text passes to the parser as a file would, with no file written */
    FILE *f = fmemopen((void *)(uintptr_t)text, len, "rb");
    int rc = f ? load_stream(sc, f, name, dir, 0, err)
               : tsc__error(err, errno == ENOMEM ? TSC_ENOMEM : TSC_EIO, name, 0, 0, "cannot read the scenario text");
    if (rc) {
        tsc_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return TSC_OK;
}

const char *tsc_scenario_name(const tsc_scenario *sc)
{
    return sc->name ? sc->name : "";
}
const char *tsc_scenario_description(const tsc_scenario *sc)
{
    return sc->description ? sc->description : "";
}
const char *tsc_scenario_date(const tsc_scenario *sc)
{
    return sc->date;
}
size_t tsc_scenario_nmeasures(const tsc_scenario *sc)
{
    return sc->nm;
}
const char *tsc_scenario_base(const tsc_scenario *sc)
{
    return sc->base;
}

/* A selection as written, shortened to size: "all", "goods", "USA", "[JPN, KOR]", "{hs: [8703, 8708]}", or with
 * "... N codes" when the codes do not fit. */
static void render_sel(const code_sel *s, char *buf, size_t size)
{
    if (s->kind == SEL_ALL || s->kind == SEL_GOODS || (s->kind == SEL_LIST && s->ncodes <= 1)) {
        const char *one = s->kind == SEL_ALL ? "all" : s->kind == SEL_GOODS ? "goods" : s->ncodes ? s->codes[0] : "";
        snprintf(buf, size, "%s", one);
        return;
    }
    const char *open = s->kind == SEL_HS ? "{hs: [" : "[", *close = s->kind == SEL_HS ? "]}" : "]";
    char tail[40];
    size_t len = (size_t)snprintf(buf, size, "%s", open), c = 0;
    for (; c < s->ncodes; c++) {
        /* room for this code, its separator, and the longest tail that may still be needed */
        snprintf(tail, sizeof tail, ", ... %zu codes%s", s->ncodes, close);
        size_t need = strlen(s->codes[c]) + 2 + (c + 1 < s->ncodes ? strlen(tail) : strlen(close));
        if (len + need >= size) break;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", c ? ", " : "", s->codes[c]);
    }
    if (c < s->ncodes) snprintf(buf + len, size - len, "%s... %zu codes%s", c ? ", " : "", s->ncodes, close);
    else snprintf(buf + len, size - len, "%s", close);
}

int tsc_scenario_measure_info(const tsc_scenario *sc, size_t idx, tsc_measure_info *out)
{
    if (idx >= sc->nm) return TSC_EINVAL;
    const measure *m = &sc->m[idx];
    static const char *const ops[] = {"add", "set", "floor_inclusive"};
    memset(out, 0, sizeof *out);
    out->file = m->file;
    out->line = m->line;
    out->col = m->col;
    out->note = m->note ? m->note : "";
    out->op = ops[m->op];
    out->value = m->value;
    out->exempt_share = m->exempt_share;
    out->from = m->from;
    out->until = m->until;
    out->override = m->override;
    out->depth = m->depth;
    render_sel(&m->importer, out->importer, sizeof out->importer);
    render_sel(&m->exporter, out->exporter, sizeof out->exporter);
    render_sel(&m->sectors, out->sectors, sizeof out->sectors);
    if (m->except.ncodes) render_sel(&m->except, out->except, sizeof out->except);
    return TSC_OK;
}

int tsc__scenario_day(const tsc_scenario *sc, const char *date, int32_t *day, int *all, tsc_error *err)
{
    const char *d = date ? date : sc->date[0] ? sc->date : NULL;
    *all = d == NULL;
    *day = 0;
    if (!d) return TSC_OK;
    tsc_error sub;
    if (tsc_date_parse(d, day, &sub)) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "%s", sub.msg);
    return TSC_OK;
}
