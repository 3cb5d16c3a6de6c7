/* Option parsing, table loading and error printing shared by the subcommands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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
    if (!strpbrk(s, ",\"\r\n")) { fputs(s, f); return; }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"') putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
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
    if (f) setvbuf(f, NULL, _IOFBF, (size_t)1 << 20);
    return f;
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

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "tariffscope: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see tariffscope --help)\n");
    va_end(ap);
    return 2;
}

static const char *need_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) return NULL;
    return argv[++*i];
}

/* The string option of decompose named flag, or NULL. */
static const char **decompose_slot(cli_opts *o, const char *flag)
{
    const struct { const char *flag; const char **slot; } opts[] = {
        {"--method", &o->method}, {"--level", &o->level}, {"--perspective", &o->perspective},
        {"--approach", &o->approach}, {"--origin", &o->origin}, {"--destination", &o->destination},
        {"--layout", &o->layout}, {"--post", &o->post}};
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++)
        if (strcmp(flag, opts[k].flag) == 0) return opts[k].slot;
    return NULL;
}

/* The string option of the scenario commands named flag, or NULL. */
static const char **scenario_slot(cli_opts *o, const char *flag)
{
    const struct { const char *flag; const char **slot; } opts[] = {
        {"--focus", &o->focus}, {"--date", &o->date}, {"--base", &o->base}, {"--groups", &o->groups},
        {"--hs-weights", &o->hs_weights}};
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++)
        if (strcmp(flag, opts[k].flag) == 0) return opts[k].slot;
    return NULL;
}

