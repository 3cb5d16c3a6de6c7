/* tariffscope serve: the model behind the API. The table and what it needs are loaded once; each request runs the
 * same library calls as shock, solve, tariffs effective and decompose --method routes, in the same order, so that
 * its answer equals the command's output. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "serve.h"

#define MAX_SCHEDULES 4 /* schedules kept, one per set of base schedules; the least recently used goes first */

/* A schedule with what depends on it: the base rates and the model's baseline at them (built on the first solve). The
 * sources are on the heap because the schedule options point into them. */
typedef struct sched_entry {
    cli_sources *src;
    char *bases[TSC_SOURCES_MAX_BASES]; /* copies: a scenario's base: path dies with the scenario */
    size_t nbases;
    tsc_schedule *sch;
    double *tbase; /* G*G*N fractions: the base rates base was built at */
    tsc_ge_data *base;
    unsigned long used, gen;
} sched_entry;

/* The rates of the last scenario applied, by its text: the page sends one scenario to shock and then to solve, and
 * the second is answered from here (the same bytes, date and schedule give the same rates). */
typedef struct last_rates {
    char *body;
    size_t len;
    int json;
    char date_asked[11], date[11];
    unsigned long gen; /* the schedule entry's; 0: empty */
    char *name;
    tsc_tariffs tr;
} last_rates;

struct serve_model {
    pthread_mutex_t lock;
    cli_args a;
    const char *table;
    tsc_table *t;
    tsc_groups *groups;
    tsc_leontief *lf;
    tsc_decomp *dec; /* on the first routes request */
    size_t G, N, F;
    double *theta, *se; /* N */
    tsc_imports *im;    /* the customs lines (tariffs effective), NULL when absent */
    tsc_hs_concord *cc;
    char imports[1100];
    size_t draws;
    char scen_dir[PATH_MAX];
    json_t *scenarios;
    sched_entry e[MAX_SCHEDULES];
    size_t ne;
    unsigned long tick, gens;
    last_rates last;
};

/* ---- loading ---------------------------------------------------------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Adds the scenarios *.yaml of dir (prefix: its name under the scenarios folder, "" at the top) to arr. */
static void list_scenarios(serve_model *m, const char *dir, const char *prefix, json_t *arr, int depth)
{
    DIR *d = opendir(dir);
    if (!d) return;
    char *names[512];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 512)
        if (de->d_name[0] != '.' && (names[n] = strdup(de->d_name))) n++;
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t k = 0; k < n; k++) {
        char path[PATH_MAX + 300], rel[600];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        size_t len = strlen(names[k]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth == 0) {
            snprintf(rel, sizeof rel, "%s%s/", prefix, names[k]);
            list_scenarios(m, path, rel, arr, 1);
        } else if (len > 5 && strcmp(names[k] + len - 5, ".yaml") == 0) {
            tsc_scenario *sc = NULL;
            tsc_error err;
            snprintf(rel, sizeof rel, "%s%.*s", prefix, (int)(len - 5), names[k]);
            if (tsc_scenario_load(path, &sc, &err) == TSC_OK) {
                json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", rel, "scenario",
                                                     tsc_scenario_name(sc), "description", tsc_scenario_description(sc),
                                                     "date", tsc_scenario_date(sc), "measures",
                                                     (json_int_t)tsc_scenario_nmeasures(sc)));
                tsc_scenario_free(sc);
            }
        }
        free(names[k]);
    }
}

