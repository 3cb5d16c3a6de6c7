/* Reading JSON files with jansson, telling a failed allocation from a syntax error (json_int.h). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "archive_int.h"
#include "json_int.h"
#include "stream_int.h"

static json_malloc_t next_malloc;
static json_free_t next_free;
static _Thread_local int failed;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *counting_malloc(size_t size)
{
    void *p = next_malloc(size);
    if (!p) failed = 1;
    return p;
}

static void counting_free(void *p)
{
    next_free(p);
}

static void install(void)
{
    json_get_alloc_funcs(&next_malloc, &next_free);
    json_set_alloc_funcs(counting_malloc, counting_free);
}

/* jansson's reading callback over a stream: the bytes read, 0 at the end, (size_t)-1 on a read error */
static size_t stream_chunk(void *buf, size_t len, void *data)
{
    size_t got;
    return tsc__stream_read(data, buf, len, &got, NULL) ? (size_t)-1 : got;
}

/* A file inside a zip archive: through a stream (jansson reads it in pieces, never whole). */
static json_t *load_entry(const char *path, size_t flags, json_error_t *error)
{
    tsc_stream *s = NULL;
    tsc_error e;
    if (tsc__stream_open(path, &s, &e)) {
        if (error) {
            memset(error, 0, sizeof *error);
            snprintf(error->text, sizeof error->text, "%.150s", e.msg);
        }
        return NULL;
    }
    json_t *root = json_load_callback(stream_chunk, s, flags, error);
    tsc__stream_close(s);
    return root;
}

json_t *tsc__json_load_file(const char *path, size_t flags, json_error_t *error, int *oom)
{
    char arch[1200];
    const char *entry;
    pthread_once(&once, install);
    failed = 0;
    json_t *root = tsc__archive_split(path, arch, sizeof arch, &entry) ? load_entry(path, flags, error)
                                                                       : json_load_file(path, flags, error);
    *oom = failed;
    if (failed) {
        json_decref(root);
        root = NULL;
    }
    return root;
}
