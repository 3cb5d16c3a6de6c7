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
#define CACHE_VERSION 2u

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
    if (h.bom != CACHE_BOM || h.version != CACHE_VERSION) {
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0,
                        "cache written by another version or byte order; rebuild it with tariffscope convert");
        goto fail;
    }
    /* the sizes in the header must add up to the file size before anything is allocated */
    size_t n = (size_t)(h.G * h.N), ny, nn, want;
    if (h.G == 0 || h.N == 0 || h.F == 0 || h.G > (1u << 20) || h.N > (1u << 20) || h.F > (1u << 10) ||
        tsc__mul_size(n, n, &nn) || tsc__mul_size(n, (size_t)(h.G * h.F), &ny) ||
        tsc__mul_size(nn + ny + 2 * n, sizeof(double), &want) ||
        want + sizeof h + h.label_bytes + sizeof(uint32_t) != (size_t)st.st_size) {
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
    uint32_t stored;
    if (rd(f, labels, (size_t)h.label_bytes, &crc) || rd(f, t->Z, nn * sizeof(double), &crc) ||
        rd(f, t->Y, ny * sizeof(double), &crc) || rd(f, t->x, n * sizeof(double), &crc) ||
        rd(f, t->va, n * sizeof(double), &crc) || fread(&stored, sizeof stored, 1, f) != 1) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "read failed (file truncated?)");
        goto fail;
    }
    if (stored != (uint32_t)crc) {
        rc = tsc__error(err, TSC_EFORMAT, path, 0, 0,
                        "corrupt cache: checksum mismatch; rebuild it with tariffscope convert");
        goto fail;
    }
    if ((rc = take_labels(t, labels, (size_t)h.label_bytes, path, err))) goto fail;
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
    tsc_table_free(t);
    return rc;
}