/* The elasticities, the customs lines and the scenarios: what does not depend on a scenario. */
static int load_parts(serve_model *m)
{
    tsc_error err;
    cli_sources *src = calloc(1, sizeof *src);
    if (!src || cli_sources_find(&m->a, m->t, NULL, 0, m->groups, src)) {
        free(src);
        return 1;
    }
    tsc_labels lab;
    int rc = tsc_ge_labels(NULL, m->t, &lab, &err);
    if (!rc)
        rc =
            cli_ge_theta(src->theta, src->so.aggregation, m->a.theta != NULL, m->N, lab.sectors, m->theta, m->se, &err);
    if (!rc && src->so.imports) {
        /* tariffs effective reads them with its defaults: --imports, else the shared data's lines */
        tsc_imports_opts io = {m->a.countries};
        snprintf(m->imports, sizeof m->imports, "%s", src->so.imports);
        rc = tsc_imports_load(m->imports, &io, &m->im, &err);
        char hsc[1100];
        if (!rc)
            rc =
                tsc_hs_concord_load(m->a.hs_concordance ? m->a.hs_concordance
                                                        : cli_data_path("concordance/hs2017_wiod.csv", hsc, sizeof hsc),
                                    &m->cc, &err);
    }
    free(src);
    if (rc) return cli_fail(&err);
    return 0;
}

serve_model *serve_model_new(const char *table, const cli_args *a)
{
    serve_model *m = calloc(1, sizeof *m);
    if (!m) {
        fprintf(stderr, "tariffscope: out of memory\n");
        return NULL;
    }
    pthread_mutex_init(&m->lock, NULL);
    m->a = *a;
    m->table = table;
    m->draws = a->no_draws ? 0 : a->given[OPT_THETA_DRAWS] ? a->theta_draws : SERVE_DRAWS;
    tsc_error err;
    if (!(m->t = cli_load_table(table, a))) goto fail;
    m->G = tsc_table_nregions(m->t);
    m->N = tsc_table_nsectors(m->t);
    m->F = tsc_table_nfd(m->t);
    /* small tables: one OpenBLAS thread (its threads busy-wait between the many small calls of a change, on the
     * cores the draws run on), unless the user chose a number */
    if (m->G * m->N <= SERVE_BLAS_ONE_THREAD && !getenv("OPENBLAS_NUM_THREADS") && !getenv("OMP_NUM_THREADS"))
        tsc_blas_set_threads(1);
    if (!(m->theta = malloc(m->N * sizeof *m->theta)) || !(m->se = malloc(m->N * sizeof *m->se))) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto fail;
    }
    if (cli_load_groups(a->groups, &m->groups, &err) || tsc_leontief_new(m->t, &m->lf, &err)) {
        cli_fail(&err);
        goto fail;
    }
    if (load_parts(m)) goto fail;
    char dir[1100];
    const char *sd = a->scenarios_dir ? a->scenarios_dir : cli_data_path("../scenarios", dir, sizeof dir);
    if (!realpath(sd, m->scen_dir)) {
        fprintf(stderr, "tariffscope: %s: no such folder of scenarios\n", sd);
        goto fail;
    }
    m->scenarios = json_array();
    if (!m->scenarios) goto fail;
    list_scenarios(m, m->scen_dir, "", m->scenarios, 0);
    return m;
fail:
    serve_model_free(m);
    return NULL;
}

static void entry_free(sched_entry *e)
{
    for (size_t k = 0; k < e->nbases; k++) free(e->bases[k]);
    tsc_schedule_free(e->sch);
    tsc_ge_data_free(e->base);
    free(e->tbase);
    free(e->src);
    memset(e, 0, sizeof *e);
}

static void last_clear(last_rates *l)
{
    free(l->body);
    free(l->name);
    tsc_tariffs_free(&l->tr);
    memset(l, 0, sizeof *l);
}

