/* The binary table cache: a header, the labels, the raw doubles and a CRC-32, read back bit for bit. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "alloc_int.h"
#include "error_int.h"
#include "table_int.h"
#include "tariffscope/output.h"

#define CACHE_MAGIC "TSCTAB\001\000"
#define CACHE_BOM 0x01020304u
#define CACHE_VERSION 3u /* 3: an extension block after va; 2 (none) is still read */

typedef struct cache_header {
    char magic[8];
    uint32_t bom, version;
    uint64_t G, N, F;
    int32_t year;
    uint32_t pad;
    char unit[64];
    uint64_t label_bytes; /* NUL-terminated labels (regions, sectors, categories), then one byte per sector
                             (1 = goods), padded to 8 */
} cache_header;

/* The extension block (version 3): uint64 count; per extension uint64 k, uint64 has_F_Y, uint64 text bytes, the
 * NUL-terminated name, k accounts and k units padded to 8, then F (k x n) and F_Y (k x G*F) as doubles. */
static size_t ext_text_bytes(const tsc_ext *e)
{
    size_t b = strlen(e->name) + 1;
    for (size_t a = 0; a < e->k; a++) b += strlen(e->accounts[a]) + strlen(e->units[a]) + 2;
    return (b + 7) & ~(size_t)7;
}

static size_t ext_bytes(const tsc_table *t)
{
    size_t b = 8;
    for (size_t x = 0; x < t->next; x++) {
        const tsc_ext *e = &t->ext[x];
        b += 24 + ext_text_bytes(e) + e->k * t->n * sizeof(double);
        if (e->FY) b += e->k * t->G * t->F * sizeof(double);
    }
    return b;
}

static size_t label_bytes(const tsc_table *t)
{
    size_t b = 0;
    for (size_t i = 0; i < t->G; i++) b += strlen(t->regions[i]) + 1;
    for (size_t i = 0; i < t->N; i++) b += strlen(t->sectors[i]) + 1;
    for (size_t i = 0; i < t->F; i++) b += strlen(t->fdcats[i]) + 1;
    b += t->N;
    return (b + 7) & ~(size_t)7;
}

typedef struct wr {
    FILE *f;
    uLong crc;
    int failed;
} wr;

static void wr_put(wr *w, const void *p, size_t len)
{
    if (w->failed || len == 0) return;
    w->crc = crc32_z(w->crc, p, len);
    w->failed = fwrite(p, 1, len, w->f) != len;
}

int tsc_table_save_cache(const tsc_table *t, const char *path, tsc_error *err)
{
    char dir[1024], tmp[1300];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path) snprintf(dir, sizeof dir, "/");
    tsc_outset *set = NULL;
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    if ((rc = tsc_outset_add(set, slash ? slash + 1 : path, tmp, sizeof tmp, err))) goto fail;
    wr w = {fopen(tmp, "wb"), crc32_z(0L, Z_NULL, 0), 0};
    if (!w.f) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
        goto fail;
    }
    cache_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.bom = CACHE_BOM;
    h.version = CACHE_VERSION;
    h.G = t->G;
    h.N = t->N;
    h.F = t->F;
    h.year = t->year;
    snprintf(h.unit, sizeof h.unit, "%s", t->unit);
    h.label_bytes = label_bytes(t);
    wr_put(&w, &h, sizeof h);
    uint64_t eb = ext_bytes(t); /* version 3: the size of the extension block, right after the header */
    wr_put(&w, &eb, sizeof eb);
    size_t used = 0;
    char *const *lists[3] = {t->regions, t->sectors, t->fdcats};
    size_t counts[3] = {t->G, t->N, t->F};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            size_t len = strlen(lists[k][i]) + 1;
            wr_put(&w, lists[k][i], len);
            used += len;
        }
    wr_put(&w, t->goods, t->N);
    used += t->N;
    static const char zeros[8] = {0};
    wr_put(&w, zeros, h.label_bytes - used);
    wr_put(&w, t->Z, t->n * t->n * sizeof(double));
    wr_put(&w, t->Y, t->n * t->G * t->F * sizeof(double));
    wr_put(&w, t->x, t->n * sizeof(double));
    wr_put(&w, t->va, t->n * sizeof(double));
    uint64_t cnt = t->next;
    wr_put(&w, &cnt, sizeof cnt);
    for (size_t x = 0; x < t->next; x++) {
        const tsc_ext *e = &t->ext[x];
        uint64_t head[3] = {e->k, e->FY != NULL, ext_text_bytes(e)};
        wr_put(&w, head, sizeof head);
        size_t tb = strlen(e->name) + 1;
        wr_put(&w, e->name, tb);
        for (int u = 0; u < 2; u++)
            for (size_t a = 0; a < e->k; a++) {
                const char *str = u ? e->units[a] : e->accounts[a];
                wr_put(&w, str, strlen(str) + 1);
                tb += strlen(str) + 1;
            }
        wr_put(&w, zeros, head[2] - tb);
        wr_put(&w, e->F, e->k * t->n * sizeof(double));
        if (e->FY) wr_put(&w, e->FY, e->k * t->G * t->F * sizeof(double));
    }
    uint32_t crc = (uint32_t)w.crc;
    if (!w.failed) w.failed = fwrite(&crc, sizeof crc, 1, w.f) != 1;
    if ((fclose(w.f) != 0) | w.failed) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "write failed (disk full?)");
        goto fail;
    }
    return tsc_outset_commit(set, err);
