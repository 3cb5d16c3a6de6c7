/* tariffscope update: a table balanced to targets on sums of its cells (GRAS/KRAS), with a per-target report. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tariffscope/update.h"

typedef struct progress_state {
    double start, last;
    int verbose;
} progress_state;

/* Progress on stderr: every call with --verbose, else at most once a second after the first second. */
static void progress(void *ctx, size_t sweep, double gap)
{
    progress_state *p = ctx;
    double now = cli_now();
    if (!p->verbose && (now - p->start < 1 || now - p->last < 1)) return;
    p->last = now;
    fprintf(stderr, "update: sweep %zu, worst gap %.3g (%.1f s)\n", sweep, gap, now - p->start);
}

static int parse_count(const char *s, const char *flag, size_t lo, size_t hi, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
        fprintf(stderr, "tariffscope: %s takes a whole number in [%zu, %zu], not '%s'\n", flag, lo, hi, s);
        return 2;
    }
    *out = (size_t)v;
    return 0;
}

/* The per-target report, written to tmp (renamed into place by the caller once the table is written). */
static int write_report(const char *tmp, const tsc_targets *tg, const double *achieved)
{
    FILE *f = cli_open_out(tmp);
    if (!f) { fprintf(stderr, "tariffscope: cannot write %s: %s\n", tmp, strerror(errno)); return 1; }
    fputs("file,line,kind,from_region,from_sector,to_region,to,base,value,achieved,rel_gap,factor\n", f);
    for (size_t k = 0; k < tsc_targets_count(tg); k++) {
        tsc_target_info in;
        tsc_targets_info(tg, k, &in);
        cli_put_field(f, in.file);
        fprintf(f, ",%zu,", in.line);
        const char *fields[5] = {in.kind, in.from_region, in.from_sector, in.to_region, in.to};
        for (int i = 0; i < 5; i++) {
            cli_put_field(f, fields[i]);
            putc(',', f);
        }
        double gap = in.value != 0 ? (achieved[k] - in.value) / in.value : achieved[k];
        int skipped = in.base == 0 && achieved[k] == 0 && in.value != 0;
        fprintf(f, "%.10g,%.10g,%.10g,%.3g,", in.base, in.value, achieved[k], gap);
        if (skipped) fputs("skipped\n", f);
        else fprintf(f, "%.6g\n", in.base != 0 ? in.value / in.base : 0.0);
    }
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (bad) { fprintf(stderr, "tariffscope: cannot write %s\n", tmp); remove(tmp); }
    return bad;
}

int cmd_update(int argc, char **argv)
{
    const char *targets = NULL, *tol_s = NULL, *iter_s = NULL, *year_s = NULL, *report = NULL, *source = NULL;
    int skip_empty = 0;
    const cli_own_opt own[] = {{"--targets", &targets, NULL},   {"--target-tol", &tol_s, NULL},
                               {"--max-iter", &iter_s, NULL},   {"--year", &year_s, NULL},
                               {"--report", &report, NULL},     {"--source", &source, NULL},
                               {"--skip-empty", NULL, &skip_empty}};
    cli_opts o;
    int rc = cli_parse_own(argc, argv, own, sizeof own / sizeof *own, "otl", &o);
    if (rc) return rc;
    if (!o.table || !o.out || !targets) {
        fprintf(stderr, "tariffscope: update needs TABLE, --targets FILE.csv and --out DIR\n");
        return 2;
    }
    if (o.to && strcmp(o.to, "native") && strcmp(o.to, "native-gz") && strcmp(o.to, "cache")) {
        fprintf(stderr, "tariffscope: --to takes native, native-gz or cache, not '%s'\n", o.to);
        return 2;
    }
    tsc_update_opts uo;
    tsc_update_opts_init(&uo);
    if (tol_s) {
        char *end;
        uo.tol = strtod(tol_s, &end);
        if (*end || end == tol_s || !(uo.tol > 0 && uo.tol < 1)) {
            fprintf(stderr, "tariffscope: --target-tol takes a number in (0, 1), not '%s'\n", tol_s);
            return 2;
        }
    }
    size_t v;
    if (iter_s) {
        if (parse_count(iter_s, "--max-iter", 1, (size_t)1 << 30, &v)) return 2;
        uo.max_iter = v;
    }
    if (year_s) {
        if (parse_count(year_s, "--year", 1, 9999, &v)) return 2;
        uo.year = (int)v;
    }
    uo.skip_empty = skip_empty;
    uo.source = source;
    progress_state ps = {cli_now(), 0, o.verbose};
    uo.progress = progress;
    uo.progress_ctx = &ps;

    tsc_table *t = cli_load_table(&o), *a = NULL;
    if (!t) return 1;
    tsc_targets *tg = NULL;
    double *achieved = NULL;
    char tmp[1200] = "";
    tsc_error err;
    tsc_update_status st;
    int status = 1;
    if (tsc_targets_new(t, &tg, &err) || tsc_targets_load(tg, targets, &err)) { cli_fail(&err); goto done; }
    size_t nt = tsc_targets_count(tg);
    if (!(achieved = calloc(nt + 1, sizeof *achieved))) { fprintf(stderr, "tariffscope: out of memory\n"); goto done; }
    if (tsc_table_update(t, tg, &uo, &a, &st, achieved, &err) < 0) { cli_fail(&err); goto done; }
    tsc_target_info wi;
    if (tsc_targets_info(tg, st.worst_target, &wi) == TSC_OK)
        printf("update: %zu targets met in %zu sweeps (%.2f s); worst target gap %.3g (%s:%zu %s %s.%s -> %s.%s); value "
               "added moved by at most %.3g of x\n",
               nt, st.sweeps, cli_now() - ps.start, st.target_gap, wi.file, wi.line, wi.kind, wi.from_region,
               wi.from_sector, wi.to_region[0] ? wi.to_region : "*", wi.to[0] ? wi.to : "*", st.balance_gap);
    else
        printf("update: no targets; %zu sweep%s\n", st.sweeps, st.sweeps == 1 ? "" : "s");
    if (st.skipped) {
        double lost = 0;
        for (size_t k = 0; k < nt; k++) {
            tsc_target_info in;
            tsc_targets_info(tg, k, &in);
            if (in.base == 0 && achieved[k] == 0 && in.value != 0) lost += in.value;
        }
        printf("update: %zu target%s skipped: %s cells are all zero in the table (together %.6g; see the report)\n",
               st.skipped, st.skipped == 1 ? "" : "s", st.skipped == 1 ? "its" : "their", lost);
    }
    if (report) {
        if (snprintf(tmp, sizeof tmp, "%s.tmp", report) >= (int)sizeof tmp) {
            fprintf(stderr, "tariffscope: --report path too long\n");
            goto done;
        }
        if (write_report(tmp, tg, achieved)) { tmp[0] = '\0'; goto done; }
    }
    if ((status = cli_save_table(a, o.out, o.to))) goto done;
    if (report) {
        if (rename(tmp, report) != 0) {
            fprintf(stderr, "tariffscope: cannot move the report into place at %s: %s\n", report, strerror(errno));
            status = 1;
            goto done;
        }
        tmp[0] = '\0';
        printf("wrote %s\n", report);
    }
done:
    if (tmp[0]) remove(tmp);
    free(achieved);
    tsc_targets_free(tg);
    tsc_table_free(a);
    tsc_table_free(t);
    return status;
}
