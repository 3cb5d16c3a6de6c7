/* Assembles the report's numbers: trade profile, value-added routes, and per scenario the tariffs, first-order
 * burden and prices, and the general-equilibrium outcomes (docs/REPORT.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "alloc_int.h"
#include "codemap_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "json_int.h"
#include "path_int.h"
#include "report_int.h"
#include "tariffscope/accounts.h"
#include "tariffscope/decomp.h"
#include "tariffscope/leontief.h"
#include "tariffscope/run.h"
#include "tariffscope/schedule.h"
#include "tariffscope/shock.h"

static const char *const default_compare[] = {"JPN", "USA", "CHN", "MEX", "THA", "VNM", "KOR", "EU"};

const tsc_report_scenario_spec *tsc_report_default_scenarios(size_t *n)
{
    static const tsc_report_scenario_spec shipped[] = {
        {"us-2025-04-reciprocal.yaml", "April 2025 reciprocal"}, {"us-china-geneva.yaml", "Geneva (May 2025)"},
        {"us-2025-08-deals.yaml", "August 2025 deals"},          {"cjk-fta.yaml", "China-Japan-Korea FTA"},
        {"us-2025-08-deals-cjk.yaml", "Deals + CJK FTA"},
    };
    *n = sizeof shipped / sizeof *shipped;
    return shipped;
}

void tsc_report_opts_init(tsc_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->focus = "JPN";
    o->destination = "USA";
    o->customs_importer = "USA";
    o->article_focus = "JPN";
    o->article_destination = "USA";
    /* Changes from the table's own year: with Caliendo and Parro's zero-deficit baseline, removing the 2024 deficits
     * first moves the flows of sectors with large trade elasticities far from the data (refined petroleum, theta
     * 64.85: Japan's exports quadruple before any tariff changes). */
    o->baseline = TSC_GE_BASELINE_OBSERVED;
    o->theta_draws = TSC_REPORT_THETA_DRAWS;
    o->theta_se_rel = TSC_GE_THETA_SE_REL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void scen_free(tsc_report_scenario *s)
{
    tsc__free(s->description);
    double *v[] = {
        s->dest_base_pct,   s->dest_rate_pct,      s->focus_base_pct,    s->focus_rate_pct, s->burden_route,
        s->cpi_pct,         s->welfare_pct,        s->welfare_cp_pct,    s->real_wage_pct,  s->exports_pct,
        s->price_index_pct, s->focus_exports_base, s->focus_exports_new, s->welfare_p05,    s->welfare_p95,
        s->real_wage_p05,   s->real_wage_p95,      s->exports_p05,       s->exports_p95,    s->jobs_first_order,
        s->jobs_ge};
    for (size_t k = 0; k < sizeof v / sizeof *v; k++) tsc__free(v[k]);
}

void tsc_report_free(tsc_report *r)
{
    if (!r) return;
    for (size_t s = 0; s < r->nscen; s++) scen_free(&r->scen[s]);
    tsc__free(r->scen);
    tsc__free(r->exports);
    tsc__free(r->dest_by_sector);
    tsc__free(r->dest_data_by_sector);
    tsc__free(r->article);
    tsc__free(r->va_route);
    tsc__free(r->theta);
    tsc__free(r->theta_se);
    for (size_t k = 0; k < TSC_REPORT_NSOURCES; k++) tsc__free(r->sources[k]);
    tsc__free(r);
}

static int scen_alloc(tsc_report_scenario *s, size_t G, size_t N, int jobs)
{
    if (jobs && (!(s->jobs_first_order = tsc__alloc_doubles(G, 1)) || !(s->jobs_ge = tsc__alloc_doubles(G, 1))))
        return -1;
    double **g[] = {&s->dest_base_pct,  &s->dest_rate_pct, &s->burden_route, &s->cpi_pct,        &s->welfare_pct,
                    &s->welfare_cp_pct, &s->real_wage_pct, &s->exports_pct,  &s->price_index_pct};
    for (size_t k = 0; k < sizeof g / sizeof *g; k++)
        if (!(*g[k] = tsc__alloc_doubles(G, 1))) return -1;
    double **n[] = {&s->focus_base_pct, &s->focus_rate_pct, &s->focus_exports_base, &s->focus_exports_new};
    for (size_t k = 0; k < sizeof n / sizeof *n; k++)
        if (!(*n[k] = tsc__alloc_doubles(N, 1))) return -1;
    return 0;
}

