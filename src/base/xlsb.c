/* Reads Excel binary workbooks (.xlsb): BIFF12 records ([MS-XLSB] 2.1.4) inflated from the zip, cell by cell. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "alloc_int.h"
#include "error_int.h"
#include "progress_int.h"
#include "xlsb_int.h"

/* Record types of [MS-XLSB] 2.3: cells, row headers, shared strings, sheets of the workbook. */
enum {
    BRT_ROW_HDR = 0,
    BRT_CELL_BLANK = 1,
    BRT_CELL_RK = 2,
    BRT_CELL_ERROR = 3,
    BRT_CELL_BOOL = 4,
    BRT_CELL_REAL = 5,
    BRT_CELL_ST = 6,
    BRT_CELL_ISST = 7,
    BRT_FMLA_STRING = 8,
    BRT_FMLA_NUM = 9,
    BRT_FMLA_BOOL = 10,
    BRT_FMLA_ERROR = 11,
    BRT_SST_ITEM = 19,
    BRT_CELL_RSTRING = 62,
    BRT_BUNDLE_SH = 156
};

/* A buffered reader of one zip entry, with a ceiling on the bytes inflated, and the current record. */
typedef struct rd {
    zip_file_t *f;
    const char *path, *entry;
    unsigned char buf[1 << 16];
    size_t pos, len;
    unsigned long long total, limit;
    unsigned long long reported, size; /* for the progress callback: bytes when last reported, the entry's size */
    unsigned char *rec;                /* the current record's data */
    size_t rsize, rcap;
    unsigned rtype;
} rd;

static int rd_fill(rd *r, tsc_error *err)
{
    zip_int64_t got = zip_fread(r->f, r->buf, sizeof r->buf);
    if (got < 0) return tsc__error(err, TSC_EIO, r->path, 0, 0, "%s: cannot inflate", r->entry);
    r->pos = 0;
    r->len = (size_t)got;
    r->total += (unsigned long long)got;
    if (got == 0 || r->total - r->reported >= (1ull << 20)) { /* at most once per MiB, and at the end */
        r->reported = r->total;
        char part[1200];
        snprintf(part, sizeof part, "%s/%s", r->path, r->entry);
        tsc__progress_report(part, r->total, r->size);
    }
    if (r->total > r->limit)
        return tsc__error(err, TSC_ETOOBIG, r->path, 0, 0, "%s inflates to more than %llu bytes", r->entry, r->limit);
    return TSC_OK;
}

/* The next byte into *b: 1, or 0 at the end of the entry, or an error. */
static int rd_byte(rd *r, unsigned char *b, tsc_error *err)
{
    if (r->pos == r->len) {
        int rc = rd_fill(r, err);
        if (rc) return rc;
        if (r->len == 0) return 0;
    }
    *b = r->buf[r->pos++];
    return 1;
}

/* The next record: 1 (rtype, rec, rsize set), 0 at the end, or an error. The type takes at most two bytes, the size
 * at most four, seven bits each, low first; the high bit says another byte follows. */
static int rd_record(rd *r, tsc_error *err)
{
    unsigned char b = 0;
    int rc = rd_byte(r, &b, err);
    if (rc <= 0) return rc;
    unsigned type = b & 0x7Fu;
    if (b & 0x80u) {
        if ((rc = rd_byte(r, &b, err)) <= 0) goto truncated;
        type |= (unsigned)(b & 0x7Fu) << 7;
    }
    size_t size = 0;
    for (int k = 0; k < 4; k++) {
        if ((rc = rd_byte(r, &b, err)) <= 0) goto truncated;
        size |= (size_t)(b & 0x7Fu) << (7 * k);
        if (!(b & 0x80u)) break;
        if (k == 3) return tsc__error(err, TSC_EPARSE, r->path, 0, 0, "%s: a record size of five bytes", r->entry);
    }
    if (size > TSC_XLSB_MAX_RECORD)
        return tsc__error(err, TSC_ETOOBIG, r->path, 0, 0, "%s: a record of %zu bytes", r->entry, size);
    if (size > r->rcap) {
        unsigned char *p = tsc__realloc(r->rec, size);
        if (!p) return tsc__error(err, TSC_ENOMEM, r->path, 0, 0, "out of memory");
        r->rec = p;
        r->rcap = size;
    }
    for (size_t k = 0; k < size;) {
        if (r->pos == r->len && ((rc = rd_fill(r, err)) || r->len == 0)) goto truncated;
        size_t take = r->len - r->pos < size - k ? r->len - r->pos : size - k;
        memcpy(r->rec + k, r->buf + r->pos, take);
        r->pos += take;
        k += take;
    }
    r->rtype = type;
    r->rsize = size;
    return 1;
truncated:
    return rc < 0 ? rc : tsc__error(err, TSC_EPARSE, r->path, 0, 0, "%s: truncated record", r->entry);
}

