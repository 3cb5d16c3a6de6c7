/* Text output for big results: blocks of TSC_WRITER_BLOCK bytes written (or deflated) whole; the long layout of a
 * matrix formatted, and compressed, block by block on several threads and written in order. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "alloc_int.h"
#include "error_int.h"
#include "parallel_int.h"
#include "tariffscope/numfmt.h"
#include "tariffscope/writer.h"

/* zlib's level 1: on the WIOD 2011 WWZ long CSV (45.1 MB) 12.2 MB in a quarter of level 6's time (10.7 MB) */
#define GZ_LEVEL 1
#define MAX_PIECES 8   /* more threads than this gain nothing on a disk-bound write */
#define SLACK 64       /* room past a block for one number or one short piece */
#define DEFLATE_PAD 64 /* deflateBound leaves out the 5 bytes of a sync flush */

/* One thread's share of a round of tsc_writer_long: lines [k0, k1) formatted into text, deflated into z. */
typedef struct piece {
    char *text, *z;
    size_t ntext, nz, captext, capz;
    uLong crc;
    size_t k0, k1;
    z_stream zs;
    int zinit, failed;
} piece;

struct tsc_writer {
    FILE *f;
    int own, gzip, failed, nomem, err_no;
    char *path;
    char *buf; /* the pending block */
    size_t len;
    uLong crc;      /* of the text so far (gzip) */
    uint32_t isize; /* its length mod 2^32 (gzip) */
    piece one;      /* the deflate state of blocks compressed on the calling thread */
};

tsc_out_kind tsc_out_kind_of(const char *name)
{
    size_t n = strlen(name);
    if (n >= 3 && strcasecmp(name + n - 3, ".gz") == 0) return TSC_OUT_GZIP;
    if ((n >= 3 && strcasecmp(name + n - 3, ".h5") == 0) || (n >= 5 && strcasecmp(name + n - 5, ".hdf5") == 0))
        return TSC_OUT_HDF5;
    return TSC_OUT_TEXT;
}

static void raw_write(tsc_writer *w, const void *p, size_t n)
{
    if (w->failed || n == 0) return;
    if (fwrite(p, 1, n, w->f) != n) {
        w->failed = 1;
        w->err_no = errno;
    }
}

/* Deflates text[0..n) into p->z as one piece of a raw deflate stream ending on a byte boundary (a sync flush), so
 * that pieces deflated apart can be laid end to end; p->crc is the text's CRC-32. */
static void deflate_piece(piece *p, const char *text, size_t n)
{
    p->nz = 0;
    p->crc = crc32(0L, (const Bytef *)text, (uInt)n);
    if (!p->zinit) {
        memset(&p->zs, 0, sizeof p->zs);
        if (deflateInit2(&p->zs, GZ_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            p->failed = 1;
            return;
        }
        p->zinit = 1;
    } else if (deflateReset(&p->zs) != Z_OK) {
        p->failed = 1;
        return;
    }
    size_t bound = deflateBound(&p->zs, (uLong)n) + DEFLATE_PAD;
    if (bound > p->capz) {
        char *z = tsc__realloc(p->z, bound);
        if (!z) {
            p->failed = 1;
            return;
        }
        p->z = z;
        p->capz = bound;
    }
    p->zs.next_in = (Bytef *)(uintptr_t)text;
    p->zs.avail_in = (uInt)n;
    p->zs.next_out = (Bytef *)p->z;
    p->zs.avail_out = (uInt)p->capz;
    int rc = deflate(&p->zs, Z_SYNC_FLUSH);
    if ((rc != Z_OK && rc != Z_BUF_ERROR) || p->zs.avail_in != 0 || p->zs.avail_out == 0) {
        p->failed = 1;
        return;
    }
    p->nz = p->capz - p->zs.avail_out;
}

/* Writes one block of text (compressed if gzip) in its place in the file. */
static void emit(tsc_writer *w, const char *text, size_t n, const piece *done)
{
    if (n == 0 || w->failed) return;
    if (!w->gzip) {
        raw_write(w, text, n);
        return;
    }
    if (!done) {
        deflate_piece(&w->one, text, n);
        done = &w->one;
    }
    if (done->failed) {
        w->failed = w->nomem = 1;
        return;
    }
    raw_write(w, done->z, done->nz);
    w->crc = crc32_combine(w->crc, done->crc, (z_off_t)n);
    w->isize += (uint32_t)n;
}

static void flush_pending(tsc_writer *w)
{
    emit(w, w->buf, w->len, NULL);
    w->len = 0;
}

static int writer_new(FILE *f, int own, const char *path, int flags, tsc_writer **out, tsc_error *err)
{
    tsc_writer *w = tsc__calloc(1, sizeof *w);
    if (w) w->buf = tsc__malloc(TSC_WRITER_BLOCK + SLACK);
    if (w && path) w->path = tsc__strdup(path);
    if (!w || !w->buf || (path && !w->path)) {
        if (w) tsc__free(w->buf);
        tsc__free(w);
        if (own) fclose(f);
        if (own) remove(path);
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    }
    w->f = f;
    w->own = own;
    w->gzip = (flags & TSC_WRITER_GZIP) != 0;
    w->crc = crc32(0L, Z_NULL, 0);
    if (w->gzip) {
        /* magic, deflate, no flags, no time stamp, no extra flags, Unix */
        static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        raw_write(w, head, sizeof head);
    }
    *out = w;
    return TSC_OK;
}

int tsc_writer_open(const char *path, int flags, tsc_writer **out, tsc_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "wb");
    if (!f) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    setvbuf(f, NULL, _IONBF, 0); /* the writer hands over whole blocks */
    return writer_new(f, 1, path, flags, out, err);
}