fail:
    tsc_outset_abort(set);
    return rc;
}

/* Takes len bytes at *pos of the block b (size bytes): NULL when they are not there. */
static const unsigned char *take(const unsigned char *b, size_t size, size_t *pos, size_t len)
{
    if (len > size - *pos) return NULL;
    const unsigned char *p = b + *pos;
    *pos += len;
    return p;
}

/* A NUL-terminated string of the text area [*pos, end): NULL when there is none (*oom = 0) or no memory (*oom = 1). */
static char *take_str(const unsigned char *b, size_t end, size_t *pos, int *oom)
{
    const unsigned char *z = *pos < end ? memchr(b + *pos, '\0', end - *pos) : NULL;
    if (!z) return NULL;
    char *s = tsc__strdup((const char *)b + *pos);
    *oom = s == NULL;
    *pos = (size_t)(z - b) + 1;
    return s;
}

/* Parses the extension block into t. */
static int take_extensions(tsc_table *t, const unsigned char *b, size_t size, const char *path, tsc_error *err)
{
    size_t pos = 0;
    uint64_t cnt, head[3];
    int oom = 0;
    const unsigned char *p = take(b, size, &pos, 8);
    if (!p) goto corrupt;
    memcpy(&cnt, p, 8);
    for (uint64_t x = 0; x < cnt; x++) {
        if (!(p = take(b, size, &pos, sizeof head))) goto corrupt;
        memcpy(head, p, sizeof head);
        size_t k = (size_t)head[0], nf, nfy;
        if (head[0] == 0 || head[0] > ((uint64_t)1 << 24) || head[1] > 1 || head[2] > size - pos ||
            tsc__mul_size(k, t->n, &nf) || tsc__mul_size(k, t->G * t->F, &nfy) || nf > (size - pos) / 8)
            goto corrupt;
        tsc_ext e;
        memset(&e, 0, sizeof e);
        size_t tend = pos + (size_t)head[2];
        e.k = k;
        e.accounts = tsc__calloc(k, sizeof *e.accounts);
        e.units = tsc__calloc(k, sizeof *e.units);
        oom = !e.accounts || !e.units;
        if (oom || !(e.name = take_str(b, tend, &pos, &oom))) goto bad_ext;
        for (size_t a = 0; a < k; a++)
            if (!(e.accounts[a] = take_str(b, tend, &pos, &oom))) goto bad_ext;
        for (size_t a = 0; a < k; a++)
            if (!(e.units[a] = take_str(b, tend, &pos, &oom))) goto bad_ext;
        pos = tend;
        if (!(p = take(b, size, &pos, nf * sizeof(double)))) goto bad_ext;
        if ((oom = !(e.F = tsc__alloc_doubles(nf, 0)))) goto bad_ext;
        memcpy(e.F, p, nf * sizeof(double));
        if (head[1]) {
            if (nfy > (size - pos) / 8 || !(p = take(b, size, &pos, nfy * sizeof(double)))) goto bad_ext;
            if ((oom = !(e.FY = tsc__alloc_doubles(nfy, 0)))) goto bad_ext;
            memcpy(e.FY, p, nfy * sizeof(double));
        }
        int rc = tsc__table_extension_take(t, &e, err);
        if (rc) return rc;
        continue;
    bad_ext:
        tsc__ext_clear(&e);
        if (oom) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto corrupt;
    }
    if (pos == size) return TSC_OK;
corrupt:
    return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                      "corrupt cache: bad extension block; rebuild it with tariffscope convert");
}

static int rd(FILE *f, void *p, size_t len, uLong *crc)
{
    if (len == 0) return 0;
    if (fread(p, 1, len, f) != len) return -1;
    *crc = crc32_z(*crc, p, len);
    return 0;
}