/* Sales of row (region i, sector k) to region r: intermediate (every industry of r) and final (every category). */
static double sales(const tsc_table *t, size_t i, size_t k, size_t r)
{
    size_t N = tsc_table_nsectors(t), F = tsc_table_nfd(t), n = tsc_table_n(t), row = i * N + k;
    const double *Z = tsc_table_Z(t), *Y = tsc_table_Y(t);
    double s = 0;
    for (size_t j = r * N; j < (r + 1) * N; j++) s += Z[row + j * n];
    for (size_t f = r * F; f < (r + 1) * F; f++) s += Y[row + f * n];
    return s;
}

/* The article's sectors (CSV of data/world2024/derivation/article_sectors.csv). */
static int read_article(tsc_report *r, const char *path, tsc_error *err)
{
    static const char *const want[] = {"article_sector", "table_sector", "us_imports_2024_musd", "hs_share",
                                       "nhk_estimate_musd"};
    tsc_csv *in = NULL;
    int rc = tsc__csv_open(path, &in, err);
    if (rc) return rc;
    size_t col[5], nf = 0, cap = 0;
    rc = tsc__csv_next(in, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc == 1) {
        nf = tsc__csv_nfields(in);
        for (size_t w = 0; w < 5 && rc == 1; w++) {
            col[w] = nf;
            for (size_t i = 0; i < nf; i++)
                if (strcmp(tsc__csv_field(in, i), want[w]) == 0) col[w] = i;
            if (col[w] == nf) rc = tsc__csv_error_at(in, 0, err, TSC_EPARSE, "the header lacks %s", want[w]);
        }
    }
    while (rc == 1 && (rc = tsc__csv_next(in, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(in, nf, err))) break;
        size_t k = tsc__codemap_sector(r->table, NULL, tsc__csv_field(in, col[1]));
        if (k == TSC_NONE) {
            rc = tsc__csv_error_at(in, col[1], err, TSC_ELABEL, "unknown sector '%s'", tsc__csv_field(in, col[1]));
            break;
        }
        double data, share, est = NAN;
        if ((rc = tsc__csv_number(in, col[2], &data, err)) || (rc = tsc__csv_number(in, col[3], &share, err))) break;
        if (tsc__csv_flen(in, col[4]) && (rc = tsc__csv_number(in, col[4], &est, err))) break;
        if (r->nsectors_article == cap) {
            cap = cap ? 2 * cap : 8;
            tsc_report_sector *p = tsc__realloc(r->article, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            r->article = p;
        }
        tsc_report_sector *a = &r->article[r->nsectors_article++];
        snprintf(a->code, sizeof a->code, "%s", tsc__csv_field(in, col[0]));
        tsc__rep_sector_name(a->code, a->name, sizeof a->name);
        a->table_sector = k;
        a->model = r->dest_by_sector[k] * share;
        a->data_2024 = data;
        a->article = est;
        rc = 1;
    }
    tsc__csv_close(in);
    r->article_from_file = 1;
    return rc < 0 ? rc : TSC_OK;
}

/* The goods sectors stand for the article's when there is no article file (or the focus is another region). */
static int goods_sectors(tsc_report *r)
{
    size_t N = r->N;
    if (!(r->article = tsc__calloc(N ? N : 1, sizeof *r->article))) return -1;
    for (size_t k = 0; k < N; k++) {
        if (!tsc_table_sector_is_goods(r->table, k)) continue;
        tsc_report_sector *a = &r->article[r->nsectors_article++];
        snprintf(a->code, sizeof a->code, "%s", tsc_table_sector(r->table, k));
        tsc__rep_sector_name(a->code, a->name, sizeof a->name);
        a->table_sector = k;
        a->model = r->dest_by_sector[k];
        a->data_2024 = r->dest_data_by_sector ? r->dest_data_by_sector[k] : NAN;
        a->article = NAN;
    }
    return 0;
}

/* The "source" of a native table's meta.json, when there is one (a table of another layout has none). The table
 * was loaded from that file, so failing to read it now is running out of memory (jansson does not always say so):
 * an error, so that the report's source lines never depend on it. */
static int meta_source(const char *dir, char *buf, size_t size, tsc_error *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    json_error_t je;
    int oom = 0;
    /* jansson may go on with a string cut short when an allocation fails: tsc__json_load_file tells */
    json_t *root = tsc__json_load_file(path, 0, &je, &oom);
    if (!root && (oom || tsc__file_exists(path)))
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory reading it again (%s)", je.text);
    const char *s = root ? json_string_value(json_object_get(root, "source")) : NULL;
    if (s) snprintf(buf, size, "%s", s);
    json_decref(root);
    return TSC_OK;
}

typedef struct progress_ctx {
    const tsc_report_opts *o;
    char stage[160];
    char ge_baseline[64], ge_scenario[160]; /* the names shown for the stages of a GE run */
} progress_ctx;

static void say(progress_ctx *p, const char *stage)
{
    snprintf(p->stage, sizeof p->stage, "%s", stage);
    if (p->o->progress) p->o->progress(p->o->progress_ctx, p->stage, 0, -1);
}

/* A GE run's stages, the baseline's and then the scenario's, each under the report's name for it. */
static void ge_progress(void *ctx, const char *stage, size_t iter, double residual)
{
    progress_ctx *p = ctx;
    const char *name = strncmp(stage, "baseline", 8) == 0 ? p->ge_baseline : p->ge_scenario;
    if (strcmp(p->stage, name) != 0) say(p, name);
    if (p->o->progress) p->o->progress(p->o->progress_ctx, p->stage, iter, residual);
}

static int compare_list(tsc_report *r, const tsc_report_opts *o, tsc_error *err)
{
    const char *const *list = o->compare ? o->compare : default_compare;
    size_t n = o->compare ? o->ncompare : sizeof default_compare / sizeof *default_compare;
    if (n > TSC_REPORT_MAX_COMPARE)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "more than %d regions to compare", TSC_REPORT_MAX_COMPARE);
    r->compare[r->ncompare++] = r->focus;
    for (size_t k = 0; k < n; k++) {
        size_t idx;
        if (tsc_table_region_index(r->table, list[k], &idx, NULL) != TSC_OK) {
            if (o->compare) return tsc_table_region_index(r->table, list[k], &idx, err);
            continue; /* a default the table lacks */
        }
        int seen = 0;
        for (size_t m = 0; m < r->ncompare; m++) seen |= r->compare[m] == idx;
        if (!seen && r->ncompare < TSC_REPORT_MAX_COMPARE) r->compare[r->ncompare++] = idx;
    }
    return TSC_OK;
}

