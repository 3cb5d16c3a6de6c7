/* tariffscope sweep: one cell of the grid, through the same library calls and CSV writers as the single commands. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep.h"

void sweep_cache_init(sweep_cache *c)
{
    memset(c, 0, sizeof *c);
    c->table = SIZE_MAX;
}

void sweep_cache_free(sweep_cache *c)
{
    tsc_decomp_free(c->d);
    tsc_leontief_free(c->lf);
    tsc_table_free(c->t);
    free(c->msgs);
    sweep_cache_init(c);
}

void sweep_result_free(sweep_result *r)
{
    free(r->csv);
    free(r->msgs);
    memset(r, 0, sizeof *r);
}

/* The table of cell c in the cache (loaded, with its Leontief engine, unless it is there already). */
static int cache_table(const sweep_plan *p, size_t table, sweep_cache *c, tsc_error *err)
{
    if (c->table == table) return c->failed ? tsc_error_set(err, TSC_EIO, NULL, 0, 0, "the table did not load") : 0;
    sweep_cache_free(c);
    c->table = table;
    FILE *msg = open_memstream(&c->msgs, &c->nmsgs);
    if (!msg) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    c->t = cli_load_table_to(p->tables[table], &p->load, msg);
    if (fclose(msg) || !c->msgs) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!c->t) {
        /* the loader's message names the file, line and column: it is the cell's error */
        c->failed = 1;
        size_t len = strlen(c->msgs);
        while (len && c->msgs[len - 1] == '\n') c->msgs[--len] = '\0';
        tsc_error_set(err, TSC_EPARSE, NULL, 0, 0, "%s",
                      strncmp(c->msgs, "tariffscope: ", 13) == 0 ? c->msgs + 13 : c->msgs);
        c->msgs[0] = '\0';
        c->nmsgs = 0;
        return TSC_EPARSE;
    }
    return tsc_leontief_new(c->t, &c->lf, err);
}

static int run_decompose(const sweep_job *job, sweep_cache *c, FILE *f, const char *head, const char *pre,
                         tsc_error *err)
{
    int rc = 0;
    if (!c->d && (rc = tsc_decomp_new(c->t, c->lf, &c->d, err))) return rc;
    tsc_dresult r = {0};
    tsc_writer *w = NULL;
    if (!(rc = cli_decompose_method(&job->a, c->t, c->d, &r, err)) && !(rc = tsc_writer_stream(f, 0, &w, err))) {
        rc = cli_decompose_write_long(w, c->t, &r, head, pre, err);
        int rc2 = tsc_writer_close(w, rc ? NULL : err);
        if (!rc) rc = rc2;
    }
    tsc_dresult_free(&r);
    return rc;
}

static int run_leontief(const sweep_job *job, sweep_cache *c, FILE *f, const char *head, const char *pre,
                        tsc_error *err)
{
    size_t n = tsc_table_n(c->t), G = tsc_table_nregions(c->t);
    double *buf = calloc(job->output == 0 ? TSC_MULTIPLIERS_NCOLS * n : n * G, sizeof *buf);
    if (!buf) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    tsc_writer *w = NULL;
    int rc = job->output == 0 ? tsc_leontief_multipliers_table(c->lf, buf, err)
                              : tsc_leontief_va_by_destination(c->lf, buf, err);
    if (!rc && !(rc = tsc_writer_stream(f, 0, &w, err))) {
        if (job->output == 0) cli_leontief_write_multipliers(w, c->t, buf, head, pre);
        else rc = cli_leontief_write_vby(w, c->t, buf, head, pre, err);
        int rc2 = tsc_writer_close(w, rc ? NULL : err);
        if (!rc) rc = rc2;
    }
    free(buf);
    return rc;
}

