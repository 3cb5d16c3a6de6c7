/* Output sets: all-or-nothing writing of a group of output files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_int.h"
#include "error_int.h"
#include "path_int.h"
#include "tariffscope/output.h"

#define OUTSET_MAX 64

struct tsc_outset {
    char dir[1024];
    char **created; /* directories this set made, deepest last */
    size_t ncreated, capcreated;
    char *final[OUTSET_MAX], *temp[OUTSET_MAX];
    size_t nfiles;
};

static int make_dirs(tsc_outset *s, const char *dir, tsc_error *err)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", dir);
    size_t len = strlen(buf);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char keep = buf[i];
        buf[i] = '\0';
        if (!tsc__dir_exists(buf)) {
            if (mkdir(buf, 0777) != 0) {
                if (errno == EEXIST)
                    return tsc__error(err, TSC_EIO, buf, 0, 0, "cannot create folder: '%s' is a file, not a folder",
                                      buf);
                return tsc__error(err, TSC_EIO, buf, 0, 0, "cannot create folder: %s", strerror(errno));
            }
            if (s->ncreated == s->capcreated) {
                size_t cap = s->capcreated ? 2 * s->capcreated : 8;
                char **p = tsc__realloc(s->created, cap * sizeof *p);
                if (!p) {
                    rmdir(buf);
                    return tsc__error(err, TSC_ENOMEM, buf, 0, 0, "out of memory");
                }
                s->created = p;
                s->capcreated = cap;
            }
            if (!(s->created[s->ncreated] = tsc__strdup(buf))) {
                rmdir(buf);
                return tsc__error(err, TSC_ENOMEM, buf, 0, 0, "out of memory");
            }
            s->ncreated++;
        }
        buf[i] = keep;
    }
    return TSC_OK;
}

int tsc_outset_new(const char *dir, tsc_outset **out, tsc_error *err)
{
    *out = NULL;
    tsc_outset *s = tsc__calloc(1, sizeof *s);
    if (!s) return tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
    if (strlen(dir) >= sizeof s->dir) {
        tsc__free(s);
        return tsc__error(err, TSC_EINVAL, dir, 0, 0, "path too long");
    }
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    int rc = make_dirs(s, dir, err);
    if (rc) {
        tsc_outset_abort(s);
        return rc;
    }
    *out = s;
    return TSC_OK;
}

int tsc_outset_add(tsc_outset *s, const char *name, char *buf, size_t size, tsc_error *err)
{
    char fin[1200], tmp[1200];
    if (s->nfiles == OUTSET_MAX) return tsc__error(err, TSC_ETOOBIG, s->dir, 0, 0, "too many output files");
    if (tsc__path_join(fin, sizeof fin, s->dir, name)) return tsc__error(err, TSC_EINVAL, name, 0, 0, "path too long");
    /* a name in a subfolder ("ext/F.txt"): the subfolder is made (and removed again by an abort), and the temporary
     * sits beside the final file so that the rename stays within one folder */
    const char *base = strrchr(name, '/');
    int k;
    if (base) {
        char sub[1200];
        k = snprintf(sub, sizeof sub, "%s/%.*s", s->dir, (int)(base - name), name);
        if (k < 0 || (size_t)k >= sizeof sub) return tsc__error(err, TSC_EINVAL, name, 0, 0, "path too long");
        int rc = make_dirs(s, sub, err);
        if (rc) return rc;
        k = snprintf(tmp, sizeof tmp, "%s/.%s.tmp%ld", sub, base + 1, (long)getpid());
    } else k = snprintf(tmp, sizeof tmp, "%s/.%s.tmp%ld", s->dir, name, (long)getpid());
    if (k < 0 || (size_t)k >= sizeof tmp || (size_t)k >= size)
        return tsc__error(err, TSC_EINVAL, name, 0, 0, "path too long");
    s->final[s->nfiles] = tsc__strdup(fin);
    s->temp[s->nfiles] = tsc__strdup(tmp);
    if (!s->final[s->nfiles] || !s->temp[s->nfiles]) {
        tsc__free(s->final[s->nfiles]);
        tsc__free(s->temp[s->nfiles]);
        return tsc__error(err, TSC_ENOMEM, name, 0, 0, "out of memory");
    }
    s->nfiles++;
    snprintf(buf, size, "%s", tmp);
    return TSC_OK;
}

static void outset_free(tsc_outset *s)
{
    for (size_t i = 0; i < s->nfiles; i++) {
        tsc__free(s->final[i]);
        tsc__free(s->temp[i]);
    }
    for (size_t i = 0; i < s->ncreated; i++) tsc__free(s->created[i]);
    tsc__free(s->created);
    tsc__free(s);
}

int tsc_outset_commit(tsc_outset *s, tsc_error *err)
{
    for (size_t i = 0; i < s->nfiles; i++)
        if (!tsc__file_exists(s->temp[i])) {
            int rc = tsc__error(err, TSC_EIO, s->final[i], 0, 0, "output was never written");
            tsc_outset_abort(s);
            return rc;
        }
    for (size_t i = 0; i < s->nfiles; i++)
        if (rename(s->temp[i], s->final[i]) != 0) {
            int rc = tsc__error(err, TSC_EIO, s->final[i], 0, 0, "cannot move into place: %s", strerror(errno));
            tsc_outset_abort(s);
            return rc;
        }
    outset_free(s);
    return TSC_OK;
}

void tsc_outset_abort(tsc_outset *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nfiles; i++) remove(s->temp[i]);
    for (size_t i = s->ncreated; i-- > 0;) rmdir(s->created[i]);
    outset_free(s);
}
