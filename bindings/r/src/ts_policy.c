/* The R package's .Call glue for scenarios and models: a scenario's measures, first-order shocks, the general
 * equilibrium, effective tariff rates by partner and the report, each on the library's own pipeline. */
#include <stdlib.h>
#include <string.h>

#include "ts_r.h"

/* Element name of list l as a string (NULL when absent, NULL or NA). */
static const char *elt_str(SEXP l, const char *name)
{
    SEXP names = Rf_getAttrib(l, R_NamesSymbol);
    for (R_xlen_t i = 0; i < XLENGTH(l); i++)
        if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0) return ts_str(VECTOR_ELT(l, i), name);
    return NULL;
}

static const char **elt_strs(SEXP l, const char *name, size_t *n)
{
    SEXP names = Rf_getAttrib(l, R_NamesSymbol);
    for (R_xlen_t i = 0; i < XLENGTH(l); i++)
        if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0) return ts_strs(VECTOR_ELT(l, i), n, name);
    *n = 0;
    return NULL;
}

/* The tariff sources the R side found (as the command's cli_sources_find): the schedule's options and the files of
 * the groups and elasticities. */
typedef struct sources {
    tsc_schedule_opts so;
    const char **groups;
    size_t ngroups;
    const char *theta, *date;
} sources;

static void sources_read(SEXP l, sources *s)
{
    if (!Rf_isNewList(l)) Rf_error("sources must be a list");
    tsc_schedule_opts_init(&s->so);
    s->so.aggregation = elt_str(l, "aggregation");
    s->so.hs_concordance = elt_str(l, "hs_concordance");
    s->so.bases = elt_strs(l, "bases", &s->so.nbases);
    s->so.imports = elt_str(l, "imports");
    s->so.countries = elt_str(l, "countries");
    s->so.members = elt_str(l, "members");
    s->so.hs2 = elt_str(l, "hs2");
    s->so.hs_weights = elt_str(l, "hs_weights");
    s->groups = elt_strs(l, "groups", &s->ngroups);
    s->theta = elt_str(l, "theta");
    s->date = elt_str(l, "date");
}

/* ---- a scenario's measures ----------------------------------------------------------------------------------- */

typedef struct scen_call {
    const char *path;
    tsc_scenario *sc;
} scen_call;

static SEXP scen_body(void *ctx)
{
    scen_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    if (tsc_scenario_load(c->path, &c->sc, &err)) return ts_error_value(&err);
    size_t nm = tsc_scenario_nmeasures(c->sc);
    static const char *const names[] = {"name", "description", "base", "measures"};
    static const char *const mnames[] = {"file",     "line",     "column",   "op",     "value",
                                         "importer", "exporter", "sectors",  "except", "exempt_share",
                                         "from",     "until",    "override", "depth",  "note"};
    SEXP out = PROTECT(ts_named_list(4, names));
    const char *base = tsc_scenario_base(c->sc);
    SET_VECTOR_ELT(out, 0, Rf_mkString(tsc_scenario_name(c->sc)));
    SET_VECTOR_ELT(out, 1, Rf_mkString(tsc_scenario_description(c->sc) ? tsc_scenario_description(c->sc) : ""));
    SET_VECTOR_ELT(out, 2, base ? Rf_mkString(base) : Rf_ScalarString(NA_STRING));
    SEXP m = ts_named_list(15, mnames);
    SET_VECTOR_ELT(out, 3, m);
    static const SEXPTYPE ty[15] = {STRSXP, INTSXP,  INTSXP, STRSXP, REALSXP, STRSXP, STRSXP, STRSXP,
                                    STRSXP, REALSXP, STRSXP, STRSXP, LGLSXP,  INTSXP, STRSXP};
    for (int k = 0; k < 15; k++) SET_VECTOR_ELT(m, k, Rf_allocVector(ty[k], (R_xlen_t)nm));
    for (size_t i = 0; i < nm; i++) {
        tsc_measure_info mi;
        if (tsc_scenario_measure_info(c->sc, i, &mi)) continue;
        R_xlen_t r = (R_xlen_t)i;
        const char *str[15] = {mi.file,   NULL, NULL,    mi.op,    NULL, mi.importer, mi.exporter, mi.sectors,
                               mi.except, NULL, mi.from, mi.until, NULL, NULL,        mi.note};
        for (int k = 0; k < 15; k++)
            if (str[k]) SET_STRING_ELT(VECTOR_ELT(m, k), r, Rf_mkCharCE(str[k], CE_UTF8));
        INTEGER(VECTOR_ELT(m, 1))[r] = (int)mi.line;
        INTEGER(VECTOR_ELT(m, 2))[r] = (int)mi.col;
        REAL(VECTOR_ELT(m, 4))[r] = mi.value;
        REAL(VECTOR_ELT(m, 9))[r] = mi.exempt_share;
        LOGICAL(VECTOR_ELT(m, 12))[r] = mi.override != 0;
        INTEGER(VECTOR_ELT(m, 13))[r] = (int)mi.depth;
    }
    UNPROTECT(1);
    return out;
}