/* ---- the build, stage by stage ------------------------------------------------------------------------------ */

/* What the stages of a build share: the inputs, the report being filled, and what one stage hands to the next. */
typedef struct build {
    const tsc_table *t;
    const tsc_report_opts *o; /* every default filled in (resolve_opts) */
    tsc_report *r;
    size_t G, N, cells; /* cells = G*G*N */
    progress_ctx pc;
    tsc_schedule *sch;  /* the table's tariff schedule: base schedules and customs lines in its cells */
    const char **bases; /* the base schedules of the common baseline (the table's, then the scenarios' own) */
    size_t nbases;
    tsc_leontief *lf;
    double *flow_dest; /* G*N: sales of each region's sectors to the destination (zero for its own) */
    tsc_scenario *sc[TSC_REPORT_MAX_SCENARIOS];
    double *tbase; /* G*G*N: the common base tariffs, percent; fractions once the GE data are built */
    double *tnew[TSC_REPORT_MAX_SCENARIOS]; /* G*G*N: each scenario's tariffs, fractions */
    tsc_ge_data *base; /* the GE baseline the scenarios are solved from, built by the first scenario's run */
} build;

static int nomem(tsc_error *err)
{
    return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The caller's options (NULL: the defaults) with a NULL focus, destination, customs_importer, article_focus or
 * article_destination taking the value tsc_report_opts_init gives it. */
static void resolve_opts(const tsc_report_opts *opts, tsc_report_opts *o)
{
    tsc_report_opts def;
    tsc_report_opts_init(&def);
    *o = opts ? *opts : def;
    if (!o->focus) o->focus = def.focus;
    if (!o->destination) o->destination = def.destination;
    if (!o->customs_importer) o->customs_importer = def.customs_importer;
    if (!o->article_focus) o->article_focus = def.article_focus;
    if (!o->article_destination) o->article_destination = def.article_destination;
}

static int check_opts(const tsc_report_opts *o, tsc_error *err)
{
    if (o->nscenarios > TSC_REPORT_MAX_SCENARIOS)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "more than %d scenarios", TSC_REPORT_MAX_SCENARIOS);
    if (!o->theta) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the report needs trade elasticities (opts.theta)");
    if (o->imports && !o->hs_concordance)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "customs lines need an HS concordance (opts.hs_concordance)");
    return TSC_OK;
}

