/* The focus-country report: a region's trade profile, the routes of its value added to a destination's final
 * demand, and, for a set of tariff scenarios, the first-order tariff burden and prices and the general-equilibrium
 * outcomes, side by side; written as CSV files, a self-contained HTML page with inline SVG charts, and a terminal
 * summary. Every number is computed by the engine in the run (docs/REPORT.md). */
#ifndef TARIFFSCOPE_REPORT_H
#define TARIFFSCOPE_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tariffscope/error.h"
#include "tariffscope/ge.h"
#include "tariffscope/scenario.h"
#include "tariffscope/table.h"

/* One scenario of the report: its YAML file and a short label for tables and charts (NULL: the scenario's name). */
typedef struct tsc_report_scenario_spec {
    const char *path;
    const char *label;
} tsc_report_scenario_spec;

/* Progress of a report build: a stage that starts ("GE 2/5 us-china-geneva"), with iter = 0 and residual = -1, or
 * the outer iteration of a running general-equilibrium solve. */
typedef void (*tsc_report_progress)(void *ctx, const char *stage, size_t iter, double residual);

/* The report's options. tsc_report_opts_init gives every default; a NULL focus, destination, customs_importer,
 * article_focus or article_destination also means its default. */
typedef struct tsc_report_opts {
    const char *focus;       /* region code; default "JPN" */
    const char *destination; /* region whose final demand the value-added routes end in; default "USA" */
    const tsc_report_scenario_spec *scenarios;
    size_t nscenarios;          /* at most TSC_REPORT_MAX_SCENARIOS */
    const char *const *compare; /* regions compared side by side (NULL: JPN USA CHN MEX THA VNM KOR EU, those the
                                   table has, the focus first) */
    size_t ncompare;            /* at most TSC_REPORT_MAX_COMPARE */
    const tsc_groups *groups;   /* region groups of the scenarios (may be NULL) */
    /* The table's aggregation from detailed codes (CSV kind,from,to as tsc_table_aggregate reads, e.g.
     * data/world2024/derivation/concordance.csv); NULL when the table has the detailed codes itself (WIOD). Base
     * schedules, customs lines and elasticities in detailed codes are carried to the table through it. */
    const char *aggregation;
    /* The table's base tariff schedules (tsc_schedule_opts.bases, e.g. those its meta.json names), before the
     * scenarios' own base: files; all carried to the table's cells as one common baseline. */
    const char *const *bases;
    size_t nbases;
    const char *hs_concordance; /* HS -> detailed sector CSV (data/concordance/hs2017_wiod.csv); required */
    const char *theta;          /* trade elasticities CSV sector,theta (data/concordance/theta_wiod.csv); required */
    /* US customs lines (tsc_imports_load: a folder of *hs10-imports* files); NULL: none, then US cells take the
     * scenarios' cell-level measures (HS measures through hs_weights, or none) and a warning says so. */
    const char *imports;
    /* The region whose imports the customs lines are; default "USA" (the Census files). The lines are used only
     * when the table has this region: its cells take the line-by-line rates, and when it is also the destination,
     * the trade profile shows its 2024 customs imports from the focus by sector. */
    const char *customs_importer;
    const char *countries;  /* tsc_imports_opts.countries (NULL: the default beside the imports) */
    const char *members;    /* CSV cty_code,partner,... with partner "eu": the EU aggregate's members (NULL:
                               IMPORTS/../hts/country_partner_mapping.csv) */
    const char *hs2;        /* folder of hs2-tariff-<cty>.csv member chapter totals (NULL: IMPORTS/../hs2) */
    const char *hs_weights; /* used only without imports: tsc_apply_opts.hs_weights in the table's codes */
    /* The focus's sectors named by the source article (CSV article_sector,hs_prefixes,table_sector,
     * us_imports_2024_musd,sector_us_imports_2024_musd,hs_share,nhk_estimate_musd, as data/world2024/derivation/
     * article_sectors.csv); NULL: the table's goods sectors stand for them. */
    const char *article_sectors;
    /* The focus and destination the article's sectors describe (its file names the focus's exports to the
     * destination); defaults "JPN" and "USA". For any other pair the table's goods sectors stand in for them. */
    const char *article_focus, *article_destination;
    const char *table_path; /* the table's folder, for the data description of its meta.json (may be NULL) */
    /* What the table's figures rest on, with the year of each (CSV part,source,year,file, docs/FORMATS.md
     * "sources.csv"); NULL: TABLE/sources.csv when table_path is given and the file exists, else the table's meta
     * description and the names of the files used. */
    const char *sources;
    tsc_ge_baseline baseline; /* default TSC_GE_BASELINE_OBSERVED: changes from the table's own year */
    /* Uncertainty bands of the GE figures: each scenario re-solved for theta_draws draws of the elasticities
     * (tsc_ge_draws_solve; default TSC_REPORT_THETA_DRAWS, 0: none), seed theta_seed, a sector without a published
     * standard error taking theta_se_rel times its theta (default TSC_GE_THETA_SE_REL), on theta_threads threads
     * (0: every core). */
    size_t theta_draws;
    uint64_t theta_seed;
    double theta_se_rel;
    size_t theta_threads;
    tsc_report_progress progress; /* may be NULL */
    void *progress_ctx;
} tsc_report_opts;

