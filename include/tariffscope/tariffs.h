/* Tariffs at the level of customs lines: import lines by HS code and partner, the HS -> table-sector
 * concordance, import weights aggregated to table sectors, and the effective tariff rate a scenario gives when
 * its measures are applied line by line. Formats and rules: docs/CLI.md ("tariffscope tariffs"),
 * docs/SCENARIOS.md, data/concordance/README.md. */
#ifndef TARIFFSCOPE_TARIFFS_H
#define TARIFFSCOPE_TARIFFS_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/scenario.h"

/* ---- HS -> sector concordance ---------------------------------------------------------------------------- */

/* CSV "hs,sector[,description]": hs is a 2- to 10-digit HS prefix (a chapter, heading or subheading), sector a
 * table sector code. A code belongs to the sector of its longest listed prefix, so a chapter row gives the
 * default and heading rows the exceptions (e.g. 84 -> c13 with 8471 -> c14). Duplicate prefixes, non-digit or
 * odd-length codes and empty sectors are errors located at file:line:col. */
typedef struct tsc_hs_concord tsc_hs_concord;

int tsc_hs_concord_load(const char *path, tsc_hs_concord **out, tsc_error *err);
void tsc_hs_concord_free(tsc_hs_concord *c);

/* The sector of an HS code (digits), or NULL when no listed prefix covers it. */
const char *tsc_hs_concord_sector(const tsc_hs_concord *c, const char *hs);
/* The distinct sector codes, in natural order (c2 before c10). */
size_t tsc_hs_concord_nsectors(const tsc_hs_concord *c);
const char *tsc_hs_concord_sector_code(const tsc_hs_concord *c, size_t s);
/* Index of a sector code among those, or (size_t)-1. */
size_t tsc_hs_concord_sector_index(const tsc_hs_concord *c, const char *sector);

/* ---- import lines ---------------------------------------------------------------------------------------- */

/* One customs line of one partner: HS code (digits, NUL-terminated), import value and calculated duty
 * (same currency; US Census CON_VAL_YR and CAL_DUT_YR). */
typedef struct tsc_import_line {
    char hs[12];
    size_t partner; /* index into the partners */
    double value, duty;
} tsc_import_line;

typedef struct tsc_imports tsc_imports;

typedef struct tsc_imports_opts {
    const char *countries; /* CSV "cty_code,iso3": partner codes by Census country code. NULL: DIR/../hts/
                            * census_to_iso3.csv. The Census European Union aggregate (0003) is "EU" unless the
                            * file names it. */
} tsc_imports_opts;

/* Reads every file of dir whose name contains "hs10-imports" and ends in .csv or .csv.gz (dir may also be one
 * such file): US Census import files with the columns CTY_CODE, I_COMMODITY, CON_VAL_YR and CAL_DUT_YR (others
 * ignored). Partners are named by their ISO3 code. Errors are located at file:line:col (unknown country code,
 * non-digit HS code, negative or non-numeric values, a partner in two files, the same line twice). */
int tsc_imports_load(const char *dir, const tsc_imports_opts *opts, tsc_imports **out, tsc_error *err);
void tsc_imports_free(tsc_imports *im);

/* The lines, in file order (files sorted by name). */
const tsc_import_line *tsc_imports_lines(const tsc_imports *im, size_t *nlines);
size_t tsc_imports_npartners(const tsc_imports *im);
const char *tsc_imports_partner(const tsc_imports *im, size_t p);     /* ISO3 code, or "EU" */
const char *tsc_imports_census_code(const tsc_imports *im, size_t p); /* e.g. "5880" */
/* Index of a partner code, or (size_t)-1. */
size_t tsc_imports_partner_index(const tsc_imports *im, const char *code);
/* The partner code of a Census country code by the countries file (whether or not the imports hold it), or NULL. */
const char *tsc_imports_country(const tsc_imports *im, const char *cty_code);

/* ---- import weights by exporter, HS line and table sector ------------------------------------------------ */

typedef struct tsc_hs_weights_opts {
    const char *importer; /* the importer's code in the output; NULL: "USA" */
    size_t digits;        /* HS digits kept (2..10); lines are summed by prefix; 0: 10 */
    /* Region codes of a table (NULL: partners keep their codes, and the EU aggregate stays "EU"). With them, a
     * partner the table lacks goes to rest (NULL: RoW's target in the aggregation, else ROW or RoW as the table
     * has; a rest the table lacks is an error), Romania's ISO3 ROU becomes ROM when the
     * table has ROM (WIOD's code), and the EU aggregate is split among the member states listed in members_csv
     * (CSV "cty_code,partner,country_name", rows with partner "eu") in proportion to each member's imports in
     * the line's HS chapter (hs2_dir/hs2-tariff-<cty_code>.csv, columns HS2 and 2024_imports). A member with
     * its own line file keeps its own lines, and the aggregate's remainder is shared by the others, so the EU
     * total is kept. */
    const char *const *regions;
    size_t nregions;
    const char *rest;
    const char *members_csv; /* NULL: DIR/../hts/country_partner_mapping.csv next to the import files */
    const char *hs2_dir;     /* NULL: DIR/../hs2 */
    const char *imports_dir; /* the folder the imports came from, for the two defaults above */
    /* With regions: the table's aggregation from detailed codes (CSV kind,from,to), which places the partners and
     * the EU's members the table lacks (AUS -> ROW, AUT -> EU); then the rest region defaults to RoW's target. */
    const char *aggregation;
} tsc_hs_weights_opts;

