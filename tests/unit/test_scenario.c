/* Scenario files: the rules of the measures, groups, dates, base schedules, and every error located. */
#include <math.h>
#include <string.h>

#include "testutil.h"

static const char *dir;

static void setup(void)
{
    dir = tu_tmpdir();
}
static void teardown(void)
{
    tu_rmtree(dir);
}

static double rate(const tsc_tariffs *tr, size_t n, size_t i, size_t k)
{
    return tr->rate[(n * tr->G + i) * tr->N + k];
}

static int apply(const char *text, const tsc_apply_opts *o, tsc_tariffs *tr, tsc_error *err)
{
    tsc_scenario *sc = NULL;
    int rc = tsc_scenario_load(tu_write(dir, "s.yaml", text), &sc, err);
    if (rc) return rc;
    tsc_table *t = tu_table_3x2();
    rc = tsc_scenario_apply(sc, t, o, tr, err);
    tsc_table_free(t);
    tsc_scenario_free(sc);
    return rc;
}

Test(scenario, rules_of_the_measures, .init = setup, .fini = teardown)
{
    tsc_tariffs tr;
    tsc_error err;
    const char *s = "name: rules\n"
                    "description: every operation\n"
                    "measures:\n"
                    "  - {importer: USA, exporter: all, sectors: goods, add: 10}\n"
                    "  - {importer: USA, exporter: JPN, sectors: goods, floor_inclusive: 15}\n"
                    "  - {importer: USA, exporter: CHN, sectors: goods, add: 20, exempt_share: 0.25}\n"
                    "  - {importer: [JPN, CHN], exporter: USA, sectors: all, set: 2.5}\n";
    cr_assert_eq(apply(s, NULL, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(rate(&tr, 1, 0, 0), 15.0, 1e-12, "JPN goods into USA: 10 raised to 15");
    cr_assert_float_eq(rate(&tr, 1, 2, 0), 10.0 + 0.75 * 20.0, 1e-12, "CHN: 10 + 20 on the non-exempt 75%%");
    cr_assert_eq(rate(&tr, 1, 0, 1), 0.0, "services are not goods");
    cr_assert_eq(rate(&tr, 1, 1, 0), 0.0, "a region never taxes itself");
    cr_assert_eq(rate(&tr, 0, 1, 1), 2.5);
    cr_assert_eq(rate(&tr, 2, 1, 0), 2.5);
    cr_assert_eq(rate(&tr, 0, 2, 0), 0.0);
    tsc_tariffs_free(&tr);
}

Test(scenario, groups_dates_and_base, .init = setup, .fini = teardown)
{
    tsc_groups *g = NULL;
    tsc_error err;
    cr_assert_eq(tsc_groups_new(&g, &err), TSC_OK);
    cr_assert_eq(tsc_groups_add_file(
                     g, tu_write(dir, "groups.csv", "group,member\nCJK,CHN\nCJK,JPN\nCJK,KOR\nNONE,FRA\n"), &err),
                 TSC_OK, "%s", err.msg);
    const char *base =
        tu_write(dir, "base.csv", "importer,exporter,sector,rate_pct\nall,all,goods,3.25\nUSA,JPN,G1,2.5\n");
    tsc_apply_opts o = {.groups = g, .date = "2025-04-10", .base_csv = base};
    tsc_tariffs tr;
    const char *s =
        "name: timeline\nmeasures:\n"
        "  - {importer: CJK, exporter: CJK, sectors: goods, set: 0}\n"
        "  - {importer: USA, exporter: JPN, sectors: goods, add: 10, from: 2025-04-05}\n"
        "  - {importer: USA, exporter: JPN, sectors: goods, add: 14, from: 2025-04-09, until: 2025-04-10}\n";
    cr_assert_eq(apply(s, &o, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tr.base[(1 * 3 + 0) * 2 + 0], 2.5, "later base rows override earlier ones");
    cr_assert_float_eq(rate(&tr, 1, 0, 0), 12.5, 1e-12, "base 2.5 + 10; the 14 ended the day before");
    cr_assert_eq(rate(&tr, 0, 2, 0), 0.0, "CJK free trade among the members the table has");
    cr_assert_eq(rate(&tr, 1, 2, 0), 3.25, "the base rate elsewhere");
    tsc_tariffs_free(&tr);
    o.date = "2025-04-01";
    cr_assert_eq(apply(s, &o, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(rate(&tr, 1, 0, 0), 2.5, "nothing in force yet");
    tsc_tariffs_free(&tr);
    const char *bad = "name: x\nmeasures:\n  - {importer: NONE, exporter: USA, sectors: goods, add: 1}\n";
    cr_assert_eq(apply(bad, &o, &tr, &err), TSC_ELABEL);
    cr_assert(strstr(err.msg, "group 'NONE' has no region"), "%s", err.msg);
    cr_assert_eq(err.line, 3);
    tsc_groups_free(g);
}

Test(scenario, extends_and_overrides, .init = setup, .fini = teardown)
{
    tu_write(dir, "parent.yaml",
             "name: parent\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, set: 25}\n");
    tsc_tariffs tr;
    tsc_error err;
    /* a child overrides its parent's set without saying so */
    cr_assert_eq(
        apply("name: child\nextends: parent\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, set: 15}\n",
              NULL, &tr, &err),
        TSC_OK, "%s", err.msg);
    cr_assert_eq(rate(&tr, 1, 0, 0), 15.0);
    cr_assert_eq(rate(&tr, 1, 2, 0), 25.0);
    tsc_tariffs_free(&tr);
    /* within one file two sets on one cell need a rule */
    const char *clash = "name: clash\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, set: 25}\n"
                        "  - {importer: USA, exporter: JPN, sectors: all, set: 15}\n";
    cr_assert_eq(apply(clash, NULL, &tr, &err), TSC_EINVAL);
    cr_assert_eq(err.line, 4);
    cr_assert(strstr(err.msg, "line 3") && strstr(err.msg, "override: true"), "%s", err.msg);
    const char *ruled = "name: ruled\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, set: 25}\n"
                        "  - {importer: USA, exporter: JPN, sectors: all, set: 15, override: true}\n";
    cr_assert_eq(apply(ruled, NULL, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(rate(&tr, 1, 0, 0), 15.0);
    tsc_tariffs_free(&tr);
    /* a cycle of extends is refused */
    tu_write(dir, "a.yaml", "name: a\nextends: b\n");
    tu_write(dir, "b.yaml", "name: b\nextends: a\n");
    tsc_scenario *sc = NULL;
    char p[700];
    snprintf(p, sizeof p, "%s/a.yaml", dir);
    cr_assert_lt(tsc_scenario_load(p, &sc, &err), 0);
    cr_assert(strstr(err.msg, "extends makes a cycle: a.yaml -> b.yaml -> a.yaml"), "%s", err.msg);
    cr_assert(strstr(err.file, "b.yaml") && err.line == 2 && err.col == 10, "%s:%zu:%zu", err.file, err.line, err.col);
    /* a file extending itself */
    tu_write(dir, "c.yaml", "name: c\nextends: c.yaml\n");
    snprintf(p, sizeof p, "%s/c.yaml", dir);
    cr_assert_lt(tsc_scenario_load(p, &sc, &err), 0);
    cr_assert(strstr(err.msg, "cycle: c.yaml -> c.yaml"), "%s", err.msg);
}

Test(scenario, limits_on_size_and_nesting, .init = setup, .fini = teardown)
{
    char text[400] = "name: deep\nmeasures: ";
    size_t u = strlen(text);
    for (int k = 0; k < 70; k++) text[u++] = '[';
    for (int k = 0; k < 70; k++) text[u++] = ']';
    text[u++] = '\n';
    text[u] = '\0';
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "deep.yaml", text), &sc, &err), TSC_ETOOBIG);
    cr_assert(strstr(err.msg, "nesting deeper than 64 levels"), "%s", err.msg);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.col, 11 + 63, "the first level past the limit: %zu", err.col);
    /* a file past the size limit is refused before it is read (a sparse file: no disk used) */
    char big[700];
    snprintf(big, sizeof big, "%s/big.yaml", dir);
    FILE *f = fopen(big, "w");
    cr_assert(f);
    cr_assert_eq(fseek(f, (16L << 20) + 1, SEEK_SET), 0);
    fputc('\n', f);
    fclose(f);
    cr_assert_eq(tsc_scenario_load(big, &sc, &err), TSC_ETOOBIG);
    cr_assert(strstr(err.msg, "a scenario file is at most 16 MiB"), "%s", err.msg);
}

struct bad {
    const char *yaml;
    int code;
    size_t line, col;
    const char *msg;
};

Test(scenario, every_error_is_located, .init = setup, .fini = teardown)
{
    static const struct bad cases[] = {
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, adds: 10}\n", TSC_EPARSE, 3, 52,
         "did you mean 'add'"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 10, set: 5}\n", TSC_EPARSE, 3, 61,
         "exactly one"},
        {"name: x\nmeasures:\n  - {exporter: JPN, sectors: goods, add: 10}\n", TSC_EPARSE, 3, 5, "without importer"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1200}\n", TSC_EINVAL, 3, 57,
         "outside"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, set: -100}\n", TSC_EINVAL, 3, 57,
         "outside"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: ten}\n", TSC_EPARSE, 3, 57,
         "not a number"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1, from: 2025-13-01}\n",
         TSC_EPARSE, 3, 66, "there is no month 13"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1, from: 2025-02-30}\n",
         TSC_EPARSE, 3, 66, "month 02 of 2025 has 28 days"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1, from: 2025-4-9}\n", TSC_EPARSE,
         3, 66, "is not a date YYYY-MM-DD"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1, from: 2025-05-01, until: "
         "2025-04-01}\n",
         TSC_EINVAL, 3, 5, "ends (until: 2025-04-01) before it starts"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, importer: CHN, sectors: goods, add: 1}\n", TSC_EPARSE,
         3, 36, "key 'importer' is written twice (first at line 3, column 6)"},
        {"name: x\nmeasures: []\nname: y\n", TSC_EPARSE, 3, 1,
         "key 'name' is written twice (first at line 1, column 1)"},
        {"name: x\ndate: 0000-01-01\nmeasures: []\n", TSC_EPARSE, 2, 7, "outside 1900-2199"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1, exempt_share: 1.5}\n",
         TSC_EINVAL, 3, 74, "exempt_share"},
        {"name: x\nmesures: []\n", TSC_EPARSE, 2, 1, "did you mean 'measures'"},
        {"measures: []\n", TSC_EPARSE, 1, 1, "without a name"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: goods, add: 1\n", TSC_EPARSE, 4, 0, "YAML"},
        {"name: x\nmeasures:\n  - {importer: XYZ, exporter: JPN, sectors: goods, add: 1}\n", TSC_ELABEL, 3, 16,
         "unknown region code 'XYZ'"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: [G1, G9], add: 1}\n", TSC_ELABEL, 3, 45,
         "unknown sector 'G9'"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: {hs: [8703]}, add: 1}\n", TSC_EINVAL, 3, 45,
         "HS measure needs import weights"},
        {"name: x\nextends: missing\n", TSC_EIO, 2, 10, "cannot read"},
        {"name: x\nbase: no-such-base.csv\nmeasures: []\n", TSC_EIO, 2, 7, "the base schedule"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        tsc_tariffs tr;
        tsc_error err;
        tsc_error_clear(&err);
        int rc = apply(cases[k].yaml, NULL, &tr, &err);
        cr_assert_eq(rc, cases[k].code, "case %zu: %d (%s)", k, rc, err.msg);
        cr_assert(strstr(err.file, "s.yaml") != NULL, "case %zu: file '%s'", k, err.file);
        cr_assert_eq(err.line, cases[k].line, "case %zu: line %zu (%s)", k, err.line, err.msg);
        if (cases[k].col) cr_assert_eq(err.col, cases[k].col, "case %zu: col %zu (%s)", k, err.col, err.msg);
        cr_assert(strstr(err.msg, cases[k].msg) != NULL, "case %zu: '%s' lacks '%s'", k, err.msg, cases[k].msg);
    }
}

