/* A table's tariff schedule: the base tariffs of every importer x exporter x sector cell, carried from the
 * detailed codes they are published in (WIOD 2013 regions and sectors, HS lines of customs data) to the table's
 * codes, and the rates a scenario gives from it. The one place where the report, `shock`, `solve` and every other
 * client turn a scenario into a table's tariffs, so that the same question gets the same number everywhere.
 * docs/SCENARIOS.md ("How a scenario reaches a table"). */
#ifndef TARIFFSCOPE_SCHEDULE_H
#define TARIFFSCOPE_SCHEDULE_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/scenario.h"
#include "tariffscope/table.h"

typedef struct tsc_schedule_opts {
    const tsc_groups *groups; /* region groups of the measures (may be NULL) */
    /* The table's aggregation from detailed codes (CSV kind,from,to as tsc_table_aggregate reads); NULL when the
     * table has the detailed codes itself (WIOD). Partners and detailed cells are carried through it; a partner
     * it does not name goes to the rest of the world (RoW's target, else the region ROW or RoW). */
    const char *aggregation;
    /* Base schedules (CSV importer,exporter,sector,rate_pct in detailed or table codes; region groups, all and
     * goods allowed), in order: a later row overrides an earlier one. Several detailed cells of one table cell
     * are averaged, weighted by the customs value of the exporter in the detailed sector when customs lines are
     * given, else equally. */
    const char *const *bases;
    size_t nbases;
    /* Customs lines of one importer (tsc_imports_load: a folder of *hs10-imports* files; NULL: none) and what
     * they need: the HS concordance to the detailed sectors (required with imports), the countries file
     * (tsc_imports_opts.countries; NULL: the default beside the imports), the EU aggregate's members (CSV
     * cty_code,partner,... with partner "eu"; NULL: IMPORTS/../hts/country_partner_mapping.csv) and their imports
     * by HS chapter (folder of hs2-tariff-<cty>.csv; NULL: IMPORTS/../hs2). */
    const char *imports;
    const char *hs_concordance;
    const char *countries;
    const char *members;
    const char *hs2;
    const char *importer; /* the customs lines' importer in the table; NULL: "USA" */
    /* Without customs lines only: CSV importer,exporter,hs,sector,value in the table's codes, the weights that
     * let measures on HS lines reach part of a cell (tsc_apply_opts.hs_weights). */
    const char *hs_weights;
} tsc_schedule_opts;

void tsc_schedule_opts_init(tsc_schedule_opts *o);

typedef struct tsc_schedule tsc_schedule;

/* What became of the customs lines: every line's 2024 value lands in a table cell, or is counted here. */
typedef struct tsc_schedule_lines {
    size_t nlines;           /* lines read */
    double value_in;         /* their import value (USD) */
    double value_placed;     /* in a cell of the table: importer x exporter region x sector */
    double value_no_sector;  /* lines whose HS code no table sector covers (chapters 98, 99) */
    double value_no_partner; /* partners the table can place nowhere (no region and no rest of world) */
    double value_own;        /* the importer's own goods returned (they are not imports of the model) */
    size_t npartners_rest;   /* partners folded into the rest of the world */
    size_t npartners_split;  /* 1 when the EU aggregate was split among the table's regions by HS chapter */
} tsc_schedule_lines;

/* Reads what the schedule needs and builds the table's base tariffs: base schedules carried to the table's cells,
 * then, for the importer of the customs lines, each cell the import-weighted mean of its lines' 2024 applied rates
 * (duty / value). The table is borrowed and must outlive the schedule. */
int tsc_schedule_new(const tsc_table *t, const tsc_schedule_opts *opts, tsc_schedule **out, tsc_error *err);
void tsc_schedule_free(tsc_schedule *s);

/* The base tariffs (percent), rate[(n * G + i) * N + k]; G*G*N, owned by the schedule. */
const double *tsc_schedule_base(const tsc_schedule *s);
/* Customs lines' accounting (all zero without imports). */
const tsc_schedule_lines *tsc_schedule_lines_info(const tsc_schedule *s);
/* Customs value by exporter region and sector of the importer's lines placed in the table (G*N, caller-owned),
 * and the importer's region index; returns TSC_NONE when there are no lines. */
size_t tsc_schedule_line_cells(const tsc_schedule *s, double *value);
/* Sentences on how the schedule was built (base rows carried, cells averaged, rows outside the table; customs
 * lines placed and left out, with shares of the importer's imports), one per line. */
const char *tsc_schedule_notes(const tsc_schedule *s);
/* The first of them alone: how the base schedules were carried ("" when there were none). */
const char *tsc_schedule_base_note(const tsc_schedule *s);

