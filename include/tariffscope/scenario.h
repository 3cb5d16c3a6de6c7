/* Trade-policy scenarios: YAML files of tariff measures, region groups, and the tariff rates they give on a
 * table (importer x exporter x sector). The format is documented in docs/SCENARIOS.md. */
#ifndef TARIFFSCOPE_SCENARIO_H
#define TARIFFSCOPE_SCENARIO_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/table.h"

typedef struct tsc_scenario tsc_scenario;

/* Parses a scenario file (YAML). "extends: NAME" loads NAME (or NAME.yaml) from the same folder first; its
 * measures come before this file's, and this file's set/floor measures may override them. Errors name the file,
 * line and column of the offending key or value (unknown keys, a measure without exactly one of add / set /
 * floor_inclusive, rates outside (-100, 1000] percent, bad dates, extends cycles). */
int tsc_scenario_load(const char *path, tsc_scenario **out, tsc_error *err);
/* tsc_scenario_load on a scenario held in memory (len bytes of YAML, or of JSON written in the same schema): text is
 * read as a file named name would be (name is the file errors name), and the files it names (extends:, base:)
 * relative to the folder dir (NULL: the current folder). Nothing is written to disk. Errors as tsc_scenario_load's;
 * empty text is TSC_EPARSE. */
int tsc_scenario_parse(const char *text, size_t len, const char *name, const char *dir, tsc_scenario **out,
                       tsc_error *err);
void tsc_scenario_free(tsc_scenario *sc);

const char *tsc_scenario_name(const tsc_scenario *sc);
const char *tsc_scenario_description(const tsc_scenario *sc);
size_t tsc_scenario_nmeasures(const tsc_scenario *sc);
/* The scenario's own "date:" ("YYYY-MM-DD"), "" when it has none (a file's date: is not inherited through extends). */
const char *tsc_scenario_date(const tsc_scenario *sc);
/* The base schedule named by the scenario's "base:" key (a path relative to the scenario file), or NULL. */
const char *tsc_scenario_base(const tsc_scenario *sc);

/* One measure as written, for messages and checks (tsc_schedule_check). Strings are owned by the scenario; the four
 * selections are rendered as in the file and shortened to fit ("USA", "[JPN, KOR]", "goods", "{hs: [8703, 8708]}",
 * "{hs: [7206, 7207, ... 310 codes]}"); except is "" when the measure has none. */
typedef struct tsc_measure_info {
    const char *file;         /* the file it is written in */
    size_t line, col;         /* of its first key */
    const char *note;         /* its note:, "" when none */
    const char *op;           /* "add", "set" or "floor_inclusive" */
    double value;             /* percent (points for add) */
    double exempt_share;      /* 0 .. 1 */
    const char *from, *until; /* "YYYY-MM-DD", "" when open */
    int override;
    size_t depth; /* 0: the scenario's own file, 1: the file it extends, ... */
    char importer[96], exporter[96], sectors[96], except[96];
} tsc_measure_info;

/* Measure idx (0 .. tsc_scenario_nmeasures - 1, in the order they apply: an extended file's first). Returns TSC_OK,
 * or TSC_EINVAL when idx is out of range. */
int tsc_scenario_measure_info(const tsc_scenario *sc, size_t idx, tsc_measure_info *out);

/* Region groups: CSV files "group,member" (one member per row). A group resolves to the members a table has;
 * members it lacks are skipped. The project's data/groups.csv holds EU27, ASEAN, NAFTA/USMCA, CJK, ... */
typedef struct tsc_groups tsc_groups;
int tsc_groups_new(tsc_groups **out, tsc_error *err);
int tsc_groups_add_file(tsc_groups *g, const char *path, tsc_error *err);
void tsc_groups_free(tsc_groups *g);

/* Tariff rates in percent by importer n, exporter i and sector k: rate[(n * G + i) * N + k]; zero on n = i. */
typedef struct tsc_tariffs {
    size_t G, N;
    double *base; /* before the scenario */
    double *rate; /* after it */
} tsc_tariffs;

void tsc_tariffs_free(tsc_tariffs *t);

/* What one measure reached when a scenario was applied (tsc_apply_opts.stats, tsc_effective_opts.stats), counted by
 * the code that applies it. Everything it reached counts with a weight w: a cell its cell weight, a row of import
 * weights its share of the cell's weight, a customs line its import value; what has no weight (w = 0) is not counted.
 * before and after are sums of w * rate (percent) just before and just after the measure, so before / value and
 * after / value are the weighted mean rates of what it reached, and (after - before) / value its own change. */
typedef struct tsc_measure_stats {
    size_t cells;  /* table cells (importer x exporter x sector) reached */
    size_t lines;  /* customs lines, or rows of import weights (tsc_apply_opts.hs_weights), reached */
    double value;  /* sum of w */
    double before; /* sum of w * rate before the measure */
    double after;  /* sum of w * rate after it */
} tsc_measure_stats;

typedef struct tsc_apply_opts {
    const tsc_groups *groups;   /* may be NULL: region codes and "all" only */
    const char *date;           /* "YYYY-MM-DD": only measures in force on that date (from <= date < until); NULL: the
                                   scenario's own "date:" if it has one, else every measure */
    const char *base_csv;       /* base schedule overriding the scenario's (CSV importer,exporter,sector,rate_pct) */
    const char *hs_weights;     /* CSV importer,exporter,hs,sector,value for "sectors: {hs: [...]}" measures */
    const double *base_rates;   /* base rates in percent, G*G*N as tsc_tariffs; overrides base_csv and the scenario's
                                   base (tsc_schedule_base gives them) */
    int hs_elsewhere;           /* 1: the caller applies measures on HS lines itself (tsc_schedule_apply, line by
                                   line): without hs_weights they reach no cell here instead of being an error */
    tsc_measure_stats *stats;   /* NULL, or one entry per measure of the scenario (tsc_scenario_nmeasures), zeroed by
                                   the caller: what each measure in force reached; the rates are the same with or
                                   without */
    const double *cell_weights; /* with stats: each cell's weight, G*G*N as tsc_tariffs (e.g. its imports in the
                                   table); NULL: 1 for every cell */
} tsc_apply_opts;

/* The base and scenario rates of sc on table t. Measures apply in order: add P adds P points; set P sets the rate;
 * floor_inclusive P raises it to at least P; exempt_share s applies the change to the non-exempt share 1 - s.
 * A region never taxes itself. Two set/floor measures of the same file hitting the same cell are an error unless
 * the later says "override: true". Unknown region, group or sector codes are errors naming the measure. */
int tsc_scenario_apply(const tsc_scenario *sc, const tsc_table *t, const tsc_apply_opts *opts, tsc_tariffs *out,
                       tsc_error *err);

/* The regions and sectors a scenario is applied to when they do not come from an input-output table (e.g. the
 * Caliendo-Parro data): codes, and which sectors are goods (NULL: all). */
typedef struct tsc_labels {
    size_t G, N;
    const char *const *regions;
    const char *const *sectors;
    const unsigned char *goods;
} tsc_labels;

/* tsc_scenario_apply on bare labels (HS measures still read opts->hs_weights with these codes). */
int tsc_scenario_apply_labels(const tsc_scenario *sc, const tsc_labels *labels, const tsc_apply_opts *opts,
                              tsc_tariffs *out, tsc_error *err);

#endif
