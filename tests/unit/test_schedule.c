/* A table's tariff schedule: base schedules carried to aggregated codes, customs lines placed in cells with every
 * dollar accounted for, and scenarios applied line by line from each line's own rate (policy/schedule*.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "codemap_int.h"
#include "tariffscope/schedule.h"
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

static double cell(const double *v, size_t G, size_t N, size_t n, size_t i, size_t k)
{
    return v[(n * G + i) * N + k];
}

Test(schedule, codes_through_the_aggregation, .init = setup, .fini = teardown)
{
    tsc_table *t = tu_table_2x2();
    const char *agg =
        tu_write(dir, "agg.csv", "kind,from,to\nsector,c1,AG\nsector,c3,AG\nsector,c15,MF\nregion,XX1,BB\n");
    tsc_codemap c;
    tsc_error err;
    cr_assert_eq(tsc__codemap_load(agg, &c, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__codemap_region(t, &c, "XX1"), 1);
    cr_assert_eq(tsc__codemap_region(t, &c, "BB"), 1, "the table's own codes map to themselves");
    cr_assert_eq(tsc__codemap_sector(t, &c, "c3"), 0);
    cr_assert_eq(tsc__codemap_region(t, &c, "QQQ"), TSC_NONE);
    cr_assert_eq(tsc__codemap_rest(t, &c), TSC_NONE, "no RoW target and no ROW region");
    tsc__codemap_free(&c);
    tsc_table_free(t);
}

Test(schedule, base_schedules_to_aggregated_codes, .init = setup, .fini = teardown)
{
    tsc_table *t = tu_table_2x2();
    const char *agg =
        tu_write(dir, "agg.csv", "kind,from,to\nsector,c1,AG\nsector,c3,AG\nsector,c15,MF\nregion,XX1,BB\n");
    const char *b1 =
        tu_write(dir, "b1.csv",
                 "importer,exporter,sector,rate_pct\nAA,BB,c1,10\nAA,BB,c3,20\nAA,XX1,c15,5.5\nAA,ZZZ,c1,3\n"
                 "BB,BB,c1,7\n");
    const char *b2 = tu_write(dir, "b2.csv", "importer,exporter,sector,rate_pct\nAA,BB,c1,12\nall,AA,goods,2.5\n");
    const char *bases[2] = {b1, b2};
    tsc_schedule_opts so;
    tsc_schedule_opts_init(&so);
    so.aggregation = agg;
    so.bases = bases;
    so.nbases = 2;
    tsc_schedule *s = NULL;
    tsc_error err;
    cr_assert_eq(tsc_schedule_new(t, &so, &s, &err), TSC_OK, "%s", err.msg);
    const double *b = tsc_schedule_base(s);
    /* c1 of the second file replaces the first's; without customs lines the detailed cells weigh the same */
    cr_assert_float_eq(cell(b, 2, 2, 0, 1, 0), (12.0 + 20.0) / 2, 1e-12);
    cr_assert_float_eq(cell(b, 2, 2, 0, 1, 1), 5.5, 1e-12);
    cr_assert_eq(cell(b, 2, 2, 1, 1, 0), 0, "a region never taxes itself");
    cr_assert_float_eq(cell(b, 2, 2, 1, 0, 0), 2.5, 1e-12, "all,AA,goods");
    cr_assert_float_eq(cell(b, 2, 2, 1, 0, 1), 2.5, 1e-12, "all,AA,goods");
    const char *notes = tsc_schedule_notes(s);
    cr_assert(strstr(notes, "2 rows outside the table"), "%s", notes);
    cr_assert(strstr(notes, "with equal weights"), "%s", notes);
    cr_assert_eq(tsc_schedule_lines_info(s)->nlines, 0);

    const char *y =
        tu_write(dir, "s.yaml", "name: s\nmeasures:\n  - {importer: AA, exporter: BB, sectors: all, add: 1.5}\n");
    tsc_scenario *sc = NULL;
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    tsc_tariffs tr;
    char date[11];
    cr_assert_eq(tsc_schedule_apply(s, sc, NULL, &tr, date, &err), TSC_OK, "%s", err.msg);
    cr_assert_str_eq(date, "");
    cr_assert_float_eq(tr.base[(0 * 2 + 1) * 2 + 0], 16.0, 1e-12);
    cr_assert_float_eq(tr.rate[(0 * 2 + 1) * 2 + 0], 17.5, 1e-12);
    cr_assert_float_eq(tr.rate[(0 * 2 + 1) * 2 + 1], 7.0, 1e-12);
    cr_assert_float_eq(tr.rate[(1 * 2 + 0) * 2 + 0], 2.5, 1e-12, "untouched cells keep the base");
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    tsc_schedule_free(s);
    tsc_table_free(t);
}

