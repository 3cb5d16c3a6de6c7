/* Helpers the subcommands share: table loading and saving, CSV fields, error printing, the data folders. */
#define _GNU_SOURCE 1 /* fopencookie: a stdio stream over the library's gzip writer */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "tariffscope/numfmt.h"

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"') putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

size_t cli_field_text(char *dst, const char *s)
{
    size_t n = 0;
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote && dst) dst[n] = '"';
    n += (size_t)quote;
    for (; *s; s++) {
        if (quote && *s == '"') {
            if (dst) dst[n] = '"';
            n++;
        }
        if (dst) dst[n] = *s;
        n++;
    }
    if (quote && dst) dst[n] = '"';
    return n + (size_t)quote;
}

char **cli_prefixes(size_t n, const char *pre, size_t nf, cli_field_fn get, const void *ctx, int quote)
{
    size_t lp = strlen(pre), total = 0;
    for (size_t i = 0; i < n; i++) {
        total += lp + nf + 1;
        for (size_t k = 0; k < nf; k++) {
            const char *s = get(ctx, i, k);
            total += quote ? cli_field_text(NULL, s) : strlen(s);
        }
    }
    char **p = malloc(n * sizeof *p + total + 1);
    if (!p) return NULL;
    char *o = (char *)(p + n);
    for (size_t i = 0; i < n; i++) {
        p[i] = o;
        memcpy(o, pre, lp);
        o += lp;
        for (size_t k = 0; k < nf; k++) {
            const char *s = get(ctx, i, k);
            size_t len = strlen(s);
            if (quote) o += cli_field_text(o, s);
            else {
                memcpy(o, s, len);
                o += len;
            }
            *o++ = ',';
        }
        *o++ = '\0';
    }
    return p;
}

void cli_put_num(FILE *f, double v)
{
    char buf[TSC_DTOA_SIZE];
    size_t len = tsc_dtoa17(v, buf);
    fwrite(buf, 1, len, f);
}

FILE *cli_open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    /* the callers say which file failed; the reason (no memory for the stream, no space, ...) is said here */
    if (!f) fprintf(stderr, "tariffscope: %s: cannot open for writing: %s\n", path, strerror(errno));
    else setvbuf(f, NULL, _IOFBF, (size_t)1 << 20);
    return f;
}

static ssize_t writer_cookie_write(void *w, const char *buf, size_t size)
{
    tsc_writer_put(w, buf, size);
    return tsc_writer_failed(w) ? -1 : (ssize_t)size;
}

static int writer_cookie_close(void *w)
{
    tsc_error err;
    if (tsc_writer_close(w, &err) == TSC_OK) return 0;
    cli_fail(&err);
    return EOF;
}

FILE *cli_open_out_as(const char *path, int gzip)
{
    if (!gzip) return cli_open_out(path);
    tsc_writer *w;
    tsc_error err;
    if (tsc_writer_open(path, TSC_WRITER_GZIP, &w, &err)) {
        cli_fail(&err);
        return NULL;
    }
    cookie_io_functions_t io = {NULL, writer_cookie_write, NULL, writer_cookie_close};
    FILE *f = fopencookie(w, "w", io);
    if (!f) {
        fprintf(stderr, "tariffscope: %s: cannot open for writing: %s\n", path, strerror(errno));
        tsc_writer_close(w, NULL);
        remove(path);
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, (size_t)1 << 16);
    return f;
}

FILE *cli_open_tmp(const char *path, char *tmp, size_t size)
{
    snprintf(tmp, size, "%s.tmp", path);
    FILE *f = cli_open_out_as(tmp, tsc_out_kind_of(path) == TSC_OUT_GZIP);
    if (!f) fprintf(stderr, "tariffscope: %s: cannot write\n", tmp);
    return f;
}

int cli_close_tmp(FILE *f, const char *tmp, const char *path)
{
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        remove(tmp);
        fprintf(stderr, "tariffscope: %s: cannot write\n", path);
        return 1;
    }
    return 0;
}

void cli_put_label(FILE *f, const char *a, const char *b)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s.%s", a, b);
    cli_put_field(f, buf);
}

int cli_fail(const tsc_error *err)
{
    char buf[1200];
    fprintf(stderr, "tariffscope: %s\n", tsc_error_format(err, buf, sizeof buf));
    return 1;
}

int cli_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

const char *cli_data_path(const char *rel, char *buf, size_t size)
{
    const char *data = getenv("TARIFFSCOPE_DATA");
    snprintf(buf, size, "%s/%s", data && *data ? data : TSC_DATA_DIR, rel);
    return buf;
}

const char *cli_shared_path(const char *rel, char *buf, size_t size)
{
    const char *shared = getenv("TARIFFSCOPE_SHARED");
    if (shared && *shared) snprintf(buf, size, "%s/%s", shared, rel);
    else snprintf(buf, size, "%s/../../shared/%s", TSC_DATA_DIR, rel); /* the build's data/ is SOURCE/data */
    return buf;
}

