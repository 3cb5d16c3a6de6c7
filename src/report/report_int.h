/* Internal: what the report's files share (names and colours, takeaways, writers). */
#ifndef TSC_REPORT_INT_H
#define TSC_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "tariffscope/output.h"
#include "tariffscope/report.h"
#include "tariffscope/scenario.h"
#include "tariffscope/table.h"

/* ---- names, colours, numbers (report_palette.c) -------------------------------------------------------------- */

const char *tsc__rep_name(const char *code);      /* "Japan"; the code itself when unknown */
const char *tsc__rep_subject(const char *code);   /* "the US", "Japan": in a sentence */
const char *tsc__rep_adjective(const char *code); /* "US", "Japanese" */
int tsc__rep_is_rest(const char *code);
/* A sector or article-sector code in words ("TRANSPORT_EQUIPMENT" -> "Transport equipment"). */
void tsc__rep_sector_name(const char *code, char *buf,
                          size_t size);       /* ROW, RoW: an aggregate left out of "largest partner" sentences */
const char *tsc__rep_color(const char *code); /* "#c8102e"; a fixed colour for every code */
#define TSC_REP_DIRECT_COLOR "#c8102e"
/* 128,400.3 -> "128.4" (bn from millions), with the sign when plus = 1 */
void tsc__rep_bn(double million, int plus, char *buf, size_t size);
/* Writes s with &, <, >, " escaped for HTML and SVG text. */
void tsc__rep_html_text(FILE *f, const char *s);
/* Writes a number for a CSV file, %.17g. */
void tsc__rep_csv_num(FILE *f, double v);

/* ---- takeaways, shared by the terminal and the page (report_text.c) ------------------------------------------ */

void tsc__rep_take_headline(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_profile(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_sectors(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_routes(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_tariffs(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_burden(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_prices(const tsc_report *r, char *buf, size_t size);
void tsc__rep_take_ge(const tsc_report *r, char *buf, size_t size);
/* Indices of the regions sorted by v descending (n entries of idx); skip = TSC_NONE or an index left out. */
size_t tsc__rep_order(const double *v, size_t G, size_t skip, size_t *idx);
/* The routes of the focus's burden or value added that a chart shows: the focus (direct), then the third regions
 * whose share of |total| is at least min_share (largest first); returns their count; the rest is "other". */
size_t tsc__rep_top_routes(const double *v, size_t G, size_t focus, double min_share, size_t max, size_t *idx);

/* ---- the data each figure rests on (report_sources.c) ------------------------------------------------------ */

/* The kinds of data in tsc_report.sources. */
enum { REP_SRC_TABLE, REP_SRC_CUSTOMS, REP_SRC_ARTICLE, REP_SRC_BASE, REP_SRC_THETA, REP_SRC_EMPLOYMENT };
/* A figure, table or chart of the report: its id on the page, the CSV file behind it ("" for none), what it shows,
 * and the data it rests on (bits of the kinds above, and the scenarios' tariffs). */
typedef struct rep_figure {
    const char *id, *csv, *what;
    unsigned parts;
} rep_figure;
/* Every figure of the report, in the page's order; *n receives how many. */
const rep_figure *tsc__rep_figures(size_t *n);
/* Whether the figure rests on the scenarios' tariffs (absent from a report without scenarios). */
int tsc__rep_figure_has_scenarios(const rep_figure *fig);
/* The figure with this id (NULL: none). */
const rep_figure *tsc__rep_figure(const char *id);
/* Fills r->sources from the table's sources.csv (opts->sources, else TABLE/sources.csv when it exists; docs/
 * FORMATS.md) and the files the run used (opts, the base schedules); a kind without a row takes the file's name or
 * the table's own description. Errors of the file are located at file:line:col. */
int tsc__rep_sources_build(tsc_report *r, const tsc_report_opts *o, const char *const *bases, size_t nbases,
                           tsc_error *err);
/* "Sources: trade structure: ... (2011), updated to ... (2024); tariffs: ... as of 2025-09-17; ...": the data the
 * figure rests on with their years, for the page, the summary and sources.csv. */
void tsc__rep_source_line(const tsc_report *r, const rep_figure *fig, char *buf, size_t size);

/* ---- writers ------------------------------------------------------------------------------------------------- */

/* The CSV files (report_csv.c), registered in set. */
int tsc__rep_write_csvs(const tsc_report *r, tsc_outset *set, tsc_error *err);
/* The page (report_html.c). */
int tsc__rep_write_html(const tsc_report *r, FILE *f);

/* Charts (report_svg.c): every chart is an <svg> with an id, bars are <rect class="bar ..."> with data-* keys. */
typedef struct rep_bar {
    const char *label; /* axis label */
    const char *key;   /* data-key (a region or sector code) */
    double value;
    double mark; /* a reference tick drawn on the bar (NaN: none) */
    const char *color;
    const char *text; /* value label written after the bar (NULL: the value in the chart's style) */
} rep_bar;

/* Number styles of chart labels: decimals (0-3) + 10 for a sign + 100 for a percent sign: 12 = "+1.23",
 * 101 = "4.5%". */
void tsc__rep_fmt(char *buf, size_t size, double v, int style);

/* Horizontal bars, one per entry, value axis from min(0, values) to max; unit under the axis. */
void tsc__svg_hbars(FILE *f, const char *id, const char *cls, const rep_bar *bars, size_t n, const char *unit,
                    int style, const char *mark_label);
/* Pairs of horizontal bars per row (a: solid, b: light), with labels "a" and "b" in a legend. */
void tsc__svg_pairs(FILE *f, const char *id, const rep_bar *a, const rep_bar *b, size_t n, const char *a_label,
                    const char *b_label, const char *unit, const char *mark_label);
/* Small multiples: one panel per column (scenario), one bar per row (region) coloured by row, values v[col * nrow +
 * row], a shared symmetric axis; bars carry data-scenario and data-region. mark (may be NULL): a reference tick per
 * bar; lo, hi (may be NULL): an error bar per bar (the 90% band), drawn as a whisker with data-p05, data-p95. */
void tsc__svg_panels(FILE *f, const char *id, const char *const *cols, const char *const *col_keys, size_t ncol,
                     const char *const *rows, const char *const *colors, size_t nrow, const double *v,
                     const double *mark, const double *lo, const double *hi, const char *unit, int style);
/* One stacked bar per row (scenario), segments (route) coloured, positive to the right and negative to the left. */
typedef struct rep_segment {
    size_t row;
    const char *key, *label, *color;
    double value;
} rep_segment;
void tsc__svg_stacks(FILE *f, const char *id, const char *const *rows, const char *const *row_keys, size_t nrow,
                     const rep_segment *seg, size_t nseg, const char *unit);
/* The value-added route diagram: source -> routes -> sink bands, widths proportional to the values. */
void tsc__svg_routes(FILE *f, const char *id, const char *source, const char *source_color, const char *sink,
                     const char *sink_color, const rep_segment *routes, size_t n, double total, const char *unit);

#endif