static void scen_cleanup(void *ctx)
{
    tsc_scenario_free(((scen_call *)ctx)->sc);
}

SEXP ts_r_scenario(SEXP path);
SEXP ts_r_scenario(SEXP path)
{
    scen_call c = {ts_str(path, "path"), NULL};
    if (!c.path) Rf_error("path must be a string");
    return R_ExecWithCleanup(scen_body, &c, scen_cleanup, &c);
}

/* ---- a scenario on a table: the schedule and the rates -------------------------------------------------------- */

typedef struct apply_call {
    ts_handle *h;
    const char *scenario;
    sources src;
    tsc_scenario *sc;
    tsc_groups *groups;
    tsc_schedule *sch;
    tsc_tariffs tr;
    char date[11];
    /* shock */
    tsc_shock shock;
    /* general equilibrium */
    tsc_ge_opts go;
    int baseline;
    tsc_ge_data *raw; /* the Caliendo-Parro data as loaded */
    tsc_ge_run_result rr;
    /* elasticity draws (0: none) */
    tsc_ge_draws_opts dopts;
    const char *cp_path; /* the Caliendo-Parro data folder, when the model's input is not a table (h NULL) */
} apply_call;

static void apply_cleanup(void *ctx)
{
    apply_call *c = ctx;
    tsc_ge_run_result_free(&c->rr);
    tsc_ge_data_free(c->raw);
    tsc_shock_free(&c->shock);
    tsc_tariffs_free(&c->tr);
    tsc_schedule_free(c->sch);
    tsc_groups_free(c->groups);
    tsc_scenario_free(c->sc);
}

/* The scenario's rates on the table through its tariff schedule, as shock, solve and report compute them. */
static int apply_rates(apply_call *c, tsc_error *err)
{
    int rc = tsc_scenario_load(c->scenario, &c->sc, err);
    if (!rc) rc = ts_groups_load(c->src.groups, c->src.ngroups, &c->groups, err);
    c->src.so.groups = c->groups;
    if (!rc) rc = tsc_schedule_new(c->h->t, &c->src.so, &c->sch, err);
    if (!rc) rc = tsc_schedule_apply(c->sch, c->sc, c->src.date, &c->tr, c->date, err);
    return rc;
}

static const char *schedule_notes(const apply_call *c)
{
    return c->sch ? tsc_schedule_notes(c->sch) : "";
}

