/* A preloaded allocator for the allocation-failure sweep (tests/faults/sweep.sh): with TSC_FAILALLOC=N the N-th
 * allocation the process makes after main starts fails with ENOMEM (malloc, calloc, realloc, reallocarray, the
 * aligned ones), whoever makes it: the command, the library, OpenBLAS, LAPACKE, libyaml, jansson, zlib or the C
 * library itself. Only that one fails; later ones succeed again. With TSC_FAILALLOC_COUNT=FILE the number of
 * allocations made is written to FILE at exit (run with N = 0, it is the range of the sweep). With
 * TSC_FAILALLOC_TRACE set, the stack of the failed allocation is printed on stderr (to find who made it).
 * usage: LD_PRELOAD=libtsc_failalloc.so TSC_FAILALLOC=N command ... */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* glibc's own allocator, under the names it exports for allocators that wrap it */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);

static size_t fail_at; /* 0: none */
static int counting;   /* from main on */
static size_t count;
static const char *count_file;
static int trace;

static int injected(void)
{
    if (!__atomic_load_n(&counting, __ATOMIC_RELAXED)) return 0;
    size_t k = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
    if (k != fail_at) return 0;
    if (trace) {
        void *frames[32];
        __atomic_store_n(&counting, 0, __ATOMIC_RELAXED); /* backtrace may allocate */
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
        __atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
    }
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    return injected() ? NULL : __libc_malloc(size);
}
void *calloc(size_t n, size_t size)
{
    return injected() ? NULL : __libc_calloc(n, size);
}
void *realloc(void *p, size_t size)
{
    /* realloc(p, 0) frees: not an allocation that can fail */
    if (p && size == 0) return __libc_realloc(p, 0);
    return injected() ? NULL : __libc_realloc(p, size);
}
void *reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, n * size);
}
void *memalign(size_t align, size_t size)
{
    return injected() ? NULL : __libc_memalign(align, size);
}
void *aligned_alloc(size_t align, size_t size)
{
    return memalign(align, size);
}
int posix_memalign(void **out, size_t align, size_t size)
{
    if (injected()) return ENOMEM;
    void *p = __libc_memalign(align, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
void *valloc(size_t size)
{
    return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

static void write_count(void)
{
    __atomic_store_n(&counting, 0, __ATOMIC_RELAXED);
    FILE *f = fopen(count_file, "w");
    if (f) {
        fprintf(f, "%zu\n", count);
        fclose(f);
    }
}

/* main is wrapped through __libc_start_main: allocations of the loader and of the libraries' constructors (OpenBLAS
 * sets up its threads there) are not counted; the sweep is about what the command does. */
typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int counted_main(int argc, char **argv, char **envp)
{
    const char *n = getenv("TSC_FAILALLOC");
    fail_at = n ? strtoull(n, NULL, 10) : 0;
    count_file = getenv("TSC_FAILALLOC_COUNT");
    trace = getenv("TSC_FAILALLOC_TRACE") != NULL;
    if (count_file && *count_file) atexit(write_count);
    __atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
    return real_main(argc, argv, envp);
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end);
int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);
    void *sym = dlsym(RTLD_NEXT, "__libc_start_main");
    start_fn real;
    memcpy(&real, &sym, sizeof real); /* ISO C has no cast from an object pointer to a function pointer */
    real_main = main;
    return real(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}
