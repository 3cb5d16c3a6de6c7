/* Streaming .xlsx reader: libzip inflates a sheet's XML in chunks straight into expat, cell by cell. */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include <zlib.h>

#include "alloc_int.h"
#include "error_int.h"
#include "numparse_int.h"
#include "progress_int.h"
#include "xlsx_int.h"

#define CHUNK ((size_t)1 << 16)
/* The progress callback hears of a part at most once per this many bytes inflated. */
#define PROGRESS_EVERY (1ull << 20)
/* more sheets or relationships than any workbook has: a ceiling, not a limit anyone meets */
#define MAX_SHEETS ((size_t)1 << 14)
#define MAX_RELS ((size_t)1 << 16)
/* shared strings: Excel writes at most a few million; the bytes ceiling bounds the pool, this the offsets */
#define MAX_STRINGS ((size_t)1 << 26)

/* A growing text buffer with a ceiling; p is NUL-terminated after every add. */
typedef struct xbuf {
    char *p;
    size_t len, cap, max;
} xbuf;

typedef struct xrel {
    char *id, *target;
} xrel;

struct tsc__xlsx {
    zip_t *zip;
    char *path;
    char *chunk; /* CHUNK bytes: the inflated XML on its way to expat */
    size_t nsheets, sheet_cap;
    char **names, **rids, **entries; /* entries: the sheet's part inside the zip, from the relationships */
    xrel *rels;
    size_t nrels, rel_cap;
    char *strings_entry; /* the shared strings' part, NULL when there is none */
    int strings_read;
    xbuf pool;    /* the shared strings, each NUL-terminated */
    size_t *offs; /* offs[i]: start of string i in pool */
    size_t nstrings, offs_cap;
};

/* What every parse shares: the parser, the first failure (an error code, or the callback's non-zero return) */
typedef struct xjob {
    XML_Parser p;
    int status;
    tsc__xlsx *x;
    tsc_error *err;
} xjob;

static const XML_Memory_Handling_Suite xml_mem = {tsc__malloc, tsc__realloc, tsc__free};

static int xbuf_add(xbuf *b, const char *s, size_t n)
{
    if (n > b->max || b->len > b->max - n) return TSC_ETOOBIG;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap = cap > ((size_t)-1) / 2 ? b->len + n + 1 : cap * 2;
        char *p = tsc__realloc(b->p, cap);
        if (!p) return TSC_ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return TSC_OK;
}

static void job_stop(xjob *j, int status)
{
    if (!j->status) j->status = status;
    XML_StopParser(j->p, XML_FALSE);
}

/* The local part of an element or attribute name ("x:c" -> "c"): prefixes vary between writers. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local(atts[i]), name)) return atts[i + 1];
    return NULL;
}

int tsc__xlsx_parse_ref(const char *ref, size_t *row, size_t *col)
{
    size_t c = 0, r = 0, i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
        c = c * 26 + (size_t)(ref[i] - 'A' + 1);
        if (c > TSC_XLSX_MAX_COLS) return -1;
    }
    if (i == 0 || ref[i] < '1' || ref[i] > '9') return -1;
    for (; ref[i] >= '0' && ref[i] <= '9'; i++) {
        r = r * 10 + (size_t)(ref[i] - '0');
        if (r > TSC_XLSX_MAX_ROWS) return -1;
    }
    if (ref[i]) return -1;
    *row = r - 1;
    *col = c - 1;
    return 0;
}

char *tsc__xlsx_col_name(size_t col, char *buf)
{
    char tmp[8];
    size_t n = 0, c = col + 1;
    while (c && n < sizeof tmp) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n && i < 3; i++) buf[i] = tmp[n - 1 - i];
    buf[n < 3 ? n : 3] = '\0';
    return buf;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes OOXML's _xHHHH_ escapes (a character XML cannot hold, such as "_x000D_" for a carriage return) in place;
 * returns the new length. Surrogate halves are left as written: they are not characters on their own. */