static SEXP shock_body(void *ctx)
{
    apply_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    int rc = apply_rates(c, &err);
    if (!rc) rc = ts_handle_leontief(c->h, &err);
    if (!rc) rc = tsc_shock_run(c->h->t, c->h->lf, &c->tr, &c->shock, &err);
    if (rc) return ts_error_value(&err);
    const tsc_shock *s = &c->shock;
    size_t G = s->G, N = s->N;
    static const char *const names[] = {"price_change", "cpi_change",  "revenue",    "revenue_base", "burden",
                                        "residual",     "regions",     "sectors",    "notes",        "date",
                                        "scenario",     "tariff_base", "tariff_rate"};
    SEXP out = PROTECT(ts_named_list(13, names));
    SET_VECTOR_ELT(out, 0, ts_num(s->price_change, s->n));
    SET_VECTOR_ELT(out, 1, ts_num(s->cpi_change, G));
    SET_VECTOR_ELT(out, 2, ts_num(s->revenue, G));
    SET_VECTOR_ELT(out, 3, ts_num(s->revenue_base, G));
    SET_VECTOR_ELT(out, 4, ts_num(s->burden, G * G * G * N));
    SET_VECTOR_ELT(out, 5, Rf_ScalarReal(s->residual));
    SET_VECTOR_ELT(out, 6, ts_regions(c->h->t));
    SET_VECTOR_ELT(out, 7, ts_sectors(c->h->t));
    SET_VECTOR_ELT(out, 8, Rf_mkString(schedule_notes(c)));
    SET_VECTOR_ELT(out, 9, Rf_mkString(c->date));
    SET_VECTOR_ELT(out, 10, Rf_mkString(tsc_scenario_name(c->sc)));
    SET_VECTOR_ELT(out, 11, ts_num(c->tr.base, G * G * N));
    SET_VECTOR_ELT(out, 12, ts_num(c->tr.rate, G * G * N));
    UNPROTECT(1);
    return out;
}

/* The arguments every scenario call reads before any resource is taken: the scenario's path and the sources. */
static void apply_call_args(apply_call *c, SEXP scenario, SEXP src)
{
    c->scenario = ts_str(scenario, "scenario");
    if (!c->scenario) Rf_error("scenario must be a path");
    sources_read(src, &c->src);
}

SEXP ts_r_shock(SEXP xp, SEXP scenario, SEXP src);
SEXP ts_r_shock(SEXP xp, SEXP scenario, SEXP src)
{
    apply_call c;
    memset(&c, 0, sizeof c);
    c.h = ts_handle_get(xp);
    apply_call_args(&c, scenario, src);
    return R_ExecWithCleanup(shock_body, &c, apply_cleanup, &c);
}

/* ---- what each measure reaches (scenario check) --------------------------------------------------------------- */

/* The two parts of a measure's statistics as 10 numbers: customs lines' cells, lines, value, before, after, then the
 * other cells' (tsc_measure_report). */
static void put_report(double *row, const tsc_measure_report *r)
{
    const tsc_measure_stats *p[2] = {&r->lines, &r->cells};
    for (int k = 0; k < 2; k++) {
        row[5 * k] = (double)p[k]->cells;
        row[5 * k + 1] = (double)p[k]->lines;
        row[5 * k + 2] = p[k]->value;
        row[5 * k + 3] = p[k]->before;
        row[5 * k + 4] = p[k]->after;
    }
}

static SEXP check_body(void *ctx)
{
    apply_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    int rc = tsc_scenario_load(c->scenario, &c->sc, &err);
    if (!rc) rc = ts_groups_load(c->src.groups, c->src.ngroups, &c->groups, &err);
    c->src.so.groups = c->groups;
    if (!rc) rc = tsc_schedule_new(c->h->t, &c->src.so, &c->sch, &err);
    size_t nm = c->sc ? tsc_scenario_nmeasures(c->sc) : 0;
    tsc_measure_report *rep = (tsc_measure_report *)R_alloc(nm + 1, sizeof *rep), total;
    if (!rc) rc = tsc_schedule_check(c->sch, c->sc, c->src.date, rep, &total, c->date, &err);
    if (rc) return ts_error_value(&err);
    static const char *const names[] = {"in_force", "stats", "total", "date", "importer", "notes"};
    SEXP out = PROTECT(ts_named_list(6, names));
    SEXP inf = Rf_allocVector(INTSXP, (R_xlen_t)nm);
    SET_VECTOR_ELT(out, 0, inf);
    SEXP st = Rf_allocMatrix(REALSXP, 10, (int)nm);
    SET_VECTOR_ELT(out, 1, st);
    for (size_t m = 0; m < nm; m++) {
        INTEGER(inf)[m] = rep[m].in_force;
        put_report(REAL(st) + 10 * m, &rep[m]);
    }
    SEXP tot = Rf_allocVector(REALSXP, 10);
    SET_VECTOR_ELT(out, 2, tot);
    put_report(REAL(tot), &total);
    SET_VECTOR_ELT(out, 3, Rf_mkString(c->date));
    if (tsc_schedule_lines_info(c->sch)->nlines) {
        double *v = (double *)R_alloc(tsc_table_n(c->h->t) + 1, sizeof *v);
        SET_VECTOR_ELT(out, 4, Rf_mkString(tsc_table_region(c->h->t, tsc_schedule_line_cells(c->sch, v))));
    }
    SET_VECTOR_ELT(out, 5, Rf_mkString(tsc_schedule_notes(c->sch)));
    UNPROTECT(1);
    return out;
}

