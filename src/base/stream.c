/* A byte stream from a plain or gzip file (zlib) or from a zip archive's entry (libzip), read in order and never
 * copied whole; its progress goes to the thread's callback (progress_int.h). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>
#include <zlib.h>

#include "alloc_int.h"
#include "archive_int.h"
#include "error_int.h"
#include "progress_int.h"
#include "stream_int.h"

/* Progress is reported at most once per this many bytes read. */
#define REPORT_EVERY ((uint64_t)1 << 20)

struct tsc_stream {
    char *path;
    gzFile gz;      /* a file */
    zip_t *zip;     /* or an archive ... */
    zip_file_t *zf; /* ... and its entry */
    uint64_t done;  /* entry bytes inflated (a zip entry) */
    uint64_t total; /* the file's size, or the entry's */
    uint64_t last;  /* done when last reported */
    int eof;
};

static int open_entry(tsc_stream *s, const char *arch, const char *entry, tsc_error *err)
{
    char name[1200];
    size_t n = 0;
    /* the entry's name as the archive spells it: single '/' */
    for (const char *p = entry; *p && n + 1 < sizeof name; p++)
        if (!(*p == '/' && (n == 0 || name[n - 1] == '/'))) name[n++] = *p;
    name[n] = '\0';
    int rc = tsc__zip_open(arch, &s->zip, err);
    if (rc) return rc;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(s->zip, name, 0, &st) != 0 || !(s->zf = zip_fopen(s->zip, name, 0)))
        return tsc__error(err, TSC_EIO, s->path, 0, 0, "cannot open in the archive: %s",
                          zip_error_strerror(zip_get_error(s->zip)));
    s->total = (st.valid & ZIP_STAT_SIZE) ? (uint64_t)st.size : 0;
    return TSC_OK;
}

int tsc__stream_open(const char *path, tsc_stream **out, tsc_error *err)
{
    *out = NULL;
    tsc_stream *s = tsc__calloc(1, sizeof *s);
    if (!s || !(s->path = tsc__strdup(path))) {
        tsc__free(s);
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory opening file");
    }
    char arch[1200];
    const char *entry;
    int rc = TSC_OK;
    if (tsc__archive_split(path, arch, sizeof arch, &entry)) {
        rc = open_entry(s, arch, entry, err);
    } else {
        struct stat st;
        errno = 0;
        if (!(s->gz = gzopen(path, "rb"))) {
            int e = errno;
            rc = tsc__error(err, e == ENOMEM ? TSC_ENOMEM : TSC_EIO, path, 0, 0, "cannot open: %s",
                            e ? strerror(e) : "unknown error");
        } else {
            gzbuffer(s->gz, 256 * 1024);
            s->total = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
        }
    }
    if (rc) {
        tsc__stream_close(s);
        return rc;
    }
    *out = s;
    return TSC_OK;
}

void tsc__stream_close(tsc_stream *s)
{
    if (!s) return;
    if (s->gz) gzclose(s->gz);
    if (s->zf) zip_fclose(s->zf);
    if (s->zip) zip_discard(s->zip);
    tsc__free(s->path);
    tsc__free(s);
}

static int read_gz(tsc_stream *s, void *dst, size_t want, size_t *got, tsc_error *err)
{
    /* gzread takes an unsigned count: read large requests in pieces */
    size_t n = 0;
    while (n < want) {
        unsigned part = want - n > (1u << 30) ? (1u << 30) : (unsigned)(want - n);
        int k = gzread(s->gz, (char *)dst + n, part);
        if (k < 0) {
            int errnum;
            return tsc__error(err, TSC_EIO, s->path, 0, 0, "read error: %s", gzerror(s->gz, &errnum));
        }
        if (k == 0) {
            int errnum = Z_OK;
            const char *msg = gzerror(s->gz, &errnum);
            if (errnum != Z_OK)
                return tsc__error(err, TSC_EIO, s->path, 0, 0, "truncated or corrupt gzip data: %s", msg);
            break;
        }
        n += (size_t)k;
    }
    *got = n;
    z_off_t off = gzoffset(s->gz);
    s->done = off > 0 ? (uint64_t)off : s->done;
    return TSC_OK;
}

int tsc__stream_read(tsc_stream *s, void *dst, size_t want, size_t *got, tsc_error *err)
{
    *got = 0;
    if (s->eof || want == 0) return TSC_OK;
    int rc = TSC_OK;
    if (s->gz) rc = read_gz(s, dst, want, got, err);
    else {
        zip_int64_t k = zip_fread(s->zf, dst, want);
        if (k < 0)
            return tsc__error(err, TSC_EIO, s->path, 0, 0, "read error in the archive: %s",
                              zip_error_strerror(zip_file_get_error(s->zf)));
        *got = (size_t)k;
        s->done += (uint64_t)k;
    }
    if (rc) return rc;
    if (*got == 0) {
        s->eof = 1;
        if (s->total && s->done < s->total) s->done = s->total;
    }
    if (s->eof || s->done - s->last >= REPORT_EVERY) {
        s->last = s->done;
        tsc__progress_report(s->path, s->done, s->total);
    }
    return TSC_OK;
}
