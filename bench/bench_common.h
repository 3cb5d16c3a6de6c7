/* Helpers shared by the benchmark programs: clocks, /proc readings, how busy the machine was, child processes.
 * Include it before any system header: wait4, which gives a child's own peak RSS, needs _DEFAULT_SOURCE. */
#ifndef TSC_BENCH_COMMON_H
#define TSC_BENCH_COMMON_H

#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <errno.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tariffscope/blas.h"
#include "tariffscope/error.h"
#include "tariffscope/table.h"

/* Each benchmark names itself for its messages: #define BENCH_NAME "bench_x" before including this header. */
#ifndef BENCH_NAME
#error "define BENCH_NAME before including bench_common.h"
#endif
#define progname BENCH_NAME

/* Benchmarks stop at the first failure: a figure measured after one would mean nothing. */
static inline void die(const char *what, const tsc_error *err)
{
    char buf[1200];
    fprintf(stderr, "%s: %s: %s\n", progname, what, err ? tsc_error_format(err, buf, sizeof buf) : "failed");
    exit(1);
}

/* The fast and safe OpenBLAS kernel, as the program itself runs (may re-execute the benchmark); a failure to
 * choose one only warns: the figures are then those of OpenBLAS's own choice. */
static inline void bench_fast_kernel(char **argv)
{
    tsc_error err;
    if (tsc_blas_ensure_fast_kernel(argv, &err) != TSC_OK) {
        char buf[1200];
        fprintf(stderr, "%s: warning: %s\n", progname, tsc_error_format(&err, buf, sizeof buf));
    }
}

/* Zeroed memory or death. */
static inline void *xmalloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) die("allocation size overflows", NULL);
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) die("out of memory", NULL);
    return p;
}

/* splitmix64: a fixed seed gives the same synthetic tables on every machine; uniform in [0, 1). */
static inline double rng_uniform(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

#define MIB (1024.0 * 1024.0)

/* A run counts as disturbed when other processes and the hypervisor took more than this share of the machine's
 * CPU time while it ran; the report then says so with BENCH_NOT_IDLE, which bench/run.sh looks for to retry. */
#define BENCH_BUSY_SHARE 0.05
#define BENCH_NOT_IDLE "the machine was not idle"

typedef struct contention {
    double load1;              /* 1-minute load average before the run (includes any run just before this one) */
    double wall, other, steal; /* run time; CPU seconds of other processes and stolen by the hypervisor meanwhile */
    int known;
    double busy0, steal0, own0, t0; /* readings at the start */
} contention;

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline void keep_min(double *best, double t)
{
    if (t < *best) *best = t;
}

/* A "Key:   123 kB" line of a /proc file, in KiB; -1 when absent. */
static inline double proc_kib(const char *file, const char *key)
{
    FILE *f = fopen(file, "r");
    char line[256];
    double v = -1;
    size_t klen = strlen(key);
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, klen) == 0) {
            char *end;
            v = strtod(line + klen, &end);
            if (end == line + klen) v = -1;
            break;
        }
    fclose(f);
    return v;
}

/* Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0). */
static inline int reset_hwm(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f) return 0;
    int ok = fputs("5", f) >= 0;
    return (fclose(f) == 0) && ok;
}

/* The 1-minute load average: the timings assume an otherwise idle machine. */
static inline double loadavg(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    char line[128];
    double v = -1;
    if (f && fgets(line, sizeof line, f)) {
        char *end;
        v = strtod(line, &end);
        if (end == line) v = -1;
    }
    if (f) fclose(f);
    return v;
}

/* Busy and steal CPU seconds of the whole machine so far, from the first line of /proc/stat. */
static inline int machine_cpu(double *busy, double *steal)
{
    FILE *f = fopen("/proc/stat", "r");
    char line[512];
    double v[8] = {0};
    int ok = 0;
    if (f && fgets(line, sizeof line, f) && strncmp(line, "cpu ", 4) == 0) {
        char *p = line + 4, *end;
        ok = 1;
        for (int k = 0; k < 8; k++, p = end) {
            v[k] = strtod(p, &end);
            if (end == p) {
                ok = 0;
                break;
            }
        }
    }
    if (f) fclose(f);
    double hz = (double)sysconf(_SC_CLK_TCK);
    if (!ok || hz <= 0) return -1;
    /* user nice system idle iowait irq softirq steal */
    *busy = (v[0] + v[1] + v[2] + v[5] + v[6]) / hz;
    *steal = v[7] / hz;
    return 0;
}

/* CPU seconds used by this process and its waited-for children. */
static inline double own_cpu(void)
{
    struct rusage s, c;
    if (getrusage(RUSAGE_SELF, &s) != 0 || getrusage(RUSAGE_CHILDREN, &c) != 0) return 0;
    return (double)s.ru_utime.tv_sec + 1e-6 * (double)s.ru_utime.tv_usec + (double)s.ru_stime.tv_sec +
           1e-6 * (double)s.ru_stime.tv_usec + (double)c.ru_utime.tv_sec + 1e-6 * (double)c.ru_utime.tv_usec +
           (double)c.ru_stime.tv_sec + 1e-6 * (double)c.ru_stime.tv_usec;
}

static inline void contention_begin(contention *ct)
{
    memset(ct, 0, sizeof *ct);
    ct->load1 = loadavg();
    ct->own0 = own_cpu();
    ct->t0 = now();
    ct->known = machine_cpu(&ct->busy0, &ct->steal0) == 0;
}