SEXP ts_r_check(SEXP xp, SEXP scenario, SEXP src);
SEXP ts_r_check(SEXP xp, SEXP scenario, SEXP src)
{
    apply_call c;
    memset(&c, 0, sizeof c);
    c.h = ts_handle_get(xp);
    apply_call_args(&c, scenario, src);
    return R_ExecWithCleanup(check_body, &c, apply_cleanup, &c);
}

/* ---- general equilibrium -------------------------------------------------------------------------------------- */

static const char *get_ge_region(const void *d, size_t i)
{
    return tsc_ge_data_region(d, i);
}
static const char *get_ge_sector(const void *d, size_t j)
{
    return tsc_ge_data_sector(d, j);
}

/* The model's input of tsc_ge_run as the command's solve prepares it: the scenario's rates (G*G*N fractions) and the
 * elasticities with their standard errors (se, N; NaN where none is published); on a table, its tariff schedule;
 * on the Caliendo-Parro folder (c->raw), the scenario applied to its labels from the data's own 1993 rates unless
 * the scenario or base names a base schedule, and the data's own elasticities unless theta is given. Arrays in R's
 * memory. */
static int solve_input(apply_call *c, tsc_ge_run_input *gi, tsc_error *err)
{
    tsc_labels lab;
    int rc = c->cp_path ? tsc_ge_data_load_cp(c->cp_path, &c->raw, NULL, err) : TSC_OK;
    if (!rc) rc = tsc_ge_labels(c->raw, c->h ? c->h->t : NULL, &lab, err);
    if (rc) return rc;
    size_t G = lab.G, N = lab.N, cells = G * G * N;
    double *theta = (double *)R_alloc(N + 1, sizeof *theta), *tbase = (double *)R_alloc(cells + 1, sizeof *tbase);
    double *se = (double *)R_alloc(N + 1, sizeof *se), *tnew = (double *)R_alloc(cells + 1, sizeof *tnew);
    for (size_t j = 0; j < N; j++) se[j] = R_NaN;
    if (c->h && !c->src.theta) return tsc_error_set(err, TSC_EINVAL, NULL, 0, 0, "no trade elasticities: give theta");
    if (c->src.theta)
        rc = tsc_ge_theta_read_se(c->src.theta, c->h ? c->src.so.aggregation : NULL, N, lab.sectors, theta, se, err);
    if (!rc && c->h) rc = apply_rates(c, err);
    if (!rc && !c->h) {
        rc = tsc_scenario_load(c->scenario, &c->sc, err);
        if (!rc) rc = ts_groups_load(c->src.groups, c->src.ngroups, &c->groups, err);
        tsc_apply_opts ao = {.groups = c->groups,
                             .date = c->src.date,
                             .base_csv = c->src.so.nbases ? c->src.so.bases[0] : NULL,
                             .hs_weights = c->src.so.hs_weights};
        if (!rc && !ao.base_csv && !tsc_scenario_base(c->sc)) {
            const double *t0 = tsc_ge_data_tariffs(c->raw);
            double *own = (double *)R_alloc(cells + 1, sizeof *own);
            for (size_t k = 0; k < cells; k++) own[k] = k / N / G == k / N % G ? 0 : 100 * t0[k];
            ao.base_rates = own;
        }
        if (!rc) rc = tsc_scenario_apply_labels(c->sc, &lab, &ao, &c->tr, err);
    }
    if (rc) return rc;
    for (size_t k = 0; k < cells; k++) {
        tbase[k] = c->tr.base[k] / 100;
        tnew[k] = c->tr.rate[k] / 100;
    }
    *gi = (tsc_ge_run_input){.table = c->h ? c->h->t : NULL,
                             .data = c->h ? NULL : c->raw,
                             .tariff_base = tbase,
                             .tariff_new = tnew,
                             .theta = c->src.theta ? theta : NULL,
                             .se = se};
    return TSC_OK;
}