#define HEAD "CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,CTY_CODE\n"

/* USA, JPN, ROW x MACH, VEH: US imports from Japan, Brazil (not a region: into ROW), the EU aggregate (its members
 * map to ROW and JPN), special provisions (chapter 98) and an unknown-to-the-table partner when there is no rest. */
static tsc_table *three(const char *rest)
{
    const char *R[3] = {"USA", "JPN", rest}, *S[2] = {"MACH", "VEH"}, *C[1] = {"FD"};
    double Z[36], Y[18];
    for (int i = 0; i < 36; i++) Z[i] = 1.5 + (i % 5) * 0.625;
    for (int i = 0; i < 18; i++) Y[i] = 12.25 + (i % 4);
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(3, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    return t;
}

static void lines_fixture(void)
{
    char p[1100];
    snprintf(p, sizeof p, "%s/imp", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/hts", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/hs2", dir);
    mkdir(p, 0777);
    tu_write(dir, "hts/census_to_iso3.csv", "cty_code,iso3\n5880,JPN\n3510,BRA\n4280,DEU\n");
    tu_write(dir, "hts/country_partner_mapping.csv", "cty_code,partner,country_name\n4280,eu,Germany\n");
    tu_write(dir, "imp/2024-hs10-imports5880.csv",
             HEAD "JAPAN,1000,25,8703230190,5880\nJAPAN,600,0,8703800000,5880\nJAPAN,400,10,8471300100,5880\n"
                  "JAPAN,30,0,9801001012,5880\n");
    tu_write(dir, "imp/2024-hs10-imports3510.csv", HEAD "BRAZIL,200,5,8703230190,3510\n");
    tu_write(dir, "imp/2024-hs10-imports0003.csv", HEAD "EUROPEAN UNION,800,20,8703230190,0003\n");
    tu_write(dir, "hs-concord.csv", "hs,sector\n84,c13\n8471,c14\n87,c15\n");
    tu_write(dir, "agg.csv",
             "kind,from,to\nsector,c13,MACH\nsector,c14,MACH\nsector,c15,VEH\nregion,RoW,ROW\n"
             "region,DEU,ROW\n");
}

static tsc_schedule *lines_schedule(const tsc_table *t, const char *bases_csv)
{
    char imp[1100], hs[1100], agg[1100];
    snprintf(imp, sizeof imp, "%s/imp", dir);
    snprintf(hs, sizeof hs, "%s/hs-concord.csv", dir);
    snprintf(agg, sizeof agg, "%s/agg.csv", dir);
    const char *bases[1] = {bases_csv};
    tsc_schedule_opts so;
    tsc_schedule_opts_init(&so);
    so.aggregation = agg;
    so.imports = imp;
    so.hs_concordance = hs;
    so.bases = bases;
    so.nbases = bases_csv ? 1 : 0;
    tsc_schedule *s = NULL;
    tsc_error err;
    cr_assert_eq(tsc_schedule_new(t, &so, &s, &err), TSC_OK, "%s", err.msg);
    return s;
}

Test(schedule, customs_lines_every_dollar_accounted_for, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("ROW");
    tsc_schedule *s = lines_schedule(t, NULL);
    const tsc_schedule_lines *l = tsc_schedule_lines_info(s);
    cr_assert_eq(l->nlines, 6);
    cr_assert_float_eq(l->value_in, 1000 + 600 + 400 + 30 + 200 + 800, 1e-9);
    cr_assert_float_eq(l->value_no_sector, 30, 1e-9, "chapter 98 has no sector");
    cr_assert_float_eq(l->value_placed, l->value_in - 30, 1e-9);
    cr_assert_float_eq(l->value_placed + l->value_no_sector + l->value_no_partner + l->value_own, l->value_in, 1e-9);
    cr_assert_eq(l->npartners_rest, 1, "Brazil goes to ROW");
    cr_assert_eq(l->npartners_split, 1, "the EU aggregate is split among its members' regions");
    double v[6];
    cr_assert_eq(tsc_schedule_line_cells(s, v), 0, "the importer is USA, region 0");
    cr_assert_float_eq(v[1 * 2 + 1], 1600, 1e-9, "JPN VEH");
    cr_assert_float_eq(v[1 * 2 + 0], 400, 1e-9, "JPN MACH");
    cr_assert_float_eq(v[2 * 2 + 1], 200 + 800, 1e-9, "ROW VEH: Brazil and the EU (its one member, DEU, is in ROW)");
    const double *b = tsc_schedule_base(s);
    /* each US cell's base: the import-weighted applied rate of its lines, 100 * duty / value */
    cr_assert_eq(b[(0 * 3 + 1) * 2 + 1], 0, "the base is the base schedules'; lines set it when a scenario applies");
    const char *notes = tsc_schedule_notes(s);
    cr_assert(strstr(notes, "1 partner folded into the rest of the world"), "%s", notes);
    cr_assert(strstr(notes, "left out: 0.9901% of USA's imports"), "%s", notes);

    /* a measure on one HS line of a cell moves only that line, from its own rate */
    const char *y =
        tu_write(dir, "s.yaml",
                 "name: s\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: {hs: ['870323']}, set: 15}\n"
                 "  - {importer: USA, exporter: all, sectors: goods, add: 10, except: {hs: ['8471']}}\n");
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    tsc_tariffs tr;
    cr_assert_eq(tsc_schedule_apply(s, sc, NULL, &tr, NULL, &err), TSC_OK, "%s", err.msg);
    size_t at = (0 * 3 + 1) * 2 + 1; /* USA from JPN, VEH */
    cr_assert_float_eq(tr.base[at], 100.0 * 25 / 1600, 1e-12);
    cr_assert_float_eq(tr.rate[at], (1000 * (15 + 10) + 600 * (0 + 10)) / 1600.0, 1e-12);
    at = (0 * 3 + 1) * 2 + 0; /* USA from JPN, MACH: computers excepted */
    cr_assert_float_eq(tr.base[at], 100.0 * 10 / 400, 1e-12);
    cr_assert_float_eq(tr.rate[at], tr.base[at], 1e-12);
    at = (0 * 3 + 2) * 2 + 1; /* USA from ROW, VEH: Brazil and the EU */
    cr_assert_float_eq(tr.base[at], 100.0 * (5 + 20) / 1000, 1e-12);
    cr_assert_float_eq(tr.rate[at], tr.base[at] + 10, 1e-12);
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    tsc_schedule_free(s);
    tsc_table_free(t);
}

/* The EU aggregate split between two regions holding members: Germany (its own region) and Romania (in ROW), by
 * their imports in the line's chapter (87: 450 and 300, so 0.6 and 0.4). */
Test(schedule, customs_lines_eu_split_between_regions, .init = setup, .fini = teardown)
{
    lines_fixture();
    tu_write(dir, "hts/census_to_iso3.csv", "cty_code,iso3\n5880,JPN\n3510,BRA\n4280,DEU\n4850,ROU\n");
    tu_write(dir, "hts/country_partner_mapping.csv",
             "cty_code,partner,country_name\n4280,eu,Germany\n4850,eu,Romania\n");
    tu_write(dir, "hs2/hs2-tariff-4280.csv", "HS2,2024_imports\n87,450\n84,12.5\n");
    tu_write(dir, "hs2/hs2-tariff-4850.csv", "HS2,2024_imports\n87,300\n");
    tu_write(dir, "agg.csv", "kind,from,to\nsector,c13,MACH\nsector,c14,MACH\nsector,c15,VEH\nregion,RoW,ROW\n");
    const char *R[4] = {"USA", "JPN", "DEU", "ROW"}, *S[2] = {"MACH", "VEH"}, *C[1] = {"FD"};
    double Z[64], Y[32];
    for (int i = 0; i < 64; i++) Z[i] = 1.5 + (i % 5) * 0.625;
    for (int i = 0; i < 32; i++) Y[i] = 12.25 + (i % 4);
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(4, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    tsc_schedule *s = lines_schedule(t, NULL);
    const tsc_schedule_lines *l = tsc_schedule_lines_info(s);
    cr_assert_eq(l->npartners_split, 1);
    double v[8];
    cr_assert_eq(tsc_schedule_line_cells(s, v), 0, "the importer is USA, region 0");
    cr_assert_float_eq(v[2 * 2 + 1], 800 * 0.6, 1e-9, "DEU VEH: 0.6 of the EU's 800");
    cr_assert_float_eq(v[3 * 2 + 1], 200 + 800 * 0.4, 1e-9, "ROW VEH: Brazil and 0.4 of the EU's 800");
    cr_assert_float_eq(v[2 * 2 + 1] + v[3 * 2 + 1] + v[1 * 2 + 1] + v[1 * 2 + 0], l->value_placed, 1e-9,
                       "every placed dollar in one cell");
    tsc_schedule_free(s);
    tsc_table_free(t);
}

Test(schedule, partners_with_no_place_are_counted, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("CHN"); /* no rest of the world: Brazil and Germany cannot be placed */
    tsc_schedule *s = lines_schedule(t, NULL);
    const tsc_schedule_lines *l = tsc_schedule_lines_info(s);
    cr_assert_float_eq(l->value_no_partner, 200 + 800, 1e-9);
    cr_assert_float_eq(l->value_placed + l->value_no_sector + l->value_no_partner + l->value_own, l->value_in, 1e-9);
    cr_assert(strstr(tsc_schedule_notes(s), "from partners the table cannot place"), "%s", tsc_schedule_notes(s));
    tsc_schedule_free(s);
    tsc_table_free(t);
}

Test(schedule, detailed_base_rates_weighted_by_customs_value, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("ROW");
    /* MACH holds c13 (no Japanese lines) and c14 (400 of Japanese imports): the c14 rate carries the cell */
    const char *base = tu_write(dir, "base.csv",
                                "importer,exporter,sector,rate_pct\nJPN,USA,c13,4.5\nJPN,USA,c14,1.25\n"
                                "USA,JPN,c13,3\nUSA,JPN,c14,0.5\n");
    tsc_schedule *s = lines_schedule(t, base);
    const double *b = tsc_schedule_base(s);
    cr_assert_float_eq(b[(0 * 3 + 1) * 2 + 0], 0.5, 1e-12, "weighted by Japan's US imports in c13 (none) and c14");
    cr_assert_float_eq(b[(1 * 3 + 0) * 2 + 0], (4.5 + 1.25) / 2, 1e-12,
                       "exporter USA has no customs weights: equal ones");
    tsc_schedule_free(s);
    tsc_table_free(t);
}

/* tsc_schedule_check: the customs importer's cells counted through their lines (placed value, USD), the other cells
 * by the table's imports; the numbers by hand on the fixture's lines. */
Test(schedule, check_counts_what_each_measure_reaches, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("ROW");
    tsc_schedule *s = lines_schedule(t, NULL);
    const char *y = tu_write(dir, "c.yaml",
                             "name: c\nmeasures:\n"
                             "  - {importer: USA, exporter: JPN, sectors: {hs: ['870323']}, set: 15}\n"
                             "  - {importer: USA, exporter: all, sectors: goods, add: 10, except: {hs: ['8471']}}\n"
                             "  - {importer: JPN, exporter: USA, sectors: {hs: ['8703']}, add: 5}\n"
                             "  - {importer: JPN, exporter: USA, sectors: [VEH], set: 4.5}\n"
                             "  - {importer: USA, exporter: JPN, sectors: goods, add: 7, from: 2030-01-01}\n");
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    tsc_measure_report r[5], tot;
    char date[11];
    cr_assert_eq(tsc_schedule_check(s, sc, "2025-06-01", r, &tot, date, &err), TSC_OK, "%s", err.msg);
    cr_assert_str_eq(date, "2025-06-01");
    /* 1: one of Japan's two VEH lines (1000 of 1600), from its own rate 2.5 to 15 */
    cr_assert(r[0].in_force);
    cr_assert_eq(r[0].lines.lines, 1);
    cr_assert_eq(r[0].lines.cells, 1);
    cr_assert_float_eq(r[0].lines.value, 1000, 1e-9);
    cr_assert_float_eq(r[0].lines.before, 1000 * 2.5, 1e-9);
    cr_assert_float_eq(r[0].lines.after, 1000 * 15.0, 1e-9);
    cr_assert_eq(r[0].cells.cells, 0, "an HS measure reaches no cell of the table's own");
    /* 2: the placed lines but computers: Japan's VEH lines (15, 0), Brazil's and the EU's (2.5 each) in ROW VEH;
     * the chapter-98 line is reached but has no place */
    cr_assert_eq(r[1].lines.lines, 4);
    cr_assert_eq(r[1].lines.cells, 2);
    cr_assert_float_eq(r[1].lines.value, 1000 + 600 + 200 + 800, 1e-9);
    cr_assert_float_eq(r[1].lines.before, 1000 * 15 + 600 * 0 + 200 * 2.5 + 800 * 2.5, 1e-9);
    cr_assert_float_eq(r[1].lines.after, r[1].lines.before + 2600 * 10, 1e-9);
    /* ... and USA's one cell without lines, ROW MACH, by the table: Z row (ROW, MACH) in USA's columns + Y */
    double m = 4.0 + 1.5 + 12.25;
    cr_assert_eq(r[1].cells.cells, 1);
    cr_assert_float_eq(r[1].cells.value, m, 1e-12);
    cr_assert_float_eq(r[1].cells.after, m * 10, 1e-12);
    /* 3: an HS measure on an importer without lines reaches nothing */
    cr_assert(r[2].in_force && r[2].lines.value == 0 && r[2].cells.value == 0);
    /* 4: one cell of the table, Z row (USA, VEH) in JPN's columns + Y */
    m = 3.375 + 4.0 + 15.25;
    cr_assert_eq(r[3].cells.cells, 1);
    cr_assert_float_eq(r[3].cells.value, m, 1e-12);
    cr_assert_float_eq(r[3].cells.after, m * 4.5, 1e-12);
    cr_assert_eq(r[3].lines.value, 0);
    /* 5: not in force on the date */
    cr_assert(!r[4].in_force && r[4].lines.value == 0 && r[4].cells.value == 0);
    /* the whole: the base is each line's duty / value, and the measures' changes add up to the scenario's */
    cr_assert_eq(tot.lines.lines, 5);
    cr_assert_eq(tot.lines.cells, 3);
    cr_assert_float_eq(tot.lines.value, 3000, 1e-9);
    cr_assert_float_eq(tot.lines.before, 100.0 * (25 + 10 + 5 + 20), 1e-9);
    cr_assert_float_eq(tot.lines.after - tot.lines.before,
                       (r[0].lines.after - r[0].lines.before) + (r[1].lines.after - r[1].lines.before), 1e-9);
    /* the same rates as tsc_schedule_apply */
    tsc_tariffs tr;
    cr_assert_eq(tsc_schedule_apply(s, sc, "2025-06-01", &tr, NULL, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(tr.rate[(0 * 3 + 1) * 2 + 1], (1000 * 25 + 600 * 10) / 1600.0, 1e-12);
    tsc_tariffs_free(&tr);
    /* the effective rates alone count every line reached by its import value, the chapter-98 line too */
    tsc_measure_stats st[5] = {{0}};
    char imp[1100];
    snprintf(imp, sizeof imp, "%s/imp", dir);
    tsc_imports *im = NULL;
    cr_assert_eq(tsc_imports_load(imp, NULL, &im, &err), TSC_OK, "%s", err.msg);
    tsc_effective e;
    tsc_effective_opts eo = {.date = "2025-06-01", .stats = st};
    cr_assert_eq(tsc_effective_rates(sc, im, &eo, &e, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(st[1].lines, 5);
    cr_assert_eq(st[1].cells, 0);
    cr_assert_float_eq(st[1].value, 2630, 1e-9);
    tsc_effective_free(&e);
    tsc_imports_free(im);
    tsc_scenario_free(sc);
    tsc_schedule_free(s);
    tsc_table_free(t);
}

/* A measure naming the table's sectors reaches the customs lines placed in them (through the aggregation: HS 87 is
 * c15, c15 is VEH), not the concordance's detailed codes. */
Test(schedule, table_sectors_reach_their_lines, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("ROW");
    tsc_schedule *s = lines_schedule(t, NULL);
    const char *y =
        tu_write(dir, "v.yaml", "name: v\nmeasures:\n  - {importer: USA, exporter: all, sectors: [VEH], add: 12.5}\n");
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    tsc_tariffs tr;
    cr_assert_eq(tsc_schedule_apply(s, sc, NULL, &tr, NULL, &err), TSC_OK, "%s", err.msg);
    size_t veh = (0 * 3 + 1) * 2 + 1, mach = (0 * 3 + 1) * 2 + 0;
    cr_assert_float_eq(tr.rate[veh], 100.0 * 25 / 1600 + 12.5, 1e-12);
    cr_assert_float_eq(tr.rate[mach], tr.base[mach], 1e-12, "computers are MACH");
    tsc_tariffs_free(&tr);
    tsc_measure_report r[1];
    cr_assert_eq(tsc_schedule_check(s, sc, NULL, r, NULL, NULL, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(r[0].lines.lines, 4, "Japan's two VEH lines, Brazil's and the EU's");
    cr_assert_eq(r[0].lines.cells, 2);
    cr_assert_float_eq(r[0].lines.value, 2600, 1e-9);
    tsc_scenario_free(sc);
    /* the concordance's detailed code is no sector of the table */
    y = tu_write(dir, "w.yaml", "name: w\nmeasures:\n  - {importer: USA, exporter: all, sectors: [c15], add: 1}\n");
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_schedule_apply(s, sc, NULL, &tr, NULL, &err), TSC_ELABEL);
    cr_assert(strstr(err.msg, "unknown sector 'c15'"), "%s", err.msg);
    tsc_scenario_free(sc);
    tsc_schedule_free(s);
    tsc_table_free(t);
}

/* Every allocation of tsc_schedule_check can fail: TSC_ENOMEM, nothing leaked (the sanitizer build checks leaks). */
Test(schedule, check_survives_failed_allocations, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("ROW");
    tsc_schedule *s = lines_schedule(t, NULL);
    const char *y = tu_write(dir, "o.yaml",
                             "name: o\nmeasures:\n"
                             "  - {importer: USA, exporter: all, sectors: [VEH], add: 12.5}\n"
                             "  - {importer: USA, exporter: JPN, sectors: {hs: ['8471']}, set: 3}\n");
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    size_t failures = 0;
    int rc = TSC_ENOMEM;
    for (size_t n = 1; n < 200 && rc != TSC_OK; n++) {
        tsc_measure_report r[2], tot;
        tsc_alloc_fail_after(n);
        rc = tsc_schedule_check(s, sc, NULL, r, &tot, NULL, &err);
        tsc_alloc_fail_after(0);
        cr_assert(rc == TSC_OK || rc == TSC_ENOMEM, "allocation %zu: %d %s", n, rc, err.msg);
        failures += rc == TSC_ENOMEM;
    }
    cr_assert_eq(rc, TSC_OK);
    cr_assert_gt(failures, 10, "the allocations were reached");
    tsc_scenario_free(sc);
    tsc_schedule_free(s);
    tsc_table_free(t);
}

/* A measure naming a table region that folds partners reaches their lines: ROW holds Brazil (200) and the EU
 * aggregate's German share (800). The EU aggregate's lines carry one rate however they are split, so they are reached
 * by measures naming the partner EU, not the regions they are split into: the measure moves Brazil's lines only (a
 * documented limit, docs/SCENARIOS.md). Japan's lines are not reached. */
Test(schedule, a_measure_on_a_folding_region_reaches_its_partners_lines, .init = setup, .fini = teardown)
{
    lines_fixture();
    tsc_table *t = three("ROW");
    tsc_schedule *s = lines_schedule(t, NULL);
    const char *y = tu_write(dir, "row.yaml",
                             "name: row\nmeasures:\n  - {importer: USA, exporter: ROW, sectors: goods, add: 7.25}\n");
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(y, &sc, &err), TSC_OK, "%s", err.msg);
    tsc_tariffs tr;
    cr_assert_eq(tsc_schedule_apply(s, sc, NULL, &tr, NULL, &err), TSC_OK, "%s", err.msg);
    size_t row_veh = (0 * 3 + 2) * 2 + 1, jpn_veh = (0 * 3 + 1) * 2 + 1;
    cr_assert_float_eq(tr.rate[row_veh], tr.base[row_veh] + 7.25 * 200 / 1000, 1e-12, "Brazil's lines, in ROW");
    cr_assert_float_eq(tr.rate[jpn_veh], tr.base[jpn_veh], 1e-12, "Japan's lines are not ROW's");
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    tsc_schedule_free(s);
    tsc_table_free(t);
}

/* A table's tariff sources (tsc_sources_find): what the caller names first, else the data folder's defaults; the
 * scenarios' base schedules once each; customs lines only for a table with the US, and an error for a folder of
 * lines that does not exist. */
Test(schedule, sources_found, .init = setup, .fini = teardown)
{
    char data[1100], path[1200];
    snprintf(data, sizeof data, "%s/data", dir);
    mkdir(data, 0755);
    snprintf(path, sizeof path, "%s/concordance", data);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/tariffs", data);
    mkdir(path, 0755);
    tu_write(data, "concordance/theta_wiod.csv", "sector,theta\nAG,4.5\n");
    tu_write(data, "tariffs/us_2024_applied.csv", "importer,exporter,sector,rate_pct\n");
    const char *base = tu_write(dir, "base.csv", "importer,exporter,sector,rate_pct\n");
    char text[1400];
    snprintf(text, sizeof text, "name: s\nbase: base.csv\nmeasures: []\n");
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "s.yaml", text), &sc, &err), TSC_OK, "%s", err.msg);
    tsc_table *t = tu_table_2x2(); /* no USA */
    tsc_sources_opts o;
    tsc_sources_opts_init(&o);
    tsc_sources s;
    const tsc_scenario *scs[2] = {sc, sc};
    /* nothing named and no data folder: no defaults, the scenario's base once */
    cr_assert_eq(tsc_sources_find(t, &o, scs, 2, &s, &err), TSC_OK, "%s", err.msg);
    cr_assert_null(s.theta);
    cr_assert_null(s.so.hs_concordance);
    cr_assert_eq(s.nbases, 1);
    cr_assert_eq(s.so.nbases, 1);
    cr_assert_null(s.so.imports);
    cr_assert_eq(s.lines_absent, 0);
    /* the data folder's defaults: those that exist */
    o.data_dir = data;
    cr_assert_eq(tsc_sources_find(t, &o, scs, 1, &s, &err), TSC_OK, "%s", err.msg);
    cr_assert_not_null(s.theta);
    cr_assert(strstr(s.theta, "concordance/theta_wiod.csv"));
    cr_assert_null(s.so.hs_concordance);
    cr_assert_eq(s.nbases, 2);
    cr_assert(strstr(s.bases[0], "us_2024_applied.csv"));
    /* what the caller names wins; base alone leaves out every other base schedule */
    o.theta = "mine.csv";
    o.base_csv = base;
    cr_assert_eq(tsc_sources_find(t, &o, scs, 1, &s, &err), TSC_OK, "%s", err.msg);
    cr_assert_str_eq(s.theta, "mine.csv");
    cr_assert_eq(s.nbases, 1);
    cr_assert_str_eq(s.bases[0], base);
    tsc_table_free(t);
    /* a table with the US: the shared data's lines, absent here; a named folder that does not exist is an error */
    t = tu_table_3x2();
    o.shared_dir = dir;
    cr_assert_eq(tsc_sources_find(t, &o, scs, 1, &s, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(s.lines_absent, 1);
    cr_assert_null(s.so.imports);
    o.no_imports = 1;
    cr_assert_eq(tsc_sources_find(t, &o, scs, 1, &s, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(s.lines_absent, 0);
    o.no_imports = 0;
    o.imports = "no/such/folder";
    cr_assert_eq(tsc_sources_find(t, &o, scs, 1, &s, &err), TSC_EIO);
    cr_assert_str_eq(err.file, "no/such/folder");
    tsc_table_free(t);
    tsc_scenario_free(sc);
}
