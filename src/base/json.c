/* Reading JSON files with jansson, telling a failed allocation from a syntax error (json_int.h). */
#include <pthread.h>

#include "json_int.h"

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

json_t *tsc__json_load_file(const char *path, size_t flags, json_error_t *error, int *oom)
{
    pthread_once(&once, install);
    failed = 0;
    json_t *root = json_load_file(path, flags, error);
    *oom = failed;
    if (failed) {
        json_decref(root);
        root = NULL;
    }
    return root;
}