static SEXP solve_body(void *ctx)
{
    apply_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    tsc_ge_run_input gi;
    int rc = solve_input(c, &gi, &err);
    if (!rc) {
        tsc_ge_run_opts o;
        tsc_ge_run_opts_init(&o);
        o.baseline = (tsc_ge_baseline)c->baseline;
        o.solve = c->go;
        o.draws = c->dopts;
        rc = tsc_ge_run(&gi, &o, &c->rr, &err);
    }
    if (rc) return ts_error_value(&err);
    const tsc_ge_run_result *rr = &c->rr;
    size_t G = rr->G, N = rr->N, cells = G * G * N;
    static const char *const names[] = {"measures",   "c_hat",         "P_hat",       "output_base", "output_new",
                                        "flows_base", "flows_new",     "tariff_base", "tariff_new",  "iterations",
                                        "residual",   "clipped",       "regions",     "sectors",     "notes",
                                        "scenario",   "measure_names", "draws"};
    SEXP out = PROTECT(ts_named_list(18, names));
    SEXP m = Rf_allocMatrix(REALSXP, TSC_GE_NMEASURES, (int)G);
    SET_VECTOR_ELT(out, 0, m);
    memcpy(REAL(m), rr->measures, G * TSC_GE_NMEASURES * sizeof *rr->measures);
    SET_VECTOR_ELT(out, 1, ts_num(rr->result.c_hat, G * N));
    SET_VECTOR_ELT(out, 2, ts_num(rr->result.P_hat, G * N));
    SET_VECTOR_ELT(out, 3, ts_num(rr->outcome.output_base, G * N));
    SET_VECTOR_ELT(out, 4, ts_num(rr->outcome.output_new, G * N));
    SET_VECTOR_ELT(out, 5, ts_num(tsc_ge_data_flows(rr->base), cells));
    SET_VECTOR_ELT(out, 6, ts_num(rr->result.flows, cells));
    SET_VECTOR_ELT(out, 7, ts_num(tsc_ge_data_tariffs(rr->base), cells));
    SET_VECTOR_ELT(out, 8, ts_num(gi.tariff_new, cells));
    SET_VECTOR_ELT(out, 9, Rf_ScalarReal((double)rr->result.iterations));
    SET_VECTOR_ELT(out, 10, Rf_ScalarReal(rr->result.residual));
    SET_VECTOR_ELT(out, 11, Rf_ScalarReal((double)rr->nclipped));
    SET_VECTOR_ELT(out, 12, ts_chr(G, get_ge_region, rr->base));
    SET_VECTOR_ELT(out, 13, ts_chr(N, get_ge_sector, rr->base));
    SET_VECTOR_ELT(out, 14, Rf_mkString(schedule_notes(c)));
    SET_VECTOR_ELT(out, 15, Rf_mkString(tsc_scenario_name(c->sc)));
    SEXP mn = Rf_allocVector(STRSXP, TSC_GE_NMEASURES);
    SET_VECTOR_ELT(out, 16, mn);
    for (size_t k = 0; k < TSC_GE_NMEASURES; k++) SET_STRING_ELT(mn, (R_xlen_t)k, Rf_mkChar(tsc_ge_measure_name(k)));
    if (c->dopts.draws) {
        const tsc_ge_draws_result *dr = &rr->draws;
        size_t GM = dr->G * dr->M;
        static const char *const dnames[] = {"point", "p05", "p50", "p95", "mean", "draws", "failed", "not_converged"};
        SEXP d = ts_named_list(8, dnames);
        SET_VECTOR_ELT(out, 17, d);
        const double *v[5] = {dr->point, dr->p05, dr->p50, dr->p95, dr->mean};
        for (int k = 0; k < 5; k++) SET_VECTOR_ELT(d, k, ts_num(v[k], GM));
        SET_VECTOR_ELT(d, 5, Rf_ScalarReal((double)dr->K));
        SET_VECTOR_ELT(d, 6, Rf_ScalarReal((double)dr->failed));
        SET_VECTOR_ELT(d, 7, Rf_ScalarLogical(dr->failed > 0));
    }
    UNPROTECT(1);
    return out;
}