int tsc_writer_stream(FILE *f, int flags, tsc_writer **out, tsc_error *err)
{
    *out = NULL;
    return writer_new(f, 0, NULL, flags, out, err);
}

int tsc_writer_failed(const tsc_writer *w)
{
    return w->failed;
}

void tsc_writer_put(tsc_writer *w, const char *s, size_t len)
{
    while (len > 0 && !w->failed) {
        size_t room = TSC_WRITER_BLOCK - w->len, k = len < room ? len : room;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        len -= k;
        if (w->len >= TSC_WRITER_BLOCK) flush_pending(w);
    }
}

void tsc_writer_str(tsc_writer *w, const char *s)
{
    tsc_writer_put(w, s, strlen(s));
}

void tsc_writer_field(tsc_writer *w, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        tsc_writer_put(w, s, strlen(s));
        return;
    }
    tsc_writer_put(w, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        tsc_writer_put(w, s, (size_t)(q - s) + 1);
        tsc_writer_put(w, "\"", 1);
    }
    tsc_writer_str(w, s);
    tsc_writer_put(w, "\"", 1);
}

void tsc_writer_num(tsc_writer *w, double v)
{
    if (w->failed) return;
    /* the block has SLACK bytes past TSC_WRITER_BLOCK, so a number always fits */
    w->len += tsc_dtoa17(v, w->buf + w->len);
    if (w->len >= TSC_WRITER_BLOCK) flush_pending(w);
}

/* The shared state of one tsc_writer_long. */
typedef struct long_job {
    const char *const *rowpre, *const *colpre;
    const size_t *rowlen, *collen;
    const double *v;
    size_t ncol, rs, cs;
    int gzip, wide;
    piece *pieces;
} long_job;

/* Wide: piece lines [k0, k1) are rows, each its prefix and its ncol values. */
static char *format_wide(const long_job *job, const piece *p, char *o)
{
    for (size_t i = p->k0; i < p->k1; i++) {
        memcpy(o, job->rowpre[i], job->rowlen[i]);
        o += job->rowlen[i];
        const double *v = job->v + i * job->rs;
        for (size_t j = 0; j < job->ncol; j++) {
            if (j) *o++ = ',';
            o += tsc_dtoa17(v[j * job->cs], o);
        }
        *o++ = '\n';
    }
    return o;
}

/* Long: piece lines [k0, k1) are (row, column) pairs in row-major order. */
static char *format_long(const long_job *job, const piece *p, char *o)
{
    size_t i = p->k0 / job->ncol, j = p->k0 % job->ncol;
    for (size_t k = p->k0; k < p->k1; k++) {
        memcpy(o, job->rowpre[i], job->rowlen[i]);
        o += job->rowlen[i];
        memcpy(o, job->colpre[j], job->collen[j]);
        o += job->collen[j];
        o += tsc_dtoa17(job->v[i * job->rs + j * job->cs], o);
        *o++ = '\n';
        if (++j == job->ncol) {
            j = 0;
            i++;
        }
    }
    return o;
}

static void format_piece(void *arg, size_t t)
{
    long_job *job = arg;
    piece *p = &job->pieces[t];
    char *o = job->wide ? format_wide(job, p, p->text) : format_long(job, p, p->text);
    p->ntext = (size_t)(o - p->text);
    if (job->gzip) deflate_piece(p, p->text, p->ntext);
}