/* The report's frame: sizes, the table's description, the focus, destination and compared regions, the aggregation. */
static int start_report(build *b, tsc_error *err)
{
    const tsc_table *t = b->t;
    const tsc_report_opts *o = b->o;
    tsc_report *r = b->r = tsc__calloc(1, sizeof *r);
    if (!r) return nomem(err);
    r->G = b->G;
    r->N = b->N;
    r->table = t;
    snprintf(r->unit, sizeof r->unit, "%s", tsc_table_unit(t));
    r->has_jobs = tsc_accounts_jobs_at_risk(t, NULL, NULL, r->jobs_unit, sizeof r->jobs_unit);
    snprintf(r->source, sizeof r->source, "%s", tsc_table_source(t));
    int rc;
    if (o->table_path && (rc = meta_source(o->table_path, r->source, sizeof r->source, err))) return rc;
    r->year = tsc_table_year(t);
    r->baseline = o->baseline;
    if ((rc = tsc_table_region_index(t, o->focus, &r->focus, err)) ||
        (rc = tsc_table_region_index(t, o->destination, &r->dest, err)))
        return rc;
    if (r->focus == r->dest)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the focus and the destination are the same region");
    return compare_list(r, o, err);
}

/* The focus's goods exports by partner, and every region's sales to the destination by sector. */
static int stage_trade_profile(build *b, tsc_error *err)
{
    const tsc_table *t = b->t;
    tsc_report *r = b->r;
    size_t G = b->G, N = b->N;
    say(&b->pc, "trade profile");
    r->exports = tsc__alloc_doubles(G, 1);
    r->dest_by_sector = tsc__alloc_doubles(N, 1);
    b->flow_dest = tsc__alloc_doubles(G * N, 1);
    if (!r->exports || !r->dest_by_sector || !b->flow_dest) return nomem(err);
    for (size_t p = 0; p < G; p++) {
        if (p == r->focus) continue;
        for (size_t k = 0; k < N; k++)
            if (tsc_table_sector_is_goods(t, k)) r->exports[p] += sales(t, r->focus, k, p);
        r->exports_total += r->exports[p];
    }
    for (size_t i = 0; i < G; i++)
        for (size_t k = 0; k < N && i != r->dest; k++) b->flow_dest[i * N + k] = sales(t, i, k, r->dest);
    for (size_t k = 0; k < N; k++) {
        r->dest_by_sector[k] = b->flow_dest[r->focus * N + k];
        r->va_gross_exports += r->dest_by_sector[k];
    }
    return TSC_OK;
}

/* Customs values are in USD: the scale into the table's unit (USD million when it says "million"). */
static double customs_scale(const tsc_report *r)
{
    return strstr(r->unit, "million") ? 1e-6 : 1;
}

/* The scenarios, and the tariff schedule they are all applied on (tsc_schedule, as shock and solve use it): the
 * table's base schedules (opts.bases) and the scenarios' own carried to the table's codes, and the customs lines
 * placed in its cells (when opts.imports names them and the table has the customs importer); then the destination's
 * 2024 customs imports from the focus by sector when the destination is the customs importer. */