void serve_model_free(serve_model *m)
{
    if (!m) return;
    last_clear(&m->last);
    for (size_t k = 0; k < m->ne; k++) entry_free(&m->e[k]);
    json_decref(m->scenarios);
    tsc_decomp_free(m->dec);
    tsc_hs_concord_free(m->cc);
    tsc_imports_free(m->im);
    tsc_leontief_free(m->lf);
    tsc_groups_free(m->groups);
    tsc_table_free(m->t);
    free(m->theta);
    free(m->se);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* ---- the schedules ---------------------------------------------------------------------------------------------- */

/* The schedule of the base schedules sc names with the table's (cli_sources_find, as the commands), built on first
 * use; NULL with err set. */
static sched_entry *entry_for(serve_model *m, const tsc_scenario *sc, tsc_error *err)
{
    cli_sources *src = calloc(1, sizeof *src);
    if (!src) {
        tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    if (cli_sources_find(&m->a, m->t, &sc, 1, m->groups, src)) {
        free(src);
        tsc_error_set(err, TSC_EIO, NULL, 0, 0, "cannot find the table's tariff sources");
        return NULL;
    }
    m->tick++;
    for (size_t k = 0; k < m->ne; k++) {
        sched_entry *e = &m->e[k];
        int same = e->nbases == src->nbases;
        for (size_t b = 0; same && b < e->nbases; b++) same = strcmp(e->bases[b], src->bases[b]) == 0;
        if (same) {
            free(src);
            e->used = m->tick;
            return e;
        }
    }
    size_t at = m->ne;
    if (at == MAX_SCHEDULES) {
        at = 0;
        for (size_t k = 1; k < m->ne; k++)
            if (m->e[k].used < m->e[at].used) at = k;
        entry_free(&m->e[at]);
    } else {
        m->ne++;
    }
    sched_entry *e = &m->e[at];
    e->src = src;
    e->used = m->tick;
    e->gen = ++m->gens;
    for (size_t b = 0; b < src->nbases; b++) {
        if (!(e->bases[b] = strdup(src->bases[b]))) goto nomem;
        e->nbases = b + 1;
        src->bases[b] = e->bases[b];
    }
    size_t cells = m->G * m->G * m->N;
    if (!(e->tbase = malloc(cells * sizeof *e->tbase))) goto nomem;
    if (tsc_schedule_new(m->t, &src->so, &e->sch, err)) goto fail;
    cli_sources_warn(e->sch, src);
    return e;
nomem:
    tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    entry_free(e);
    /* the freed slot is the last in use or one in the middle: keep the used ones first */
    if (at != m->ne - 1) {
        m->e[at] = m->e[m->ne - 1];
        memset(&m->e[m->ne - 1], 0, sizeof m->e[0]);
    }
    m->ne--;
    return NULL;
}

/* ---- requests ---------------------------------------------------------------------------------------------------- */

/* The status of an error: the request's fault (400, 413 too big), no memory (503), the rest the server's (500). */
static int status_of(int code)
{
    switch (code) {
    case TSC_ETOOBIG: return 413;
    case TSC_ENOMEM: return 503;
    case TSC_EPARSE:
    case TSC_EINVAL:
    case TSC_ELABEL:
    case TSC_EIO: return 400;
    default: return 500;
    }
}

/* The scenario of a request body: JSON is checked as JSON first (its errors located as jansson finds them), then
 * both are read by the scenario reader as a file in the scenarios folder would be. */
static int parse_body(const serve_model *m, const char *body, size_t len, int json, tsc_scenario **sc, int *http,
                      tsc_error *err)
{
    const char *name = json ? "request.json" : "request.yaml";
    *sc = NULL;
    if (json) {
        json_error_t je;
        json_t *j = json_loadb(body, len, 0, &je);
        int obj = j && json_is_object(j);
        json_decref(j);
        if (!obj) *http = 400;
        if (!j) return tsc_error_set(err, TSC_EPARSE, name, (size_t)je.line, (size_t)je.column, "JSON: %s", je.text);
        if (!obj) return tsc_error_set(err, TSC_EPARSE, name, 1, 1, "a scenario is a mapping (name:, measures:, ...)");
    }
    int rc = tsc_scenario_parse(body, len, name, m->scen_dir, sc, err);
    if (rc) *http = status_of(rc);
    return rc;
}

/* A region of the query (unknown: 400 with the table's codes, as the commands say). */
static int region_of(const serve_model *m, const char *code, size_t *idx, int *http, tsc_error *err)
{
    int rc = tsc_table_region_index(m->t, code, idx, err);
    if (rc) *http = 400;
    return rc;
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The importer's rates on each partner, weighted by the table's imports of each sector (its rows of Z in the
 * importer's columns and of Y in its final demand). */
static json_t *partner_rates(const serve_model *m, const tsc_tariffs *tr, size_t n)
{
    size_t G = m->G, N = m->N, F = m->F, nn = G * N;
    const double *Z = tsc_table_Z(m->t), *Y = tsc_table_Y(m->t);
    json_t *rows = json_array();
    for (size_t i = 0; i < G && rows; i++) {
        if (i == n) continue;
        double w = 0, wb = 0, wr = 0;
        for (size_t k = 0; k < N; k++) {
            size_t row = i * N + k, c = (n * G + i) * N + k;
            double v = 0;
            for (size_t j = 0; j < N; j++) v += Z[row + (n * N + j) * nn];
            for (size_t f = 0; f < F; f++) v += Y[row + (n * F + f) * nn];
            if (!(v > 0)) continue;
            w += v;
            wb += v * tr->base[c];
            wr += v * tr->rate[c];
        }
        json_array_append_new(rows, json_pack("{s:s, s:o, s:o, s:o}", "partner", tsc_table_region(m->t, i), "base_pct",
                                              num(w > 0 ? wb / w : 0), "rate_pct", num(w > 0 ? wr / w : 0), "imports",
                                              num(w)));
    }
    return json_pack("{s:s, s:o}", "importer", tsc_table_region(m->t, n), "rows", rows);
}

static json_t *shock_json(const serve_model *m, const char *name, const char *date, const tsc_tariffs *tr,
                          const tsc_shock *s, size_t focus, size_t importer, double *route)
{
    const tsc_table *t = m->t;
    json_t *regions = json_array(), *prices = json_array(), *routes = json_array();
    for (size_t c = 0; c < m->G; c++)
        json_array_append_new(regions, json_pack("{s:s, s:o, s:o, s:o}", "region", tsc_table_region(t, c),
                                                 "cpi_change_pct", num(s->cpi_change[c]), "tariff_revenue",
                                                 num(s->revenue[c]), "tariff_revenue_base", num(s->revenue_base[c])));
    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(prices,
                              json_pack("{s:s, s:s, s:o}", "region", tsc_table_region(t, i / m->N), "sector",
                                        tsc_table_sector(t, i % m->N), "price_change_pct", num(s->price_change[i])));
    double total = cli_shock_routes(s, focus, route);
    for (size_t r = 0; r < m->G; r++)
        json_array_append_new(routes, json_pack("{s:s, s:s, s:o}", "route", tsc_table_region(t, r), "route_kind",
                                                r == focus ? "direct" : "via_third", "burden", num(route[r])));
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:{s:s, s:o, s:o}, s:o}", "scenario", name, "date", date,
                     "table", m->table, "unit", tsc_table_unit(t), "regions", regions, "prices", prices, "partners",
                     partner_rates(m, tr, importer), "focus", "region", tsc_table_region(t, focus), "total", num(total),
                     "routes", routes, "residual", num(s->residual));
}

/* The default region of a query: code when given, else fallback when the table has it, else the first region. */
static int pick_region(const serve_model *m, const char *code, const char *fallback, size_t *idx, int *http,
                       tsc_error *err)
{
    if (code) return region_of(m, code, idx, http, err);
    tsc_error probe;
    if (tsc_table_region_index(m->t, fallback, idx, &probe) != TSC_OK) *idx = 0;
    return TSC_OK;
}

/* The schedule entry and the rates of the scenario in body on date (NULL: its own), as shock and solve compute them:
 * the scenario read, its schedule found, tsc_schedule_apply. The rates stay in m->last (valid under the lock). */
static int rates_for(serve_model *m, const char *body, size_t len, int json, const char *date, sched_entry **e,
                     int *http, tsc_error *err)
{
    last_rates *l = &m->last;
    const char *asked = date ? date : "";
    for (size_t k = 0; l->gen && k < m->ne; k++)
        if (m->e[k].gen == l->gen && l->len == len && l->json == json && strcmp(l->date_asked, asked) == 0 &&
            memcmp(l->body, body, len) == 0) {
            *e = &m->e[k];
            return TSC_OK;
        }
    last_clear(l);
    tsc_scenario *sc = NULL;
    int rc = parse_body(m, body, len, json, &sc, http, err);
    if (rc) return rc;
    if (!(*e = entry_for(m, sc, err))) rc = err->code;
    if (!rc) rc = tsc_schedule_apply((*e)->sch, sc, date, &l->tr, l->date, err);
    if (!rc && (!(l->body = malloc(len ? len : 1)) || !(l->name = strdup(tsc_scenario_name(sc)))))
        rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) {
        memcpy(l->body, body, len);
        l->len = len;
        l->json = json;
        snprintf(l->date_asked, sizeof l->date_asked, "%s", asked);
        l->gen = (*e)->gen;
    } else {
        last_clear(l);
        *http = status_of(rc);
    }
    tsc_scenario_free(sc);
    return rc;
}

int serve_shock(serve_model *m, const char *body, size_t len, int json, const serve_query *q, json_t **out, int *http,
                tsc_error *err)
{
    size_t focus, importer;
    *out = NULL;
    int rc = pick_region(m, q->focus, "CHN", &focus, http, err);
    if (!rc) rc = pick_region(m, q->importer, "USA", &importer, http, err);
    if (rc) return rc;
    tsc_shock s = {0};
    sched_entry *e = NULL;
    double *route = malloc(m->G * sizeof *route);
    if (!route) {
        *http = 503;
        return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    pthread_mutex_lock(&m->lock);
    /* what shock runs: the schedule's rates of the scenario, then the first-order model on the engine */
    rc = rates_for(m, body, len, json, q->date, &e, http, err);
    if (!rc) rc = tsc_shock_run(m->t, m->lf, &m->last.tr, &s, err);
    if (!rc && !(*out = shock_json(m, m->last.name, m->last.date, &m->last.tr, &s, focus, importer, route)))
        rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory building the answer");
    pthread_mutex_unlock(&m->lock);
    if (rc) *http = *http >= 400 && *http != 500 ? *http : status_of(rc);
    free(route);
    tsc_shock_free(&s);
    return rc;
}

/* The general equilibrium of the rates tr on e's schedule, as solve runs it on the table (tsc_ge_run), from e's
 * baseline when the base rates are those it was built at (the customs importer's base cells are its lines' 2024
 * rates, the same for every scenario on one schedule); else from the table, and the baseline built is kept. */
static int run_model(serve_model *m, sched_entry *e, const tsc_tariffs *tr, const double *tnew, size_t draws,
                     tsc_ge_run_result *rr, tsc_error *err)
{
    size_t cells = m->G * m->G * m->N;
    int same = e->base != NULL;
    for (size_t c = 0; c < cells; c++) {
        double b = tr->base[c] / 100;
        same = same && b == e->tbase[c];
        e->tbase[c] = b;
    }
    if (!same) {
        tsc_ge_data_free(e->base);
        e->base = NULL;
    }
    tsc_ge_run_input gi = {.table = same ? NULL : m->t,
                           .baseline = same ? e->base : NULL,
                           .tariff_base = e->tbase,
                           .tariff_new = tnew,
                           .theta = m->theta,
                           .se = m->se};
    tsc_ge_run_opts o;
    cli_ge_run_opts(&m->a, draws, &o);
    int rc = tsc_ge_run(&gi, &o, rr, err);
    if (!same) cli_ge_warn_clipped(rr->nclipped);
    if (!rc && !same) {
        e->base = rr->baseline;
        rr->baseline = NULL;
    }
    return rc;
}

static json_t *solve_json(const serve_model *m, const char *name, const char *date, const tsc_ge_data *d,
                          const tsc_ge_result *r, const tsc_ge_outcome *oc, const double *meas,
                          const tsc_ge_draws_result *dr, double seconds)
{
    json_t *regions = json_array(), *unc = NULL;
    for (size_t n = 0; n < m->G; n++) {
        double v[CLI_SOLVE_NCOLS];
        cli_solve_row(oc, r, meas, n, v);
        json_t *o = json_pack("{s:s}", "region", tsc_ge_data_region(d, n));
        for (size_t k = 0; k < CLI_SOLVE_NCOLS && o; k++) json_object_set_new(o, cli_solve_columns[k], num(v[k]));
        json_array_append_new(regions, o);
    }
    if (dr->K) {
        json_t *rows = json_array();
        for (size_t n = 0; n < dr->G; n++)
            for (size_t k = 0; k < dr->M; k++) {
                size_t at = n * dr->M + k;
                json_array_append_new(rows,
                                      json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "region",
                                                tsc_ge_data_region(d, n), "measure", tsc_ge_measure_name(k), "point",
                                                num(dr->point[at]), "p05", num(dr->p05[at]), "p50", num(dr->p50[at]),
                                                "p95", num(dr->p95[at]), "mean", num(dr->mean[at])));
            }
        unc = json_pack("{s:I, s:I, s:I, s:f, s:o}", "draws", (json_int_t)dr->K, "failed", (json_int_t)dr->failed,
                        "seed", (json_int_t)m->a.seed, "seconds", dr->seconds, "rows", rows);
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:f}", "scenario", name, "date", date, "table", m->table,
                     "regions", regions, "uncertainty", unc ? unc : json_null(), "iterations",
                     (json_int_t)r->iterations, "residual", num(r->residual), "seconds", seconds);
}