#define TSC_REPORT_MAX_SCENARIOS 12
/* Draws of the elasticities per scenario for the report's 90% bands: 200 keep the 5th and 95th percentiles within
 * about a tenth of the band's width of their limit, in well under a second per scenario on data/world2024. */
#define TSC_REPORT_THETA_DRAWS 200
#define TSC_REPORT_MAX_COMPARE 16

void tsc_report_opts_init(tsc_report_opts *o);

/* The shipped scenarios the report runs when none are given (`tariffscope report`, the bindings' report), with their
 * labels: paths relative to the project's scenarios/ folder. *n receives how many. */
const tsc_report_scenario_spec *tsc_report_default_scenarios(size_t *n);

/* A sector the article names: the focus's exports to the destination in the table (the table sector's flow times
 * the HS set's share of it in the 2024 customs data), the 2024 customs value, and the article's own estimate (NaN
 * when none), all in the table's unit. */
typedef struct tsc_report_sector {
    char code[64]; /* "autos_and_parts": the article file's code, or the table sector's */
    char name[64]; /* "Autos and parts" */
    size_t table_sector;
    double model, data_2024, article;
} tsc_report_sector;

/* One scenario's results. G-vectors are indexed by the table's regions. Money in the table's unit. */
typedef struct tsc_report_scenario {
    char name[128], label[64], date[11]; /* date: the state of the world applied ("" = every measure) */
    char *description;
    /* tariffs: import-weighted by the table's base flows of goods into the destination; focus_* by sector (N) */
    double *dest_base_pct, *dest_rate_pct;   /* G: the destination's tariffs on each exporter, before/after */
    double *focus_base_pct, *focus_rate_pct; /* N: the destination's tariffs on the focus by sector */
    /* first order (tsc_shock_run): burden on the focus's value added by route region (focus = direct), summed over
     * importers and sectors; consumer prices by region */
    double burden_total;
    double *burden_route;  /* G */
    double *cpi_pct;       /* G */
    double revenue_change; /* the change in the destination's tariff revenue on base flows */
    /* general equilibrium (tsc_ge_*), percent changes from the baseline */
    double *welfare_pct;    /* G: exact real income */
    double *welfare_cp_pct; /* G: Caliendo-Parro welfare (terms of trade + volume of trade) */
    double *real_wage_pct, *exports_pct, *price_index_pct; /* G; exports: to every other region, net of tariffs */
    double focus_to_dest_pct;                              /* the focus's exports to the destination */
    double *focus_exports_base, *focus_exports_new;        /* N: the focus's exports by sector (GE baseline, after) */
    size_t ge_iterations;
    double ge_residual, ge_seconds;
    /* 90% bands over opts.theta_draws draws of the elasticities (tsc_ge_draws_solve): the 5th and 95th percentiles
     * of welfare (real income), the real wage and exports, G each; NULL without draws */
    double *welfare_p05, *welfare_p95, *real_wage_p05, *real_wage_p95, *exports_p05, *exports_p95;
    size_t draws_failed; /* draws that did not converge, left out of the percentiles */
    /* jobs at risk (tsc_accounts_jobs_at_risk) by region, in the unit of the table's employment account: first
     * order (the shock's output change) and general equilibrium (the model's output change); NULL when the table has
     * no employment account */
    double *jobs_first_order, *jobs_ge;
} tsc_report_scenario;