/* The rates of scenario sc on the schedule: its measures in force on date ("YYYY-MM-DD"; NULL: the scenario's
 * date:, else every measure) applied to every cell from the schedule's base, and, for the importer of the customs
 * lines, to every line from its own 2024 rate, the cell taking the import-weighted mean of its lines. The
 * scenario's own base: file is not read: name it among opts.bases (a table's base schedules are its metadata).
 * out->base is the schedule's base. date_applied (11 bytes, may be NULL) receives the date used ("" for every
 * measure). */
int tsc_schedule_apply(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_tariffs *out,
                       char *date_applied, tsc_error *err);

/* What one measure of a scenario reaches on the schedule's table (tsc_schedule_check), in two parts with their own
 * units, counted while the rates are computed as tsc_schedule_apply computes them. */
typedef struct tsc_measure_report {
    int in_force;            /* 1: the measure applies on the date used (or every measure counts); else 0 and the
                                statistics are zero */
    tsc_measure_stats lines; /* the customs importer's cells that have customs lines, through the lines: cells
                                (exporter x sector of that importer), lines, and value = the lines' import value
                                in USD placed in the table (a line of the EU aggregate split among the regions of
                                its members, lines of no sector or no place left out) */
    tsc_measure_stats cells; /* every other cell, each weighing the table's imports of it: the exporter's sector row
                                of Z in the importer's columns plus the importer's final demand of it (the table's
                                unit); lines counts rows of import weights (tsc_schedule_opts.hs_weights) */
} tsc_measure_report;

/* The statistics of every measure of sc (out: tsc_scenario_nmeasures(sc) entries, caller-allocated, overwritten)
 * when sc is applied on the schedule as tsc_schedule_apply applies it, with the same date rule; date_applied as
 * there. A measure in force that reaches nothing on the table has both parts zero: a region, sector or HS code
 * the table or the customs lines do not have under regions_optional, an HS measure on an importer without lines,
 * a measure on a region's own goods. total (may be NULL) gets the scenario as a whole in the same two parts: every
 * cell of positive weight (importer != exporter) and every placed line, before = sum of w * base rate, after = sum
 * of w * the scenario's rate. Scenario errors are those of tsc_schedule_apply (file:line:col). */
int tsc_schedule_check(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_measure_report *out,
                       tsc_measure_report *total, char *date_applied, tsc_error *err);

/* ---- A table's tariff sources ----------------------------------------------------------------------------------
 * Where a table's schedule and elasticities come from when the caller does not name them: the files the table names
 * in its meta.json ("tariffs", tsc_table_files), else the project's defaults for the WIOD codes in data_dir
 * (concordance/hs2017_wiod.csv, concordance/theta_wiod.csv, tariffs/us_2024_applied.csv and
 * tariffs/cjk_2005_applied.csv), then the scenarios' own base: files; and the 2024 US customs lines of the shared data
 * (shared_dir/data/us-tariffs-2025/hs10-imports-2024) when the table has the US and they are there. The command's
 * shock, solve, scenario check and report and the bindings all find them here, so they apply a scenario alike. */

#define TSC_SOURCES_MAX_BASES 16

typedef struct tsc_sources_opts {
    const char *data_dir;   /* the project's data folder (the defaults above); NULL: no defaults */
    const char *shared_dir; /* the shared data folder (the customs lines); NULL: no customs lines unless imports */
    const tsc_groups *groups;
    /* What the caller names overrides what is found (NULL: find it): */
    const char *aggregation, *hs_concordance, *theta;
    const char *base_csv; /* the one base schedule: neither the table's nor the scenarios' are then used */
    const char *imports;  /* customs lines folder; an error when it does not exist */
    int no_imports;       /* 1: no customs lines at all */
    const char *countries, *members, *hs2, *hs_weights; /* passed to tsc_schedule_opts as they are */
} tsc_sources_opts;

void tsc_sources_opts_init(tsc_sources_opts *o);

/* What was found. so and theta point into the struct itself or into the table, the scenarios and the options, so
 * it must stay where it was filled and they must outlive it. */
typedef struct tsc_sources {
    tsc_schedule_opts so; /* for tsc_schedule_new */
    const char *theta;    /* trade elasticities CSV (tsc_ge_theta_read), NULL when none was found */
    const char *bases[TSC_SOURCES_MAX_BASES];
    size_t nbases;    /* the base schedules in so.bases, each file once */
    int lines_absent; /* the table has the US but the shared data's customs lines are not there */
    char hsc[1100], thetab[1100], imports[1100], defb[2][1100];
} tsc_sources;

/* Fills out for table t and the scenarios sc (nsc of them, may be 0). Returns TSC_OK, or TSC_EIO naming opts->imports
 * when it does not exist. */
int tsc_sources_find(const tsc_table *t, const tsc_sources_opts *opts, const tsc_scenario *const *sc, size_t nsc,
                     tsc_sources *out, tsc_error *err);

#endif