static int stage_customs(build *b, tsc_error *err)
{
    const tsc_report_opts *o = b->o;
    tsc_report *r = b->r;
    size_t G = b->G, N = b->N, ns = o->nscenarios, nbases = 0;
    const char **bases = b->bases = tsc__calloc(o->nbases + ns + 1, sizeof *bases);
    if (!bases) return nomem(err);
    int rc = TSC_OK;
    for (size_t k = 0; k < o->nbases; k++) bases[nbases++] = o->bases[k];
    for (size_t s = 0; s < ns; s++) {
        if ((rc = tsc_scenario_load(o->scenarios[s].path, &b->sc[s], err))) goto done;
        const char *base = tsc_scenario_base(b->sc[s]);
        int seen = 0;
        for (size_t k = 0; k < nbases && base; k++) seen |= tsc__same_file(bases[k], base);
        if (base && !seen) bases[nbases++] = base;
    }
    size_t imp;
    tsc_error probe;
    int has_importer = tsc_table_region_index(b->t, o->customs_importer, &imp, &probe) == TSC_OK;
    say(&b->pc, o->imports && has_importer ? "customs lines and common baseline" : "common baseline");
    tsc_schedule_opts so;
    tsc_schedule_opts_init(&so);
    so.groups = o->groups;
    so.aggregation = o->aggregation;
    so.bases = bases;
    so.nbases = nbases;
    so.imports = has_importer ? o->imports : NULL; /* a table without the customs importer has no use for them */
    so.hs_concordance = o->hs_concordance;
    so.countries = o->countries;
    so.members = o->members;
    so.hs2 = o->hs2;
    so.importer = o->customs_importer;
    so.hs_weights = o->hs_weights;
    if ((rc = tsc_schedule_new(b->t, &so, &b->sch, err))) goto done;
    const tsc_schedule_lines *li = tsc_schedule_lines_info(b->sch);
    r->nlines = li->nlines;
    r->lines_value = li->value_placed;
    if (!li->nlines || strcmp(tsc_table_region(b->t, r->dest), o->customs_importer) != 0) goto done;
    double *cellv = tsc__alloc_doubles(G * N, 0);
    if (!cellv || !(r->dest_data_by_sector = tsc__alloc_doubles(N, 1))) {
        tsc__free(cellv);
        rc = nomem(err);
        goto done;
    }
    tsc_schedule_line_cells(b->sch, cellv);
    double scale = customs_scale(r);
    for (size_t k = 0; k < N; k++) r->dest_data_by_sector[k] = scale * cellv[r->focus * N + k];
    tsc__free(cellv);
done:
    b->nbases = nbases;
    return rc;
}

/* The article's sectors when the focus and destination are the pair its file describes, else the goods sectors. */
static int stage_article_sectors(build *b, tsc_error *err)
{
    const tsc_report_opts *o = b->o;
    tsc_report *r = b->r;
    if (o->article_sectors && strcmp(tsc_table_region(b->t, r->focus), o->article_focus) == 0 &&
        strcmp(tsc_table_region(b->t, r->dest), o->article_destination) == 0)
        return read_article(r, o->article_sectors, err);
    return goods_sectors(r) ? nomem(err) : TSC_OK;
}

/* The data each figure rests on (report_sources.c), once the customs lines and the article's sectors are known. */
static int stage_sources(build *b, tsc_error *err)
{
    return tsc__rep_sources_build(b->r, b->o, b->bases, b->nbases, err);
}

/* The focus's value added in the destination's final demand by the region that finished it. */
static int stage_va_routes(build *b, tsc_error *err)
{
    tsc_report *r = b->r;
    tsc_decomp *dc = NULL;
    tsc_dresult routes = {0};
    say(&b->pc, "value-added routes");
    if (!(r->va_route = tsc__alloc_doubles(b->G, 1))) return nomem(err);
    int rc;
    if ((rc = tsc_leontief_new(b->t, &b->lf, err)) || (rc = tsc_decomp_new(b->t, b->lf, &dc, err)) ||
        (rc = tsc_decomp_routes(dc, r->focus, r->dest, 1, &routes, err)))
        goto done;
    for (size_t row = 0; row < routes.nrow; row++) {
        r->va_route[routes.exporter[row]] += routes.v[row];
        r->va_total += routes.v[row];
    }
done:
    tsc_dresult_free(&routes);
    tsc_decomp_free(dc);
    return rc;
}

/* The sentences on the common baseline: what the schedule carried, and where the tariffs of each cell come from. */
static int stage_common_base(build *b, tsc_error *err)
{
    const tsc_report_opts *o = b->o;
    tsc_report *r = b->r;
    if (!(r->scen = tsc__calloc(o->nscenarios ? o->nscenarios : 1, sizeof *r->scen))) return nomem(err);
    snprintf(r->base_note, sizeof r->base_note, "%s", tsc_schedule_base_note(b->sch));
    if (r->nlines)
        snprintf(r->tariff_note, sizeof r->tariff_note,
                 "%s tariffs line by line on %zu customs lines of 2024 (each line's 2024 applied rate, then the "
                 "scenario's measures in force on its date), import-weighted into the table's cells; other cells "
                 "from the scenario's measures on the common baseline",
                 tsc__rep_adjective(o->customs_importer), r->nlines);
    else
        snprintf(r->tariff_note, sizeof r->tariff_note,
                 "every cell from the scenario's measures on the common baseline%s (no customs lines: %s measures on "
                 "HS lines are approximate or left out)",
                 o->hs_weights ? ", HS measures through the import weights" : "",
                 tsc__rep_adjective(o->customs_importer));
    if (!(b->tbase = tsc__alloc_doubles(b->cells, 0))) return nomem(err);
    return TSC_OK;
}