/* Splits the label block into the table's label arrays. */
static int take_labels(tsc_table *t, const char *block, size_t size, const char *path, tsc_error *err)
{
    char **lists[3] = {t->regions, t->sectors, t->fdcats};
    size_t counts[3] = {t->G, t->N, t->F};
    size_t pos = 0;
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            const char *end = memchr(block + pos, '\0', size - pos);
            if (!end) return tsc__error(err, TSC_EFORMAT, path, 0, 0, "corrupt cache: labels truncated");
            if (!(lists[k][i] = tsc__strdup(block + pos)))
                return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            pos = (size_t)(end - block) + 1;
        }
    if (size - pos < t->N) return tsc__error(err, TSC_EFORMAT, path, 0, 0, "corrupt cache: labels truncated");
    for (size_t s = 0; s < t->N; s++) t->goods[s] = block[pos + s] != 0;
    return TSC_OK;
}

int tsc__table_load_cache(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    struct stat st;
    cache_header h;
    uLong crc = crc32_z(0L, Z_NULL, 0);
    tsc_table *t = NULL;
    char *labels = NULL;
    unsigned char *exts = NULL;
    int rc;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &st) != 0) {
        if (f) fclose(f);
        return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open");
    }
    if (rd(f, &h, sizeof h, &crc) || memcmp(h.magic, CACHE_MAGIC, 8) != 0) {
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0, "not a tariffscope cache file");
        goto fail;
    }
    if (h.bom != CACHE_BOM || (h.version != CACHE_VERSION && h.version != 2u)) {
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0,
                        "cache written by another version or byte order; rebuild it with tariffscope convert");
        goto fail;
    }
    /* the sizes in the header must add up to the file size before anything is allocated */
    uint64_t eb = 0;
    if (h.version >= 3 && rd(f, &eb, sizeof eb, &crc)) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "read failed (file truncated?)");
        goto fail;
    }
    size_t n = (size_t)(h.G * h.N), ny, nn, want;
    if (h.G == 0 || h.N == 0 || h.F == 0 || h.G > (1u << 20) || h.N > (1u << 20) || h.F > (1u << 10) ||
        tsc__mul_size(n, n, &nn) || tsc__mul_size(n, (size_t)(h.G * h.F), &ny) ||
        tsc__mul_size(nn + ny + 2 * n, sizeof(double), &want) || eb > (uint64_t)st.st_size ||
        want + sizeof h + (h.version >= 3 ? 8 + (size_t)eb : 0) + h.label_bytes + sizeof(uint32_t) !=
            (size_t)st.st_size) {
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0, "corrupt cache: sizes in the header do not match the file size");
        goto fail;
    }
    if (!(t = tsc__table_alloc((size_t)h.G, (size_t)h.N, (size_t)h.F, opts->max_bytes, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto fail;
    }
    if (!(labels = tsc__malloc((size_t)h.label_bytes))) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    if (eb && !(exts = tsc__malloc((size_t)eb))) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    uint32_t stored;
    if (rd(f, labels, (size_t)h.label_bytes, &crc) || rd(f, t->Z, nn * sizeof(double), &crc) ||
        rd(f, t->Y, ny * sizeof(double), &crc) || rd(f, t->x, n * sizeof(double), &crc) ||
        rd(f, t->va, n * sizeof(double), &crc) || (exts && rd(f, exts, (size_t)eb, &crc)) ||
        fread(&stored, sizeof stored, 1, f) != 1) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "read failed (file truncated?)");
        goto fail;
    }
    if (stored != (uint32_t)crc) {
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0,
                        "corrupt cache: checksum mismatch; rebuild it with tariffscope convert");
        goto fail;
    }
    if ((rc = take_labels(t, labels, (size_t)h.label_bytes, path, err))) goto fail;
    snprintf(t->source, sizeof t->source, "%s", path);
    if (h.version >= 3 && (rc = take_extensions(t, exts, (size_t)eb, path, err))) goto fail;
    h.unit[sizeof h.unit - 1] = '\0';
    snprintf(t->unit, sizeof t->unit, "%s", h.unit);
    t->year = h.year;
    snprintf(t->source, sizeof t->source, "%s", path);
    t->format = TSC_FORMAT_CACHE;
    rc = tsc__table_finish(t, opts, 1, 1, NULL, err);
    if (rc < 0) goto fail;
    *out = t;
    t = NULL;
fail:
    fclose(f);
    tsc__free(labels);
    tsc__free(exts);
    tsc_table_free(t);
    return rc;
}