static size_t decode_escapes(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned v = 0;
        int ok = i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
        for (size_t k = 2; ok && k < 6; k++) {
            int h = hexval(s[i + k]);
            ok = h >= 0;
            v = v * 16 + (unsigned)(h >= 0 ? h : 0);
        }
        if (ok && v >= 0xD800 && v <= 0xDFFF) ok = 0;
        if (!ok) {
            s[o++] = s[i++];
            continue;
        }
        if (v < 0x80) {
            s[o++] = (char)v;
        } else if (v < 0x800) {
            s[o++] = (char)(0xC0 | (v >> 6));
            s[o++] = (char)(0x80 | (v & 0x3F));
        } else {
            s[o++] = (char)(0xE0 | (v >> 12));
            s[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
            s[o++] = (char)(0x80 | (v & 0x3F));
        }
        i += 7;
    }
    s[o] = '\0';
    return o;
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                                   int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    xjob *j = ud;
    tsc__error(j->err, TSC_EPARSE, j->x->path, 0, 0, "a document type declaration, which no workbook has");
    job_stop(j, TSC_EPARSE);
}

static int job_init(xjob *j, tsc__xlsx *x, tsc_error *err, void *ud)
{
    j->x = x;
    j->err = err;
    j->status = 0;
    j->p = XML_ParserCreate_MM(NULL, &xml_mem, NULL);
    if (!j->p) return tsc__error(err, TSC_ENOMEM, x->path, 0, 0, "out of memory reading the workbook");
    XML_SetUserData(j->p, ud);
    XML_SetStartDoctypeDeclHandler(j->p, refuse_doctype);
    return TSC_OK;
}

/* libzip's error is a failed allocation, its own or zlib's: ours to report as out of memory. */
static int memory_error(zip_error_t *e)
{
    int code = zip_error_code_zip(e);
    return code == ZIP_ER_MEMORY || (code == ZIP_ER_ZLIB && zip_error_code_system(e) == Z_MEM_ERROR);
}

static int zip_failed_memory(zip_t *z)
{
    return memory_error(zip_get_error(z));
}

/* The index of the part named name: TSC_OK, 1 when the archive has no such part, TSC_ENOMEM (err filled). */
static int locate(tsc__xlsx *x, const char *name, zip_int64_t *idx, tsc_error *err)
{
    zip_error_clear(x->zip);
    *idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    if (*idx >= 0) return TSC_OK;
    if (zip_failed_memory(x->zip))
        return tsc__error(err, TSC_ENOMEM, x->path, 0, 0, "out of memory looking for %s in the workbook", name);
    return 1;
}

/* Inflates the zip entry named entry in chunks into the job's parser (what: how errors name the part). */
static int parse_entry(xjob *j, const char *entry, unsigned long long max, const char *what)
{
    tsc__xlsx *x = j->x;
    zip_int64_t idx;
    int found = locate(x, entry, &idx, j->err);
    if (found < 0) return found;
    if (found) return tsc__error(j->err, TSC_EFORMAT, x->path, 0, 0, "%s: no part %s in the workbook", what, entry);
    zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!f && zip_failed_memory(x->zip))
        return tsc__error(j->err, TSC_ENOMEM, x->path, 0, 0, "%s: out of memory opening %s", what, entry);
    if (!f)
        return tsc__error(j->err, TSC_EFORMAT, x->path, 0, 0, "%s: cannot read %s: %s", what, entry,
                          zip_strerror(x->zip));
    unsigned long long total = 0, reported = 0, size = 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) size = st.size;
    char part[1200]; /* the part as a path into the workbook, for the progress callback */
    snprintf(part, sizeof part, "%s/%s", x->path, entry);
    int rc = TSC_OK;
    for (;;) {
        zip_int64_t n = zip_fread(f, x->chunk, CHUNK);
        if (n < 0) {
            int mem = memory_error(zip_file_get_error(f));
            rc = tsc__error(j->err, mem ? TSC_ENOMEM : TSC_EFORMAT, x->path, 0, 0, "%s: %s %s: %s", what,
                            mem ? "out of memory inflating" : "damaged zip entry", entry, zip_file_strerror(f));
            break;
        }
        total += (unsigned long long)n;
        if (n == 0 || total - reported >= PROGRESS_EVERY) {
            reported = total;
            tsc__progress_report(part, total, size);
        }
        if (total > max) {
            rc = tsc__error(j->err, TSC_ETOOBIG, x->path, 0, 0, "%s: %s inflates past the ceiling of %llu bytes", what,
                            entry, max);
            break;
        }
        if (XML_Parse(j->p, x->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            rc = j->status;
            if (!rc && XML_GetErrorCode(j->p) == XML_ERROR_NO_MEMORY)
                rc = tsc__error(j->err, TSC_ENOMEM, x->path, 0, 0, "%s: %s: out of memory", what, entry);
            if (!rc)
                rc = tsc__error(j->err, TSC_EPARSE, x->path, 0, 0, "%s: %s: line %lu, column %lu: malformed XML: %s",
                                what, entry, (unsigned long)XML_GetCurrentLineNumber(j->p),
                                (unsigned long)XML_GetCurrentColumnNumber(j->p) + 1,
                                XML_ErrorString(XML_GetErrorCode(j->p)));
            break;
        }
        if (n == 0) break;
    }
    zip_fclose(f);
    return rc;
}

