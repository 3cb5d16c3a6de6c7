/* Running independent pieces of work on the machine's cores: the thread count and a fork-join over pthreads. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel_int.h"

size_t tsc__thread_count(void)
{
    const char *env = getenv("TSC_THREADS");
    if (env && *env) {
        char *end = NULL;
        unsigned long v = strtoul(env, &end, 10);
        if (*end == '\0' && v >= 1 && v <= TSC_MAX_THREADS) return (size_t)v;
    }
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    if (c < 1) return 1;
    return c > TSC_MAX_THREADS ? TSC_MAX_THREADS : (size_t)c;
}

typedef struct piece {
    void (*fn)(void *arg, size_t i);
    void *arg;
    size_t i;
} piece;

static void *run_piece(void *p)
{
    piece *w = p;
    w->fn(w->arg, w->i);
    return NULL;
}

void tsc__parallel_run(size_t n, void (*fn)(void *arg, size_t i), void *arg)
{
    pthread_t tid[TSC_MAX_THREADS];
    piece w[TSC_MAX_THREADS];
    int started[TSC_MAX_THREADS] = {0};
    if (n > TSC_MAX_THREADS) n = TSC_MAX_THREADS;
    for (size_t i = 1; i < n; i++) {
        w[i].fn = fn;
        w[i].arg = arg;
        w[i].i = i;
        started[i] = pthread_create(&tid[i], NULL, run_piece, &w[i]) == 0;
    }
    if (n > 0) fn(arg, 0);
    for (size_t i = 1; i < n; i++) {
        if (started[i]) pthread_join(tid[i], NULL);
        else fn(arg, i);
    }
}
