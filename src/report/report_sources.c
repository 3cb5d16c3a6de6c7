/* Which data each figure of the report rests on, and the year of each: the table's sources.csv (docs/FORMATS.md)
 * and the files the run used, composed into one source line per figure for the page, the summary and sources.csv. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "path_int.h"
#include "report_int.h"

/* The kinds of data (the index in tsc_report.sources), the sources.csv part that describes each, and the words
 * that introduce it in a source line. The scenarios' tariffs are not a kind stored: they come from the scenarios. */
static const char *const part_name[TSC_REPORT_NSOURCES] = {"table", "customs", "article",
                                                           "base",  "theta",   "employment"};
static const char *const part_label[TSC_REPORT_NSOURCES] = {"trade structure", "customs data", "article",
                                                            "base tariffs",    "elasticities", "employment"};
#define PART_UPDATE TSC_REPORT_NSOURCES /* sources.csv's "update" rows: what the table was updated to */
#define PART_SCENARIOS 16               /* bit of the scenarios' tariffs in a figure's parts */

enum {
    T = 1 << REP_SRC_TABLE,
    C = 1 << REP_SRC_CUSTOMS,
    A = 1 << REP_SRC_ARTICLE,
    B = 1 << REP_SRC_BASE,
    H = 1 << REP_SRC_THETA,
    E = 1 << REP_SRC_EMPLOYMENT,
    S = 1 << PART_SCENARIOS
};

/* Every figure, table and chart of the report: its id on the page, the CSV file behind it, and the data it rests
 * on. Tariff cells weight by the table's flows and take the customs lines' rates, hence T and C with S and B. */
static const rep_figure figures[] = {
    {"kpis", "", "key figures", T | C | S | B | H},
    {"chart-trade-profile", "trade_profile.csv", "goods exports by partner", T},
    {"chart-dest-sectors", "dest_sectors.csv", "sales to the destination by sector", T | C},
    {"chart-focus-sectors", "focus_sectors.csv", "the article's sectors", T | C | A},
    {"chart-va-routes", "va_routes.csv", "value-added routes", T},
    {"table-scenarios", "scenarios.csv", "scenarios", S | B},
    {"chart-dest-tariffs", "tariffs_dest.csv", "tariffs by partner", T | C | S | B},
    {"table-focus-tariffs", "tariffs_focus.csv", "tariffs on the focus by sector", T | C | S | B},
    {"chart-burden", "burden.csv", "tariff burden", T | C | S | B},
    {"chart-cpi", "prices.csv", "consumer prices", T | C | S | B},
    {"chart-ge-welfare", "ge.csv", "welfare", T | C | S | B | H},
    {"chart-ge-real-wage", "ge.csv", "real wages", T | C | S | B | H},
    {"chart-ge-exports", "ge.csv", "exports", T | C | S | B | H},
    {"ge-focus-sectors", "ge_focus_sectors.csv", "exports by sector in general equilibrium", T | C | S | B | H},
    {"jobs", "jobs.csv", "jobs at risk", T | C | S | B | H | E},
};

const rep_figure *tsc__rep_figures(size_t *n)
{
    *n = sizeof figures / sizeof *figures;
    return figures;
}

const rep_figure *tsc__rep_figure(const char *id)
{
    for (size_t k = 0; k < sizeof figures / sizeof *figures; k++)
        if (strcmp(figures[k].id, id) == 0) return &figures[k];
    return NULL;
}

int tsc__rep_figure_has_scenarios(const rep_figure *fig)
{
    return (fig->parts & S) != 0;
}

/* Appends printf-style text to buf (NUL-terminated, truncated at size). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
add(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* One row of sources.csv. */
typedef struct src_row {
    int part;
    char source[256], file[512];
    int year;
} src_row;

static int part_index(const char *s)
{
    if (strcmp(s, "update") == 0) return PART_UPDATE;
    for (int k = 0; k < TSC_REPORT_NSOURCES; k++)
        if (strcmp(s, part_name[k]) == 0) return k;
    return -1;
}