/* ---- the workbook: sheet names and their relationships ---- */

static int grow(void **p, size_t *cap, size_t n, size_t size, size_t max)
{
    if (n < *cap) return TSC_OK;
    if (n >= max) return TSC_ETOOBIG;
    size_t c = *cap ? *cap * 2 : 16;
    void *q = tsc__realloc(*p, c * size);
    if (!q) return TSC_ENOMEM;
    *p = q;
    *cap = c;
    return TSC_OK;
}

static int sheets_grow(tsc__xlsx *x)
{
    if (x->nsheets < x->sheet_cap) return TSC_OK;
    if (x->nsheets >= MAX_SHEETS) return TSC_ETOOBIG;
    size_t c = x->sheet_cap ? x->sheet_cap * 2 : 8;
    char **arr[3] = {x->names, x->rids, x->entries};
    for (int k = 0; k < 3; k++) {
        char **q = tsc__realloc(arr[k], c * sizeof *q);
        if (!q) return TSC_ENOMEM;
        memset(q + x->sheet_cap, 0, (c - x->sheet_cap) * sizeof *q);
        arr[k] = q;
        if (k == 0) x->names = q;
        if (k == 1) x->rids = q;
        if (k == 2) x->entries = q;
    }
    x->sheet_cap = c;
    return TSC_OK;
}

static void job_fail(xjob *j, int code, const char *entry)
{
    tsc__error(j->err, code, j->x->path, 0, 0, "%s: %s", entry,
               code == TSC_ENOMEM ? "out of memory" : "more sheets or relationships than the ceiling");
    job_stop(j, code);
}

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xjob *j = ud;
    tsc__xlsx *x = j->x;
    if (j->status || strcmp(local(name), "sheet")) return;
    const char *n = attr(atts, "name"), *id = attr(atts, "id");
    if (!n || !id) {
        tsc__error(j->err, TSC_EPARSE, x->path, 0, 0, "xl/workbook.xml: a sheet without a name or r:id");
        job_stop(j, TSC_EPARSE);
        return;
    }
    int rc = sheets_grow(x);
    if (rc) {
        job_fail(j, rc, "xl/workbook.xml");
        return;
    }
    x->names[x->nsheets] = tsc__strdup(n);
    x->rids[x->nsheets] = tsc__strdup(id);
    x->nsheets++; /* counted before the check, so close frees a half-made entry */
    if (!x->names[x->nsheets - 1] || !x->rids[x->nsheets - 1]) job_fail(j, TSC_ENOMEM, "xl/workbook.xml");
}

/* A relationship's target is relative to xl/ unless it starts with '/' (from the package's root). */
static char *resolve_target(const char *t)
{
    if (t[0] == '/') return tsc__strdup(t + 1);
    size_t n = strlen(t);
    char *p = tsc__malloc(n + 4);
    if (!p) return NULL;
    if (!strncmp(t, "../", 3)) memcpy(p, t + 3, n - 2);
    else snprintf(p, n + 4, "xl/%s", t);
    return p;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xjob *j = ud;
    tsc__xlsx *x = j->x;
    if (j->status || strcmp(local(name), "Relationship")) return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    if (!id || !target) return;
    if (type && strlen(type) >= 14 && !strcmp(type + strlen(type) - 14, "/sharedStrings")) {
        tsc__free(x->strings_entry);
        x->strings_entry = resolve_target(target);
        if (!x->strings_entry) job_fail(j, TSC_ENOMEM, "xl/_rels/workbook.xml.rels");
        return;
    }
    int rc = grow((void **)&x->rels, &x->rel_cap, x->nrels, sizeof *x->rels, MAX_RELS);
    if (rc) {
        job_fail(j, rc, "xl/_rels/workbook.xml.rels");
        return;
    }
    xrel *r = &x->rels[x->nrels++];
    r->id = tsc__strdup(id);
    r->target = resolve_target(target);
    if (!r->id || !r->target) job_fail(j, TSC_ENOMEM, "xl/_rels/workbook.xml.rels");
}

