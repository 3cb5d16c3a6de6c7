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

/* The per-target report, written to tmp (renamed into place by the caller once the table is written). */
static int write_report(const char *tmp, const tsc_targets *tg, const double *achieved)
{
    FILE *f = cli_open_out(tmp);
    if (!f) {
        fprintf(stderr, "tariffscope: cannot write %s: %s\n", tmp, strerror(errno));
        return 1;
    }
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
    if (bad) {
        fprintf(stderr, "tariffscope: cannot write %s\n", tmp);
        remove(tmp);
    }
    return bad;
}

static int run(const cli_args *a)
{
    tsc_update_opts uo;
    tsc_update_opts_init(&uo);
    if (a->given[OPT_SOLVER_TOL]) uo.tol = a->solver_tol;
    if (a->given[OPT_MAX_ITER]) uo.max_iter = a->max_iter;
    if (a->given[OPT_YEAR]) uo.year = (int)a->year;
    uo.skip_empty = a->skip_empty;
    uo.source = a->source;
    progress_state ps = {cli_now(), 0, a->verbose};
    uo.progress = progress;
    uo.progress_ctx = &ps;

    cli_args src = *a; /* --year is the new table's here, not a year to pick from the input */
    src.given[OPT_YEAR] = 0;
    tsc_table *t = cli_load_table(a->pos[0], &src), *updated = NULL;
    if (!t) return 1;
    tsc_targets *tg = NULL;
    double *achieved = NULL;
    char tmp[1200] = "";
    tsc_error err;
    tsc_update_status st;
    int status = 1;
    if (tsc_targets_new(t, &tg, &err) || tsc_targets_load(tg, a->targets, &err)) {
        cli_fail(&err);
        goto done;
    }
    size_t nt = tsc_targets_count(tg);
    if (!(achieved = calloc(nt + 1, sizeof *achieved))) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto done;
    }
    if (tsc_table_update(t, tg, &uo, &updated, &st, achieved, &err) < 0) {
        cli_fail(&err);
        goto done;
    }
    tsc_target_info wi;
    if (tsc_targets_info(tg, st.worst_target, &wi) == TSC_OK)
        printf(
            "update: %zu targets met in %zu sweeps (%.2f s); worst target gap %.3g (%s:%zu %s %s.%s -> %s.%s); value "
            "added moved by at most %.3g of x\n",
            nt, st.sweeps, cli_now() - ps.start, st.target_gap, wi.file, wi.line, wi.kind, wi.from_region,
            wi.from_sector, wi.to_region[0] ? wi.to_region : "*", wi.to[0] ? wi.to : "*", st.balance_gap);
    else printf("update: no targets; %zu sweep%s\n", st.sweeps, st.sweeps == 1 ? "" : "s");
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
    if (a->report) {
        if (snprintf(tmp, sizeof tmp, "%s.tmp", a->report) >= (int)sizeof tmp) {
            fprintf(stderr, "tariffscope: --report path too long\n");
            goto done;
        }
        if (write_report(tmp, tg, achieved)) {
            tmp[0] = '\0';
            goto done;
        }
    }
    if ((status = cli_save_table(updated, a->out, a->to))) goto done;
    if (a->report) {
        if (rename(tmp, a->report) != 0) {
            fprintf(stderr, "tariffscope: cannot move the report into place at %s: %s\n", a->report, strerror(errno));
            status = 1;
            goto done;
        }
        tmp[0] = '\0';
        printf("wrote %s\n", a->report);
    }
done:
    if (tmp[0]) remove(tmp);
    free(achieved);
    tsc_targets_free(tg);
    tsc_table_free(updated);
    tsc_table_free(t);
    return status;
}

static const cli_use opts[] = {
    {OPT_TARGETS, 1, NULL, NULL, NULL},
    {OPT_OUT, 1, "DIR", "the folder (native layouts) or file (cache) written", NULL},
    {OPT_TO, 0, NULL, NULL, NULL},
    {OPT_YEAR, 0, NULL, "the year the new table is of", "the table's"},
    {OPT_SOURCE, 0, NULL, NULL, NULL},
    {OPT_REPORT, 0, NULL, NULL, NULL},
    {OPT_SKIP_EMPTY, 0, NULL, NULL, NULL},
    {OPT_SOLVER_TOL, 0, NULL, "every target and balance identity within this relative gap", "1e-9"},
    {OPT_MAX_ITER, 0, NULL, "sweeps before giving up (an error, with no output)", "20000"},
};

const cli_command cli_cmd_update = {
    "update",
    "balance a table to targets on sums of its cells (GRAS, with KRAS-style groups), reporting the worst gap",
    {"TABLE"},
    1,
    opts,
    sizeof opts / sizeof *opts,
    1,
    "Infeasible targets or no convergence are errors with no output (docs/WORLD2024.md has the targets format).",
    run,
};