int cli_parse(int argc, char **argv, const char *accepts, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    tsc_load_opts_init(&o->load);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int loadopt = strchr(accepts, 'l') != NULL;
        if (strcmp(a, "--out") == 0 && strchr(accepts, 'o')) {
            if (!(o->out = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
        } else if (strcmp(a, "--concordance") == 0 && strchr(accepts, 'c')) {
            if (!(o->concordance = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
        } else if (strcmp(a, "--to") == 0 && strchr(accepts, 't')) {
            if (!(o->to = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
        } else if (strchr(accepts, 'S') && scenario_slot(o, a)) {
            if (!(*scenario_slot(o, a) = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
        } else if (strchr(accepts, 'd') && decompose_slot(o, a)) {
            if (!(*decompose_slot(o, a) = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
        } else if (strcmp(a, "--json") == 0 && strchr(accepts, 'd')) {
            o->json = 1;
        } else if (strcmp(a, "--inverse") == 0 && strchr(accepts, 'i')) {
            o->inverse = 1;
        } else if (strcmp(a, "--system") == 0 && strchr(accepts, 's')) {
            o->system = 1;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            o->verbose = 1;
        } else if (loadopt && strcmp(a, "--format") == 0) {
            if (!(v = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
            if (tsc_format_parse(v, &o->load.format))
                return usage_error("unknown format '%s' (auto, wiod, labelled, native, cache)", v);
        } else if (loadopt && strcmp(a, "--rebalance") == 0) {
            o->load.rebalance = 1;
        } else if (loadopt && strcmp(a, "--strict") == 0) {
            o->load.strict = 1;
        } else if (loadopt && strcmp(a, "--tolerance") == 0) {
            if (!(v = need_value(argc, argv, &i))) return usage_error("%s needs a value", a);
            char *end;
            double tol = strtod(v, &end);
            if (*end || !(tol > 0 && tol < 1)) return usage_error("--tolerance takes a number in (0, 1), not '%s'", v);
            o->load.balance_tol = tol;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s' for this command", a);
        } else if (!o->table) {
            o->table = a;
        } else if (strchr(accepts, 'S') && !o->scenario) {
            o->scenario = a;
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
    }
    return 0;
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

int cli_load_groups(const cli_opts *o, tsc_groups **out, tsc_error *err)
{
    int rc = tsc_groups_new(out, err);
    if (rc) return rc;
    char path[1100];
    cli_data_path("groups.csv", path, sizeof path);
    FILE *f = fopen(path, "r");
    if (f) {
        fclose(f);
        rc = tsc_groups_add_file(*out, path, err);
    }
    if (!rc && o->groups) rc = tsc_groups_add_file(*out, o->groups, err);
    if (rc) { tsc_groups_free(*out); *out = NULL; }
    return rc;
}

tsc_table *cli_load_table(const cli_opts *o)
{
    tsc_table *t = NULL;
    tsc_error err;
    double t0 = cli_now();
    int rc = tsc_table_load(o->table, &o->load, &t, &err);
    if (rc < 0) { cli_fail(&err); return NULL; }
    if (o->verbose) fprintf(stderr, "loaded %s in %.3f s\n", o->table, cli_now() - t0);
    if (rc == TSC_WDEGENERATE) {
        const size_t *rows;
        size_t nd = tsc_table_degenerate(t, &rows), N = tsc_table_nsectors(t);
        const double *x = tsc_table_x(t);
        fprintf(stderr, "tariffscope: warning: %zu sector%s with zero or negative gross output get%s zero coefficients:",
                nd, nd == 1 ? "" : "s", nd == 1 ? "s" : "");
        for (size_t k = 0; k < nd && k < 8; k++)
            fprintf(stderr, " %s.%s (x = %g)%s", tsc_table_region(t, rows[k] / N), tsc_table_sector(t, rows[k] % N),
                    x[rows[k]], k + 1 < nd && k + 1 < 8 ? "," : "");
        fprintf(stderr, "%s (--strict refuses such tables)\n", nd > 8 ? " ..." : "");
    }
    return t;
}

int cli_save_table(const tsc_table *t, const char *out, const char *to)
{
    tsc_error err;
    int rc;
    if (!to || strcmp(to, "native") == 0) rc = tsc_table_save_native(t, out, 0, &err);
    else if (strcmp(to, "native-gz") == 0) rc = tsc_table_save_native(t, out, 1, &err);
    else if (strcmp(to, "cache") == 0) rc = tsc_table_save_cache(t, out, &err);
    else {
        fprintf(stderr, "tariffscope: --to takes native, native-gz or cache, not '%s'\n", to);
        return 2;
    }
    if (rc) return cli_fail(&err);
    printf("wrote %s (%zu regions x %zu sectors)\n", out, tsc_table_nregions(t), tsc_table_nsectors(t));
    return 0;
}

int cli_check_to(const char *to)
{
    if (!to || strcmp(to, "native") == 0 || strcmp(to, "native-gz") == 0 || strcmp(to, "cache") == 0) return 0;
    fprintf(stderr, "tariffscope: --to takes native, native-gz or cache, not '%s'\n", to);
    return 2;
}

int cli_take_options(int argc, char **argv, const cli_own_opt *own, size_t nown, char **rest, int *nrest)
{
    *nrest = 0;
    for (int i = 0; i < argc; i++) {
        size_t k = 0;
        while (k < nown && strcmp(argv[i], own[k].flag) != 0) k++;
        if (i == 0 || k == nown) { rest[(*nrest)++] = argv[i]; continue; }
        if (own[k].on) { *own[k].on = 1; continue; }
        if (i + 1 >= argc) {
            fprintf(stderr, "tariffscope: %s needs a value (see tariffscope --help)\n", argv[i]);
            return 2;
        }
        *own[k].slot = argv[++i];
    }
    rest[*nrest] = NULL;
    return 0;
}

int cli_parse_own(int argc, char **argv, const cli_own_opt *own, size_t nown, const char *accepts, cli_opts *o)
{
    char **rest = malloc(((size_t)argc + 1) * sizeof *rest);
    if (!rest) { fprintf(stderr, "tariffscope: out of memory\n"); return 1; }
    int nrest, rc = cli_take_options(argc, argv, own, nown, rest, &nrest);
    if (!rc) rc = cli_parse(nrest, rest, accepts, o);
    free(rest);
    return rc;
}