/* A scenario's name, label and description. */
static int scenario_names(build *b, size_t s, tsc_report_scenario *rs)
{
    const tsc_report_scenario_spec *spec = &b->o->scenarios[s];
    snprintf(rs->name, sizeof rs->name, "%s", tsc_scenario_name(b->sc[s]));
    snprintf(rs->label, sizeof rs->label, "%.63s", spec->label ? spec->label : rs->name);
    const char *desc = tsc_scenario_description(b->sc[s]);
    return (rs->description = tsc__strdup(desc ? desc : "")) ? 0 : -1;
}

/* The destination's tariffs on each exporter (goods, weighted by the base flows) and on the focus by sector. */
static void tariff_summary(const build *b, const tsc_tariffs *tr, tsc_report_scenario *rs)
{
    const tsc_report *r = b->r;
    size_t G = b->G, N = b->N;
    for (size_t i = 0; i < G; i++) {
        double w = 0, base = 0, after = 0;
        for (size_t k = 0; k < N; k++) {
            size_t c = (r->dest * G + i) * N + k;
            if (!tsc_table_sector_is_goods(b->t, k)) continue; /* a tariff on goods: services would dilute it */
            w += b->flow_dest[i * N + k];
            base += b->flow_dest[i * N + k] * tr->base[c];
            after += b->flow_dest[i * N + k] * tr->rate[c];
        }
        rs->dest_base_pct[i] = w > 0 ? base / w : 0;
        rs->dest_rate_pct[i] = w > 0 ? after / w : 0;
    }
    for (size_t k = 0; k < N; k++) {
        rs->focus_base_pct[k] = tr->base[(r->dest * G + r->focus) * N + k];
        rs->focus_rate_pct[k] = tr->rate[(r->dest * G + r->focus) * N + k];
    }
}

/* First order: the burden on the focus's value added by route, consumer prices, the destination's revenue. */
static int first_order(const build *b, const tsc_tariffs *tr, tsc_report_scenario *rs, tsc_error *err)
{
    const tsc_report *r = b->r;
    size_t G = b->G, N = b->N;
    tsc_shock sk = {0};
    int rc = tsc_shock_run(b->t, b->lf, tr, &sk, err);
    if (rc) return rc;
    for (size_t m = 0; m < G; m++) {
        double v = 0;
        for (size_t imp = 0; imp < G; imp++)
            for (size_t k = 0; k < N; k++) v += sk.burden[((r->focus * G + imp) * G + m) * N + k];
        rs->burden_route[m] = v;
        rs->burden_total += v;
    }
    memcpy(rs->cpi_pct, sk.cpi_change, G * sizeof *rs->cpi_pct);
    if (rs->jobs_first_order) tsc_accounts_jobs_at_risk(b->t, sk.output_change, rs->jobs_first_order, NULL, 0);
    rs->revenue_change = sk.revenue[r->dest] - sk.revenue_base[r->dest];
    tsc_shock_free(&sk);
    return TSC_OK;
}

/* Scenario s: its tariffs on the table's cells from the common baseline, and its first-order effects. */
static int stage_scenario_tariffs(build *b, size_t s, tsc_error *err)
{
    tsc_report *r = b->r;
    tsc_report_scenario *rs = &r->scen[s];
    size_t cells = b->cells;
    char msg[160];
    snprintf(msg, sizeof msg, "tariffs and first-order effects %zu/%zu %s", s + 1, b->o->nscenarios,
             tsc_scenario_name(b->sc[s]));
    say(&b->pc, msg);
    r->nscen = s + 1;
    if (scen_alloc(rs, b->G, b->N, b->r->has_jobs) || scenario_names(b, s, rs)) return nomem(err);
    tsc_tariffs tr = {0};
    int rc = tsc_schedule_apply(b->sch, b->sc[s], NULL, &tr, rs->date, err);
    if (rc) return rc;
    if (s == 0) memcpy(b->tbase, tr.base, cells * sizeof *b->tbase);
    if (!(b->tnew[s] = tsc__alloc_doubles(cells, 0))) {
        tsc_tariffs_free(&tr);
        return nomem(err);
    }
    for (size_t c = 0; c < cells; c++) b->tnew[s][c] = tr.rate[c] / 100;
    tariff_summary(b, &tr, rs);
    rc = first_order(b, &tr, rs, err);
    tsc_tariffs_free(&tr);
    return rc;
}