/* The scenario's rates on the table, as shock and solve find them (cli_sources_find, tsc_schedule_apply). */
static int apply_scenario(const sweep_plan *p, const sweep_cell *cell, const sweep_job *job, sweep_cache *c,
                          tsc_scenario **sc, tsc_schedule **sch, cli_sources *src, tsc_tariffs *tr, tsc_error *err)
{
    tsc_groups *groups = NULL;
    int rc = tsc_scenario_load(p->scenarios[cell->scenario], sc, err);
    if (!rc) rc = cli_load_groups(job->a.groups, &groups, err);
    if (!rc && cli_sources_find(&job->a, c->t, (const tsc_scenario *const *)sc, 1, groups, src))
        rc = tsc_error_set(err, TSC_EINVAL, p->tables[cell->table], 0, 0, "cannot find the table's tariff sources");
    if (!rc) rc = tsc_schedule_new(c->t, &src->so, sch, err);
    if (!rc) rc = tsc_schedule_apply(*sch, *sc, job->a.date, tr, NULL, err);
    tsc_groups_free(groups);
    return rc;
}

static int run_shock(const sweep_plan *p, const sweep_cell *cell, const sweep_job *job, sweep_cache *c, FILE *f,
                     const char *head, const char *pre, tsc_error *err)
{
    tsc_scenario *sc = NULL;
    tsc_schedule *sch = NULL;
    tsc_tariffs tr = {0};
    tsc_shock s = {0};
    cli_sources src;
    int rc = apply_scenario(p, cell, job, c, &sc, &sch, &src, &tr, err);
    if (!rc && !(rc = tsc_shock_run(c->t, c->lf, &tr, &s, err))) cli_shock_write(f, job->output, c->t, &s, head, pre);
    tsc_shock_free(&s);
    tsc_tariffs_free(&tr);
    tsc_schedule_free(sch);
    tsc_scenario_free(sc);
    return rc;
}

/* The model solved for the cell's draw of the elasticities: draw 0 at the point elasticities, draw d > 0 at
 * tsc_ge_theta_draw's draw d - 1, with the standard errors tsc_ge_draws_solve takes (published, else theta-se
 * times the elasticity). The baseline is built at the point elasticities, as the draws of solve --theta-draws are
 * (tsc_ge_run with theta_scenario). */
static int solve_model(const sweep_plan *p, const sweep_cell *cell, const sweep_job *job, const tsc_table *t,
                       const cli_sources *src, const tsc_tariffs *tr, FILE *f, const char *head, const char *pre,
                       tsc_error *err)
{
    tsc_labels lab;
    int rc = tsc_ge_labels(NULL, t, &lab, err);
    if (rc) return rc;
    size_t G = lab.G, N = lab.N, cells = G * G * N;
    double *theta = malloc(N * sizeof *theta), *se = malloc(N * sizeof *se), *drawn = malloc(N * sizeof *drawn);
    double *tbase = malloc(cells * sizeof *tbase), *tnew = malloc(cells * sizeof *tnew);
    tsc_ge_run_result rr = {0};
    if (!theta || !se || !drawn || !tbase || !tnew) {
        rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < N; j++) se[j] = NAN;
    if (!src->theta) {
        rc = tsc_error_set(err, TSC_EINVAL, NULL, 0, 0, "no trade elasticities: give theta in the job");
        goto done;
    }
    if ((rc = tsc_ge_theta_read_se(src->theta, src->so.aggregation, N, lab.sectors, theta, se, err))) goto done;
    for (size_t k = 0; k < cells; k++) {
        tbase[k] = tr->base[k] / 100;
        tnew[k] = tr->rate[k] / 100;
    }
    if (cell->draw > 0) {
        for (size_t j = 0; j < N; j++) se[j] = !isnan(se[j]) ? se[j] : p->theta_se * theta[j];
        tsc_ge_theta_draw(p->seed, cell->draw - 1, N, theta, se, drawn);
    }
    tsc_ge_run_input gi = {.table = t,
                           .tariff_base = tbase,
                           .tariff_new = tnew,
                           .theta = theta,
                           .theta_scenario = cell->draw > 0 ? drawn : NULL};
    tsc_ge_run_opts o;
    cli_ge_run_opts(&job->a, 0, &o);
    rc = tsc_ge_run(&gi, &o, &rr, err);
    if (rc == TSC_GE_WNOCONV) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        rc = tsc_error_set(err, TSC_ENUMERIC, NULL, 0, 0, "%s", msg);
    }
    if (!rc) rc = cli_solve_write(f, job->output, rr.base, tnew, &rr.result, &rr.outcome, head, pre, err);
