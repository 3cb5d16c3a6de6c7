/* Shared helpers of the fuzz harnesses (fuzz_common.h). */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[1100];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(dir);
}

const char *fuzz_dir(void)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/tscfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_dir);
    }
    return dir;
}

void fuzz_write_parts(const uint8_t *data, size_t size, const char *const *names, size_t nnames, char (*paths)[1100])
{
    size_t pos = 0;
    for (size_t k = 0; k < nnames; k++) {
        snprintf(paths[k], 1100, "%s/%s", fuzz_dir(), names[k]);
        if (pos > size) {
            unlink(paths[k]);
            continue;
        }
        const uint8_t *end = k + 1 < nnames ? memchr(data + pos, FUZZ_SEP, size - pos) : NULL;
        size_t len = end ? (size_t)(end - (data + pos)) : size - pos;
        FILE *f = fopen(paths[k], "wb");
        if (!f || fwrite(data + pos, 1, len, f) != len || fclose(f) != 0) {
            perror(paths[k]);
            abort();
        }
        pos += len + 1; /* past the separator; past the end when there was none */
    }
}

const char *fuzz_source_path(const char *rel, char *buf)
{
    snprintf(buf, 1100, "%s/%s", TSC_SOURCE_DIR, rel);
    return buf;
}

const tsc_table *fuzz_table(void)
{
    static tsc_table *t;
    if (!t) {
        char p[1100];
        tsc_error err;
        if (tsc_table_load(fuzz_source_path("data/example/table", p), NULL, &t, &err) < 0) {
            fprintf(stderr, "fuzz: cannot load the example table: %s\n", err.msg);
            abort();
        }
    }
    return t;
}

const tsc_groups *fuzz_groups(void)
{
    static tsc_groups *g;
    if (!g) {
        char p[1100];
        tsc_error err;
        if (tsc_groups_new(&g, &err) || tsc_groups_add_file(g, fuzz_source_path("data/groups.csv", p), &err)) {
            fprintf(stderr, "fuzz: cannot load the groups: %s\n", err.msg);
            abort();
        }
    }
    return g;
}