Test(scenario, hs_measures_by_import_weights, .init = setup, .fini = teardown)
{
    const char *w = tu_write(dir, "w.csv",
                             "importer,exporter,hs,sector,value\nUSA,JPN,8703230190,G1,30\nUSA,JPN,870829,G1,10\n"
                             "USA,JPN,7208100000,G1,60\nUSA,KOR,8703,G1,99\nUSA,JPN,8703,S9,5\n");
    tsc_apply_opts o = {.hs_weights = w};
    tsc_tariffs tr;
    tsc_error err;
    const char *s = "name: autos\nmeasures:\n"
                    "  - {importer: USA, exporter: JPN, sectors: {hs: [87]}, add: 25}\n"
                    "  - {importer: USA, exporter: JPN, sectors: goods, except: {hs: [72, 87]}, add: 10}\n";
    cr_assert_eq(apply(s, &o, &tr, &err), TSC_OK, "%s", err.msg);
    /* 40 of the 100 of JPN's G1 exports to the US are chapter 87; the other 60 are chapter 72, excepted */
    cr_assert_float_eq(rate(&tr, 1, 0, 0), 0.4 * 25, 1e-12, "%.17g", rate(&tr, 1, 0, 0));
    tsc_tariffs_free(&tr);
    const char *s2 =
        "name: steel\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: all, except: {hs: [8703]}, add: 50}\n";
    cr_assert_eq(apply(s2, &o, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(rate(&tr, 1, 0, 0), 0.7 * 50, 1e-12);
    cr_assert_eq(rate(&tr, 1, 0, 1), 50.0, "no weights for S1: nothing excepted");
    tsc_tariffs_free(&tr);
}

/* What each measure reached, counted while the scenario is applied: whole cells by their weight, rows of import
 * weights by their share of the cell's weight; numbers by hand. */
Test(scenario, statistics_of_each_measure, .init = setup, .fini = teardown)
{
    const char *w = tu_write(dir, "w.csv",
                             "importer,exporter,hs,sector,value\nUSA,JPN,8703230190,G1,30\n"
                             "USA,JPN,870829,G1,10\nUSA,JPN,7208100000,G1,60\n");
    const char *s = "name: stats\nmeasures:\n"
                    "  - {importer: USA, exporter: JPN, sectors: {hs: [8703, 7208]}, add: 25}\n"
                    "  - {importer: all, exporter: CHN, sectors: G1, set: 4}\n"
                    "  - {importer: USA, exporter: JPN, sectors: goods, floor_inclusive: 10}\n"
                    "  - {importer: CHN, exporter: JPN, sectors: {hs: [8703]}, add: 5}\n"
                    "  - {importer: USA, exporter: JPN, sectors: all, add: 1, from: 2030-01-01}\n";
    double cw[18];
    for (size_t c = 0; c < 18; c++) cw[c] = 2.5;
    cw[(1 * 3 + 0) * 2 + 0] = 8;   /* USA from JPN, G1: the cell with rows */
    cw[(0 * 3 + 2) * 2 + 0] = 1.5; /* JPN from CHN, G1 */
    cw[(1 * 3 + 2) * 2 + 0] = 0;   /* USA from CHN, G1: no weight, not counted */
    tsc_measure_stats st[5] = {{0}};
    tsc_apply_opts o = {.hs_weights = w, .date = "2025-06-01", .stats = st, .cell_weights = cw};
    tsc_tariffs tr, plain;
    tsc_error err;
    cr_assert_eq(apply(s, &o, &tr, &err), TSC_OK, "%s", err.msg);
    /* 2 of the cell's 3 rows (30 and 60 of 100): 0.3 and 0.6 of the cell's weight 8 */
    cr_assert_eq(st[0].cells, 1);
    cr_assert_eq(st[0].lines, 2);
    cr_assert_float_eq(st[0].value, 8 * 0.9, 1e-12);
    cr_assert_float_eq(st[0].before, 0, 1e-12);
    cr_assert_float_eq(st[0].after, 8 * 0.9 * 25, 1e-12);
    /* two cells, one of weight zero */
    cr_assert_eq(st[1].cells, 1);
    cr_assert_eq(st[1].lines, 0);
    cr_assert_float_eq(st[1].value, 1.5, 1e-12);
    cr_assert_float_eq(st[1].after, 1.5 * 4, 1e-12);
    /* every row, from its own rate: 25, 0, 25 -> 25, 10, 25 */
    cr_assert_eq(st[2].lines, 3);
    cr_assert_float_eq(st[2].value, 8, 1e-12);
    cr_assert_float_eq(st[2].before, 8 * (0.3 * 25 + 0.6 * 25), 1e-12);
    cr_assert_float_eq(st[2].after, 8 * (0.3 * 25 + 0.1 * 10 + 0.6 * 25), 1e-12);
    cr_assert_float_eq(st[2].after / st[2].value, rate(&tr, 1, 0, 0), 1e-12, "the cell's rate is its rows' mean");
    /* an HS measure on a cell without rows, and a measure not in force: nothing */
    for (int m = 3; m < 5; m++)
        cr_assert(st[m].cells == 0 && st[m].lines == 0 && st[m].value == 0, "measure %d", m + 1);
    /* the rates do not depend on the statistics */
    o.stats = NULL;
    cr_assert_eq(apply(s, &o, &plain, &err), TSC_OK, "%s", err.msg);
    cr_assert(memcmp(tr.rate, plain.rate, 18 * sizeof *tr.rate) == 0);
    tsc_tariffs_free(&tr);
    tsc_tariffs_free(&plain);
}

Test(scenario, measure_info_as_written, .init = setup, .fini = teardown)
{
    const char *s = "name: info\nmeasures:\n"
                    "  - {importer: USA, exporter: [JPN, CHN], sectors: goods, add: 10,"
                    " note: \"first, with a comma\"}\n"
                    "  - {importer: all, exporter: CHN, sectors: {hs: [8703, 8708]}, except: {hs: [870321]},"
                    " floor_inclusive: 15, from: 2025-04-03, until: 2025-05-03}\n";
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "i.yaml", s), &sc, &err), TSC_OK, "%s", err.msg);
    tsc_measure_info in;
    cr_assert_eq(tsc_scenario_measure_info(sc, 0, &in), TSC_OK);
    cr_assert_eq(in.line, 3);
    cr_assert_str_eq(in.note, "first, with a comma");
    cr_assert_str_eq(in.op, "add");
    cr_assert_str_eq(in.importer, "USA");
    cr_assert_str_eq(in.exporter, "[JPN, CHN]");
    cr_assert_str_eq(in.sectors, "goods");
    cr_assert_str_eq(in.except, "");
    cr_assert_eq(tsc_scenario_measure_info(sc, 1, &in), TSC_OK);
    cr_assert_str_eq(in.importer, "all");
    cr_assert_str_eq(in.sectors, "{hs: [8703, 8708]}");
    cr_assert_str_eq(in.except, "{hs: [870321]}");
    cr_assert_str_eq(in.op, "floor_inclusive");
    cr_assert_str_eq(in.from, "2025-04-03");
    cr_assert_str_eq(in.until, "2025-05-03");
    cr_assert_str_eq(in.note, "");
    cr_assert_eq(tsc_scenario_measure_info(sc, 2, &in), TSC_EINVAL);
    tsc_scenario_free(sc);
    /* a long list is shortened, and says how many codes it has */
    char text[8000];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "name: long\nmeasures:\n  - {importer: USA, exporter: all, sectors: {hs: [");
    for (int c = 0; c < 300; c++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%d", c ? ", " : "", 720000 + c);
    snprintf(text + len, sizeof text - len, "]}, add: 25}\n");
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "l.yaml", text), &sc, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_scenario_measure_info(sc, 0, &in), TSC_OK);
    cr_assert(strncmp(in.sectors, "{hs: [720000, 720001, ", 22) == 0, "%s", in.sectors);
    cr_assert(strstr(in.sectors, ", ... 300 codes]}"), "%s", in.sectors);
    cr_assert(strlen(in.sectors) < sizeof in.sectors);
    tsc_scenario_free(sc);
}

