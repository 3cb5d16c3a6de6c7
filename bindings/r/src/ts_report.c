/* The R package's .Call glue for the focus-country report (tsc_report_build), written on request. */
#include <stdlib.h>
#include <string.h>

#include "ts_r.h"

typedef struct report_call {
    ts_handle *h;
    tsc_report_opts ro;
    const char **groups;
    size_t ngroups;
    const char *out;
    tsc_groups *g;
    tsc_report *r;
} report_call;

static void report_cleanup(void *ctx)
{
    report_call *c = ctx;
    tsc_report_free(c->r);
    tsc_groups_free(c->g);
}

/* A G-vector of the report, or NULL (R NULL). */
static SEXP vec_or_null(const double *v, size_t n)
{
    return v ? ts_num(v, n) : R_NilValue;
}

static SEXP scenario_list(const tsc_report *r, const tsc_report_scenario *x)
{
    size_t G = r->G, N = r->N;
    static const char *const names[] = {"name",
                                        "label",
                                        "date",
                                        "description",
                                        "burden_total",
                                        "burden_route",
                                        "cpi_pct",
                                        "revenue_change",
                                        "welfare_pct",
                                        "welfare_cp_pct",
                                        "real_wage_pct",
                                        "exports_pct",
                                        "price_index_pct",
                                        "focus_to_dest_pct",
                                        "dest_base_pct",
                                        "dest_rate_pct",
                                        "focus_base_pct",
                                        "focus_rate_pct",
                                        "ge_iterations",
                                        "ge_residual",
                                        "welfare_p05",
                                        "welfare_p95",
                                        "real_wage_p05",
                                        "real_wage_p95",
                                        "exports_p05",
                                        "exports_p95",
                                        "draws_failed"};
    SEXP s = PROTECT(ts_named_list(27, names));
    SET_VECTOR_ELT(s, 0, Rf_mkString(x->name));
    SET_VECTOR_ELT(s, 1, Rf_mkString(x->label));
    SET_VECTOR_ELT(s, 2, Rf_mkString(x->date));
    SET_VECTOR_ELT(s, 3, Rf_mkString(x->description ? x->description : ""));
    SET_VECTOR_ELT(s, 4, Rf_ScalarReal(x->burden_total));
    SET_VECTOR_ELT(s, 5, ts_num(x->burden_route, G));
    SET_VECTOR_ELT(s, 6, ts_num(x->cpi_pct, G));
    SET_VECTOR_ELT(s, 7, Rf_ScalarReal(x->revenue_change));
    SET_VECTOR_ELT(s, 8, ts_num(x->welfare_pct, G));
    SET_VECTOR_ELT(s, 9, ts_num(x->welfare_cp_pct, G));
    SET_VECTOR_ELT(s, 10, ts_num(x->real_wage_pct, G));
    SET_VECTOR_ELT(s, 11, ts_num(x->exports_pct, G));
    SET_VECTOR_ELT(s, 12, ts_num(x->price_index_pct, G));
    SET_VECTOR_ELT(s, 13, Rf_ScalarReal(x->focus_to_dest_pct));
    SET_VECTOR_ELT(s, 14, ts_num(x->dest_base_pct, G));
    SET_VECTOR_ELT(s, 15, ts_num(x->dest_rate_pct, G));
    SET_VECTOR_ELT(s, 16, ts_num(x->focus_base_pct, N));
    SET_VECTOR_ELT(s, 17, ts_num(x->focus_rate_pct, N));
    SET_VECTOR_ELT(s, 18, Rf_ScalarReal((double)x->ge_iterations));
    SET_VECTOR_ELT(s, 19, Rf_ScalarReal(x->ge_residual));
    const double *band[6] = {x->welfare_p05,   x->welfare_p95, x->real_wage_p05,
                             x->real_wage_p95, x->exports_p05, x->exports_p95};
    for (int k = 0; k < 6; k++) SET_VECTOR_ELT(s, 20 + k, vec_or_null(band[k], G));
    SET_VECTOR_ELT(s, 26, Rf_ScalarReal((double)x->draws_failed));
    UNPROTECT(1);
    return s;
}