/* The elasticities of the general equilibrium, and the common base tariffs as fractions. */
static int stage_ge_theta(build *b, tsc_error *err)
{
    tsc_report *r = b->r;
    tsc_labels labels;
    if (!(r->theta = tsc__alloc_doubles(b->N, 0)) || !(r->theta_se = tsc__alloc_doubles(b->N, 0))) return nomem(err);
    int rc;
    if ((rc = tsc_ge_labels(NULL, b->t, &labels, err)) ||
        (rc = tsc_ge_theta_read_se(b->o->theta, b->o->aggregation, b->N, labels.sectors, r->theta, r->theta_se, err)))
        return rc;
    for (size_t c = 0; c < b->cells; c++) b->tbase[c] /= 100;
    return TSC_OK;
}

/* The outcomes of a solve res (outcome oc) from the baseline, for the report's regions and the focus's sectors. */
static void ge_summary(const build *b, const tsc_ge_result *res, const tsc_ge_outcome *oc, const double *meas,
                       tsc_report_scenario *rs)
{
    const tsc_report *r = b->r;
    size_t G = b->G, N = b->N;
    const double *F0 = tsc_ge_data_flows(b->base), *F1 = res->flows;
    rs->ge_iterations = res->iterations;
    rs->ge_residual = res->residual;
    for (size_t i = 0; i < G; i++) {
        rs->exports_pct[i] = meas[i * TSC_GE_NMEASURES + TSC_GE_EXPORTS]; /* the measure solve and the draws report */
        rs->welfare_pct[i] = oc->real_income[i];
        rs->welfare_cp_pct[i] = oc->welfare_cp[i];
        rs->real_wage_pct[i] = oc->real_wage[i];
        rs->price_index_pct[i] = 100 * (res->price_index_hat[i] - 1);
    }
    double fd0 = 0, fd1 = 0;
    for (size_t j = 0; j < N; j++) {
        fd0 += F0[(r->dest * G + r->focus) * N + j];
        fd1 += F1[(r->dest * G + r->focus) * N + j];
    }
    rs->focus_to_dest_pct = fd0 > 0 ? 100 * (fd1 / fd0 - 1) : 0;
    if (rs->jobs_ge) {
        /* the model's relative output change carried to the table's output (fixed employment per unit of output) */
        const double *x = tsc_table_x(b->t);
        double *dx = tsc__alloc_doubles(G * N, 1);
        if (dx) {
            for (size_t i = 0; i < G * N; i++)
                if (oc->output_base[i] > 0) dx[i] = x[i] * (oc->output_new[i] / oc->output_base[i] - 1);
            tsc_accounts_jobs_at_risk(b->t, dx, rs->jobs_ge, NULL, 0);
        } else
            for (size_t g = 0; g < G; g++) rs->jobs_ge[g] = NAN;
        tsc__free(dx);
    }
    for (size_t m = 0; m < G; m++)
        for (size_t j = 0; j < N && m != r->focus; j++) {
            rs->focus_exports_base[j] += F0[(m * G + r->focus) * N + j];
            rs->focus_exports_new[j] += F1[(m * G + r->focus) * N + j];
        }
}

/* The 90% bands of a scenario from its run's draws of the elasticities. */
static int ge_bands(build *b, const tsc_ge_draws_result *dr, tsc_report_scenario *rs, tsc_error *err)
{
    size_t G = b->G;
    rs->draws_failed = dr->failed;
    if (!dr->converged) return TSC_OK; /* no band to draw: the draws are counted and the bands stay absent */
    double **dst[6] = {&rs->welfare_p05,   &rs->welfare_p95, &rs->real_wage_p05,
                       &rs->real_wage_p95, &rs->exports_p05, &rs->exports_p95};
    static const tsc_ge_measure m[6] = {TSC_GE_REAL_INCOME, TSC_GE_REAL_INCOME, TSC_GE_REAL_WAGE,
                                        TSC_GE_REAL_WAGE,   TSC_GE_EXPORTS,     TSC_GE_EXPORTS};
    for (size_t k = 0; k < 6; k++) {
        if (!(*dst[k] = tsc__alloc_doubles(G, 0))) return nomem(err);
        const double *q = k % 2 == 0 ? dr->p05 : dr->p95;
        for (size_t i = 0; i < G; i++) (*dst[k])[i] = q[i * dr->M + m[k]];
    }
    return TSC_OK;
}