/* A scenario read from text in memory is the file's scenario: same rates; its errors name the text's name, line and
 * column; extends resolves against the name's folder. */
Test(scenario, from_text_as_from_file, .init = setup, .fini = teardown)
{
    const char *text = "name: mem\nmeasures:\n  - {importer: USA, exporter: CHN, sectors: goods, add: 12.375}\n";
    tsc_scenario *a = NULL, *b = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "f.yaml", text), &a, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_scenario_parse(text, strlen(text), "mem.yaml", NULL, &b, &err), TSC_OK, "%s", err.msg);
    cr_assert_str_eq(tsc_scenario_name(b), "mem");
    tsc_table *t = tu_table_3x2();
    tsc_tariffs ta = {0}, tb = {0};
    cr_assert_eq(tsc_scenario_apply(a, t, NULL, &ta, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_scenario_apply(b, t, NULL, &tb, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(memcmp(ta.rate, tb.rate, ta.G * ta.G * ta.N * sizeof *ta.rate), 0);
    cr_assert_eq(rate(&tb, 1, 2, 0), 12.375); /* USA on CHN's good G1 */
    tsc_tariffs_free(&ta);
    tsc_tariffs_free(&tb);
    tsc_table_free(t);
    tsc_scenario_free(a);
    tsc_scenario_free(b);

    const char *bad = "name: x\nmeasures:\n  - {importer: USA, exporter: CHN, sectors: goods, ad: 5}\n";
    cr_assert_neq(tsc_scenario_parse(bad, strlen(bad), "in-memory", NULL, &b, &err), TSC_OK);
    cr_assert_null(b);
    cr_assert_str_eq(err.file, "in-memory");
    cr_assert_eq(err.line, 3);
    cr_assert_gt(err.col, 0);
    cr_assert_eq(tsc_scenario_parse("", 0, "empty", NULL, &b, &err), TSC_EPARSE);

    /* extends: from the folder of the name */
    char name[1200];
    snprintf(name, sizeof name, "%s/<text>", dir);
    const char *ext = "name: child\nextends: f\nmeasures: []\n";
    cr_assert_eq(tsc_scenario_parse(ext, strlen(ext), name, NULL, &b, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_scenario_nmeasures(b), 1);
    tsc_scenario_free(b);
}