int serve_solve(serve_model *m, const char *body, size_t len, int json, const serve_query *q, json_t **out, int *http,
                tsc_error *err)
{
    *out = NULL;
    size_t draws = q->draws_given ? q->draws : m->draws;
    if (draws > SERVE_MAX_DRAWS) {
        *http = 400;
        return tsc_error_set(err, TSC_EINVAL, NULL, 0, 0, "draws=%zu: at most %d draws per request", draws,
                             SERVE_MAX_DRAWS);
    }
    size_t cells = m->G * m->G * m->N;
    double t0 = cli_now();
    tsc_ge_run_result rr = {0};
    sched_entry *e = NULL;
    int rc = TSC_OK;
    double *tnew = malloc(cells * sizeof *tnew);
    pthread_mutex_lock(&m->lock);
    /* what solve runs on a table: the schedule's rates, then the model's run (tsc_ge_run) */
    if (!tnew) rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) rc = rates_for(m, body, len, json, q->date, &e, http, err);
    if (!rc) {
        for (size_t c = 0; c < cells; c++) tnew[c] = m->last.tr.rate[c] / 100;
        rc = run_model(m, e, &m->last.tr, tnew, draws, &rr, err);
    }
    if (!rc && !(*out = solve_json(m, m->last.name, m->last.date, rr.base, &rr.result, &rr.outcome, rr.measures,
                                   &rr.draws, cli_now() - t0)))
        rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory building the answer");
    pthread_mutex_unlock(&m->lock);
    if (rc && !(*http >= 400 && *http != 500)) *http = rc == TSC_GE_WNOCONV || rc == TSC_ENUMERIC ? 422 : status_of(rc);
    free(tnew);
    tsc_ge_run_result_free(&rr);
    return rc;
}