static int read_part(tsc__xlsx *x, const char *entry, XML_StartElementHandler start, tsc_error *err)
{
    xjob j;
    int rc = job_init(&j, x, err, &j);
    if (rc) return rc;
    XML_SetStartElementHandler(j.p, start);
    rc = parse_entry(&j, entry, TSC_XLSX_MAX_PART_BYTES, "workbook");
    XML_ParserFree(j.p);
    return rc;
}

/* Each sheet's part: its r:id looked up in the relationships. */
static int link_sheets(tsc__xlsx *x, tsc_error *err)
{
    for (size_t i = 0; i < x->nsheets; i++) {
        for (size_t k = 0; k < x->nrels && !x->entries[i]; k++)
            if (!strcmp(x->rels[k].id, x->rids[i])) {
                x->entries[i] = tsc__strdup(x->rels[k].target);
                if (!x->entries[i]) return tsc__error(err, TSC_ENOMEM, x->path, 0, 0, "out of memory");
            }
        if (!x->entries[i])
            return tsc__error(err, TSC_EFORMAT, x->path, 0, 0,
                              "sheet '%s': its relationship %s is not in xl/_rels/workbook.xml.rels", x->names[i],
                              x->rids[i]);
    }
    return TSC_OK;
}

static int open_zip(tsc__xlsx *x, tsc_error *err)
{
    int zerr = 0;
    x->zip = zip_open(x->path, ZIP_RDONLY, &zerr);
    /* libzip reports some failed allocations as a damaged or foreign archive: a second attempt tells them apart (a
     * file that is not a zip fails again the same way) */
    if (!x->zip && zerr != ZIP_ER_NOENT && zerr != ZIP_ER_OPEN) x->zip = zip_open(x->path, ZIP_RDONLY, &zerr);
    if (x->zip) return TSC_OK;
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    int code = zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_SEEK ? TSC_EIO
               : zerr == ZIP_ER_MEMORY                                                                   ? TSC_ENOMEM
                                                                                                         : TSC_EFORMAT;
    tsc__error(err, code, x->path, 0, 0, "cannot open as an Excel workbook (xlsx, a zip archive): %s%s",
               code == TSC_ENOMEM ? "out of memory: " : "", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return code;
}

int tsc__xlsx_open(const char *path, tsc__xlsx **out, tsc_error *err)
{
    *out = NULL;
    tsc__xlsx *x = tsc__calloc(1, sizeof *x);
    if (!x) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory opening the workbook");
    x->path = tsc__strdup(path);
    x->chunk = tsc__malloc(CHUNK);
    x->pool.max = TSC_XLSX_MAX_STRINGS_BYTES;
    int rc = !x->path || !x->chunk ? tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory opening the workbook")
                                   : open_zip(x, err);
    zip_int64_t idx;
    int found = rc ? rc : locate(x, "xl/workbook.xml", &idx, err);
    if (found > 0)
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0, "not an Excel workbook: no xl/workbook.xml in the archive");
    else if (found < 0) rc = found;
    if (!rc) rc = read_part(x, "xl/workbook.xml", wb_start, err);
    if (!rc && x->nsheets == 0) rc = tsc__error(err, TSC_EFORMAT, path, 0, 0, "the workbook has no sheets");
    if (!rc) rc = read_part(x, "xl/_rels/workbook.xml.rels", rels_start, err);
    if (!rc) rc = link_sheets(x, err);
    if (rc) {
        tsc__xlsx_close(x);
        return rc;
    }
    *out = x;
    return TSC_OK;
}

void tsc__xlsx_close(tsc__xlsx *x)
{
    if (!x) return;
    if (x->zip) zip_discard(x->zip);
    for (size_t i = 0; i < x->nsheets; i++) {
        tsc__free(x->names[i]);
        tsc__free(x->rids[i]);
        tsc__free(x->entries[i]);
    }
    for (size_t i = 0; i < x->nrels; i++) {
        tsc__free(x->rels[i].id);
        tsc__free(x->rels[i].target);
    }
    tsc__free(x->names);
    tsc__free(x->rids);
    tsc__free(x->entries);
    tsc__free(x->rels);
    tsc__free(x->strings_entry);
    tsc__free(x->pool.p);
    tsc__free(x->offs);
    tsc__free(x->chunk);
    tsc__free(x->path);
    tsc__free(x);
}