done:
    tsc_ge_run_result_free(&rr);
    free(theta);
    free(se);
    free(drawn);
    free(tbase);
    free(tnew);
    return rc;
}

static int run_solve(const sweep_plan *p, const sweep_cell *cell, const sweep_job *job, sweep_cache *c, FILE *f,
                     const char *head, const char *pre, tsc_error *err)
{
    tsc_scenario *sc = NULL;
    tsc_schedule *sch = NULL;
    tsc_tariffs tr = {0};
    cli_sources src;
    int rc = apply_scenario(p, cell, job, c, &sc, &sch, &src, &tr, err);
    if (!rc) rc = solve_model(p, cell, job, c->t, &src, &tr, f, head, pre, err);
    tsc_tariffs_free(&tr);
    tsc_schedule_free(sch);
    tsc_scenario_free(sc);
    return rc;
}

/* The leading columns of the cell's job (head) and their values for the cell (pre), CSV-quoted. */
static int leading(const sweep_plan *p, const sweep_cell *c, char **head, char **pre)
{
    const sweep_job *job = &p->jobs[c->job];
    size_t hl, pl;
    FILE *h = open_memstream(head, &hl), *r = open_memstream(pre, &pl);
    if (h) fputs(job->scenarios ? (job->draws ? "table,scenario,draw," : "table,scenario,") : "table,", h);
    if (r) {
        cli_put_field(r, p->table_names[c->table]);
        putc(',', r);
        if (job->scenarios) {
            cli_put_field(r, p->scenario_names[c->scenario]);
            putc(',', r);
        }
        if (job->draws) fprintf(r, "%zu,", c->draw);
    }
    int bad = !h || !r;
    if (h) bad |= fclose(h) != 0;
    if (r) bad |= fclose(r) != 0;
    return bad ? -1 : 0;
}

void sweep_cell_run(const sweep_plan *p, const sweep_cell *cell, sweep_cache *cache, sweep_result *r)
{
    const sweep_job *job = &p->jobs[cell->job];
    char *head = NULL, *pre = NULL;
    tsc_error err;
    tsc_error_clear(&err);
    memset(r, 0, sizeof *r);
    FILE *f = NULL;
    int rc = cache_table(p, cell->table, cache, &err);
    if (!rc && leading(p, cell, &head, &pre)) rc = tsc_error_set(&err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc && !(f = open_memstream(&r->csv, &r->len)))
        rc = tsc_error_set(&err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) {
        switch (job->kind) {
        case SWEEP_DECOMPOSE: rc = run_decompose(job, cache, f, head, pre, &err); break;
        case SWEEP_LEONTIEF: rc = run_leontief(job, cache, f, head, pre, &err); break;
        case SWEEP_SHOCK: rc = run_shock(p, cell, job, cache, f, head, pre, &err); break;
        case SWEEP_SOLVE: rc = run_solve(p, cell, job, cache, f, head, pre, &err); break;
        }
    }
    if (f && fclose(f) && !rc) rc = tsc_error_set(&err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc && cache->nmsgs && !(r->msgs = malloc(cache->nmsgs + 1)))
        rc = tsc_error_set(&err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (r->msgs) {
        memcpy(r->msgs, cache->msgs, cache->nmsgs + 1);
        r->nmsgs = cache->nmsgs;
    }
    free(head);
    free(pre);
    if (rc) {
        char buf[1200];
        free(r->csv);
        r->csv = NULL;
        r->len = 0;
        r->status = 1;
        char where[400];
        int w = snprintf(where, sizeof where, "%s, job %s", p->table_names[cell->table], job->name);
        if (job->scenarios && w > 0 && (size_t)w < sizeof where)
            w += snprintf(where + w, sizeof where - (size_t)w, ", scenario %s", p->scenario_names[cell->scenario]);
        if (job->draws && w > 0 && (size_t)w < sizeof where)
            snprintf(where + w, sizeof where - (size_t)w, ", draw %zu", cell->draw);
        snprintf(r->err, sizeof r->err, "%s: %s", where, tsc_error_format(&err, buf, sizeof buf));
    }
    r->done = 1;
}