int serve_effective(serve_model *m, const char *body, size_t len, int json, const serve_query *q, json_t **out,
                    int *http, tsc_error *err)
{
    tsc_scenario *sc = NULL;
    *out = NULL;
    if (!m->im) {
        *http = 404;
        return tsc_error_set(err, TSC_EIO, NULL, 0, 0,
                             "the US customs lines are absent (give --imports DIR when starting the server)");
    }
    int rc = parse_body(m, body, len, json, &sc, http, err);
    if (rc) return rc;
    /* what tariffs effective runs, with its defaults */
    tsc_effective_opts eo = {
        .groups = m->groups, .date = q->date, .base = TSC_BASE_APPLIED, .importer = q->importer, .concord = m->cc};
    tsc_effective e = {0};
    pthread_mutex_lock(&m->lock);
    rc = tsc_effective_rates(sc, m->im, &eo, &e, err);
    pthread_mutex_unlock(&m->lock);
    json_t *rows = rc ? NULL : json_array();
    for (size_t p = 0; rows && p < e.np; p++)
        json_array_append_new(rows, json_pack("{s:s, s:o, s:o, s:o}", "partner", tsc_imports_partner(m->im, p),
                                              "effective_rate_pct", num(e.rate_pct[p]), "base_rate_pct",
                                              num(e.base_pct[p]), "imports_usd", num(e.value[p])));
    if (!rc &&
        !(*out = json_pack("{s:s, s:s, s:o}", "scenario", tsc_scenario_name(sc), "date", e.date, "partners", rows)))
        rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory building the answer");
    if (rc) *http = status_of(rc);
    tsc_effective_free(&e);
    tsc_scenario_free(sc);
    return rc;
}