/* One row of the weights: value and duty of the lines of exporter e whose code starts with hs, in sector s. */
typedef struct tsc_hs_weight {
    size_t exporter, sector;
    char hs[12];
    double value, duty;
} tsc_hs_weight;

typedef struct tsc_hs_weights {
    char *importer;
    size_t nexporters;
    char **exporter; /* sorted */
    size_t nsectors; /* the concordance's sectors */
    char **sector;
    size_t n;
    tsc_hs_weight *row;    /* sorted by exporter, hs, sector; value > 0 */
    double value_in;       /* value of every line read */
    double value_mapped;   /* of the lines the concordance maps: the sum of row[].value */
    size_t unmapped_lines; /* lines left out: no sector (HS chapters 98, 99: US special provisions) */
    double value_unmapped;
} tsc_hs_weights;

/* Aggregates the import lines by exporter, HS prefix and sector: sum of row values = value_mapped, and
 * value_mapped + value_unmapped = value_in (up to rounding). Written by the CLI as the --hs-weights CSV
 * "importer,exporter,hs,sector,value" that tsc_scenario_apply reads for {hs: [...]} measures. */
int tsc_hs_weights_build(const tsc_imports *im, const tsc_hs_concord *c, const tsc_hs_weights_opts *opts,
                         tsc_hs_weights *out, tsc_error *err);
void tsc_hs_weights_free(tsc_hs_weights *w);

/* Import-weighted average rate (percent) by exporter and sector: rate[e * nsectors + s] and the value behind it
 * value[e * nsectors + s] (both caller-allocated, nexporters x nsectors). rates_csv NULL: the applied rate of the
 * lines, 100 * sum(duty) / sum(value). Otherwise a CSV "hs,rate_pct" or "exporter,hs,rate_pct" (exporter as in
 * the weights, or "all"); each row of the weights takes the rate of its longest matching prefix (an exporter's
 * own rows before "all" rows); rows with no rate are left out of the average and counted in *missing. A cell
 * with no value has rate 0. */
int tsc_hs_weights_rates(const tsc_hs_weights *w, const char *rates_csv, double *rate, double *value, size_t *missing,
                         tsc_error *err);

/* ---- effective rates of a scenario, line by line --------------------------------------------------------- */

typedef enum tsc_line_base {
    TSC_BASE_APPLIED = 0, /* each line's 2024 applied rate, 100 * duty / value (MFN, preferences, Section 301) */
    TSC_BASE_ZERO = 1     /* zero: the rate of the scenario's measures alone (the tracker's convention) */
} tsc_line_base;

typedef struct tsc_effective_opts {
    const tsc_groups *groups; /* may be NULL: partner codes and "all" only */
    const char *date;         /* "YYYY-MM-DD": measures in force on that date; NULL: the scenario's date:,
                                 else every measure */
    tsc_line_base base;
    const char *importer;          /* NULL: "USA"; measures whose importer does not reach it are skipped */
    const tsc_hs_concord *concord; /* needed only by measures that name table sectors (sectors: c15) */
    tsc_measure_stats *stats;      /* NULL, or one entry per measure of the scenario (tsc_scenario_nmeasures),
                                      zeroed by the caller: the lines each measure in force reached, weighted by
                                      their import value (cells stays 0); the rates are the same with or without */
    /* NULL, or per partner (tsc_imports_npartners) the code of the table region its lines are placed in (NULL for
     * none): a measure naming that region reaches the partner's lines, and the code is a known region (ROW reaches
     * Australia's lines on a table that folds Australia into ROW). tsc_schedule_apply gives it. */
    const char *const *partner_region;
} tsc_effective_opts;

typedef struct tsc_effective {
    char date[11];    /* the date applied (the caller's or the scenario's date:), "" when every measure counted */
    size_t np;        /* the partners of the imports, in their order */
    double *value;    /* np: import value */
    double *base_pct; /* np: import-weighted base rate */
    double *rate_pct; /* np: import-weighted rate after the scenario's measures: the effective rate */
    size_t nlines;
    double *line_base; /* nlines: base rate of each line (percent) */
    double *line_rate; /* nlines: rate of each line after the measures */
} tsc_effective;

/* Applies the measures of sc in force on the date to every import line, in order, from the line's base rate:
 * a measure reaches a line when its importer reaches opts->importer, its exporter the line's partner (a code, a
 * group with the partner as a member, or all), its sectors the line (goods and all: every line; {hs: [...]}: a
 * listed prefix of the line's code; sector codes: the line's concordance sector) and no code of its except list
 * is a prefix of the line's code. add P: rate + P; set P: P; floor_inclusive P: max(rate, P); exempt_share s:
 * rate + (1 - s) (new - rate). Two set/floor measures of one file reaching one line are an error unless the
 * later says override: true. Region codes that are neither a partner, a group nor a group member are errors
 * (skipped under regions_optional: true). Lines with no value count for nothing.
 * Effective rate of partner p = sum(value * rate) / sum(value) over its lines. */
int tsc_effective_rates(const tsc_scenario *sc, const tsc_imports *im, const tsc_effective_opts *opts,
                        tsc_effective *out, tsc_error *err);
void tsc_effective_free(tsc_effective *e);

#endif