/* method (0 newton, 1 fixed point), baseline (0 zero deficit, 1 observed), tol (NA: default), max_iter (NA:
 * default); draws: list(draws, seed, theta_se (NA: default), threads), draws 0 for none. */
SEXP ts_r_solve(SEXP xp, SEXP scenario, SEXP src, SEXP method, SEXP baseline, SEXP tol, SEXP max_iter, SEXP draws);
SEXP ts_r_solve(SEXP xp, SEXP scenario, SEXP src, SEXP method, SEXP baseline, SEXP tol, SEXP max_iter, SEXP draws)
{
    apply_call c;
    memset(&c, 0, sizeof c);
    /* a table of ts_load, or the path of the Caliendo-Parro data folder */
    if (Rf_isString(xp)) c.cp_path = ts_str(xp, "t");
    else c.h = ts_handle_get(xp);
    apply_call_args(&c, scenario, src);
    tsc_ge_opts_init(&c.go);
    c.go.method = Rf_asInteger(method) == 1 ? TSC_GE_FIXED_POINT : TSC_GE_NEWTON;
    c.baseline = Rf_asInteger(baseline);
    double t = Rf_asReal(tol), mi = Rf_asReal(max_iter);
    if (!ISNAN(t)) c.go.tol = t;
    if (!ISNAN(mi)) c.go.max_iter = (size_t)mi;
    if (!Rf_isNewList(draws) || XLENGTH(draws) != 4) Rf_error("draws must be a list of four");
    tsc_ge_draws_opts_init(&c.dopts);
    double k = Rf_asReal(VECTOR_ELT(draws, 0)), se = Rf_asReal(VECTOR_ELT(draws, 2));
    c.dopts.draws = ISNAN(k) || k < 1 ? 0 : (size_t)k;
    c.dopts.seed = (uint64_t)Rf_asReal(VECTOR_ELT(draws, 1));
    if (!ISNAN(se)) c.dopts.se_rel_default = se;
    c.dopts.threads = (size_t)Rf_asReal(VECTOR_ELT(draws, 3));
    return R_ExecWithCleanup(solve_body, &c, apply_cleanup, &c);
}

/* ---- effective rates by partner over the customs lines -------------------------------------------------------- */

typedef struct eff_call {
    const char *scenario, *imports, *concord, *date, *importer, *countries;
    const char **groups;
    size_t ngroups;
    int base, lines;
    tsc_scenario *sc;
    tsc_groups *g;
    tsc_imports *im;
    tsc_hs_concord *cc;
    tsc_effective e;
} eff_call;

static void eff_cleanup(void *ctx)
{
    eff_call *c = ctx;
    tsc_effective_free(&c->e);
    tsc_hs_concord_free(c->cc);
    tsc_imports_free(c->im);
    tsc_groups_free(c->g);
    tsc_scenario_free(c->sc);
}