int serve_routes(serve_model *m, const serve_query *q, json_t **out, int *http, tsc_error *err)
{
    size_t s, dd = TSC_NONE;
    *out = NULL;
    int rc = pick_region(m, q->focus, "CHN", &s, http, err);
    if (!rc && q->destination) rc = region_of(m, q->destination, &dd, http, err);
    if (rc) return rc;
    tsc_dresult r = {0};
    pthread_mutex_lock(&m->lock);
    if (!m->dec) rc = tsc_decomp_new(m->t, m->lf, &m->dec, err);
    /* decompose --method routes: the origin's value added absorbed in each destination, by finishing region */
    if (!rc) rc = tsc_decomp_routes(m->dec, s, dd, 1, &r, err);
    pthread_mutex_unlock(&m->lock);
    json_t *rows = rc ? NULL : json_array();
    for (size_t k = 0; rows && k < r.nrow; k++) {
        size_t via = r.exporter[k], to = r.importer[k];
        json_array_append_new(rows,
                              json_pack("{s:s, s:s, s:s, s:o}", "route", tsc_table_region(m->t, via), "route_kind",
                                        via == s    ? "direct"
                                        : via == to ? "at_destination"
                                                    : "via_third",
                                        "destination", tsc_table_region(m->t, to), "value", num(r.v[k])));
    }
    if (!rc && !(*out = json_pack("{s:s, s:s, s:o}", "origin", tsc_table_region(m->t, s), "unit", tsc_table_unit(m->t),
                                  "rows", rows)))
        rc = tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory building the answer");
    if (rc) *http = status_of(rc);
    tsc_dresult_free(&r);
    return rc;
}