static void write_lines(tsc_writer *w, size_t nrow, size_t ncol, const char *const *rowpre, const char *const *colpre,
                        const double *v, size_t rs, size_t cs, int wide)
{
    size_t total;
    if (w->failed || nrow == 0 || (ncol == 0 && !wide)) return;
    flush_pending(w); /* what came before goes first */
    piece pieces[MAX_PIECES];
    memset(pieces, 0, sizeof pieces);
    size_t *rowlen = NULL, *collen = NULL, maxrow = 0, maxcol = 0;
    size_t line;
    if ((wide ? (total = nrow, 0) : tsc__mul_size(nrow, ncol, &total)) ||
        !(rowlen = tsc__malloc(nrow * sizeof *rowlen)) || (!wide && !(collen = tsc__malloc(ncol * sizeof *collen))))
        goto nomem;
    for (size_t i = 0; i < nrow; i++)
        if ((rowlen[i] = strlen(rowpre[i])) > maxrow) maxrow = rowlen[i];
    for (size_t j = 0; !wide && j < ncol; j++)
        if ((collen[j] = strlen(colpre[j])) > maxcol) maxcol = collen[j];
    if (wide ? tsc__mul_size(ncol, TSC_DTOA_SIZE + 1, &line) : 0) goto nomem;
    line = wide ? maxrow + line + 1 : maxrow + maxcol + TSC_DTOA_SIZE + 1;
    /* a round's pieces hold a fixed number of lines each: the blocks, hence the gzip bytes, do not depend on the
     * thread count */
    size_t per = TSC_WRITER_BLOCK / line ? TSC_WRITER_BLOCK / line : 1;
    size_t nt = tsc__thread_count();
    if (nt > MAX_PIECES) nt = MAX_PIECES;
    if (nt > (total + per - 1) / per) nt = (total + per - 1) / per;
    for (size_t t = 0; t < nt; t++) {
        pieces[t].captext = per * line;
        if (!(pieces[t].text = tsc__malloc(pieces[t].captext))) goto nomem;
    }
    long_job job = {rowpre, colpre, rowlen, collen, v, ncol, rs, cs, w->gzip, wide, pieces};
    for (size_t k0 = 0; k0 < total && !w->failed; k0 += nt * per) {
        size_t n = 0;
        for (size_t t = 0; t < nt && k0 + t * per < total; t++, n++) {
            pieces[t].k0 = k0 + t * per;
            pieces[t].k1 = total - pieces[t].k0 < per ? total : pieces[t].k0 + per;
        }
        if (n == 1) format_piece(&job, 0);
        else tsc__parallel_run(n, format_piece, &job);
        for (size_t t = 0; t < n; t++) emit(w, pieces[t].text, pieces[t].ntext, w->gzip ? &pieces[t] : NULL);
    }
    goto done;
nomem:
    w->failed = w->nomem = 1;
done:
    for (size_t t = 0; t < MAX_PIECES; t++) {
        if (pieces[t].zinit) deflateEnd(&pieces[t].zs);
        tsc__free(pieces[t].text);
        tsc__free(pieces[t].z);
    }
    tsc__free(rowlen);
    tsc__free(collen);
}

void tsc_writer_long(tsc_writer *w, size_t nrow, size_t ncol, const char *const *rowpre, const char *const *colpre,
                     const double *v, size_t rs, size_t cs)
{
    write_lines(w, nrow, ncol, rowpre, colpre, v, rs, cs, 0);
}

void tsc_writer_wide(tsc_writer *w, size_t nrow, size_t ncol, const char *const *rowpre, const double *v, size_t rs,
                     size_t cs)
{
    write_lines(w, nrow, ncol, rowpre, NULL, v, rs, cs, 1);
}

int tsc_writer_close(tsc_writer *w, tsc_error *err)
{
    if (!w) return TSC_OK;
    flush_pending(w);
    if (w->gzip) {
        /* an empty final block (fixed Huffman codes, end of block), then CRC-32 and length, little-endian */
        unsigned char tail[10] = {0x03, 0x00};
        for (int k = 0; k < 4; k++) {
            tail[2 + k] = (unsigned char)(w->crc >> (8 * k));
            tail[6 + k] = (unsigned char)(w->isize >> (8 * k));
        }
        raw_write(w, tail, sizeof tail);
    }
    if (!w->failed && fflush(w->f) != 0) {
        w->failed = 1;
        w->err_no = errno;
    }
    if (w->own && fclose(w->f) != 0 && !w->failed) {
        w->failed = 1;
        w->err_no = errno;
    }
    int rc = TSC_OK;
    if (w->nomem) rc = tsc__error(err, TSC_ENOMEM, w->path, 0, 0, "out of memory while writing");
    else if (w->failed)
        rc =
            tsc__error(err, TSC_EIO, w->path, 0, 0, "write failed: %s", w->err_no ? strerror(w->err_no) : "disk full?");
    if (w->one.zinit) deflateEnd(&w->one.zs);
    tsc__free(w->one.z);
    tsc__free(w->path);
    tsc__free(w->buf);
    tsc__free(w);
    return rc;
}
