/* The CSV files behind every table and chart of the report (columns: docs/REPORT.md). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error_int.h"
#include "report_int.h"
#include "tariffscope/decomp.h"

static void field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Fields then numbers, comma-separated, one record. */
/* The fields of a record, without its line end. */
static void rec_fields(FILE *f, const char *const *s, size_t ns, const double *v, size_t nv)
{
    for (size_t k = 0; k < ns; k++) {
        if (k) fputc(',', f);
        field(f, s[k]);
    }
    for (size_t k = 0; k < nv; k++) {
        if (ns || k) fputc(',', f);
        tsc__rep_csv_num(f, v[k]);
    }
}

static void rec(FILE *f, const char *const *s, size_t ns, const double *v, size_t nv)
{
    rec_fields(f, s, ns, v, nv);
    fputc('\n', f);
}

static const char *reg(const tsc_report *r, size_t i)
{
    return tsc_table_region(r->table, i);
}

static int compared(const tsc_report *r, size_t i)
{
    for (size_t c = 0; c < r->ncompare; c++)
        if (r->compare[c] == i) return 1;
    return 0;
}

static const char *route_kind(const tsc_report *r, size_t m)
{
    return m == r->focus ? "direct" : m == r->dest ? "at_destination" : "via_third";
}

static void trade_profile(const tsc_report *r, FILE *f)
{
    size_t idx[256];
    size_t n = tsc__rep_order(r->exports, r->G < 256 ? r->G : 256, r->focus, idx);
    fputs("region,partner,exports_usd_m,share_pct\n", f);
    for (size_t k = 0; k < n; k++) {
        const char *s[2] = {reg(r, r->focus), reg(r, idx[k])};
        double v[2] = {r->exports[idx[k]], r->exports_total > 0 ? 100 * r->exports[idx[k]] / r->exports_total : 0};
        rec(f, s, 2, v, 2);
    }
}

static void focus_sectors(const tsc_report *r, FILE *f)
{
    fputs("sector,model_usd_bn,data_2024_usd_bn\n", f);
    for (size_t k = 0; k < r->nsectors_article; k++) {
        const tsc_report_sector *a = &r->article[k];
        const char *s[1] = {a->code};
        double v[2] = {a->model / 1000, a->data_2024 / 1000};
        rec(f, s, 1, v, 2);
    }
}

static void dest_sectors(const tsc_report *r, FILE *f)
{
    fputs("region,partner,sector,goods,exports_usd_m,data_2024_usd_m\n", f);
    for (size_t k = 0; k < r->N; k++) {
        const char *s[4] = {reg(r, r->focus), reg(r, r->dest), tsc_table_sector(r->table, k),
                            tsc_table_sector_is_goods(r->table, k) ? "1" : "0"};
        double v[2] = {r->dest_by_sector[k], r->dest_data_by_sector ? r->dest_data_by_sector[k] : NAN};
        rec(f, s, 4, v, 2);
    }
}

static void va_routes(const tsc_report *r, FILE *f)
{
    size_t idx[256];
    size_t n = tsc__rep_order(r->va_route, r->G < 256 ? r->G : 256, TSC_NONE, idx);
    fputs("origin,destination,route,route_kind,va_usd_m,share_pct\n", f);
    for (size_t k = 0; k < n; k++) {
        size_t m = idx[k];
        const char *s[4] = {reg(r, r->focus), reg(r, r->dest), reg(r, m), route_kind(r, m)};
        double v[2] = {r->va_route[m], r->va_total > 0 ? 100 * r->va_route[m] / r->va_total : 0};
        rec(f, s, 4, v, 2);
    }
}

static void scenarios(const tsc_report *r, FILE *f)
{
    fputs("scenario,label,date,description,burden_usd_m,burden_direct_usd_m,dest_revenue_change_usd_m,ge_iterations,"
          "ge_residual\n",
          f);
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        const char *str[4] = {x->name, x->label, x->date, x->description};
        double v[5] = {x->burden_total, x->burden_route[r->focus], x->revenue_change, (double)x->ge_iterations,
                       x->ge_residual};
        rec(f, str, 4, v, 5);
    }
}