static SEXP report_body(void *ctx)
{
    report_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    int rc = ts_groups_load(c->groups, c->ngroups, &c->g, &err);
    c->ro.groups = c->g;
    if (!rc) rc = tsc_report_build(c->h->t, &c->ro, &c->r, &err);
    if (!rc && c->out) rc = tsc_report_write(c->r, c->out, &err);
    if (rc) return ts_error_value(&err);
    const tsc_report *r = c->r;
    static const char *const names[] = {"focus",
                                        "destination",
                                        "compare",
                                        "unit",
                                        "year",
                                        "exports",
                                        "exports_total",
                                        "dest_by_sector",
                                        "va_route",
                                        "va_total",
                                        "va_gross_exports",
                                        "scenarios",
                                        "nlines",
                                        "lines_value",
                                        "theta",
                                        "theta_draws",
                                        "regions",
                                        "sectors",
                                        "tariff_note",
                                        "base_note",
                                        "seconds_total"};
    SEXP out = PROTECT(ts_named_list(21, names));
    SET_VECTOR_ELT(out, 0, Rf_ScalarInteger((int)r->focus + 1));
    SET_VECTOR_ELT(out, 1, Rf_ScalarInteger((int)r->dest + 1));
    SEXP cmp = Rf_allocVector(INTSXP, (R_xlen_t)r->ncompare);
    SET_VECTOR_ELT(out, 2, cmp);
    for (size_t k = 0; k < r->ncompare; k++) INTEGER(cmp)[k] = (int)r->compare[k] + 1;
    SET_VECTOR_ELT(out, 3, Rf_mkString(r->unit));
    SET_VECTOR_ELT(out, 4, Rf_ScalarInteger(r->year ? r->year : NA_INTEGER));
    SET_VECTOR_ELT(out, 5, ts_num(r->exports, r->G));
    SET_VECTOR_ELT(out, 6, Rf_ScalarReal(r->exports_total));
    SET_VECTOR_ELT(out, 7, ts_num(r->dest_by_sector, r->N));
    SET_VECTOR_ELT(out, 8, ts_num(r->va_route, r->G));
    SET_VECTOR_ELT(out, 9, Rf_ScalarReal(r->va_total));
    SET_VECTOR_ELT(out, 10, Rf_ScalarReal(r->va_gross_exports));
    SEXP sc = Rf_allocVector(VECSXP, (R_xlen_t)r->nscen);
    SET_VECTOR_ELT(out, 11, sc);
    for (size_t s = 0; s < r->nscen; s++) SET_VECTOR_ELT(sc, (R_xlen_t)s, scenario_list(r, &r->scen[s]));
    SET_VECTOR_ELT(out, 12, Rf_ScalarReal((double)r->nlines));
    SET_VECTOR_ELT(out, 13, Rf_ScalarReal(r->lines_value));
    SET_VECTOR_ELT(out, 14, ts_num(r->theta, r->N));
    SET_VECTOR_ELT(out, 15, Rf_ScalarReal((double)r->theta_draws));
    SET_VECTOR_ELT(out, 16, ts_regions(r->table));
    SET_VECTOR_ELT(out, 17, ts_sectors(r->table));
    SET_VECTOR_ELT(out, 18, Rf_mkString(r->tariff_note));
    SET_VECTOR_ELT(out, 19, Rf_mkString(r->base_note));
    SET_VECTOR_ELT(out, 20, Rf_ScalarReal(r->seconds_total));
    UNPROTECT(1);
    return out;
}

/* o: the report's options as a named list (focus, destination, scenarios, labels, compare, baseline, theta_draws,
 * seed, theta_se, threads, article_sectors, table_path, out); src: the table's tariff sources (as for ts_r_shock). */