size_t tsc__xlsx_nsheets(const tsc__xlsx *x)
{
    return x->nsheets;
}

const char *tsc__xlsx_sheet_name(const tsc__xlsx *x, size_t i)
{
    return i < x->nsheets ? x->names[i] : NULL;
}

/* ---- shared strings: <si> items of text <t>, or of rich text runs <r><t>; phonetic runs <rPh> left out ---- */

typedef struct sst_ctx {
    xjob job;
    int in_si, in_t, in_rph;
    xbuf cur;
} sst_ctx;

static void sst_fail(sst_ctx *s, int rc)
{
    tsc__error(s->job.err, rc, s->job.x->path, 0, 0, "%s: %s", s->job.x->strings_entry,
               rc == TSC_ENOMEM    ? "out of memory"
               : rc == TSC_ETOOBIG ? "a string or the strings beyond the ceiling"
                                   : "malformed");
    job_stop(&s->job, rc);
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sst_ctx *s = ud;
    const char *n = local(name);
    if (s->job.status) return;
    if (!strcmp(n, "si")) {
        s->in_si = 1;
        s->cur.len = 0;
    } else if (!strcmp(n, "rPh")) {
        s->in_rph++;
    } else if (!strcmp(n, "t") && s->in_si && !s->in_rph) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_ctx *s = ud;
    tsc__xlsx *x = s->job.x;
    const char *n = local(name);
    if (s->job.status) return;
    if (!strcmp(n, "t")) {
        s->in_t = 0;
    } else if (!strcmp(n, "rPh")) {
        if (s->in_rph) s->in_rph--;
    } else if (!strcmp(n, "si") && s->in_si) {
        s->in_si = 0;
        int rc = grow((void **)&x->offs, &x->offs_cap, x->nstrings, sizeof *x->offs, MAX_STRINGS);
        size_t len = s->cur.p ? decode_escapes(s->cur.p, s->cur.len) : 0;
        size_t at = x->pool.len;
        if (!rc) rc = xbuf_add(&x->pool, s->cur.p ? s->cur.p : "", len + 1);
        if (rc) {
            sst_fail(s, rc);
            return;
        }
        x->offs[x->nstrings++] = at;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
    sst_ctx *s = ud;
    if (s->job.status || !s->in_t) return;
    int rc = xbuf_add(&s->cur, t, (size_t)len);
    if (rc) sst_fail(s, rc);
}

static int read_strings(tsc__xlsx *x, tsc_error *err)
{
    if (x->strings_read || !x->strings_entry) return TSC_OK;
    zip_int64_t idx;
    int found = locate(x, x->strings_entry, &idx, err);
    if (found < 0) return found;
    if (found) {
        x->strings_read = 1; /* a relationship to nothing: no shared strings, as when there is none */
        return TSC_OK;
    }
    sst_ctx s;
    memset(&s, 0, sizeof s);
    s.cur.max = TSC_XLSX_MAX_TEXT;
    int rc = job_init(&s.job, x, err, &s);
    if (rc) return rc;
    XML_SetElementHandler(s.job.p, sst_start, sst_end);
    XML_SetCharacterDataHandler(s.job.p, sst_text);
    rc = parse_entry(&s.job, x->strings_entry, TSC_XLSX_MAX_STRINGS_BYTES, "shared strings");
    XML_ParserFree(s.job.p);
    tsc__free(s.cur.p);
    if (!rc) x->strings_read = 1;
    return rc;
}

/* ---- a sheet: <sheetData><row r><c r t><v/> | <is><t/></is> | <f/></c></row></sheetData> ---- */

typedef struct sheet_ctx {
    xjob job;
    const char *sheet;
    tsc__xlsx_cell_fn fn;
    void *ctx;
    int in_data, in_cell, in_v, in_is, in_t, in_rph, has_row, has_cell;
    size_t row;                /* the current <row>'s 0-based number */
    size_t crow, ccol;         /* the current cell */
    size_t last_row, last_col; /* the last cell seen (order check); has_cell once there is one */
    char type[12];
    xbuf text;
} sheet_ctx;

static void cell_error(sheet_ctx *s, int code, const char *fmt, ...) TSC_PRINTF(3, 4);
static void cell_error(sheet_ctx *s, int code, const char *fmt, ...)
{
    char msg[320], col[4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tsc__error(s->job.err, code, s->job.x->path, s->crow + 1, s->ccol + 1, "sheet '%s': cell %s%zu: %s", s->sheet,
               tsc__xlsx_col_name(s->ccol, col), s->crow + 1, msg);
    job_stop(&s->job, code);
}

static int digits(const char *t, size_t *v)
{
    size_t r = 0, i = 0;
    for (; t[i] >= '0' && t[i] <= '9'; i++) {
        if (r > ((size_t)-1 - 9) / 10) return -1;
        r = r * 10 + (size_t)(t[i] - '0');
    }
    *v = r;
    return i > 0 && !t[i] ? 0 : -1;
}

static void row_start(sheet_ctx *s, const char **atts)
{
    const char *r = attr(atts, "r");
    size_t v = 0;
    if (r && (digits(r, &v) || v == 0 || v > TSC_XLSX_MAX_ROWS)) {
        tsc__error(s->job.err, TSC_EPARSE, s->job.x->path, 0, 0, "sheet '%s': a row numbered '%.40s'", s->sheet, r);
        job_stop(&s->job, TSC_EPARSE);
        return;
    }
    s->row = r ? v - 1 : s->has_row ? s->row + 1 : 0;
    s->has_row = 1;
}

static void cell_start(sheet_ctx *s, const char **atts)
{
    const char *r = attr(atts, "r"), *t = attr(atts, "t");
    s->in_cell = 1;
    s->text.len = 0;
    snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
    if (r) {
        if (tsc__xlsx_parse_ref(r, &s->crow, &s->ccol)) {
            s->crow = s->row, s->ccol = 0;
            cell_error(s, TSC_EPARSE, "not a cell reference: '%.40s'", r);
            return;
        }
    } else {
        s->crow = s->row;
        s->ccol = s->has_cell && s->last_row == s->row ? s->last_col + 1 : 0;
        if (s->ccol >= TSC_XLSX_MAX_COLS) {
            cell_error(s, TSC_EPARSE, "beyond the last column XFD");
            return;
        }
    }
    if (s->has_cell && (s->crow < s->last_row || (s->crow == s->last_row && s->ccol <= s->last_col))) {
        cell_error(s, TSC_EPARSE, "out of order (after row %zu, column %zu): cells must come row by row",
                   s->last_row + 1, s->last_col + 1);
        return;
    }
    s->has_cell = 1;
    s->last_row = s->crow;
    s->last_col = s->ccol;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheet_ctx *s = ud;
    const char *n = local(name);
    if (s->job.status) return;
    if (!strcmp(n, "sheetData")) {
        s->in_data = 1;
    } else if (!s->in_data) {
        return;
    } else if (!strcmp(n, "row")) {
        row_start(s, atts);
    } else if (!strcmp(n, "c")) {
        cell_start(s, atts);
    } else if (s->in_cell && !strcmp(n, "v")) {
        s->in_v = 1;
        s->text.len = 0;
    } else if (s->in_cell && !strcmp(n, "is")) {
        s->in_is = 1;
    } else if (s->in_is && !strcmp(n, "rPh")) {
        s->in_rph++;
    } else if (s->in_is && !s->in_rph && !strcmp(n, "t")) {
        s->in_t = 1;
    }
}

/* The string of a cell whose type says where it is: t="s" an index into the shared strings. */
static const char *cell_string(sheet_ctx *s)
{
    tsc__xlsx *x = s->job.x;
    const char *t = s->type;
    if (!strcmp(t, "s")) {
        size_t i = 0;
        if (digits(s->text.p, &i) || i >= x->nstrings) {
            cell_error(s, TSC_EPARSE, "shared string '%.40s' out of range (%zu strings)", s->text.p, x->nstrings);
            return NULL;
        }
        return x->pool.p + x->offs[i];
    }
    if (!strcmp(t, "b")) {
        if (!strcmp(s->text.p, "0") || !strcmp(s->text.p, "1")) return s->text.p[0] == '1' ? "TRUE" : "FALSE";
        cell_error(s, TSC_EPARSE, "a boolean that is '%.40s', not 0 or 1", s->text.p);
        return NULL;
    }
    if (!strcmp(t, "str") || !strcmp(t, "inlineStr")) {
        s->text.len = decode_escapes(s->text.p, s->text.len);
        return s->text.p;
    }
    if (!strcmp(t, "e") || !strcmp(t, "d")) return s->text.p;
    cell_error(s, TSC_EPARSE, "unknown cell type t=\"%s\"", t);
    return NULL;
}

static void cell_end(sheet_ctx *s)
{
    s->in_cell = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
    if (s->text.len == 0) return; /* no value (a styled blank, or an empty string): an empty cell */
    int rc;
    if (!strcmp(s->type, "n")) {
        double v = 0;
        int pr = tsc__parse_double(s->text.p, s->text.len, &v);
        if (pr == TSC_NUM_EMPTY) return;
        if (pr != TSC_NUM_OK) {
            cell_error(s, TSC_EPARSE,
                       pr == TSC_NUM_NONFINITE ? "not a finite number: '%.60s'" : "not a number: '%.60s'", s->text.p);
            return;
        }
        rc = s->fn(s->ctx, s->crow, s->ccol, s->text.p, 1, v);
    } else {
        const char *str = cell_string(s);
        if (!str) return;
        if (!str[0]) return;
        rc = s->fn(s->ctx, s->crow, s->ccol, str, 0, 0.0);
    }
    if (rc) job_stop(&s->job, rc);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_ctx *s = ud;
    const char *n = local(name);
    if (s->job.status || !s->in_data) return;
    if (!strcmp(n, "sheetData")) s->in_data = 0;
    else if (!strcmp(n, "c") && s->in_cell) cell_end(s);
    else if (!strcmp(n, "v")) s->in_v = 0;
    else if (!strcmp(n, "t")) s->in_t = 0;
    else if (!strcmp(n, "rPh") && s->in_rph) s->in_rph--;
    else if (!strcmp(n, "is")) s->in_is = 0;
}

static void XMLCALL sheet_text(void *ud, const XML_Char *t, int len)
{
    sheet_ctx *s = ud;
    if (s->job.status || !(s->in_v || s->in_t)) return;
    int rc = xbuf_add(&s->text, t, (size_t)len);
    if (rc == TSC_ENOMEM) cell_error(s, rc, "out of memory");
    if (rc == TSC_ETOOBIG) cell_error(s, rc, "text longer than %zu bytes", TSC_XLSX_MAX_TEXT);
}

static int find_sheet(tsc__xlsx *x, const char *sheet, size_t *i, tsc_error *err)
{
    if (!sheet) {
        *i = 0;
        return TSC_OK;
    }
    for (int exact = 1; exact >= 0; exact--)
        for (*i = 0; *i < x->nsheets; (*i)++)
            if (exact ? !strcmp(x->names[*i], sheet) : !strcasecmp(x->names[*i], sheet)) return TSC_OK;
    char list[256] = "";
    size_t used = 0;
    for (size_t k = 0; k < x->nsheets && used < sizeof list; k++) {
        int n = snprintf(list + used, sizeof list - used, "%s'%s'", k ? ", " : "", x->names[k]);
        if (n < 0) break;
        used += (size_t)n;
    }
    return tsc__error(err, TSC_EFORMAT, x->path, 0, 0, "no sheet named '%s' (the workbook has %s)", sheet, list);
}

int tsc__xlsx_read_sheet(tsc__xlsx *x, const char *sheet, tsc__xlsx_cell_fn fn, void *ctx, tsc_error *err)
{
    size_t i = 0;
    int rc = find_sheet(x, sheet, &i, err);
    if (!rc) rc = read_strings(x, err);
    if (rc) return rc;
    sheet_ctx s;
    memset(&s, 0, sizeof s);
    s.sheet = x->names[i];
    s.fn = fn;
    s.ctx = ctx;
    s.text.max = TSC_XLSX_MAX_TEXT;
    rc = xbuf_add(&s.text, "", 0); /* text.p is never NULL */
    if (rc) return tsc__error(err, rc, x->path, 0, 0, "sheet '%s': out of memory", s.sheet);
    rc = job_init(&s.job, x, err, &s);
    if (!rc) {
        XML_SetElementHandler(s.job.p, sheet_start, sheet_end);
        XML_SetCharacterDataHandler(s.job.p, sheet_text);
        char what[300];
        snprintf(what, sizeof what, "sheet '%s'", s.sheet);
        rc = parse_entry(&s.job, x->entries[i], TSC_XLSX_MAX_SHEET_BYTES, what);
        XML_ParserFree(s.job.p);
    }
    tsc__free(s.text.p);
    return rc;
}