/* Reads sources.csv (header part,source,year,file) into *rows. */
static int read_rows(const char *path, src_row **rows, size_t *n, tsc_error *err)
{
    static const char *const head[] = {"part", "source", "year", "file"};
    tsc_csv *in = NULL;
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int rc = tsc__csv_open_header(path, head, 4, &in, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(in, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(in, 4, err))) break;
        src_row w = {.part = part_index(tsc__csv_field(in, 0))};
        double y;
        if (w.part < 0) {
            rc =
                tsc__csv_error_at(in, 0, err, TSC_EPARSE,
                                  "unknown part '%s' (known: table, update, customs, article, base, theta, employment)",
                                  tsc__csv_field(in, 0));
            break;
        }
        if (!tsc__csv_flen(in, 1) || tsc__csv_flen(in, 1) >= sizeof w.source || tsc__csv_flen(in, 3) >= sizeof w.file) {
            rc = tsc__csv_error_at(in, tsc__csv_flen(in, 1) ? 3 : 1, err, TSC_EPARSE,
                                   tsc__csv_flen(in, 1) ? "file name too long" : "the source is empty or too long");
            break;
        }
        if ((rc = tsc__csv_number(in, 2, &y, err))) break;
        if (y != floor(y) || y < 1900 || y > 2199) {
            rc = tsc__csv_error_at(in, 2, err, TSC_EPARSE, "the year must be a whole year from 1900 to 2199");
            break;
        }
        w.year = (int)y;
        snprintf(w.source, sizeof w.source, "%s", tsc__csv_field(in, 1));
        snprintf(w.file, sizeof w.file, "%s", tsc__csv_field(in, 3));
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            src_row *p = tsc__realloc(*rows, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            *rows = p;
        }
        (*rows)[(*n)++] = w;
    }
    tsc__csv_close(in);
    if (rc < 0) {
        tsc__free(*rows);
        *rows = NULL;
        *n = 0;
        return rc;
    }
    return TSC_OK;
}

/* Whether row w's file (relative to the table's folder) is the file the run used (NULL: none used). */
static int same(const char *table_dir, const src_row *w, const char *used)
{
    char path[1200];
    if (!used || !table_dir || tsc__path_join(path, sizeof path, table_dir, w->file)) return 0;
    return tsc__same_file(path, used);
}

/* "A (2011), B (2024) and C (2022)": the rows of a part that apply (no file, or the file used). */
static size_t join_rows(const src_row *rows, size_t n, int part, const char *table_dir, const char *used, char *buf,
                        size_t size)
{
    size_t m = 0, count = 0;
    for (size_t k = 0; k < n; k++)
        count += rows[k].part == part && (!rows[k].file[0] || same(table_dir, &rows[k], used));
    for (size_t k = 0; k < n; k++) {
        if (rows[k].part != part || (rows[k].file[0] && !same(table_dir, &rows[k], used))) continue;
        add(buf, size, "%s%s (%d)", m == 0 ? "" : m + 1 == count ? " and " : ", ", rows[k].source, rows[k].year);
        m++;
    }
    return m;
}

/* The base schedules: each file's row in sources.csv, else its name. */
static void join_bases(const src_row *rows, size_t n, const char *table_dir, const char *const *bases, size_t nbases,
                       char *buf, size_t size)
{
    for (size_t b = 0; b < nbases; b++) {
        const src_row *w = NULL;
        for (size_t k = 0; k < n && !w; k++)
            if (rows[k].part == REP_SRC_BASE && rows[k].file[0] && same(table_dir, &rows[k], bases[b])) w = &rows[k];
        const char *sep = b == 0 ? "" : b + 1 == nbases ? " and " : ", ";
        if (w) add(buf, size, "%s%s (%d)", sep, w->source, w->year);
        else add(buf, size, "%s%s", sep, base_name(bases[b]));
    }
}

static int keep(tsc_report *r, int part, const char *text, tsc_error *err)
{
    if (!text[0]) return TSC_OK;
    if (!(r->sources[part] = tsc__strdup(text))) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    return TSC_OK;
}