static int rd_open(rd *r, zip_t *z, const char *path, const char *entry, unsigned long long limit, tsc_error *err)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->entry = entry;
    r->limit = limit;
    if (!(r->f = zip_fopen(z, entry, 0)))
        return tsc__error(err, TSC_EFORMAT, path, 0, 0, "no %s in the workbook", entry);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, entry, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) r->size = st.size;
    return TSC_OK;
}

static void rd_close(rd *r)
{
    if (r->f) zip_fclose(r->f);
    tsc__free(r->rec);
    r->f = NULL;
    r->rec = NULL;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double le_double(const unsigned char *p)
{
    uint64_t u = (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* An RkNumber ([MS-XLSB] 2.5.122): bit 0 divides by 100, bit 1 says the other 30 bits are a signed integer, else
 * they are the high 30 bits of a double. */
static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2u) {
        int32_t i = (int32_t)(rk & ~3u) / 4; /* the arithmetic shift of a signed 30-bit integer */
        v = (double)i;
    } else {
        uint64_t u = (uint64_t)(rk & ~3u) << 32;
        memcpy(&v, &u, sizeof v);
    }
    return rk & 1u ? v / 100 : v;
}

/* An XLWideString at rec[*off] (a 32-bit count of UTF-16 units, then the units) as UTF-8 into a buffer of the
 * caller (grown as needed). Returns TSC_OK, TSC_EPARSE when it runs past the record, TSC_ENOMEM. */
static int wide_string(const unsigned char *rec, size_t size, size_t *off, char **out, size_t *cap)
{
    if (*off + 4 > size) return TSC_EPARSE;
    uint32_t n = le32(rec + *off);
    *off += 4;
    if (n > (size - *off) / 2) return TSC_EPARSE;
    size_t need = (size_t)n * 3 + 1;
    if (need > *cap) {
        char *p = tsc__realloc(*out, need);
        if (!p) return TSC_ENOMEM;
        *out = p;
        *cap = need;
    }
    char *o = *out;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t c = (uint32_t)rec[*off + 2 * k] | (uint32_t)rec[*off + 2 * k + 1] << 8;
        if (c >= 0xD800 && c < 0xDC00 && k + 1 < n) {
            uint32_t d = (uint32_t)rec[*off + 2 * k + 2] | (uint32_t)rec[*off + 2 * k + 3] << 8;
            if (d >= 0xDC00 && d < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                k++;
            }
        }
        if (c < 0x80) *o++ = (char)c;
        else if (c < 0x800) {
            *o++ = (char)(0xC0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *o++ = (char)(0xE0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xF0 | c >> 18);
            *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    *off += (size_t)n * 2;
    return TSC_OK;
}

typedef struct sst {
    char **s;
    size_t n, cap;
} sst;

static void sst_free(sst *t)
{
    for (size_t k = 0; k < t->n; k++) tsc__free(t->s[k]);
    tsc__free(t->s);
}

/* The shared strings (xl/sharedStrings.bin, absent when the workbook has none): each BrtSSTItem's RichStr, a flags
 * byte then the string (its formatting runs ignored). */
static int read_sst(zip_t *z, const char *path, sst *t, tsc_error *err)
{
    if (zip_name_locate(z, "xl/sharedStrings.bin", 0) < 0) return TSC_OK;
    rd r;
    char *buf = NULL;
    size_t cap = 0;
    int rc = rd_open(&r, z, path, "xl/sharedStrings.bin", TSC_XLSB_MAX_STRINGS_BYTES, err);
    while (!rc && (rc = rd_record(&r, err)) == 1) {
        if (r.rtype != BRT_SST_ITEM) {
            rc = TSC_OK;
            continue;
        }
        size_t off = 1;
        if ((rc = wide_string(r.rec, r.rsize, &off, &buf, &cap))) {
            rc = rc == TSC_ENOMEM ? tsc__error(err, rc, path, 0, 0, "out of memory")
                                  : tsc__error(err, rc, path, 0, 0, "shared string %zu is malformed", t->n);
            break;
        }
        if (t->n == t->cap) {
            size_t nc = t->cap ? 2 * t->cap : 256;
            char **p = tsc__realloc(t->s, nc * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                break;
            }
            t->s = p;
            t->cap = nc;
        }
        if (!(t->s[t->n] = tsc__strdup(buf))) {
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            break;
        }
        t->n++;
    }
    tsc__free(buf);
    rd_close(&r);
    return rc < 0 ? rc : TSC_OK;
}

/* The zip entry of the workbook's first sheet: its relationship id from xl/workbook.bin (BrtBundleSh: state, tab id,
 * relationship id, name), its target from xl/_rels/workbook.bin.rels; xl/worksheets/sheet1.bin when either is
 * missing. */
static int first_sheet(zip_t *z, const char *path, char *entry, size_t size, tsc_error *err)
{
    snprintf(entry, size, "xl/worksheets/sheet1.bin");
    if (zip_name_locate(z, "xl/workbook.bin", 0) < 0) return TSC_OK;
    rd r;
    char *rid = NULL;
    size_t cap = 0;
    int rc = rd_open(&r, z, path, "xl/workbook.bin", (unsigned long long)64 << 20, err);
    while (!rc && (rc = rd_record(&r, err)) == 1) {
        size_t off = 8;
        if (r.rtype != BRT_BUNDLE_SH) {
            rc = TSC_OK;
            continue;
        }
        rc = wide_string(r.rec, r.rsize, &off, &rid, &cap);
        rc = rc ? tsc__error(err, rc, path, 0, 0, "xl/workbook.bin: a malformed sheet record") : 1;
        break;
    }
    rd_close(&r);
    if (rc != 1) {
        tsc__free(rid);
        return rc < 0 ? rc : TSC_OK;
    }
    rc = TSC_OK;
    zip_file_t *f = zip_fopen(z, "xl/_rels/workbook.bin.rels", 0);
    size_t xsize = (size_t)1 << 16; /* a workbook's relationships: a few lines a sheet */
    char *xml = f ? tsc__malloc(xsize) : NULL;
    zip_int64_t got = xml ? zip_fread(f, xml, xsize - 1) : -1;
    if (f) zip_fclose(f);
    if (f && !xml) rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    if (got > 0) {
        xml[got] = '\0';
        char key[300];
        snprintf(key, sizeof key, "Id=\"%s\"", rid);
        const char *at = strstr(xml, key), *start = at, *end = at ? strchr(at, '>') : NULL;
        while (start && start > xml && *start != '<') start--;
        const char *tg = start ? strstr(start, "Target=\"") : NULL;
        if (tg && end && tg < end) {
            tg += 8;
            const char *q = strchr(tg, '"');
            if (q && q < end) {
                int len = (int)(q - tg);
                if (tg[0] == '/') snprintf(entry, size, "%.*s", len - 1, tg + 1);
                else snprintf(entry, size, "xl/%.*s", len, tg);
            }
        }
    }
    tsc__free(rid);
    tsc__free(xml);
    return rc;
}

typedef struct sheet_state {
    size_t row;
    char *text;
    size_t cap;
} sheet_state;

/* One record of the sheet: a row header sets the row; a cell goes to fn. */
static int sheet_record(rd *r, const sst *t, sheet_state *st, tsc__xlsb_cell_fn fn, void *ctx, tsc_error *err)
{
    const unsigned char *p = r->rec;
    size_t size = r->rsize, off = 8;
    if (r->rtype == BRT_ROW_HDR) {
        if (size < 4) goto bad;
        st->row = le32(p);
        if (st->row >= TSC_XLSB_MAX_ROWS)
            return tsc__error(err, TSC_EPARSE, r->path, 0, 0, "%s: row %zu beyond Excel's %zu", r->entry, st->row + 1,
                              TSC_XLSB_MAX_ROWS);
        return TSC_OK;
    }
    if (r->rtype > BRT_FMLA_ERROR && r->rtype != BRT_CELL_RSTRING) return TSC_OK;
    if (r->rtype == BRT_CELL_BLANK) return TSC_OK;
    if (size < 8) goto bad;
    size_t col = le32(p);
    if (col >= TSC_XLSB_MAX_COLS)
        return tsc__error(err, TSC_EPARSE, r->path, st->row + 1, 0, "column %zu beyond Excel's %zu", col + 1,
                          TSC_XLSB_MAX_COLS);
    switch (r->rtype) {
    case BRT_CELL_RK:
        if (size < 12) goto bad;
        return fn(ctx, st->row, col, "", 1, rk_value(le32(p + 8)));
    case BRT_CELL_REAL:
    case BRT_FMLA_NUM:
        if (size < 16) goto bad;
        return fn(ctx, st->row, col, "", 1, le_double(p + 8));
    case BRT_CELL_BOOL:
    case BRT_FMLA_BOOL:
        if (size < 9) goto bad;
        return fn(ctx, st->row, col, p[8] ? "TRUE" : "FALSE", 0, 0);
    case BRT_CELL_ERROR:
    case BRT_FMLA_ERROR: return fn(ctx, st->row, col, "#ERROR", 0, 0);
    case BRT_CELL_ISST: {
        if (size < 12) goto bad;
        uint32_t k = le32(p + 8);
        if (k >= t->n)
            return tsc__error(err, TSC_EPARSE, r->path, st->row + 1, col + 1,
                              "shared string %u out of range (the workbook has %zu)", (unsigned)k, t->n);
        return fn(ctx, st->row, col, t->s[k], 0, 0);
    }
    default: { /* inline strings: BrtCellSt, BrtFmlaString, BrtCellRString (a flags byte first) */
        if (r->rtype == BRT_CELL_RSTRING) off = 9;
        int rc = wide_string(p, size, &off, &st->text, &st->cap);
        if (rc == TSC_ENOMEM) return tsc__error(err, rc, r->path, 0, 0, "out of memory");
        if (rc) goto bad;
        return fn(ctx, st->row, col, st->text, 0, 0);
    }
    }
bad:
    return tsc__error(err, TSC_EPARSE, r->path, st->row + 1, 0, "%s: malformed record %u of %zu bytes", r->entry,
                      r->rtype, size);
}

int tsc__xlsb_read_first_sheet(const char *path, tsc__xlsb_cell_fn fn, void *ctx, tsc_error *err)
{
    int zerr = 0, rc;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z)
        return zerr == ZIP_ER_OPEN || zerr == ZIP_ER_NOENT || zerr == ZIP_ER_READ
                   ? tsc__error(err, TSC_EIO, path, 0, 0, "cannot read the file")
                   : tsc__error(err, TSC_EFORMAT, path, 0, 0, "not an Excel binary workbook (not a zip)");
    sst t = {0};
    sheet_state st = {0};
    char entry[512];
    rd r = {0};
    if ((rc = read_sst(z, path, &t, err)) || (rc = first_sheet(z, path, entry, sizeof entry, err)) ||
        (rc = rd_open(&r, z, path, entry, TSC_XLSB_MAX_SHEET_BYTES, err)))
        goto done;
    while ((rc = rd_record(&r, err)) == 1)
        if ((rc = sheet_record(&r, &t, &st, fn, ctx, err))) break;
done:
    rd_close(&r);
    tsc__free(st.text);
    sst_free(&t);
    zip_discard(z);
    return rc;
}
