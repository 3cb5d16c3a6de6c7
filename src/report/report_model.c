/* Assembles the report's numbers: trade profile, value-added routes, and per scenario the tariffs, first-order
 * burden and prices, and the general-equilibrium outcomes (docs/REPORT.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "codemap_int.h"
#include "report_int.h"
#include "tariffscope/decomp.h"
#include "tariffscope/leontief.h"
#include "tariffscope/schedule.h"
#include "tariffscope/shock.h"

static const char *const default_compare[] = {"JPN", "USA", "CHN", "MEX", "THA", "VNM", "KOR", "EU"};

void tsc_report_opts_init(tsc_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->focus = "JPN";
    o->destination = "USA";
    /* Changes from the table's own year: with Caliendo and Parro's zero-deficit baseline, removing the 2024 deficits
     * first moves the flows of sectors with large trade elasticities far from the data (refined petroleum, theta
     * 64.85: Japan's exports quadruple before any tariff changes). */
    o->baseline = TSC_GE_BASELINE_OBSERVED;
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
    double *v[] = {s->dest_base_pct, s->dest_rate_pct, s->focus_base_pct, s->focus_rate_pct, s->burden_route, s->cpi_pct,
                   s->welfare_pct, s->welfare_cp_pct, s->real_wage_pct, s->exports_pct, s->price_index_pct,
                   s->focus_exports_base, s->focus_exports_new};
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
    tsc__free(r);
}

static int scen_alloc(tsc_report_scenario *s, size_t G, size_t N)
{
    double **g[] = {&s->dest_base_pct, &s->dest_rate_pct, &s->burden_route, &s->cpi_pct, &s->welfare_pct,
                    &s->welfare_cp_pct, &s->real_wage_pct, &s->exports_pct, &s->price_index_pct};
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
        if (k == TSC_NONE) { rc = tsc__csv_error_at(in, col[1], err, TSC_ELABEL, "unknown sector '%s'", tsc__csv_field(in, col[1])); break; }
        double data, share, est = NAN;
        if ((rc = tsc__csv_number(in, col[2], &data, err)) || (rc = tsc__csv_number(in, col[3], &share, err))) break;
        if (tsc__csv_flen(in, col[4]) && (rc = tsc__csv_number(in, col[4], &est, err))) break;
        if (r->nsectors_article == cap) {
            cap = cap ? 2 * cap : 8;
            tsc_report_sector *p = tsc__realloc(r->article, cap * sizeof *p);
            if (!p) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); break; }
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

/* The "source" of a native table's meta.json, when there is one. */
static void meta_source(const char *dir, char *buf, size_t size)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    const char *s = root ? json_string_value(json_object_get(root, "source")) : NULL;
    if (s) snprintf(buf, size, "%s", s);
    json_decref(root);
}

typedef struct progress_ctx {
    const tsc_report_opts *o;
    char stage[160];
} progress_ctx;

static void say(progress_ctx *p, const char *stage)
{
    snprintf(p->stage, sizeof p->stage, "%s", stage);
    if (p->o->progress) p->o->progress(p->o->progress_ctx, p->stage, 0, -1);
}

static void ge_progress(void *ctx, const char *stage, size_t iter, double residual)
{
    progress_ctx *p = ctx;
    (void)stage;
    if (p->o->progress) p->o->progress(p->o->progress_ctx, p->stage, iter, residual);
}

static int compare_list(tsc_report *r, const tsc_report_opts *o, tsc_error *err)
{
    const char *const *list = o->compare ? o->compare : default_compare;
    size_t n = o->compare ? o->ncompare : sizeof default_compare / sizeof *default_compare;
    if (n > TSC_REPORT_MAX_COMPARE) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "more than %d regions to compare", TSC_REPORT_MAX_COMPARE);
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