/* Other processes' CPU time is the machine's busy time minus this process's and its children's. */
static inline void contention_end(contention *ct)
{
    double busy1, steal1;
    ct->wall = now() - ct->t0;
    ct->known = ct->known && machine_cpu(&busy1, &steal1) == 0;
    if (ct->known) {
        ct->other = busy1 - ct->busy0 - (own_cpu() - ct->own0);
        if (ct->other < 0) ct->other = 0;
        ct->steal = steal1 - ct->steal0;
    }
}

static inline int contention_busy(const contention *ct, long cores)
{
    return ct->known && ct->other + ct->steal > BENCH_BUSY_SHARE * ct->wall * (double)cores;
}

/* The "other work" row of a report's machine table. */
static inline void contention_print(const contention *ct, long cores)
{
    printf("| other work | load average %.2f before the run", ct->load1);
    if (ct->known)
        printf("; during it, other processes used %.1f CPU s and the hypervisor stole %.1f s, of %.0f s x %ld cores",
               ct->other, ct->steal, ct->wall, cores);
    printf("%s |\n", contention_busy(ct, cores) ? " (**" BENCH_NOT_IDLE
                                                  ": times are slower and noisier than they should be**)"
                                                : "");
}

/* Appends what is ready on fd to buf (NUL-terminated, kept to size - 1; the rest is read and dropped).
 * Returns 0 at end of file, 1 otherwise. */
static inline int drain_some(int fd, char *buf, size_t size, size_t *used)
{
    char chunk[4096];
    ssize_t k = read(fd, chunk, sizeof chunk);
    if (k < 0 && errno == EINTR) return 1;
    if (k <= 0) return 0;
    size_t take = (size_t)k, room = size - 1 - *used;
    if (take > room) take = room;
    memcpy(buf + *used, chunk, take);
    *used += take;
    buf[*used] = '\0';
    return 1;
}

/* Runs path with argv (argv[0] included, NULL-terminated) and waits for it. Its stdout goes into out and its
 * stderr into errbuf (each NUL-terminated, of at least 1 byte); with NULL, they are this process's. wall gets the
 * seconds from just before fork to just after the wait, maxrss_kib the child's peak RSS (from wait4). Returns 0 when
 * the child exited with status 0. */
static inline int run_child(const char *path, char *const argv[], char *out, size_t out_size, char *errbuf,
                            size_t err_size, double *wall, double *maxrss_kib)
{
    int p[2][2] = {{-1, -1}, {-1, -1}}, status = 0, rc = -1;
    char *buf[2] = {out, errbuf};
    size_t size[2] = {out_size, err_size}, used[2] = {0, 0};
    struct rusage ru;
    double t0;
    pid_t pid;
    fflush(NULL);
    for (int k = 0; k < 2; k++) {
        if (!buf[k]) continue;
        buf[k][0] = '\0';
        if (pipe(p[k]) != 0) goto done;
    }
    t0 = now();
    pid = fork();
    if (pid < 0) goto done;
    if (pid == 0) {
        for (int k = 0; k < 2; k++) {
            if (!buf[k]) continue;
            if (dup2(p[k][1], k ? STDERR_FILENO : STDOUT_FILENO) < 0) _exit(127);
            close(p[k][0]);
            close(p[k][1]);
        }
        execv(path, argv);
        _exit(127);
    }
    for (int k = 0; k < 2; k++)
        if (p[k][1] >= 0) {
            close(p[k][1]);
            p[k][1] = -1;
        }
    /* both pipes at once, so that a child filling one while we wait on the other cannot block */
    for (;;) {
        struct pollfd pf[2];
        nfds_t np = 0;
        for (int k = 0; k < 2; k++)
            if (p[k][0] >= 0) {
                pf[np].fd = p[k][0];
                pf[np].events = POLLIN;
                pf[np].revents = 0;
                np++;
            }
        if (np == 0) break;
        if (poll(pf, np, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (nfds_t j = 0; j < np; j++) {
            if (!pf[j].revents) continue;
            int k = pf[j].fd == p[0][0] ? 0 : 1;
            if (!drain_some(p[k][0], buf[k], size[k], &used[k])) {
                close(p[k][0]);
                p[k][0] = -1;
            }
        }
    }
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) goto done;
    if (wall) *wall = now() - t0;
    if (maxrss_kib) *maxrss_kib = (double)ru.ru_maxrss;
    rc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
done:
    for (int k = 0; k < 2; k++)
        for (int e = 0; e < 2; e++)
            if (p[k][e] >= 0) close(p[k][e]);
    return rc;
}

/* A table loaded as the benchmarks on real data take it: rebalanced (TSC_WDEGENERATE is success); dies on error. */
static inline tsc_table *bench_load_rebalanced(const char *dir)
{
    tsc_load_opts opts;
    tsc_error err;
    tsc_table *t = NULL;
    tsc_load_opts_init(&opts);
    opts.rebalance = 1;
    if (tsc_table_load(dir, &opts, &t, &err) < 0) die(dir, &err);
    return t;
}

/* The number after key in text ("key=1.5", or a marker of the CLI's -v output such as "computed in "), or -1. */
static inline double field(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    if (!p) return -1;
    char *end;
    double v = strtod(p + strlen(key), &end);
    return end == p + strlen(key) ? -1 : v;
}

#endif