/* Scenario s in general equilibrium: one run of the model (tsc_ge_run), from the table at the common base tariffs
 * for the first scenario, whose baseline the others are solved from; its outcomes and its bands. */
static int stage_ge_scenario(build *b, size_t s, tsc_error *err)
{
    const tsc_report_opts *o = b->o;
    tsc_report_scenario *rs = &b->r->scen[s];
    snprintf(b->pc.ge_baseline, sizeof b->pc.ge_baseline, "GE baseline (%s deficits)",
             o->baseline == TSC_GE_BASELINE_OBSERVED ? "observed" : "zero");
    snprintf(b->pc.ge_scenario, sizeof b->pc.ge_scenario, "GE %zu/%zu %s", s + 1, o->nscenarios, rs->name);
    say(&b->pc, b->base ? b->pc.ge_scenario : "GE model data");
    tsc_ge_run_input gi = {.table = b->base ? NULL : b->t,
                           .baseline = b->base,
                           .tariff_base = b->tbase,
                           .tariff_new = b->tnew[s],
                           .theta = b->r->theta,
                           .se = b->r->theta_se};
    tsc_ge_run_opts ro;
    tsc_ge_run_opts_init(&ro);
    ro.baseline = o->baseline;
    ro.draws.draws = o->theta_draws;
    ro.draws.seed = o->theta_seed;
    ro.draws.se_rel_default = o->theta_se_rel;
    ro.draws.threads = o->theta_threads;
    ro.progress = ge_progress;
    ro.progress_ctx = &b->pc;
    tsc_ge_run_result rr;
    int rc = tsc_ge_run(&gi, &ro, &rr, err);
    if (rc == TSC_OK && !b->base) {
        b->base = rr.baseline; /* kept for the other scenarios */
        rr.baseline = NULL;
        b->r->ge_clipped = rr.nclipped;
    }
    if (rc == TSC_OK) {
        rs->ge_seconds = rr.stages[2].seconds;
        b->r->seconds_draws += rr.seconds_draws;
        ge_summary(b, &rr.result, &rr.outcome, rr.measures, rs);
        if (o->theta_draws) rc = ge_bands(b, &rr.draws, rs, err);
    }
    tsc_ge_run_result_free(&rr);
    return rc;
}

static void build_free(build *b)
{
    tsc_leontief_free(b->lf);
    tsc_schedule_free(b->sch);
    for (size_t s = 0; s < TSC_REPORT_MAX_SCENARIOS; s++) {
        tsc_scenario_free(b->sc[s]);
        tsc__free(b->tnew[s]);
    }
    tsc__free(b->tbase);
    tsc__free(b->flow_dest);
    tsc__free(b->bases);
    tsc_ge_data_free(b->base);
}

int tsc_report_build(const tsc_table *t, const tsc_report_opts *opts, tsc_report **out, tsc_error *err)
{
    tsc_report_opts o;
    *out = NULL;
    resolve_opts(opts, &o);
    int rc = check_opts(&o, err);
    if (rc) return rc;
    double t0 = now();
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t);
    build b = {.t = t, .o = &o, .G = G, .N = N, .cells = G * G * N, .pc = {.o = &o}};
    if (!(rc = start_report(&b, err)) && !(rc = stage_trade_profile(&b, err)) && !(rc = stage_customs(&b, err)) &&
        !(rc = stage_article_sectors(&b, err)) && !(rc = stage_sources(&b, err)) && !(rc = stage_va_routes(&b, err)))
        rc = stage_common_base(&b, err);
    for (size_t s = 0; !rc && s < o.nscenarios; s++) rc = stage_scenario_tariffs(&b, s, err);
    double tg = now();
    if (!rc && o.nscenarios) rc = stage_ge_theta(&b, err);
    for (size_t s = 0; !rc && s < o.nscenarios; s++) rc = stage_ge_scenario(&b, s, err);
    if (rc) {
        tsc_report_free(b.r);
        b.r = NULL;
    } else {
        b.r->seconds_ge = now() - tg - b.r->seconds_draws;
        b.r->seconds_total = now() - t0;
        b.r->theta_draws = o.nscenarios ? o.theta_draws : 0;
    }
    build_free(&b);
    *out = b.r;
    return rc;
}
