/* The library's allocator: checked sizes and a fault-injection counter for tests. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "tariffscope/alloc.h"

/* atomic: threads allocate at once (tariffscope sweep's workers, the elasticity draws' set-up) */
static atomic_size_t alloc_count;
static size_t fail_at;        /* allocation number that fails; 0 = never */
static atomic_size_t largest; /* the largest request since the last tsc_alloc_largest_reset */

void tsc_alloc_fail_after(size_t n)
{
    fail_at = n ? atomic_load_explicit(&alloc_count, memory_order_relaxed) + n : 0;
}
size_t tsc_alloc_count(void)
{
    return atomic_load_explicit(&alloc_count, memory_order_relaxed);
}

size_t tsc_alloc_largest(void)
{
    return atomic_load_explicit(&largest, memory_order_relaxed);
}

void tsc_alloc_largest_reset(void)
{
    atomic_store_explicit(&largest, 0, memory_order_relaxed);
}

static void note_size(size_t bytes)
{
    size_t seen = atomic_load_explicit(&largest, memory_order_relaxed);
    while (bytes > seen &&
           !atomic_compare_exchange_weak_explicit(&largest, &seen, bytes, memory_order_relaxed, memory_order_relaxed)) {
    }
}

static int injected_failure(void)
{
    size_t k = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
    return fail_at != 0 && k == fail_at;
}

void *tsc__malloc(size_t size)
{
    if (injected_failure()) return NULL;
    note_size(size);
    return malloc(size ? size : 1);
}

void *tsc__calloc(size_t count, size_t size)
{
    if (injected_failure()) return NULL;
    note_size(count <= SIZE_MAX / (size ? size : 1) ? count * size : SIZE_MAX);
    return calloc(count ? count : 1, size ? size : 1);
}

void *tsc__realloc(void *ptr, size_t size)
{
    if (injected_failure()) return NULL;
    note_size(size);
    return realloc(ptr, size ? size : 1);
}

void tsc__free(void *ptr)
{
    free(ptr);
}

char *tsc__strndup(const char *s, size_t n)
{
    char *p = tsc__malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tsc__strdup(const char *s)
{
    return tsc__strndup(s, strlen(s));
}

int tsc__mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a) return -1;
    *out = a * b;
    return 0;
}

double *tsc__alloc_doubles(size_t count, int zero)
{
    size_t bytes;
    if (tsc__mul_size(count, sizeof(double), &bytes)) return NULL;
    double *p = tsc__malloc(bytes);
    /* zeroed by writing, not by calloc: calloc leaves a large block's fresh pages untouched, and a matrix filled by
     * `+=` then faults each page twice, once to read it (the shared zero page) and again to write it */
    if (p && zero) memset(p, 0, bytes);
    return p;
}