static const char *get_partner(const void *im, size_t p)
{
    return tsc_imports_partner(im, p);
}

static SEXP eff_body(void *ctx)
{
    eff_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    tsc_imports_opts io = {c->countries};
    int rc = tsc_scenario_load(c->scenario, &c->sc, &err);
    if (!rc) rc = ts_groups_load(c->groups, c->ngroups, &c->g, &err);
    if (!rc) rc = tsc_imports_load(c->imports, &io, &c->im, &err);
    if (!rc) rc = tsc_hs_concord_load(c->concord, &c->cc, &err);
    tsc_effective_opts eo = {.groups = c->g,
                             .date = c->date,
                             .base = c->base ? TSC_BASE_ZERO : TSC_BASE_APPLIED,
                             .importer = c->importer,
                             .concord = c->cc};
    if (!rc) rc = tsc_effective_rates(c->sc, c->im, &eo, &c->e, &err);
    if (rc) return ts_error_value(&err);
    const tsc_effective *e = &c->e;
    static const char *const names[] = {"partner", "effective_rate_pct", "base_rate_pct", "imports_usd",
                                        "date",    "scenario",           "lines"};
    SEXP out = PROTECT(ts_named_list(7, names));
    SET_VECTOR_ELT(out, 0, ts_chr(e->np, get_partner, c->im));
    SET_VECTOR_ELT(out, 1, ts_num(e->rate_pct, e->np));
    SET_VECTOR_ELT(out, 2, ts_num(e->base_pct, e->np));
    SET_VECTOR_ELT(out, 3, ts_num(e->value, e->np));
    SET_VECTOR_ELT(out, 4, Rf_mkString(e->date));
    SET_VECTOR_ELT(out, 5, Rf_mkString(tsc_scenario_name(c->sc)));
    if (c->lines) {
        size_t nl;
        const tsc_import_line *l = tsc_imports_lines(c->im, &nl);
        static const char *const lnames[] = {"partner", "hs", "value", "base_pct", "rate_pct"};
        SEXP li = ts_named_list(5, lnames);
        SET_VECTOR_ELT(out, 6, li);
        SEXP part = Rf_allocVector(INTSXP, (R_xlen_t)nl);
        SET_VECTOR_ELT(li, 0, part);
        SEXP hs = Rf_allocVector(STRSXP, (R_xlen_t)nl);
        SET_VECTOR_ELT(li, 1, hs);
        SEXP val = Rf_allocVector(REALSXP, (R_xlen_t)nl);
        SET_VECTOR_ELT(li, 2, val);
        for (size_t i = 0; i < nl; i++) {
            INTEGER(part)[i] = (int)l[i].partner + 1;
            SET_STRING_ELT(hs, (R_xlen_t)i, Rf_mkChar(l[i].hs));
            REAL(val)[i] = l[i].value;
        }
        SET_VECTOR_ELT(li, 3, ts_num(e->line_base, nl));
        SET_VECTOR_ELT(li, 4, ts_num(e->line_rate, nl));
    }
    UNPROTECT(1);
    return out;
}

/* args: scenario, imports folder, HS concordance, date, importer, countries (character, NA for none), groups
 * files, base (0 applied, 1 zero), lines (logical). */
SEXP ts_r_effective(SEXP args, SEXP groups, SEXP base, SEXP lines);
SEXP ts_r_effective(SEXP args, SEXP groups, SEXP base, SEXP lines)
{
    eff_call c;
    memset(&c, 0, sizeof c);
    c.scenario = elt_str(args, "scenario");
    c.imports = elt_str(args, "imports");
    c.concord = elt_str(args, "hs_concordance");
    c.date = elt_str(args, "date");
    c.importer = elt_str(args, "importer");
    c.countries = elt_str(args, "countries");
    if (!c.scenario || !c.imports || !c.concord) Rf_error("scenario, imports and hs_concordance are required");
    c.groups = ts_strs(groups, &c.ngroups, "groups");
    c.base = Rf_asInteger(base);
    c.lines = Rf_asLogical(lines) == TRUE;
    return R_ExecWithCleanup(eff_body, &c, eff_cleanup, &c);
}