json_t *serve_table_json(const serve_model *m)
{
    json_t *regions = json_array(), *sectors = json_array();
    for (size_t r = 0; r < m->G; r++) json_array_append_new(regions, json_string(tsc_table_region(m->t, r)));
    for (size_t s = 0; s < m->N; s++)
        json_array_append_new(sectors, json_pack("{s:s, s:b}", "code", tsc_table_sector(m->t, s), "goods",
                                                 tsc_table_sector_is_goods(m->t, s)));
    size_t focus = 0, importer = 0;
    int http;
    tsc_error err;
    pick_region(m, NULL, "CHN", &focus, &http, &err);
    pick_region(m, NULL, "USA", &importer, &http, &err);
    return json_pack("{s:s, s:s, s:o, s:o, s:s, s:s, s:I, s:b}", "table", m->table, "unit", tsc_table_unit(m->t),
                     "regions", regions, "sectors", sectors, "focus", tsc_table_region(m->t, focus), "importer",
                     tsc_table_region(m->t, importer), "draws", (json_int_t)m->draws, "customs_lines", m->im != NULL);
}

json_t *serve_scenarios_json(const serve_model *m)
{
    /* a copy: answers are built on several threads at once, and the list is the model's */
    return json_pack("{s:s, s:o}", "dir", m->scen_dir, "scenarios", json_deep_copy(m->scenarios));
}