int cli_load_groups(const char *groups, tsc_groups **out, tsc_error *err)
{
    int rc = tsc_groups_new(out, err);
    if (rc) return rc;
    char path[1100];
    cli_data_path("groups.csv", path, sizeof path);
    /* stat, not a trial fopen: a stream that cannot be allocated must not pass for a missing file */
    struct stat st;
    if (stat(path, &st) == 0) rc = tsc_groups_add_file(*out, path, err);
    if (!rc && groups) rc = tsc_groups_add_file(*out, groups, err);
    if (rc) {
        tsc_groups_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The progress line of a load: shown on a terminal only, once the load has run for a second, redrawn at most ten
 * times a second, and erased when the load ends. */
typedef struct load_progress {
    double t0, last, delay;
    int shown;
} load_progress;

/* The seconds a load runs before its progress line shows: 1, or TARIFFSCOPE_PROGRESS_DELAY (0 to 3600). */
static double progress_delay(void)
{
    const char *v = getenv("TARIFFSCOPE_PROGRESS_DELAY");
    char *end;
    double d = v && *v ? strtod(v, &end) : 1.0;
    return v && *v && *end == '\0' && d >= 0 && d <= 3600 ? d : 1.0;
}

static void show_progress(void *ctx, const char *file, uint64_t done, uint64_t total)
{
    load_progress *p = ctx;
    double now = cli_now();
    if (now - p->t0 < p->delay || (now - p->last < 0.1 && done < total)) return;
    const char *slash = strrchr(file, '/'), *name = slash ? slash + 1 : file;
    if (total)
        fprintf(stderr, "\rtariffscope: reading %.48s: %3.0f%% (%.1f of %.1f MB)\033[K", name,
                100.0 * (double)done / (double)total, (double)done / 1e6, (double)total / 1e6);
    else fprintf(stderr, "\rtariffscope: reading %.48s: %.1f MB\033[K", name, (double)done / 1e6);
    fflush(stderr);
    p->last = now;
    p->shown = 1;
}

tsc_table *cli_load_table_to(const char *table, const cli_args *a, FILE *msg)
{
    tsc_table *t = NULL;
    tsc_error err;
    tsc_load_opts lo;
    tsc_load_opts_init(&lo);
    lo.format = (tsc_format)a->format;
    lo.rebalance = a->rebalance;
    lo.strict = a->strict;
    lo.keep_splits = a->keep_splits;
    if (a->given[OPT_TOLERANCE]) lo.balance_tol = a->tolerance;
    if (a->given[OPT_YEAR]) lo.year = (int)a->year;
    double t0 = cli_now();
    load_progress prog = {t0, 0, progress_delay(), 0};
    if (isatty(STDERR_FILENO)) {
        lo.progress = show_progress;
        lo.progress_ctx = &prog;
    }
    tsc_blas_rest(); /* OpenBLAS's threads would busy-wait on the cores the parse runs on */
    int rc = tsc_table_load(table, &lo, &t, &err);
    if (prog.shown) fprintf(stderr, "\r\033[K");
    if (rc < 0) {
        char buf[1200];
        fprintf(msg, "tariffscope: %s\n", tsc_error_format(&err, buf, sizeof buf));
        return NULL;
    }
    if (a->extensions && a->extensions[0] && tsc_table_extensions_read_csv(t, a->extensions, &err) != TSC_OK) {
        char buf[1200];
        fprintf(msg, "tariffscope: %s\n", tsc_error_format(&err, buf, sizeof buf));
        tsc_table_free(t);
        return NULL;
    }
    if (a->verbose) fprintf(msg, "loaded %s in %.3f s\n", table, cli_now() - t0);
    for (const char *p = t ? tsc_table_notes(t) : ""; *p;) {
        size_t len = strcspn(p, "\n");
        fprintf(msg, "tariffscope: note: %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    if (rc == TSC_WDEGENERATE) {
        const size_t *rows;
        size_t nd = tsc_table_degenerate(t, &rows), N = tsc_table_nsectors(t);
        const double *x = tsc_table_x(t);
        fprintf(msg,
                "tariffscope: warning: %zu sector%s with zero or negative gross output get%s zero coefficients:", nd,
                nd == 1 ? "" : "s", nd == 1 ? "s" : "");
        for (size_t k = 0; k < nd && k < 8; k++)
            fprintf(msg, " %s.%s (x = %g)%s", tsc_table_region(t, rows[k] / N), tsc_table_sector(t, rows[k] % N),
                    x[rows[k]], k + 1 < nd && k + 1 < 8 ? "," : "");
        size_t sell = 0;
        for (size_t k = 0; k < nd; k++) sell += (size_t)tsc_table_sells(t, rows[k]);
        fprintf(msg, "%s (--strict refuses such tables)\n", nd > 8 ? " ..." : "");
        if (sell)
            fprintf(msg,
                    "tariffscope: warning: %zu of them still sell inputs or export: what they sell counts as "
                    "their own value added (docs/FORMATS.md, Balance)\n",
                    sell);
    }
    return t;
}

tsc_table *cli_load_table(const char *table, const cli_args *a)
{
    return cli_load_table_to(table, a, stderr);
}

int cli_save_table(const tsc_table *t, const char *out, int to)
{
    tsc_error err;
    int rc = to == CLI_TO_CACHE    ? tsc_table_save_cache(t, out, &err)
             : to == CLI_TO_PYMRIO ? tsc_table_save_pymrio(t, out, &err)
                                   : tsc_table_save_native(t, out, to == CLI_TO_NATIVE_GZ, &err);
    if (rc) return cli_fail(&err);
    printf("wrote %s (%zu regions x %zu sectors)\n", out, tsc_table_nregions(t), tsc_table_nsectors(t));
    return 0;
}