int tsc_report_build(const tsc_table *t, const tsc_report_opts *opts, tsc_report **out, tsc_error *err)
{
    tsc_report_opts def;
    tsc_report_opts_init(&def);
    const tsc_report_opts *o = opts ? opts : &def;
    *out = NULL;
    if (o->nscenarios > TSC_REPORT_MAX_SCENARIOS)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "more than %d scenarios", TSC_REPORT_MAX_SCENARIOS);
    if (!o->theta) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the report needs trade elasticities (opts.theta)");
    if (o->imports && !o->hs_concordance)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "customs lines need an HS concordance (opts.hs_concordance)");
    double t0 = now();
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), cells = G * G * N;
    tsc_report *r = tsc__calloc(1, sizeof *r);
    tsc_schedule *sch = NULL;
    tsc_leontief *lf = NULL;
    tsc_decomp *dc = NULL;
    tsc_dresult routes = {0};
    tsc_scenario *sc[TSC_REPORT_MAX_SCENARIOS] = {0};
    double *tnew[TSC_REPORT_MAX_SCENARIOS] = {0};
    double *tbase = NULL, *theta = NULL, *cellv = NULL, *flow_dest = NULL;
    const char **bases = NULL;
    tsc_ge_data *raw = NULL, *base = NULL;
    progress_ctx pc = {o, ""};
    int rc = TSC_OK;
    if (!r) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    r->G = G;
    r->N = N;
    r->table = t;
    snprintf(r->unit, sizeof r->unit, "%s", tsc_table_unit(t));
    snprintf(r->source, sizeof r->source, "%s", tsc_table_source(t));
    if (o->table_path) meta_source(o->table_path, r->source, sizeof r->source);
    r->year = tsc_table_year(t);
    r->baseline = o->baseline;
    if ((rc = tsc_table_region_index(t, o->focus ? o->focus : "JPN", &r->focus, err)) ||
        (rc = tsc_table_region_index(t, o->destination ? o->destination : "USA", &r->dest, err)))
        goto fail;
    if (r->focus == r->dest) { rc = tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the focus and the destination are the same region"); goto fail; }
    if ((rc = compare_list(r, o, err))) goto fail;

    /* ---- trade profile ---- */
    say(&pc, "trade profile");
    r->exports = tsc__alloc_doubles(G, 1);
    r->dest_by_sector = tsc__alloc_doubles(N, 1);
    r->va_route = tsc__alloc_doubles(G, 1);
    flow_dest = tsc__alloc_doubles(G * N, 1);
    if (!r->exports || !r->dest_by_sector || !r->va_route || !flow_dest) goto nomem;
    for (size_t p = 0; p < G; p++) {
        if (p == r->focus) continue;
        for (size_t k = 0; k < N; k++)
            if (tsc_table_sector_is_goods(t, k)) r->exports[p] += sales(t, r->focus, k, p);
        r->exports_total += r->exports[p];
    }
    for (size_t i = 0; i < G; i++)
        for (size_t k = 0; k < N && i != r->dest; k++) flow_dest[i * N + k] = sales(t, i, k, r->dest);
    for (size_t k = 0; k < N; k++) {
        r->dest_by_sector[k] = flow_dest[r->focus * N + k];
        r->va_gross_exports += r->dest_by_sector[k];
    }

    /* ---- the tariff schedule (base schedules, customs lines) and the article's sectors ---- */
    if (!(r->scen = tsc__calloc(o->nscenarios ? o->nscenarios : 1, sizeof *r->scen))) goto nomem;
    if (!(bases = tsc__calloc(o->nscenarios ? o->nscenarios : 1, sizeof *bases))) goto nomem;
    size_t nbases = 0;
    for (size_t s = 0; s < o->nscenarios; s++) {
        if ((rc = tsc_scenario_load(o->scenarios[s].path, &sc[s], err))) goto fail;
        const char *b = tsc_scenario_base(sc[s]);
        int seen = 0;
        for (size_t k = 0; k < nbases && b; k++) seen |= strcmp(bases[k], b) == 0;
        if (b && !seen) bases[nbases++] = b;
    }
    say(&pc, o->imports ? "customs lines and common baseline" : "common baseline");
    tsc_schedule_opts so;
    tsc_schedule_opts_init(&so);
    so.groups = o->groups;
    so.aggregation = o->aggregation;
    so.bases = bases;
    so.nbases = nbases;
    size_t usa;
    tsc_error probe;
    /* the customs lines are US imports: a table without the US has no use for them */
    so.imports = tsc_table_region_index(t, "USA", &usa, &probe) == TSC_OK ? o->imports : NULL;
    so.hs_concordance = o->hs_concordance;
    so.countries = o->countries;
    so.members = o->members;
    so.hs2 = o->hs2;
    so.hs_weights = o->hs_weights;
    if ((rc = tsc_schedule_new(t, &so, &sch, err))) goto fail;
    const tsc_schedule_lines *li = tsc_schedule_lines_info(sch);
    r->nlines = li->nlines;
    r->lines_value = li->value_placed;
    snprintf(r->base_note, sizeof r->base_note, "%s", tsc_schedule_notes(sch));
    {
        char *nl = strchr(r->base_note, '\n');
        if (nl) *nl = '\0';
        if (strncmp(r->base_note, "base: ", 6) == 0) memmove(r->base_note, r->base_note + 6, strlen(r->base_note + 6) + 1);
    }
    if (li->nlines && strcmp(tsc_table_region(t, r->dest), "USA") == 0) {
        if (!(cellv = tsc__alloc_doubles(G * N, 0)) || !(r->dest_data_by_sector = tsc__alloc_doubles(N, 1))) goto nomem;
        tsc_schedule_line_cells(sch, cellv);
        /* customs values are in USD; tables in USD million */
        double scale = strstr(r->unit, "million") ? 1e-6 : 1;
        for (size_t k = 0; k < N; k++) r->dest_data_by_sector[k] = scale * cellv[r->focus * N + k];
    }
    if (o->article_sectors && strcmp(tsc_table_region(t, r->focus), "JPN") == 0 &&
        strcmp(tsc_table_region(t, r->dest), "USA") == 0) {
        if ((rc = read_article(r, o->article_sectors, err))) goto fail;
    } else if (goods_sectors(r)) {
        goto nomem;
    }

    /* ---- value-added routes ---- */
    say(&pc, "value-added routes");
    if ((rc = tsc_leontief_new(t, &lf, err)) || (rc = tsc_decomp_new(t, lf, &dc, err)) ||
        (rc = tsc_decomp_routes(dc, r->focus, r->dest, 1, &routes, err)))
        goto fail;
    for (size_t row = 0; row < routes.nrow; row++) {
        r->va_route[routes.exporter[row]] += routes.v[row];
        r->va_total += routes.v[row];
    }
    tsc_dresult_free(&routes);
    tsc_decomp_free(dc);
    dc = NULL;

    /* ---- scenarios: tariffs from one common baseline, first-order effects ---- */
    if (li->nlines)
        snprintf(r->tariff_note, sizeof r->tariff_note,
                 "US tariffs line by line on %zu customs lines of 2024 (each line's 2024 applied rate, then the "
                 "scenario's measures in force on its date), import-weighted into the table's cells; other cells "
                 "from the scenario's measures on the common baseline", r->nlines);
    else
        snprintf(r->tariff_note, sizeof r->tariff_note,
                 "every cell from the scenario's measures on the common baseline%s (no customs lines: US measures on "
                 "HS lines are approximate or left out)", o->hs_weights ? ", HS measures through the import weights" : "");
    if (!(tbase = tsc__alloc_doubles(cells, 0))) goto nomem;
    for (size_t s = 0; s < o->nscenarios; s++) {
        tsc_report_scenario *rs = &r->scen[s];
        char msg[160];
        snprintf(msg, sizeof msg, "tariffs and first-order effects %zu/%zu %s", s + 1, o->nscenarios, tsc_scenario_name(sc[s]));
        say(&pc, msg);
        r->nscen = s + 1;
        if (scen_alloc(rs, G, N)) goto nomem;
        snprintf(rs->name, sizeof rs->name, "%s", tsc_scenario_name(sc[s]));
        snprintf(rs->label, sizeof rs->label, "%.63s", o->scenarios[s].label ? o->scenarios[s].label : rs->name);
        const char *desc = tsc_scenario_description(sc[s]);
        if (!(rs->description = tsc__strdup(desc ? desc : ""))) goto nomem;
        tsc_tariffs tr = {0};
        if ((rc = tsc_schedule_apply(sch, sc[s], NULL, &tr, rs->date, err))) goto fail;
        if (s == 0) memcpy(tbase, tr.base, cells * sizeof *tbase);
        if (!(tnew[s] = tsc__alloc_doubles(cells, 0))) { tsc_tariffs_free(&tr); goto nomem; }
        for (size_t c = 0; c < cells; c++) tnew[s][c] = tr.rate[c] / 100;
        for (size_t i = 0; i < G; i++) {
            double w = 0, b = 0, a = 0;
            for (size_t k = 0; k < N; k++) {
                size_t c = (r->dest * G + i) * N + k;
                if (!tsc_table_sector_is_goods(t, k)) continue; /* a tariff on goods: services would dilute it */
                w += flow_dest[i * N + k];
                b += flow_dest[i * N + k] * tr.base[c];
                a += flow_dest[i * N + k] * tr.rate[c];
            }
            rs->dest_base_pct[i] = w > 0 ? b / w : 0;
            rs->dest_rate_pct[i] = w > 0 ? a / w : 0;
        }
        for (size_t k = 0; k < N; k++) {
            rs->focus_base_pct[k] = tr.base[(r->dest * G + r->focus) * N + k];
            rs->focus_rate_pct[k] = tr.rate[(r->dest * G + r->focus) * N + k];
        }
        tsc_shock sk = {0};
        rc = tsc_shock_run(t, lf, &tr, &sk, err);
        tsc_tariffs_free(&tr);
        if (rc) goto fail;
        for (size_t m = 0; m < G; m++) {
            double b = 0;
            for (size_t imp = 0; imp < G; imp++)
                for (size_t k = 0; k < N; k++) b += sk.burden[((r->focus * G + imp) * G + m) * N + k];
            rs->burden_route[m] = b;
            rs->burden_total += b;
        }
        memcpy(rs->cpi_pct, sk.cpi_change, G * sizeof *rs->cpi_pct);
        rs->revenue_change = sk.revenue[r->dest] - sk.revenue_base[r->dest];
        tsc_shock_free(&sk);
    }

    /* ---- general equilibrium: one baseline, one solve per scenario ---- */
    double tg = now();
    if (o->nscenarios) {
        say(&pc, "GE model data");
        const char **sl = tsc__malloc((N ? N : 1) * sizeof *sl);
        if (!sl || !(theta = tsc__alloc_doubles(N, 0))) { tsc__free(sl); goto nomem; }
        for (size_t k = 0; k < N; k++) sl[k] = tsc_table_sector(t, k);
        rc = tsc_ge_theta_read(o->theta, o->aggregation, N, sl, theta, err);
        tsc__free(sl);
        if (rc) goto fail;
        r->theta = theta;
        theta = NULL;
        for (size_t c = 0; c < cells; c++) tbase[c] /= 100;
        if ((rc = tsc_ge_data_from_table(t, tbase, r->theta, &raw, &r->ge_clipped, err))) goto fail;
        tsc_ge_opts go;
        tsc_ge_opts_init(&go);
        say(&pc, o->baseline == TSC_GE_BASELINE_OBSERVED ? "GE baseline (observed deficits)" : "GE baseline (zero deficits)");
        if ((rc = tsc_ge_baseline_build(raw, o->baseline, &go, ge_progress, &pc, &base, NULL, err))) goto fail;
        const double *F0 = tsc_ge_data_flows(base);
        for (size_t s = 0; s < o->nscenarios; s++) {
            tsc_report_scenario *rs = &r->scen[s];
            char msg[160];
            snprintf(msg, sizeof msg, "GE %zu/%zu %s", s + 1, o->nscenarios, rs->name);
            say(&pc, msg);
            tsc_ge_result res = {0};
            tsc_ge_outcome oc = {0};
            double ts = now();
            rc = tsc_ge_solve(base, tnew[s], &go, ge_progress, &pc, &res, err);
            if (rc == TSC_OK) rc = tsc_ge_outcome_compute(base, tnew[s], &res, &oc, err);
            if (rc) { tsc_ge_result_free(&res); goto fail; }
            rs->ge_seconds = now() - ts;
            rs->ge_iterations = res.iterations;
            rs->ge_residual = res.residual;
            double fd0 = 0, fd1 = 0;
            for (size_t i = 0; i < G; i++) {
                double e0 = 0, e1 = 0;
                for (size_t m = 0; m < G; m++)
                    for (size_t j = 0; j < N && m != i; j++) {
                        e0 += F0[(m * G + i) * N + j];
                        e1 += res.flows[(m * G + i) * N + j];
                    }
                rs->exports_pct[i] = e0 > 0 ? 100 * (e1 / e0 - 1) : 0;
                rs->welfare_pct[i] = oc.real_income[i];
                rs->welfare_cp_pct[i] = oc.welfare_cp[i];
                rs->real_wage_pct[i] = oc.real_wage[i];
                rs->price_index_pct[i] = 100 * (res.price_index_hat[i] - 1);
            }
            for (size_t j = 0; j < N; j++) {
                fd0 += F0[(r->dest * G + r->focus) * N + j];
                fd1 += res.flows[(r->dest * G + r->focus) * N + j];
            }
            rs->focus_to_dest_pct = fd0 > 0 ? 100 * (fd1 / fd0 - 1) : 0;
            for (size_t m = 0; m < G; m++)
                for (size_t j = 0; j < N && m != r->focus; j++) {
                    rs->focus_exports_base[j] += F0[(m * G + r->focus) * N + j];
                    rs->focus_exports_new[j] += res.flows[(m * G + r->focus) * N + j];
                }
            tsc_ge_outcome_free(&oc);
            tsc_ge_result_free(&res);
        }
    }
    r->seconds_ge = now() - tg;
    r->seconds_total = now() - t0;
    goto done;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    tsc_report_free(r);
    r = NULL;
done:
    tsc_dresult_free(&routes);
    tsc_decomp_free(dc);
    tsc_leontief_free(lf);
    tsc_schedule_free(sch);
    for (size_t s = 0; s < TSC_REPORT_MAX_SCENARIOS; s++) {
        tsc_scenario_free(sc[s]);
        tsc__free(tnew[s]);
    }
    tsc__free(bases);
    tsc__free(tbase);
    tsc__free(theta);
    tsc__free(cellv);
    tsc__free(flow_dest);
    tsc_ge_data_free(raw);
    tsc_ge_data_free(base);
    *out = r;
    return rc;
}