static void tariffs_dest(const tsc_report *r, FILE *f)
{
    fputs("scenario,importer,exporter,compared,base_pct,rate_pct\n", f);
    for (size_t s = 0; s < r->nscen; s++)
        for (size_t i = 0; i < r->G; i++) {
            if (i == r->dest) continue;
            const char *str[4] = {r->scen[s].name, reg(r, r->dest), reg(r, i), compared(r, i) ? "1" : "0"};
            double v[2] = {r->scen[s].dest_base_pct[i], r->scen[s].dest_rate_pct[i]};
            rec(f, str, 4, v, 2);
        }
}

static void tariffs_focus(const tsc_report *r, FILE *f)
{
    fputs("scenario,importer,exporter,sector,exports_usd_m,base_pct,rate_pct\n", f);
    for (size_t s = 0; s < r->nscen; s++)
        for (size_t k = 0; k < r->N; k++) {
            if (!tsc_table_sector_is_goods(r->table, k)) continue;
            const char *str[4] = {r->scen[s].name, reg(r, r->dest), reg(r, r->focus), tsc_table_sector(r->table, k)};
            double v[3] = {r->dest_by_sector[k], r->scen[s].focus_base_pct[k], r->scen[s].focus_rate_pct[k]};
            rec(f, str, 4, v, 3);
        }
}

static void burden(const tsc_report *r, FILE *f)
{
    fputs("scenario,origin,route,route_kind,burden_usd_m,share_pct\n", f);
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        size_t idx[256];
        size_t n = tsc__rep_order(x->burden_route, r->G < 256 ? r->G : 256, TSC_NONE, idx);
        for (size_t k = 0; k < n; k++) {
            size_t m = idx[k];
            if (x->burden_route[m] == 0) continue;
            const char *str[4] = {x->name, reg(r, r->focus), reg(r, m), route_kind(r, m)};
            double v[2] = {x->burden_route[m], x->burden_total != 0 ? 100 * x->burden_route[m] / x->burden_total : 0};
            rec(f, str, 4, v, 2);
        }
    }
}

static void prices(const tsc_report *r, FILE *f)
{
    fputs("scenario,region,compared,cpi_first_order_pct,price_index_ge_pct\n", f);
    for (size_t s = 0; s < r->nscen; s++)
        for (size_t i = 0; i < r->G; i++) {
            const char *str[3] = {r->scen[s].name, reg(r, i), compared(r, i) ? "1" : "0"};
            double v[2] = {r->scen[s].cpi_pct[i], r->scen[s].price_index_pct[i]};
            rec(f, str, 3, v, 2);
        }
}

/* ge.csv: the GE figures of every region, with their 90% bands when the elasticities were drawn (empty fields
 * otherwise: no band, not a number). */
static void ge(const tsc_report *r, FILE *f)
{
    fputs("scenario,region,compared,welfare_pct,welfare_cp_pct,real_wage_pct,exports_pct,price_index_pct,"
          "welfare_p05,welfare_p95,real_wage_p05,real_wage_p95,exports_p05,exports_p95\n",
          f);
    for (size_t s = 0; s < r->nscen; s++)
        for (size_t i = 0; i < r->G; i++) {
            const tsc_report_scenario *x = &r->scen[s];
            const char *str[3] = {x->name, reg(r, i), compared(r, i) ? "1" : "0"};
            double v[5] = {x->welfare_pct[i], x->welfare_cp_pct[i], x->real_wage_pct[i], x->exports_pct[i],
                           x->price_index_pct[i]};
            rec_fields(f, str, 3, v, 5);
            const double *band[6] = {x->welfare_p05,   x->welfare_p95, x->real_wage_p05,
                                     x->real_wage_p95, x->exports_p05, x->exports_p95};
            for (size_t k = 0; k < 6; k++) {
                fputc(',', f);
                if (band[k]) tsc__rep_csv_num(f, band[k][i]);
            }
            fputc('\n', f);
        }
}