SEXP ts_r_report(SEXP xp, SEXP o, SEXP src);
SEXP ts_r_report(SEXP xp, SEXP o, SEXP src)
{
    report_call c;
    memset(&c, 0, sizeof c);
    c.h = ts_handle_get(xp);
    tsc_report_opts *ro = &c.ro;
    tsc_report_opts_init(ro);
    if (!Rf_isNewList(o) || !Rf_isNewList(src)) Rf_error("options and sources must be lists");
    SEXP onames = Rf_getAttrib(o, R_NamesSymbol), snames = Rf_getAttrib(src, R_NamesSymbol);
    size_t nscen = 0, nlab = 0, ncmp = 0;
    const char **paths = NULL, **labels = NULL, **cmp = NULL;
    for (R_xlen_t i = 0; i < XLENGTH(o); i++) {
        const char *k = CHAR(STRING_ELT(onames, i));
        SEXP v = VECTOR_ELT(o, i);
        if (strcmp(k, "focus") == 0) ro->focus = ts_str(v, k);
        else if (strcmp(k, "destination") == 0) ro->destination = ts_str(v, k);
        else if (strcmp(k, "scenarios") == 0) paths = ts_strs(v, &nscen, k);
        else if (strcmp(k, "labels") == 0) labels = ts_strs(v, &nlab, k);
        else if (strcmp(k, "compare") == 0) cmp = ts_strs(v, &ncmp, k);
        else if (strcmp(k, "baseline") == 0) ro->baseline = (tsc_ge_baseline)Rf_asInteger(v);
        else if (strcmp(k, "theta_draws") == 0) ro->theta_draws = (size_t)Rf_asReal(v);
        else if (strcmp(k, "seed") == 0) ro->theta_seed = (uint64_t)Rf_asReal(v);
        else if (strcmp(k, "theta_se") == 0) ro->theta_se_rel = Rf_asReal(v);
        else if (strcmp(k, "threads") == 0) ro->theta_threads = (size_t)Rf_asReal(v);
        else if (strcmp(k, "article_sectors") == 0) ro->article_sectors = ts_str(v, k);
        else if (strcmp(k, "table_path") == 0) ro->table_path = ts_str(v, k);
        else if (strcmp(k, "out") == 0) c.out = ts_str(v, k);
        else Rf_error("unknown report option '%s'", k);
    }
    if (nscen < 1 || nscen > TSC_REPORT_MAX_SCENARIOS)
        Rf_error("the report takes 1 to %d scenarios", TSC_REPORT_MAX_SCENARIOS);
    if (ncmp > TSC_REPORT_MAX_COMPARE) Rf_error("the report compares at most %d regions", TSC_REPORT_MAX_COMPARE);
    tsc_report_scenario_spec *specs = (tsc_report_scenario_spec *)R_alloc(nscen, sizeof *specs);
    for (size_t s = 0; s < nscen; s++) {
        specs[s].path = paths[s];
        specs[s].label = s < nlab && labels[s][0] ? labels[s] : NULL;
    }
    ro->scenarios = specs;
    ro->nscenarios = nscen;
    if (ncmp) {
        ro->compare = cmp;
        ro->ncompare = ncmp;
    }
    for (R_xlen_t i = 0; i < XLENGTH(src); i++) {
        const char *k = CHAR(STRING_ELT(snames, i));
        SEXP v = VECTOR_ELT(src, i);
        if (strcmp(k, "aggregation") == 0) ro->aggregation = ts_str(v, k);
        else if (strcmp(k, "hs_concordance") == 0) ro->hs_concordance = ts_str(v, k);
        else if (strcmp(k, "theta") == 0) ro->theta = ts_str(v, k);
        else if (strcmp(k, "bases") == 0) ro->bases = ts_strs(v, &ro->nbases, k);
        else if (strcmp(k, "imports") == 0) ro->imports = ts_str(v, k);
        else if (strcmp(k, "countries") == 0) ro->countries = ts_str(v, k);
        else if (strcmp(k, "members") == 0) ro->members = ts_str(v, k);
        else if (strcmp(k, "hs2") == 0) ro->hs2 = ts_str(v, k);
        else if (strcmp(k, "hs_weights") == 0) ro->hs_weights = ts_str(v, k);
        else if (strcmp(k, "groups") == 0) c.groups = ts_strs(v, &c.ngroups, k);
    }
    return R_ExecWithCleanup(report_body, &c, report_cleanup, &c);
}