typedef struct tsc_report {
    size_t G, N;
    const tsc_table *table; /* borrowed: must outlive the report */
    size_t focus, dest;
    size_t ncompare, compare[TSC_REPORT_MAX_COMPARE];
    char unit[64];
    int year;
    /* trade profile: the focus's goods exports (Z and Y rows of its goods sectors bought by each other region) */
    double *exports; /* G */
    double exports_total;
    double *dest_by_sector;      /* N: the focus's exports (goods and services) to the destination by sector */
    double *dest_data_by_sector; /* N: the destination's 2024 customs imports from the focus (NULL: no lines) */
    size_t nsectors_article;
    tsc_report_sector *article; /* the article's sectors (or the goods sectors, article = NaN) */
    int article_from_file;
    /* value added of the focus absorbed in the destination's final demand, by the region finishing it */
    double *va_route;                  /* G (focus = direct, dest = in the destination's own production) */
    double va_total, va_gross_exports; /* and the focus's gross exports to the destination */
    /* scenarios */
    size_t nscen;
    tsc_report_scenario *scen;
    /* what the run used, for the report's statements */
    size_t nlines;            /* customs lines used (0: none) */
    double lines_value;       /* their value, USD */
    tsc_ge_baseline baseline; /* the general-equilibrium baseline the scenarios are solved from */
    double *theta;            /* N: the trade elasticities used */
    double *theta_se;         /* N: their standard errors as drawn (the default applied); NULL without draws */
    size_t theta_draws;       /* draws of the elasticities per scenario (0: no bands) */
    double seconds_draws;
    size_t ge_clipped; /* cells clipped deriving the GE data */
    double seconds_ge, seconds_total;
    char tariff_note[512]; /* how the tariffs were built */
    char base_note[512];   /* the common baseline */
    char source[512];
    /* The data the figures rest on, with their years, by kind: the table, the customs lines, the article, the
     * base tariff schedules, the trade elasticities, the employment account (NULL: not used); each figure's source
     * line (index.html, the summary, sources.csv) joins those it rests on with the scenarios' dates. */
#define TSC_REPORT_NSOURCES 6
    char *sources[TSC_REPORT_NSOURCES];
    int has_jobs;       /* the table has an employment account (an extension's, tsc_accounts_is_employment) */
    char jobs_unit[64]; /* its unit */
} tsc_report;

/* Builds the report on table t (borrowed). The scenarios are applied from one common baseline, the union of their
 * base schedules (later files override earlier rows), carried to the table's codes through opts->aggregation
 * (several detailed cells in one table cell: their mean weighted by the exporter's 2024 US imports in the detailed
 * sector, equal weights where it has none). With customs lines, the customs importer's tariffs on each exporter and
 * sector are the import-weighted line rates of tsc_effective_rates (2024 applied base, each scenario's own date),
 * aggregated to the table's cells (partners through the aggregation, ROU as ROM, the rest to the rest region; the
 * EU aggregate's lines shared among the regions holding its members by their chapter imports); other cells take
 * tsc_scenario_apply on the common base. First order: tsc_shock_run. General equilibrium: tsc_ge_data_from_table on
 * the common base, the baseline of opts->baseline built once, one tsc_ge_solve per scenario.
 * Returns TSC_OK or an error (*out NULL); TSC_GE_WNOCONV when a solve does not converge. */
int tsc_report_build(const tsc_table *t, const tsc_report_opts *opts, tsc_report **out, tsc_error *err);
void tsc_report_free(tsc_report *r);

/* Writes the report into dir (created if missing), all files or none (output.h): index.html (self-contained:
 * inline CSS and SVG, no script, font or image from elsewhere) and the CSV files behind every table and chart
 * (docs/REPORT.md): trade_profile.csv, focus_sectors.csv, dest_sectors.csv, va_routes.csv, scenarios.csv,
 * tariffs_dest.csv, tariffs_focus.csv, burden.csv, prices.csv, ge.csv, and jobs.csv when the table has an
 * employment account. */
int tsc_report_write(const tsc_report *r, const char *dir, tsc_error *err);

/* The terminal summary: aligned tables with units and a one-line takeaway per section. */
void tsc_report_print(const tsc_report *r, FILE *f);

#endif