int tsc__rep_sources_build(tsc_report *r, const tsc_report_opts *o, const char *const *bases, size_t nbases,
                           tsc_error *err)
{
    char path[1200], buf[2048];
    const char *file = o->sources;
    if (!file && o->table_path && !tsc__path_join(path, sizeof path, o->table_path, "sources.csv") &&
        tsc__file_exists(path))
        file = path;
    src_row *rows = NULL;
    size_t n = 0;
    int rc = file ? read_rows(file, &rows, &n, err) : TSC_OK;
    if (rc) return rc;
    const char *dir = o->table_path;

    /* the table: what its structure is, then what it was updated to; else its own description and year */
    buf[0] = 0;
    if (join_rows(rows, n, REP_SRC_TABLE, dir, NULL, buf, sizeof buf)) {
        size_t len = strlen(buf);
        add(buf, sizeof buf, ", updated to ");
        if (!join_rows(rows, n, PART_UPDATE, dir, NULL, buf, sizeof buf)) buf[len] = 0;
    } else if (r->year) add(buf, sizeof buf, "%s (%d)", r->source[0] ? r->source : "the table", r->year);
    else add(buf, sizeof buf, "%s", r->source[0] ? r->source : "the table");
    if ((rc = keep(r, REP_SRC_TABLE, buf, err))) goto done;

    buf[0] = 0;
    if (r->nlines && !join_rows(rows, n, REP_SRC_CUSTOMS, dir, o->imports, buf, sizeof buf))
        add(buf, sizeof buf, "%s customs lines (%s)", tsc__rep_adjective(o->customs_importer),
            o->imports ? base_name(o->imports) : "");
    if ((rc = keep(r, REP_SRC_CUSTOMS, buf, err))) goto done;

    buf[0] = 0;
    if (r->article_from_file && !join_rows(rows, n, REP_SRC_ARTICLE, dir, o->article_sectors, buf, sizeof buf))
        add(buf, sizeof buf, "%s", base_name(o->article_sectors));
    if ((rc = keep(r, REP_SRC_ARTICLE, buf, err))) goto done;

    buf[0] = 0;
    join_bases(rows, n, dir, bases, nbases, buf, sizeof buf);
    if ((rc = keep(r, REP_SRC_BASE, buf, err))) goto done;

    buf[0] = 0;
    if (!join_rows(rows, n, REP_SRC_THETA, dir, o->theta, buf, sizeof buf))
        add(buf, sizeof buf, "%s", base_name(o->theta));
    if ((rc = keep(r, REP_SRC_THETA, buf, err))) goto done;

    buf[0] = 0;
    if (r->has_jobs && !join_rows(rows, n, REP_SRC_EMPLOYMENT, dir, NULL, buf, sizeof buf))
        add(buf, sizeof buf, "the table's employment account (%s)", r->jobs_unit);
    rc = keep(r, REP_SRC_EMPLOYMENT, buf, err);
done:
    tsc__free(rows);
    return rc;
}

void tsc__rep_source_line(const tsc_report *r, const rep_figure *fig, char *buf, size_t size)
{
    /* the data first, then the tariffs: the scenarios' measures, the base they apply on, the elasticities */
    static const int order[] = {REP_SRC_TABLE, REP_SRC_CUSTOMS, REP_SRC_ARTICLE,   PART_SCENARIOS,
                                REP_SRC_BASE,  REP_SRC_THETA,   REP_SRC_EMPLOYMENT};
    size_t nparts = 0;
    buf[0] = 0;
    add(buf, size, "Sources: ");
    for (size_t q = 0; q < sizeof order / sizeof *order; q++) {
        int k = order[q];
        if (!(fig->parts & (1u << k))) continue;
        if (k == PART_SCENARIOS && r->nscen) {
            add(buf, size, "%stariffs: ", nparts++ ? "; " : "");
            for (size_t s = 0; s < r->nscen; s++) {
                const tsc_report_scenario *x = &r->scen[s];
                const char *sep = s == 0 ? "" : s + 1 == r->nscen ? " and " : ", ";
                if (x->date[0]) add(buf, size, "%s%s as of %s", sep, x->label, x->date);
                else add(buf, size, "%s%s (every measure)", sep, x->label);
            }
        } else if (k < TSC_REPORT_NSOURCES && r->sources[k])
            add(buf, size, "%s%s: %s", nparts++ ? "; " : "", part_label[k], r->sources[k]);
    }
    add(buf, size, ".");
}