/* ---- a table's tariff sources, found by the library (tsc_sources_find) as the command finds them ------------- */

typedef struct sources_call {
    ts_handle *h;
    const char **paths;
    size_t npaths;
    tsc_scenario **sc;
    tsc_sources_opts o;
    tsc_sources s;
} sources_call;

static SEXP sources_body(void *ctx)
{
    sources_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    for (size_t i = 0; i < c->npaths; i++)
        if (tsc_scenario_load(c->paths[i], &c->sc[i], &err)) return ts_error_value(&err);
    if (tsc_sources_find(c->h->t, &c->o, (const tsc_scenario *const *)c->sc, c->npaths, &c->s, &err))
        return ts_error_value(&err);
    static const char *const names[] = {"aggregation", "hs_concordance", "theta", "bases",      "imports",
                                        "countries",   "members",        "hs2",   "hs_weights", "lines_absent"};
    SEXP out = PROTECT(ts_named_list(10, names));
    const char *one[9] = {c->s.so.aggregation, c->s.so.hs_concordance, c->s.theta,      NULL,
                          c->s.so.imports,     c->s.so.countries,      c->s.so.members, c->s.so.hs2,
                          c->s.so.hs_weights};
    for (int k = 0; k < 9; k++)
        if (k != 3 && one[k]) SET_VECTOR_ELT(out, k, Rf_mkString(one[k]));
    SEXP b = Rf_allocVector(STRSXP, (R_xlen_t)c->s.so.nbases);
    SET_VECTOR_ELT(out, 3, b);
    for (size_t i = 0; i < c->s.so.nbases; i++) SET_STRING_ELT(b, (R_xlen_t)i, Rf_mkCharCE(c->s.so.bases[i], CE_UTF8));
    SET_VECTOR_ELT(out, 9, Rf_ScalarLogical(c->s.lines_absent != 0));
    UNPROTECT(1);
    return out;
}

static void sources_cleanup(void *ctx)
{
    sources_call *c = ctx;
    for (size_t i = 0; c->sc && i < c->npaths; i++) tsc_scenario_free(c->sc[i]);
    free(c->sc);
}

/* tsc_sources_find on a table: scenarios (paths), the project's data folder, the shared data folder (NULL: no
 * customs lines unless imports is given), and what the caller names (a list as ts_sources' arguments). */
SEXP ts_r_sources(SEXP xp, SEXP scenarios, SEXP data_dir, SEXP shared_dir, SEXP given);
SEXP ts_r_sources(SEXP xp, SEXP scenarios, SEXP data_dir, SEXP shared_dir, SEXP given)
{
    sources_call c = {0};
    c.h = ts_handle_get(xp);
    if (!Rf_isNewList(given)) Rf_error("given must be a list");
    c.paths = ts_strs(scenarios, &c.npaths, "scenarios");
    tsc_sources_opts_init(&c.o);
    c.o.data_dir = ts_str(data_dir, "data_dir");
    c.o.shared_dir = ts_str(shared_dir, "shared_dir");
    c.o.aggregation = elt_str(given, "aggregation");
    c.o.hs_concordance = elt_str(given, "hs_concordance");
    c.o.theta = elt_str(given, "theta");
    c.o.base_csv = elt_str(given, "base");
    c.o.imports = elt_str(given, "imports");
    c.o.countries = elt_str(given, "countries");
    c.o.members = elt_str(given, "members");
    c.o.hs2 = elt_str(given, "hs2");
    c.o.hs_weights = elt_str(given, "hs_weights");
    c.o.no_imports = elt_str(given, "no_imports") != NULL;
    if (c.npaths && !(c.sc = calloc(c.npaths, sizeof *c.sc))) Rf_error("out of memory");
    return R_ExecWithCleanup(sources_body, &c, sources_cleanup, &c);
}
