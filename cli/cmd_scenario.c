/* tariffscope scenario check: what each measure of a scenario reaches on a table (cells, customs lines, their
 * imports, the average rate before and after the measure), counted by the code that applies it (tsc_schedule_check). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A checked scenario: its measures' reports and what the printout and the CSV need. */
typedef struct check {
    const tsc_table *t;
    const tsc_scenario *sc;
    const tsc_schedule *sch;
    size_t nm;
    tsc_measure_report *rep; /* nm */
    tsc_measure_report total;
    const char *importer; /* the customs lines' importer, NULL without lines */
    char date[11];        /* the date applied, "" when every measure counts */
    int date_given;       /* 1: by --date, 0: the scenario's date: */
} check;

/* The table's unit after a value (" USD million"), or "" when the table does not say. */
static const char *unit_of(const tsc_table *t, char *buf, size_t size)
{
    const char *u = tsc_table_unit(t);
    snprintf(buf, size, "%s%s", *u && strcmp(u, "unknown") != 0 ? " " : "", strcmp(u, "unknown") != 0 ? u : "");
    return buf;
}

static int reaches_nothing(const tsc_measure_report *r)
{
    return r->in_force && !(r->lines.value > 0) && !(r->cells.value > 0);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* s cut to at most max bytes with "..." (never inside a UTF-8 character). */
static void shorten(const char *s, size_t max, char *buf, size_t size)
{
    size_t len = strlen(s);
    if (len <= max) {
        snprintf(buf, size, "%s", s);
        return;
    }
    size_t cut = max - 3;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    snprintf(buf, size, "%.*s...", (int)cut, s);
}

/* "2.41 -> 17.85" (percent), or "-" when nothing of weight was reached. */
static void rates_text(const tsc_measure_stats *st, char *buf, size_t size)
{
    if (st->value > 0) snprintf(buf, size, "%6.2f -> %6.2f", st->before / st->value, st->after / st->value);
    else snprintf(buf, size, "-");
}

/* One row of the table: a measure's customs lines (lines = 1) or its other cells. lead: "#", file:line, in force
 * and note, or NULL on a measure's second row. */
static void print_part(const check *c, const char *const lead[4], const tsc_measure_stats *st, int lines)
{
    char value[96], rates[48], nlines[24] = "-", unit[64];
    if (lines) snprintf(value, sizeof value, "%.2f bn USD", st->value / 1e9);
    else snprintf(value, sizeof value, "%.1f%s", st->value, unit_of(c->t, unit, sizeof unit));
    if (lines || st->lines) snprintf(nlines, sizeof nlines, "%zu", st->lines);
    rates_text(st, rates, sizeof rates);
    printf("%4s  %-38s %-8s %6zu %8s  %-22s %-22s %s\n", lead ? lead[0] : "", lead ? lead[1] : "", lead ? lead[2] : "",
           st->cells, nlines, value, rates, lead ? lead[3] : "");
}

static void print_measure(const check *c, size_t m)
{
    const tsc_measure_report *r = &c->rep[m];
    tsc_measure_info info;
    char num[24], where[200], note[48];
    tsc_scenario_measure_info(c->sc, m, &info);
    snprintf(num, sizeof num, "%zu", m + 1);
    snprintf(where, sizeof where, "%.180s:%zu", base_name(info.file), info.line);
    shorten(info.note, 44, note, sizeof note);
    const char *lead[4] = {num, where, r->in_force ? "yes" : "no", note};
    if (!r->in_force) {
        printf("%4s  %-38s %-8s %6s %8s  %-22s %-22s %s\n", num, where, "no", "-", "-", "-", "-", note);
        return;
    }
    int shown = 0;
    if (r->lines.value > 0) print_part(c, shown++ ? NULL : lead, &r->lines, 1);
    if (r->cells.value > 0) print_part(c, shown++ ? NULL : lead, &r->cells, 0);
    if (shown) return;
    print_part(c, lead, &r->cells, 0);
    printf("%4s  ! reaches nothing on this table: importer %s, exporter %s, sectors %s%s%s\n", "", info.importer,
           info.exporter, info.sectors, info.except[0] ? ", except " : "", info.except);
}

static void print_check(const check *c, const char *table)
{
    size_t in_force = 0, nothing = 0;
    for (size_t m = 0; m < c->nm; m++) {
        in_force += (size_t)c->rep[m].in_force;
        nothing += (size_t)reaches_nothing(&c->rep[m]);
    }
    printf("scenario %s on %s (%zu regions x %zu sectors, unit: %s)\n", tsc_scenario_name(c->sc), table,
           tsc_table_nregions(c->t), tsc_table_nsectors(c->t), tsc_table_unit(c->t));
    if (c->date[0])
        printf("measures in force on %s (%s): %zu of %zu\n", c->date,
               c->date_given ? "--date" : "the scenario's date:", in_force, c->nm);
    else printf("every measure counts (no --date, and the scenario has no date:): %zu\n", c->nm);
    if (c->importer)
        printf("%s's cells with customs lines: value in bn USD of 2024 imports placed in the table; other cells: "
               "the table's imports\n",
               c->importer);
    printf("\n%4s  %-38s %-8s %6s %8s  %-22s %-22s %s\n", "#", "file:line", "in force", "cells", "lines",
           "import value", "rate % before -> after", "note");
    for (size_t m = 0; m < c->nm; m++) print_measure(c, m);
    char rates[48], unit[64];
    printf("\ntotal: the scenario's measures in force together, on every cell with imports\n");
    if (c->importer) {
        rates_text(&c->total.lines, rates, sizeof rates);
        printf("  %s, customs lines: %zu lines in %zu cells, %.2f bn USD; import-weighted rate %s\n", c->importer,
               c->total.lines.lines, c->total.lines.cells, c->total.lines.value / 1e9, rates);
    }
    rates_text(&c->total.cells, rates, sizeof rates);
    printf("  %s cells: %zu cells, %.1f%s of imports; import-weighted rate %s\n", c->importer ? "other" : "all",
           c->total.cells.cells, c->total.cells.value, unit_of(c->t, unit, sizeof unit), rates);
    printf("  measures: %zu, in force %zu, not in force %zu%s%s; reaching nothing on this table: %zu\n", c->nm,
           in_force, c->nm - in_force, c->date[0] ? " on " : "", c->date, nothing);
    printf("\nhow the scenario reached the table:\n");
    for (const char *p = tsc_schedule_notes(c->sch); *p;) {
        size_t len = strcspn(p, "\n");
        printf("  %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
}

/* count,value,rate_before_pct,rate_after_pct of one part (rates empty when nothing of weight was reached). */
static void put_part(FILE *f, const tsc_measure_stats *st, int with_lines)
{
    fprintf(f, ",%zu", st->cells);
    if (with_lines) fprintf(f, ",%zu", st->lines);
    putc(',', f);
    cli_put_num(f, st->value);
    putc(',', f);
    if (st->value > 0) cli_put_num(f, st->before / st->value);
    putc(',', f);
    if (st->value > 0) cli_put_num(f, st->after / st->value);
}

static int write_csv(const check *c, const char *path)
{
    char tmp[1200];
    FILE *f = cli_open_tmp(path, tmp, sizeof tmp);
    if (!f) return 1;
    /* numbers first, then the text fields that may hold commas */
    fputs("measure,in_force,reaches_nothing,line_cells,lines,line_value_usd,line_rate_before_pct,line_rate_after_pct,"
          "cells,cell_rows,cell_imports,cell_rate_before_pct,cell_rate_after_pct,file,line,op,value,importer,exporter,"
          "sectors,except,note\n",
          f);
    for (size_t m = 0; m < c->nm; m++) {
        const tsc_measure_report *r = &c->rep[m];
        tsc_measure_info info;
        tsc_scenario_measure_info(c->sc, m, &info);
        fprintf(f, "%zu,%d,%d", m + 1, r->in_force, reaches_nothing(r));
        put_part(f, &r->lines, 1);
        put_part(f, &r->cells, 1);
        putc(',', f);
        cli_put_field(f, info.file);
        fprintf(f, ",%zu,%s,", info.line, info.op);
        cli_put_num(f, info.value);
        const char *field[] = {info.importer, info.exporter, info.sectors, info.except, info.note};
        for (size_t k = 0; k < sizeof field / sizeof *field; k++) {
            putc(',', f);
            cli_put_field(f, field[k]);
        }
        putc('\n', f);
    }
    fputs("total,1,0", f);
    put_part(f, &c->total.lines, 1);
    put_part(f, &c->total.cells, 1);
    fputs(",,,,,,,,,\n", f);
    return cli_close_tmp(f, tmp, path);
}

static int run(const cli_args *a)
{
    char tpath[1100];
    const char *table = a->npos > 1 ? a->pos[1] : cli_data_path("world2024", tpath, sizeof tpath);
    const char *label = a->npos > 1 ? a->pos[1] : "data/world2024";
    tsc_table *t = cli_load_table(table, a);
    if (!t) return 1;
    tsc_scenario *sc = NULL;
    tsc_groups *groups = NULL;
    tsc_schedule *sch = NULL;
    cli_sources src;
    tsc_error err;
    check c = {.t = t, .date_given = a->date != NULL};
    int status = 1;
    if (tsc_scenario_load(a->pos[0], &sc, &err) || cli_load_groups(a->groups, &groups, &err)) {
        cli_fail(&err);
        goto done;
    }
    if (cli_sources_find(a, t, (const tsc_scenario *const *)&sc, 1, groups, &src)) goto done;
    if (tsc_schedule_new(t, &src.so, &sch, &err)) {
        cli_fail(&err);
        goto done;
    }
    c.sc = sc;
    c.sch = sch;
    c.nm = tsc_scenario_nmeasures(sc);
    if (!(c.rep = calloc(c.nm ? c.nm : 1, sizeof *c.rep))) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto done;
    }
    if (tsc_schedule_check(sch, sc, a->date, c.rep, &c.total, c.date, &err)) {
        cli_fail(&err);
        goto done;
    }
    if (tsc_schedule_lines_info(sch)->nlines) {
        double *v = calloc(tsc_table_n(t), sizeof *v);
        if (!v) {
            fprintf(stderr, "tariffscope: out of memory\n");
            goto done;
        }
        c.importer = tsc_table_region(t, tsc_schedule_line_cells(sch, v));
        free(v);
    }
    if (a->out && write_csv(&c, a->out)) goto done;
    print_check(&c, label);
    if (a->out) printf("\nwrote %s\n", a->out);
    status = 0;
done:
    free(c.rep);
    tsc_schedule_free(sch);
    tsc_groups_free(groups);
    tsc_scenario_free(sc);
    tsc_table_free(t);
    return status;
}

static const cli_use opts[] = {
    {OPT_DATE, 0, NULL, NULL, NULL},
    {OPT_OUT, 0, "FILE.csv", "also write the table as CSV, one row per measure and a total row", NULL},
};

const cli_command cli_cmd_scenario_check = {
    "scenario check",
    "what each measure of a scenario reaches on a table: cells, customs lines, imports, rates before and after",
    {"SCENARIO", "TABLE"},
    1,
    opts,
    sizeof opts / sizeof *opts,
    CLI_TABLE_OPTS | CLI_SOURCE_OPTS,
    "TABLE defaults to the embedded world table (data/world2024). The scenario reaches the table as in shock, solve "
    "and report (docs/SCENARIOS.md, \"How a scenario reaches a table\"); a measure in force that reaches nothing is "
    "flagged. A scenario error (unknown region, a typo, a bad date) exits 1 with its file:line:col.",
    run,
};