static void ge_focus_sectors(const tsc_report *r, FILE *f)
{
    fputs("scenario,region,sector,theta,exports_base,exports_new,change_pct\n", f);
    for (size_t s = 0; s < r->nscen; s++)
        for (size_t k = 0; k < r->N; k++) {
            const tsc_report_scenario *x = &r->scen[s];
            double b = x->focus_exports_base[k], a = x->focus_exports_new[k];
            const char *str[3] = {x->name, reg(r, r->focus), tsc_table_sector(r->table, k)};
            double v[4] = {r->theta ? r->theta[k] : NAN, b, a, b > 0 ? 100 * (a / b - 1) : NAN};
            rec(f, str, 3, v, 4);
        }
}

/* jobs.csv (tables with an employment account): jobs at risk by scenario and region, first order and GE. */
static void jobs(const tsc_report *r, FILE *f)
{
    fputs("scenario,region,unit,jobs_first_order,jobs_ge\n", f);
    for (size_t s = 0; s < r->nscen; s++)
        for (size_t i = 0; i < r->G; i++) {
            const char *str[3] = {r->scen[s].name, reg(r, i), r->jobs_unit};
            double v[2] = {r->scen[s].jobs_first_order[i], r->scen[s].jobs_ge[i]};
            rec(f, str, 3, v, 2);
        }
}

/* sources.csv: every figure, table and chart (its id on the page), the CSV file behind it, and its source line. */
static void sources(const tsc_report *r, FILE *f)
{
    size_t n;
    const rep_figure *fig = tsc__rep_figures(&n);
    char buf[4096];
    fputs("figure,file,what,source\n", f);
    for (size_t k = 0; k < n; k++) {
        /* the figures the report does not have: no employment account, no sectors to show, no scenarios */
        if ((strcmp(fig[k].id, "jobs") == 0 && !r->has_jobs) ||
            (strcmp(fig[k].id, "chart-focus-sectors") == 0 && !r->nsectors_article) ||
            (!r->nscen && fig[k].csv[0] && tsc__rep_figure_has_scenarios(&fig[k])))
            continue;
        tsc__rep_source_line(r, &fig[k], buf, sizeof buf);
        const char *str[4] = {fig[k].id, fig[k].csv, fig[k].what, buf};
        rec(f, str, 4, NULL, 0);
    }
}

int tsc__rep_write_csvs(const tsc_report *r, tsc_outset *set, tsc_error *err)
{
    static const struct {
        const char *name;
        void (*write)(const tsc_report *, FILE *);
    } files[] = {
        {"trade_profile.csv", trade_profile},
        {"focus_sectors.csv", focus_sectors},
        {"dest_sectors.csv", dest_sectors},
        {"va_routes.csv", va_routes},
        {"scenarios.csv", scenarios},
        {"tariffs_dest.csv", tariffs_dest},
        {"tariffs_focus.csv", tariffs_focus},
        {"burden.csv", burden},
        {"prices.csv", prices},
        {"ge.csv", ge},
        {"ge_focus_sectors.csv", ge_focus_sectors},
        {"jobs.csv", jobs},
        {"sources.csv", sources},
    };
    char path[1400];
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        if (files[k].write == jobs && !r->has_jobs) continue;
        int rc = tsc_outset_add(set, files[k].name, path, sizeof path, err);
        if (rc) return rc;
        FILE *f = fopen(path, "w");
        if (!f)
            return tsc__error(err, errno == ENOMEM ? TSC_ENOMEM : TSC_EIO, path, 0, 0,
                              "cannot write the report file: %s", strerror(errno));
        files[k].write(r, f);
        if (ferror(f) | fclose(f)) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot write the report file");
    }
    return TSC_OK;
}
