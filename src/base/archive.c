/* Paths into zip archives: a zip file read as a folder (archive_int.h), with libzip reading its central directory. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "alloc_int.h"
#include "archive_int.h"
#include "error_int.h"

#define PATH_MAX_LEN 1200

int tsc__file_is_zip(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    unsigned char m[4] = {0};
    size_t got = fread(m, 1, 4, f);
    fclose(f);
    return got == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}

int tsc__archive_split(const char *path, char *arch, size_t size, const char **entry)
{
    struct stat st;
    size_t len = strlen(path);
    if (stat(path, &st) == 0 || len >= PATH_MAX_LEN) return 0;
    char buf[PATH_MAX_LEN];
    memcpy(buf, path, len + 1);
    /* the longest prefix that exists decides: a zip file makes the rest an entry, anything else a missing path */
    for (size_t k = len; k-- > 1;) {
        if (buf[k] != '/') continue;
        buf[k] = '\0';
        if (stat(buf, &st) != 0) continue;
        if (!S_ISREG(st.st_mode) || tsc__file_is_zip(buf) != 1 || k >= size) return 0;
        memcpy(arch, buf, k + 1);
        const char *e = path + k + 1;
        while (*e == '/') e++;
        *entry = e;
        return 1;
    }
    return 0;
}

/* name with runs of '/' made one and no '/' at the end, into buf; 0, or -1 when it does not fit. */
static int normalise(const char *name, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *p = name; *p; p++) {
        if (*p == '/' && (n == 0 || buf[n - 1] == '/')) continue;
        if (n + 1 >= size) return -1;
        buf[n++] = *p;
    }
    while (n > 0 && buf[n - 1] == '/') n--;
    buf[n] = '\0';
    return 0;
}

/* Opens the archive of path (read only); NULL when path does not run into one. */
static zip_t *open_split(const char *path, char *want, size_t size)
{
    char arch[PATH_MAX_LEN];
    const char *entry;
    if (!tsc__archive_split(path, arch, sizeof arch, &entry) || normalise(entry, want, size)) return NULL;
    int zerr;
    return zip_open(arch, ZIP_RDONLY, &zerr);
}

int tsc__archive_kind(const char *path)
{
    char want[PATH_MAX_LEN];
    zip_t *z = open_split(path, want, sizeof want);
    if (!z) return 0;
    size_t wl = strlen(want);
    int kind = wl == 0 ? 2 : 0;
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n && kind == 0; i++) {
        const char *nm = zip_get_name(z, (zip_uint64_t)i, 0);
        if (!nm || strncmp(nm, want, wl) != 0) continue;
        if (nm[wl] == '\0') kind = 1;
        else if (nm[wl] == '/') kind = 2;
    }
    zip_discard(z);
    return kind;
}

int tsc__zip_open(const char *arch, zip_t **z, tsc_error *err)
{
    int zerr = 0;
    if ((*z = zip_open(arch, ZIP_RDONLY, &zerr))) return TSC_OK;
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    int rc = zerr == ZIP_ER_MEMORY
                 ? tsc__error(err, TSC_ENOMEM, arch, 0, 0, "out of memory opening the zip archive")
                 : tsc__error(err, TSC_EIO, arch, 0, 0, "cannot open zip archive: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

int tsc__archive_has(const char *arch, const char *name, tsc_error *err)
{
    zip_t *z;
    int rc = tsc__zip_open(arch, &z, err);
    if (rc) return rc;
    int yes = zip_name_locate(z, name, 0) >= 0;
    zip_discard(z);
    return yes;
}

void tsc__names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) tsc__free(names[i]);
    tsc__free(names);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a copy of the first len bytes of name to the list unless it is there; 0 or -1 out of memory. */
static int add_name(char ***names, size_t *n, size_t *cap, const char *name, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*names)[i]) == len && strncmp((*names)[i], name, len) == 0) return 0;
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        char **p = tsc__realloc(*names, c * sizeof *p);
        if (!p) return -1;
        *names = p;
        *cap = c;
    }
    if (!((*names)[*n] = tsc__strndup(name, len))) return -1;
    (*n)++;
    return 0;
}

static int list_real(const char *path, char ***names, size_t *n, size_t *cap)
{
    DIR *d = opendir(path);
    if (!d) return 1;
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d)))
        if (e->d_name[0] != '.') rc = add_name(names, n, cap, e->d_name, strlen(e->d_name));
    closedir(d);
    return rc;
}

static int list_zip(zip_t *z, const char *want, char ***names, size_t *n, size_t *cap)
{
    size_t wl = strlen(want);
    zip_int64_t cnt = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < cnt; i++) {
        const char *nm = zip_get_name(z, (zip_uint64_t)i, 0);
        if (!nm) continue;
        if (wl) {
            if (strncmp(nm, want, wl) != 0 || nm[wl] != '/') continue;
            nm += wl + 1;
        }
        size_t len = strcspn(nm, "/");
        if (len && nm[0] != '.' && add_name(names, n, cap, nm, len)) return -1;
    }
    return 0;
}

int tsc__dir_list(const char *path, char ***names, size_t *n, tsc_error *err)
{
    size_t cap = 0;
    char want[PATH_MAX_LEN] = "";
    *names = NULL;
    *n = 0;
    int rc = list_real(path, names, n, &cap);
    if (rc == 1) {
        zip_t *z = NULL;
        int zerr = 0;
        if (tsc__file_is_zip(path) == 1) z = zip_open(path, ZIP_RDONLY, &zerr);
        else z = open_split(path, want, sizeof want);
        if (!z || (want[0] && tsc__archive_kind(path) != 2)) {
            if (z) zip_discard(z);
            /* libzip's allocations failing is running out of memory, not a missing folder */
            return tsc__error(err, !z && zerr == ZIP_ER_MEMORY ? TSC_ENOMEM : TSC_EIO, path, 0, 0,
                              !z && zerr == ZIP_ER_MEMORY ? "out of memory reading the zip archive"
                                                          : "cannot open folder");
        }
        rc = list_zip(z, want, names, n, &cap);
        zip_discard(z);
    }
    if (rc) {
        tsc__names_free(*names, *n);
        *names = NULL;
        *n = 0;
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory listing the folder");
    }
    if (*n) qsort(*names, *n, sizeof **names, cmp_name); /* an empty folder: no list to sort (names is NULL) */
    return TSC_OK;
}
