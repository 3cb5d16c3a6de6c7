/* Tariffs at the level of customs lines: the HS concordance, import weights, effective rates line by line, the
 * shipped scenarios, and the effective rates of the 2025 scenarios against the tariff tracker's series. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv_int.h"
#include "tariffscope/tariffs.h"
#include "testutil.h"

static const char *dir;

static const char *path_in(const char *name)
{
    static char path[4][700];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

static void setup(void)
{
    dir = tu_tmpdir();
    char p[700];
    snprintf(p, sizeof p, "%s/imp", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/hts", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/hs2", dir);
    mkdir(p, 0777);
}
static void teardown(void)
{
    tu_rmtree(dir);
}

#define HEAD "CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,CTY_CODE\n"

/* A small import folder: Japan, Korea, the EU aggregate and Slovakia (also inside the EU aggregate). */
static const char *small_imports(void)
{
    tu_write(dir, "hts/census_to_iso3.csv", "cty_code,iso3\n5880,JPN\n5800,KOR\n4359,SVK\n4280,DEU\n4850,ROU\n");
    tu_write(dir, "imp/2024-hs10-imports5880.csv",
             HEAD "JAPAN,1000.5,25.0125,8703230190,5880\nJAPAN,250,0,8471300100,5880\n"
                  "JAPAN,40,10,0201100000,5880\nJAPAN,7.25,0,9801001012,5880\n"
                  "JAPAN,0,0,8479899599,5880\n");
    tu_write(dir, "imp/2024-hs10-imports5800.csv",
             HEAD "\"KOREA, SOUTH\",600,15,8703230190,5800\n\"KOREA, SOUTH\",120,3.6,7208100000,5800\n");
    tu_write(dir, "imp/2024-hs10-imports0003.csv",
             HEAD "EUROPEAN UNION,900,22.5,8703230190,0003\nEUROPEAN UNION,300,0,3004909215,0003\n");
    tu_write(dir, "imp/2024-hs10-imports4359.csv", HEAD "SLOVAKIA,150,3.75,8703230190,4359\n");
    return path_in("imp");
}

static const char *small_concord(void)
{
    return tu_write(dir, "concord.csv",
                    "hs,sector,description\n02,c3,meat\n30,c9,pharmaceuticals\n72,c12,steel\n84,c13,machinery\n"
                    "8471,c14,computers\n87,c15,vehicles\n870191,c13,\"agricultural tractors, 37 kW\"\n");
}

static tsc_imports *load_imports(const char *where)
{
    tsc_imports *im = NULL;
    tsc_error err;
    char buf[1200];
    cr_assert_eq(tsc_imports_load(where, NULL, &im, &err), TSC_OK, "%s", tsc_error_format(&err, buf, sizeof buf));
    return im;
}

static tsc_hs_concord *load_concord(const char *path)
{
    tsc_hs_concord *c = NULL;
    tsc_error err;
    char buf[1200];
    cr_assert_eq(tsc_hs_concord_load(path, &c, &err), TSC_OK, "%s", tsc_error_format(&err, buf, sizeof buf));
    return c;
}

/* ---- concordance ---- */

Test(tariffs, concordance_longest_prefix, .init = setup, .fini = teardown)
{
    tsc_hs_concord *c = load_concord(small_concord());
    cr_assert_str_eq(tsc_hs_concord_sector(c, "8471300100"), "c14");
    cr_assert_str_eq(tsc_hs_concord_sector(c, "8479899599"), "c13");
    cr_assert_str_eq(tsc_hs_concord_sector(c, "8701910000"), "c13", "a subheading row beats its chapter");
    cr_assert_str_eq(tsc_hs_concord_sector(c, "8701920000"), "c15");
    cr_assert_null(tsc_hs_concord_sector(c, "9801001012"));
    cr_assert_eq(tsc_hs_concord_nsectors(c), 6);
    const char *order[] = {"c3", "c9", "c12", "c13", "c14", "c15"};
    for (size_t s = 0; s < 6; s++) cr_assert_str_eq(tsc_hs_concord_sector_code(c, s), order[s], "natural order");
    cr_assert_eq(tsc_hs_concord_sector_index(c, "c12"), 2);
    cr_assert_eq(tsc_hs_concord_sector_index(c, "c99"), (size_t)-1);
    tsc_hs_concord_free(c);

    static const struct {
        const char *text;
        int code;
        size_t line, col;
        const char *msg;
    } bad[] = {
        {"hs,sector\n84,c13\n847,c14\n", TSC_EPARSE, 3, 1, "2, 4, 6, 8 or 10 digits"},
        {"hs,sector\n84,c13\n84x1,c14\n", TSC_EPARSE, 3, 1, "not an HS code"},
        {"hs,sector\n84,c13\n8471,\n", TSC_EPARSE, 3, 6, "empty sector"},
        {"hs,sector\n84,c13\n85,c14\n84,c15\n", TSC_EPARSE, 4, 1, "listed twice"},
        {"hs,sector,description\n84,c13\n", TSC_EPARSE, 2, 7, "ragged row"},
        {"code,sector\n84,c13\n", TSC_EPARSE, 1, 1, "header must be"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        tsc_error err;
        tsc_hs_concord *x = NULL;
        int rc = tsc_hs_concord_load(tu_write(dir, "bad.csv", bad[k].text), &x, &err);
        cr_assert_eq(rc, bad[k].code, "case %zu: %d %s", k, rc, err.msg);
        cr_assert_null(x);
        cr_assert_eq(err.line, bad[k].line, "case %zu: line %zu (%s)", k, err.line, err.msg);
        cr_assert_eq(err.col, bad[k].col, "case %zu: col %zu (%s)", k, err.col, err.msg);
        cr_assert(strstr(err.msg, bad[k].msg), "case %zu: %s", k, err.msg);
    }
}

Test(tariffs, shipped_concordance, .init = setup, .fini = teardown)
{
    tsc_hs_concord *c = load_concord(tu_src("data/concordance/hs2017_wiod.csv"));
    static const char *const pairs[][2] = {
        {"0302110000", "c1"},  {"0304620000", "c3"},  {"2709002010", "c2"},  {"2710124510", "c8"},
        {"2711110000", "c2"},  {"2711120020", "c8"},  {"2716000000", "c17"}, {"3004909215", "c9"},
        {"3923210000", "c10"}, {"3901101000", "c9"},  {"7208100000", "c12"}, {"7321111000", "c13"},
        {"8471300100", "c14"}, {"8479899599", "c13"}, {"8409911040", "c15"}, {"8411820000", "c13"},
        {"8411123000", "c15"}, {"8443321000", "c14"}, {"8443110000", "c13"}, {"8516310000", "c13"},
        {"8517130000", "c14"}, {"8701200000", "c15"}, {"8701920000", "c13"}, {"8703230190", "c15"},
        {"8802400000", "c15"}, {"9018390000", "c14"}, {"9302000000", "c13"}, {"9401200000", "c15"},
        {"9403600000", "c16"}, {"9405100000", "c14"}, {"9619000000", "c7"},  {"9701100000", "c16"}};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        const char *s = tsc_hs_concord_sector(c, pairs[k][0]);
        cr_assert(s && strcmp(s, pairs[k][1]) == 0, "%s -> %s, expected %s", pairs[k][0], s ? s : "(none)",
                  pairs[k][1]);
    }
    cr_assert_null(tsc_hs_concord_sector(c, "9801001012"), "US chapter 98 has no sector");
    cr_assert_eq(tsc_hs_concord_nsectors(c), 17, "c1-c16 and c17 (electricity)");
    for (size_t s = 0; s < 17; s++) {
        char want[8];
        snprintf(want, sizeof want, "c%zu", s + 1);
        cr_assert_str_eq(tsc_hs_concord_sector_code(c, s), want);
    }
    /* every chapter 01-97 but the reserved 77 has a row */
    for (int ch = 1; ch <= 97; ch++) {
        char code[8];
        snprintf(code, sizeof code, "%02d", ch);
        if (ch != 77) cr_assert_not_null(tsc_hs_concord_sector(c, code), "chapter %s has no sector", code);
    }
    tsc_hs_concord_free(c);
}

Test(tariffs, concordance_covers_import_data, .init = setup, .fini = teardown)
{
    const char *imp = tu_shared("data/us-tariffs-2025/hs10-imports-2024");
    TU_REQUIRE(imp);
    tsc_imports *im = load_imports(imp);
    tsc_hs_concord *c = load_concord(tu_src("data/concordance/hs2017_wiod.csv"));
    size_t nl, chapters = 0;
    const tsc_import_line *l = tsc_imports_lines(im, &nl);
    double by_sector[18] = {0};
    int seen[100] = {0};
    for (size_t i = 0; i < nl; i++) {
        int ch = (l[i].hs[0] - '0') * 10 + (l[i].hs[1] - '0');
        const char *s = tsc_hs_concord_sector(c, l[i].hs);
        if (ch >= 98) {
            cr_assert_null(s, "%s: special provisions have no sector", l[i].hs);
            continue;
        }
        cr_assert_not_null(s, "%s (chapter %02d) has no sector", l[i].hs, ch);
        cr_assert(s[0] == 'c', "%s -> %s", l[i].hs, s);
        int k = (int)strtol(s + 1, NULL, 10);
        cr_assert(k >= 1 && (k <= 16 || (k == 17 && strncmp(l[i].hs, "2716", 4) == 0)),
                  "%s -> %s: not a goods industry", l[i].hs, s);
        by_sector[k] += l[i].value;
        chapters += !seen[ch];
        seen[ch] = 1;
    }
    cr_assert_eq(chapters, 96, "the data hold every chapter 01-97 but 77");
    for (int k = 1; k <= 16; k++) cr_assert_gt(by_sector[k], 1e9, "c%d receives imports", k);
    tsc_hs_concord_free(c);
    tsc_imports_free(im);
}

/* ---- import lines ---- */

Test(tariffs, imports_and_their_errors, .init = setup, .fini = teardown)
{
    tsc_imports *im = load_imports(small_imports());
    size_t nl;
    const tsc_import_line *l = tsc_imports_lines(im, &nl);
    cr_assert_eq(nl, 10);
    cr_assert_eq(tsc_imports_npartners(im), 4);
    cr_assert_str_eq(tsc_imports_partner(im, 0), "EU", "files in name order; the Census EU aggregate is EU");
    cr_assert_str_eq(tsc_imports_census_code(im, 0), "0003");
    cr_assert_str_eq(tsc_imports_partner(im, tsc_imports_partner_index(im, "SVK")), "SVK");
    cr_assert_str_eq(l[2].hs, "8703230190");
    cr_assert_float_eq(l[2].value, 150, 0);
    cr_assert_str_eq(tsc_imports_country(im, "4850"), "ROU");
    tsc_imports_free(im);

    static const struct {
        const char *file, *text;
        int code;
        size_t line, col;
        const char *msg;
    } bad[] = {
        {"imp/2024-hs10-imports9999.csv", HEAD "X,1,0,8703230190,9999\n", TSC_ELABEL, 2, 18,
         "unknown Census country code '9999'"},
        {"imp/2024-hs10-imports5880.csv", HEAD "J,1,0,87x3,5880\n", TSC_EPARSE, 2, 7, "not an HS code"},
        {"imp/2024-hs10-imports5880.csv", HEAD "J,-1,0,8703,5880\n", TSC_EINVAL, 2, 3, "negative import value"},
        {"imp/2024-hs10-imports5880.csv", HEAD "J,1,zero,8703,5880\n", TSC_EPARSE, 2, 5, "not a number"},
        {"imp/2024-hs10-imports5880.csv", HEAD "J,1,0,8703,5880\nJ,2,0,8471,5880\nJ,3,0,8703,5880\n", TSC_EPARSE, 4, 0,
         "listed twice (first at line 2)"},
        {"imp/2024-hs10-imports5880.csv", "CTY_NAME,CON_VAL_YR,I_COMMODITY,CTY_CODE\n", TSC_EPARSE, 1, 1,
         "lacks CAL_DUT_YR"},
        {"imp/2024-hs10-imports5880.csv", HEAD "J,1,0,8703,5880,extra\n", TSC_EPARSE, 2, 0, "ragged row"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        tu_rmtree(path_in("imp"));
        mkdir(path_in("imp"), 0777);
        const char *file = tu_write(dir, bad[k].file, bad[k].text);
        tsc_error err;
        tsc_imports *x = NULL;
        int rc = tsc_imports_load(path_in("imp"), NULL, &x, &err);
        cr_assert_eq(rc, bad[k].code, "case %zu: %d %s", k, rc, err.msg);
        cr_assert_null(x);
        cr_assert_str_eq(err.file, file, "case %zu", k);
        cr_assert_eq(err.line, bad[k].line, "case %zu: line %zu (%s)", k, err.line, err.msg);
        if (bad[k].col) cr_assert_eq(err.col, bad[k].col, "case %zu: col %zu (%s)", k, err.col, err.msg);
        cr_assert(strstr(err.msg, bad[k].msg), "case %zu: %s", k, err.msg);
    }
    /* a partner in two files */
    tu_rmtree(path_in("imp"));
    mkdir(path_in("imp"), 0777);
    tu_write(dir, "imp/a-hs10-imports.csv", HEAD "J,1,0,8703,5880\n");
    tu_write(dir, "imp/b-hs10-imports.csv", HEAD "J,2,0,8471,5880\n");
    tsc_error err;
    tsc_imports *x = NULL;
    cr_assert_eq(tsc_imports_load(path_in("imp"), NULL, &x, &err), TSC_EPARSE);
    cr_assert(strstr(err.msg, "also in an earlier file"), "%s", err.msg);
}

/* ---- weights ---- */

static double weight_of(const tsc_hs_weights *w, const char *exporter, const char *hs, const char *sector)
{
    for (size_t r = 0; r < w->n; r++)
        if (!strcmp(w->exporter[w->row[r].exporter], exporter) && !strcmp(w->row[r].hs, hs) &&
            !strcmp(w->sector[w->row[r].sector], sector))
            return w->row[r].value;
    return -1;
}

Test(tariffs, weights_as_filed_and_split, .init = setup, .fini = teardown)
{
    tsc_imports *im = load_imports(small_imports());
    tsc_hs_concord *c = load_concord(small_concord());
    tsc_hs_weights w;
    tsc_error err;
    cr_assert_eq(tsc_hs_weights_build(im, c, NULL, &w, &err), TSC_OK, "%s", err.msg);
    cr_assert_str_eq(w.importer, "USA");
    cr_assert_eq(w.nexporters, 4);
    cr_assert_float_eq(w.value_in, 1000.5 + 250 + 40 + 7.25 + 600 + 120 + 900 + 300 + 150, 1e-9);
    cr_assert_eq(w.unmapped_lines, 1, "chapter 98");
    cr_assert_float_eq(w.value_unmapped, 7.25, 0);
    double sum = 0;
    for (size_t r = 0; r < w.n; r++) sum += w.row[r].value;
    cr_assert_float_eq(sum, w.value_mapped, 1e-9);
    cr_assert_float_eq(w.value_mapped + w.value_unmapped, w.value_in, 1e-9);
    cr_assert_float_eq(weight_of(&w, "JPN", "8703230190", "c15"), 1000.5, 0);
    cr_assert_float_eq(weight_of(&w, "EU", "3004909215", "c9"), 300, 0);
    cr_assert_eq(weight_of(&w, "JPN", "8479899599", "c13"), -1, "lines without value are left out");
    tsc_hs_weights_free(&w);

    /* four digits: lines summed by heading */
    tsc_hs_weights_opts o4 = {.digits = 4};
    cr_assert_eq(tsc_hs_weights_build(im, c, &o4, &w, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(weight_of(&w, "KOR", "8703", "c15"), 600, 0);
    tsc_hs_weights_free(&w);

    /* on a table's regions: the EU aggregate split among members by their chapter imports; Slovakia keeps its own
     * line (150 of the EU's 900), the other 750 go 0.6 / 0.4 to Germany and Romania (ROM on WIOD) */
    tu_write(dir, "hts/country_partner_mapping.csv",
             "cty_code,partner,country_name\n4280,eu,Germany\n4850,eu,Romania\n"
             "4359,eu,Slovakia\n5880,japan,Japan\n");
    tu_write(dir, "hs2/hs2-tariff-4280.csv", "HS2,2024_imports\n87,450\n30,100\n");
    tu_write(dir, "hs2/hs2-tariff-4850.csv", "HS2,2024_imports\n87,300\n");
    tu_write(dir, "hs2/hs2-tariff-4359.csv", "HS2,2024_imports\n87,150\n");
    const char *regions[] = {"DEU", "JPN", "ROM", "SVK", "RoW"};
    tsc_hs_weights_opts ow = {.regions = regions, .nregions = 5, .imports_dir = path_in("imp")};
    cr_assert_eq(tsc_hs_weights_build(im, c, &ow, &w, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(w.nexporters, 5, "DEU JPN ROM RoW SVK");
    cr_assert_str_eq(w.exporter[2], "ROM");
    cr_assert_float_eq(weight_of(&w, "SVK", "8703230190", "c15"), 150, 1e-12);
    cr_assert_float_eq(weight_of(&w, "DEU", "8703230190", "c15"), 750 * 0.6, 1e-9);
    cr_assert_float_eq(weight_of(&w, "ROM", "8703230190", "c15"), 750 * 0.4, 1e-9);
    cr_assert_float_eq(weight_of(&w, "DEU", "3004909215", "c9"), 300, 1e-9, "only Germany reports chapter 30");
    cr_assert_float_eq(weight_of(&w, "RoW", "8703230190", "c15"), 600, 0, "Korea is not a region: RoW");
    sum = 0;
    for (size_t r = 0; r < w.n; r++) sum += w.row[r].value;
    cr_assert_float_eq(sum, w.value_mapped, 1e-9);
    cr_assert_float_eq(w.value_mapped, 1000.5 + 250 + 40 + 600 + 120 + 900 + 300, 1e-9,
                       "the EU total is kept: Slovakia is not counted twice");
    double rate[5 * 6], value[5 * 6];
    size_t missing = 9;
    cr_assert_eq(tsc_hs_weights_rates(&w, NULL, rate, value, &missing, &err), TSC_OK);
    size_t deu = 0, c15 = tsc_hs_concord_sector_index(c, "c15"), c9 = tsc_hs_concord_sector_index(c, "c9");
    cr_assert_float_eq(rate[deu * 6 + c15], 2.5, 1e-12, "the EU's duty share travels with its value");
    cr_assert_float_eq(rate[deu * 6 + c9], 0, 0);
    cr_assert_float_eq(rate[4 * 6 + c15], 2.5, 1e-12, "SVK 3.75 / 150");
    size_t row = 3; /* RoW: Korea's 600 at 2.5% and 120 of steel at 3% */
    cr_assert_float_eq(rate[row * 6 + tsc_hs_concord_sector_index(c, "c12")], 3.0, 1e-12);
    cr_assert_eq(missing, 0);

    /* a rate file: exporter rows before "all" rows, longest prefix first; rows with no rate are counted */
    const char *rates =
        tu_write(dir, "rates.csv", "exporter,hs,rate_pct\nall,87,25\nall,870323,27.5\nRoW,8703,2.385\nall,30,0\n");
    cr_assert_eq(tsc_hs_weights_rates(&w, rates, rate, value, &missing, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(rate[deu * 6 + c15], 27.5, 1e-12);
    cr_assert_float_eq(rate[row * 6 + c15], 2.385, 1e-12);
    cr_assert_eq(missing, 3, "JPN 8471, JPN 0201, RoW 7208 have no rate");
    const char *badrates = tu_write(dir, "badrates.csv", "exporter,hs,rate_pct\nKOR,87,25\n");
    cr_assert_eq(tsc_hs_weights_rates(&w, badrates, rate, value, &missing, &err), TSC_ELABEL);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.col, 1);
    tsc_hs_weights_free(&w);

    /* a partner the table lacks when the rest region is missing too */
    const char *few[] = {"DEU", "ROM", "SVK"};
    tsc_hs_weights_opts of = {.regions = few, .nregions = 3, .imports_dir = path_in("imp")};
    cr_assert_eq(tsc_hs_weights_build(im, c, &of, &w, &err), TSC_ELABEL);
    cr_assert(strstr(err.msg, "rest region 'RoW'"), "%s", err.msg);

    /* no member without a file of its own reports the line's chapter (30 here: Germany's file now lacks it): the
     * EU's 300 of 3004 goes to Germany and Romania by their total imports, 512.5 and 300 (the fallback of
     * split_line); the 8703 line still follows chapter 87 (450 and 300) */
    tu_write(dir, "hs2/hs2-tariff-4280.csv", "HS2,2024_imports\n87,450\n72,62.5\n");
    cr_assert_eq(tsc_hs_weights_build(im, c, &ow, &w, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(weight_of(&w, "DEU", "3004909215", "c9"), 300 * 512.5 / 812.5, 1e-12);
    cr_assert_float_eq(weight_of(&w, "ROM", "3004909215", "c9"), 300 * 300 / 812.5, 1e-12);
    cr_assert_float_eq(weight_of(&w, "DEU", "8703230190", "c15"), 750 * 0.6, 1e-12);
    cr_assert_float_eq(weight_of(&w, "ROM", "8703230190", "c15"), 750 * 0.4, 1e-12);
    cr_assert_eq(weight_of(&w, "SVK", "3004909215", "c9"), -1, "Slovakia files its own lines: none of 3004");
    sum = 0;
    for (size_t r = 0; r < w.n; r++) sum += w.row[r].value;
    cr_assert_float_eq(sum, w.value_mapped, 1e-9, "nothing is lost in the split");
    tsc_hs_weights_free(&w);
    tsc_hs_concord_free(c);
    tsc_imports_free(im);
}

Test(tariffs, aggregation_preserves_totals, .init = setup, .fini = teardown)
{
    const char *imp = tu_shared("data/us-tariffs-2025/hs10-imports-2024");
    TU_REQUIRE(imp);
    TU_REQUIRE(tu_shared("data/wiod2013/wiot_2011"));
    tsc_imports *im = load_imports(imp);
    tsc_hs_concord *c = load_concord(tu_src("data/concordance/hs2017_wiod.csv"));
    size_t nl, np = tsc_imports_npartners(im);
    const tsc_import_line *l = tsc_imports_lines(im, &nl);
    double in = 0, mapped = 0, svk = 0, eu = 0, jpn = 0;
    for (size_t i = 0; i < nl; i++) {
        in += l[i].value;
        if (!tsc_hs_concord_sector(c, l[i].hs)) continue;
        mapped += l[i].value;
        const char *p = tsc_imports_partner(im, l[i].partner);
        svk += strcmp(p, "SVK") == 0 ? l[i].value : 0;
        eu += strcmp(p, "EU") == 0 ? l[i].value : 0;
        jpn += strcmp(p, "JPN") == 0 ? l[i].value : 0;
    }
    cr_assert_eq(np, 51);
    tsc_hs_weights w;
    tsc_error err;
    cr_assert_eq(tsc_hs_weights_build(im, c, NULL, &w, &err), TSC_OK, "%s", err.msg);
    /* the same line values summed in another order: rounding of about 1e5 positive terms, at most 1e-11 relative
     * (measured 0); 1e-12 of the total is a few hundred USD, below any line of the files that could go missing */
    cr_assert_float_eq(w.value_in, in, 1e-12 * in);
    cr_assert_float_eq(w.value_mapped, mapped, 1e-12 * in);
    cr_assert_float_eq(w.value_mapped + w.value_unmapped, in, 1e-12 * in);
    cr_assert_gt(w.value_unmapped, 0);
    tsc_hs_weights_free(&w);

    tsc_table *t = tu_load(tu_shared("data/wiod2013/wiot_2011"), 1);
    size_t G = tsc_table_nregions(t);
    const char *regions[64];
    for (size_t r = 0; r < G; r++) regions[r] = tsc_table_region(t, r);
    regions[G] = "HRV"; /* Croatia is in RoW on WIOD: kept apart here, so that the members add up to the EU */
    tsc_hs_weights_opts o = {.regions = regions, .nregions = G + 1, .imports_dir = imp};
    cr_assert_eq(tsc_hs_weights_build(im, c, &o, &w, &err), TSC_OK, "%s", err.msg);
    double sum = 0, members = 0, japan = 0;
    static const char *const eu27[] = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN",
                                       "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX",
                                       "MLT", "NLD", "POL", "PRT", "ROM", "SVK", "SVN", "ESP", "SWE"};
    for (size_t r = 0; r < w.n; r++) {
        const char *e = w.exporter[w.row[r].exporter];
        sum += w.row[r].value;
        for (size_t k = 0; k < 27; k++) members += strcmp(e, eu27[k]) == 0 ? w.row[r].value : 0;
        japan += strcmp(e, "JPN") == 0 ? w.row[r].value : 0;
        cr_assert(strcmp(e, "EU") && strcmp(e, "ROU") && strcmp(e, "THA"), "exporter %s is not a WIOD region", e);
    }
    cr_assert_float_eq(sum, w.value_mapped, 1e-9 * sum);
    cr_assert_float_eq(w.value_mapped, mapped - svk, 1e-9 * mapped, "Slovakia is inside the EU aggregate");
    cr_assert_float_eq(members, eu, 1e-9 * eu, "the EU aggregate, split among the members");
    cr_assert_float_eq(japan, jpn, 1e-9 * jpn);
    tsc_hs_weights_free(&w);
    tsc_table_free(t);
    tsc_hs_concord_free(c);
    tsc_imports_free(im);
}

/* The EU split follows the table's aggregation: on data/world2024, Croatia (not a WIOD region, so in RoW and then
 * ROW) goes to ROW, not to the rest-of-EU region EU; and the rest region is found without --rest. */
static double exporter_total(const tsc_hs_weights *w, const char *code)
{
    double v = 0;
    for (size_t r = 0; r < w->n; r++) v += strcmp(w->exporter[w->row[r].exporter], code) == 0 ? w->row[r].value : 0;
    return v;
}

Test(tariffs, eu_split_follows_the_table_aggregation, .init = setup, .fini = teardown)
{
    const char *imp = tu_shared("data/us-tariffs-2025/hs10-imports-2024");
    TU_REQUIRE(imp);
    tsc_imports *im = load_imports(imp);
    tsc_hs_concord *c = load_concord(tu_src("data/concordance/hs2017_wiod.csv"));
    tsc_table *t = tu_load(tu_src("data/world2024"), 0);
    size_t G = tsc_table_nregions(t);
    const char *regions[64];
    for (size_t r = 0; r < G; r++) regions[r] = tsc_table_region(t, r);
    const char *const *agg;
    cr_assert_eq(tsc_table_files(t, "aggregation", &agg), 1);
    tsc_hs_weights with, without;
    tsc_error err;
    tsc_hs_weights_opts o = {.regions = regions, .nregions = G, .imports_dir = imp, .aggregation = agg[0]};
    cr_assert_eq(tsc_hs_weights_build(im, c, &o, &with, &err), TSC_OK, "%s", err.msg);
    tsc_hs_weights_opts o2 = {.regions = regions, .nregions = G, .imports_dir = imp, .rest = "ROW"};
    cr_assert_eq(tsc_hs_weights_build(im, c, &o2, &without, &err), TSC_OK, "%s", err.msg);
    double moved = exporter_total(&without, "EU") - exporter_total(&with, "EU");
    /* what leaves EU arrives in ROW, exactly but for the rounding of totals of about 1e12 USD (measured 8.7e-13 of
     * the 1e9 moved, about 1e-3 USD); 1e-9 of it (1 USD) is the margin */
    cr_assert_float_eq(exporter_total(&with, "ROW") - exporter_total(&without, "ROW"), moved, 1e-9 * moved);
    /* Croatia's US imports in 2024: about 0.99 bn USD (the members' HS2 files) */
    cr_assert(moved > 0.5e9 && moved < 1.5e9, "Croatia's share moved %.4g", moved);
    cr_assert_float_eq(with.value_mapped, without.value_mapped, 1e-9 * with.value_mapped);
    cr_assert_eq(exporter_total(&with, "AUS"), 0, "Australia is in ROW");
    tsc_hs_weights_free(&with);
    tsc_hs_weights_free(&without);
    tsc_table_free(t);
    tsc_hs_concord_free(c);
    tsc_imports_free(im);
}

/* ---- effective rates: the rules ---- */

static tsc_scenario *scenario(const char *name, const char *text)
{
    tsc_scenario *sc = NULL;
    tsc_error err;
    char buf[1200];
    cr_assert_eq(tsc_scenario_load(tu_write(dir, name, text), &sc, &err), TSC_OK, "%s",
                 tsc_error_format(&err, buf, sizeof buf));
    return sc;
}

static double line_rate(const tsc_imports *im, const tsc_effective *e, const char *partner, const char *hs)
{
    size_t nl;
    const tsc_import_line *l = tsc_imports_lines(im, &nl);
    for (size_t i = 0; i < nl; i++)
        if (!strcmp(tsc_imports_partner(im, l[i].partner), partner) && !strcmp(l[i].hs, hs)) return e->line_rate[i];
    cr_assert_fail("no line %s of %s", hs, partner);
    return 0;
}

Test(tariffs, effective_rules, .init = setup, .fini = teardown)
{
    tsc_imports *im = load_imports(small_imports());
    tsc_hs_concord *c = load_concord(small_concord());
    tsc_groups *g = NULL;
    tsc_error err;
    cr_assert_eq(tsc_groups_new(&g, &err), TSC_OK);
    cr_assert_eq(
        tsc_groups_add_file(
            g, tu_write(dir, "groups.csv", "group,member\nEU27,EU\nEU27,SVK\nEU27,DEU\nPAIR,JPN\nPAIR,KOR\n"), &err),
        TSC_OK);
    tsc_scenario *sc = scenario(
        "rules.yaml",
        "name: rules\ndate: 2025-09-17\nmeasures:\n"
        "  - {importer: USA, exporter: PAIR, sectors: goods, add: 10, except: {hs: [72, 8703]}, from: 2025-04-05}\n"
        "  - {importer: USA, exporter: all, sectors: {hs: [8703]}, add: 25}\n"
        "  - {importer: USA, exporter: KOR, sectors: {hs: [72]}, add: 50, exempt_share: 0.25}\n"
        "  - {importer: USA, exporter: EU27, sectors: goods, floor_inclusive: 15, except: {hs: [8703]}}\n"
        "  - {importer: USA, exporter: JPN, sectors: {hs: [8703]}, set: 15, from: 2025-09-16}\n"
        "  - {importer: USA, exporter: JPN, sectors: [c14], add: 2.385}\n"
        "  - {importer: PAIR, exporter: all, sectors: goods, add: 99}\n"
        "  - {importer: USA, exporter: JPN, sectors: goods, add: 1000, until: 2025-01-01}\n");
    tsc_effective_opts o = {.groups = g, .concord = c};
    tsc_effective e;
    cr_assert_eq(tsc_effective_rates(sc, im, &o, &e, &err), TSC_OK, "%s", err.msg);
    /* applied base: 25.0125 / 1000.5 = 2.5%; +25 then set 15 (from September 16; the scenario's date applies) */
    cr_assert_float_eq(line_rate(im, &e, "JPN", "8703230190"), 15, 1e-12);
    cr_assert_float_eq(line_rate(im, &e, "JPN", "8471300100"), 10 + 2.385, 1e-12, "the c14 line by the concordance");
    cr_assert_float_eq(line_rate(im, &e, "JPN", "0201100000"), 25 + 10, 1e-12, "base 25% + 10");
    cr_assert_float_eq(line_rate(im, &e, "JPN", "9801001012"), 10, 1e-12, "goods: every line, chapter 98 too");
    cr_assert_float_eq(line_rate(im, &e, "KOR", "7208100000"), 3 + 0.75 * 50, 1e-12,
                       "excepted from the 10; 50 on 75%%");
    cr_assert_float_eq(line_rate(im, &e, "KOR", "8703230190"), 2.5 + 25, 1e-12);
    cr_assert_float_eq(line_rate(im, &e, "EU", "3004909215"), 15, 1e-12, "EU27 reaches the EU aggregate: 0 -> 15");
    cr_assert_float_eq(line_rate(im, &e, "EU", "8703230190"), 2.5 + 25, 1e-12, "the floor skips the excepted line");
    cr_assert_float_eq(line_rate(im, &e, "SVK", "8703230190"), 2.5 + 25, 1e-12);
    size_t jpn = tsc_imports_partner_index(im, "JPN");
    double want = (1000.5 * 15 + 250 * 12.385 + 40 * 35 + 7.25 * 10) / (1000.5 + 250 + 40 + 7.25);
    cr_assert_float_eq(e.rate_pct[jpn], want, 1e-12, "%.17g", e.rate_pct[jpn]);
    cr_assert_float_eq(e.base_pct[jpn], (25.0125 + 10) / (1000.5 + 250 + 40 + 7.25) * 100, 1e-12);
    cr_assert_float_eq(e.value[jpn], 1297.75, 1e-12);
    tsc_effective_free(&e);

    /* a date before the measures; a zero base */
    o.date = "2025-04-01";
    o.base = TSC_BASE_ZERO;
    cr_assert_eq(tsc_effective_rates(sc, im, &o, &e, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(line_rate(im, &e, "JPN", "8703230190"), 25, 1e-12);
    cr_assert_float_eq(line_rate(im, &e, "JPN", "0201100000"), 0, 1e-12);
    cr_assert_float_eq(line_rate(im, &e, "EU", "3004909215"), 15, 1e-12);
    tsc_effective_free(&e);
    tsc_scenario_free(sc);

    /* errors: overlapping floors of one file, an unknown region, a sector code without a concordance */
    static const struct {
        const char *yaml;
        int code;
        size_t line, col;
        const char *msg;
    } bad[] = {
        {"name: x\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, set: 10}\n"
         "  - {importer: USA, exporter: JPN, sectors: goods, floor_inclusive: 15}\n",
         TSC_EINVAL, 4, 5, "override: true"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: [JPN, THA], sectors: goods, add: 1}\n", TSC_ELABEL, 3, 31,
         "unknown region code 'THA'"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: JPN, sectors: [c15], add: 1}\n", TSC_EINVAL, 3, 45,
         "--concordance"},
        {"name: x\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, add: 990}\n"
         "  - {importer: USA, exporter: all, sectors: goods, add: 20}\n",
         TSC_EINVAL, 4, 5, "outside (-100, 1000]"},
    };
    o.concord = NULL;
    o.date = NULL;
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        sc = scenario("bad.yaml", bad[k].yaml);
        int rc = tsc_effective_rates(sc, im, &o, &e, &err);
        cr_assert_eq(rc, bad[k].code, "case %zu: %d %s", k, rc, err.msg);
        cr_assert(strstr(err.file, "bad.yaml"), "case %zu: %s", k, err.file);
        cr_assert_eq(err.line, bad[k].line, "case %zu: line %zu (%s)", k, err.line, err.msg);
        cr_assert_eq(err.col, bad[k].col, "case %zu: col %zu (%s)", k, err.col, err.msg);
        cr_assert(strstr(err.msg, bad[k].msg), "case %zu: %s", k, err.msg);
        tsc_scenario_free(sc);
    }
    /* regions_optional: true skips codes nobody knows */
    sc = scenario("opt.yaml", "name: x\nregions_optional: true\nmeasures:\n"
                              "  - {importer: USA, exporter: [JPN, THA], sectors: goods, add: 1}\n");
    cr_assert_eq(tsc_effective_rates(sc, im, &o, &e, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(line_rate(im, &e, "JPN", "8471300100"), 1, 1e-12);
    tsc_effective_free(&e);
    tsc_scenario_free(sc);
    tsc_groups_free(g);
    tsc_hs_concord_free(c);
    tsc_imports_free(im);
}

/* ---- the scenario format's additions: date: and regions_optional: ---- */

Test(tariffs, scenario_default_date_and_optional_regions, .init = setup, .fini = teardown)
{
    tsc_table *t = tu_table_3x2();
    tsc_tariffs tr;
    tsc_error err;
    const char *body =
        "measures:\n"
        "  - {importer: USA, exporter: [JPN, THA], sectors: goods, add: 10, from: 2025-04-05}\n"
        "  - {importer: USA, exporter: JPN, sectors: goods, add: 14, from: 2025-04-09, until: 2025-04-10}\n"
        "  - {importer: USA, exporter: THA, sectors: goods, add: 26}\n";
    char text[1000];
    snprintf(text, sizeof text, "name: d\ndate: 2025-04-09\nregions_optional: true\n%s", body);
    tsc_scenario *sc = scenario("d.yaml", text);
    cr_assert_eq(tsc_scenario_apply(sc, t, NULL, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(tr.rate[(1 * 3 + 0) * 2 + 0], 24, 1e-12, "the file's date: 10 + 14; THA skipped");
    tsc_tariffs_free(&tr);
    tsc_apply_opts o = {.date = "2025-04-10"};
    cr_assert_eq(tsc_scenario_apply(sc, t, &o, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(tr.rate[(1 * 3 + 0) * 2 + 0], 10, 1e-12, "the caller's date wins");
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    /* without regions_optional an absent code is still an error */
    snprintf(text, sizeof text, "name: d\n%s", body);
    sc = scenario("strict.yaml", text);
    cr_assert_eq(tsc_scenario_apply(sc, t, NULL, &tr, &err), TSC_ELABEL);
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.msg, "'THA'"), "%s", err.msg);
    tsc_scenario_free(sc);
    /* bad values are located */
    tsc_scenario *x = NULL;
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "b1.yaml", "name: b\ndate: 2025-02-30x\n"), &x, &err), TSC_EPARSE);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.col, 7);
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "b2.yaml", "name: b\nregions_optional: maybe\n"), &x, &err),
                 TSC_EPARSE);
    cr_assert_eq(err.line, 2);
    cr_assert(strstr(err.msg, "true or false"), "%s", err.msg);
    tsc_table_free(t);
}

/* ---- the shipped scenarios ---- */

static const char *const shipped[] = {"us-2024-applied",  "us-2025-04-reciprocal",         "us-china-geneva",
                                      "us-2025-08-deals", "us-2025-08-deals-cjk",          "cjk-fta",
                                      "cp2015-nafta",     "us-2025-04-reciprocal-tracker", "us-2025-08-deals-tracker"};

static const char *scenario_path(const char *name)
{
    static char p[4][600];
    static int k;
    char *b = p[k++ % 4];
    snprintf(b, sizeof p[0], "%s/scenarios/%s.yaml", TSC_SOURCE_DIR, name);
    return b;
}

Test(tariffs, shipped_scenarios_load)
{
    for (size_t k = 0; k < sizeof shipped / sizeof *shipped; k++) {
        tsc_scenario *sc = NULL;
        tsc_error err;
        char buf[1200];
        cr_assert_eq(tsc_scenario_load(scenario_path(shipped[k]), &sc, &err), TSC_OK, "%s",
                     tsc_error_format(&err, buf, sizeof buf));
        cr_assert_str_eq(tsc_scenario_name(sc), shipped[k]);
        cr_assert(tsc_scenario_base(sc) && tu_exists(tsc_scenario_base(sc)), "%s: base %s", shipped[k],
                  tsc_scenario_base(sc) ? tsc_scenario_base(sc) : "(none)");
        tsc_scenario_free(sc);
    }
}

Test(tariffs, cp2015_nafta_on_labels)
{
    static const char *R[31] = {"ARG", "AUS", "AUT", "BRA", "CAN", "CHL", "CHN", "DNK", "FIN", "FRA", "DEU",
                                "GRC", "HUN", "IND", "IDN", "IRL", "ITA", "JPN", "KOR", "MEX", "NLD", "NZL",
                                "NOR", "PRT", "ZAF", "ESP", "SWE", "TUR", "GBR", "USA", "ROW"};
    static const char *S[20] = {
        "Agriculture",     "Mining",    "Food",       "Textile",       "Wood",         "Paper",
        "Petroleum",       "Chemicals", "Plastic",    "Minerals",      "Basic metals", "Metal products",
        "Machinery n.e.c", "Office",    "Electrical", "Communication", "Medical",      "Auto",
        "Other Transport", "Other"};
    tsc_labels L = {31, 20, R, S, NULL};
    tsc_scenario *sc = NULL;
    tsc_error err;
    char buf[1200];
    cr_assert_eq(tsc_scenario_load(scenario_path("cp2015-nafta"), &sc, &err), TSC_OK, "%s",
                 tsc_error_format(&err, buf, sizeof buf));
    cr_assert_eq(tsc_scenario_nmeasures(sc), 120, "6 NAFTA pairs x 20 tradable sectors");
    tsc_tariffs tr;
    cr_assert_eq(tsc_scenario_apply_labels(sc, &L, NULL, &tr, &err), TSC_OK, "%s",
                 tsc_error_format(&err, buf, sizeof buf));
    /* cells as (importer, exporter, sector); values from trade_tariffs_1993_2005_raw.csv (fractions) x 100 */
#define CELL(n, i, k) (((size_t)(n)*31 + (size_t)(i)) * 20 + (size_t)(k))
    cr_assert_float_eq(tr.base[CELL(29, 19, 0)], 2.52, 1e-9, "USA on MEX agriculture 1993");
    cr_assert_float_eq(tr.rate[CELL(29, 19, 0)], 0.15, 1e-9, "... and 2005");
    cr_assert_float_eq(tr.base[CELL(19, 29, 0)], 9.156667, 1e-9, "MEX on USA agriculture 1993");
    cr_assert_float_eq(tr.rate[CELL(19, 29, 0)], 0.8533333, 1e-9);
    cr_assert_float_eq(tr.base[CELL(4, 19, 3)], 16.96, 1e-9, "CAN on MEX textiles 1993");
    cr_assert_float_eq(tr.rate[CELL(4, 19, 3)], 0, 0);
    cr_assert_float_eq(tr.base[CELL(0, 1, 0)], 4.166667, 1e-9, "ARG on AUS agriculture");
    for (size_t n = 0; n < 31; n++)
        for (size_t i = 0; i < 31; i++)
            for (size_t k = 0; k < 20; k++) {
                int nafta = (n == 4 || n == 19 || n == 29) && (i == 4 || i == 19 || i == 29) && n != i;
                if (!nafta) cr_assert_eq(tr.rate[CELL(n, i, k)], tr.base[CELL(n, i, k)], "outside NAFTA: 1993 kept");
                if (n == i) cr_assert_eq(tr.base[CELL(n, i, k)], 0);
            }
#undef CELL
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
}

/* ---- the tracker check ---- */

/* The tracker's effective rate of a partner on a date: the last row of the partner on or before it. */
static double tracker(const char *country, const char *date)
{
    tsc_csv *c = NULL;
    tsc_error err;
    double v = NAN;
    cr_assert_eq(tsc__csv_open(tu_shared("data/us-tariffs-2025/country-by-time.csv"), &c, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__csv_next(c, &err), 1);
    cr_assert_str_eq(tsc__csv_field(c, 2), "effective tariff");
    while (tsc__csv_next(c, &err) == 1)
        if (strcmp(tsc__csv_field(c, 1), country) == 0 && strcmp(tsc__csv_field(c, 0), date) <= 0)
            cr_assert_eq(tsc__csv_number(c, 2, &v, &err), TSC_OK);
    tsc__csv_close(c);
    cr_assert(!isnan(v), "no tracker row for %s", country);
    return v;
}

typedef struct check {
    const char *code, *tracker_name;
} check;

static const check partners[] = {{"JPN", "JAPAN"},         {"CHN", "CHINA"},    {"MEX", "MEXICO"},
                                 {"VNM", "VIETNAM"},       {"THA", "THAILAND"}, {"KOR", "KOREA, SOUTH"},
                                 {"EU", "EUROPEAN UNION"}, {"TWN", "TAIWAN"},   {"CAN", "CANADA"}};

typedef struct run {
    tsc_imports *im;
    tsc_effective e;
} run;

/* The scenario's effective rates on a date with the tracker's convention: a zero base, so that the rates are those
 * of the 2025 measures alone ("15% inclusive" counts 15 on every line, MFN and Section 301 left out). */
static void effective(const char *name, const char *date, run *r)
{
    tsc_scenario *sc = NULL;
    tsc_groups *g = NULL;
    tsc_error err;
    char buf[1200];
    cr_assert_eq(tsc_scenario_load(scenario_path(name), &sc, &err), TSC_OK, "%s",
                 tsc_error_format(&err, buf, sizeof buf));
    cr_assert_eq(tsc_groups_new(&g, &err), TSC_OK);
    cr_assert_eq(tsc_groups_add_file(g, tu_src("data/groups.csv"), &err), TSC_OK, "%s", err.msg);
    r->im = load_imports(tu_shared("data/us-tariffs-2025/hs10-imports-2024"));
    tsc_effective_opts o = {.groups = g, .date = date, .base = TSC_BASE_ZERO};
    cr_assert_eq(tsc_effective_rates(sc, r->im, &o, &r->e, &err), TSC_OK, "%s",
                 tsc_error_format(&err, buf, sizeof buf));
    tsc_groups_free(g);
    tsc_scenario_free(sc);
}

static void run_free(run *r)
{
    tsc_effective_free(&r->e);
    tsc_imports_free(r->im);
}

/* The scenario's rates on the date against the tracker's series, partner by partner: within 1.5 points, except
 * the partner `off` (NULL: none), where the scenario follows the orders and the tracker reads them otherwise. */
static void check_tracker(const char *scenario, const char *date, const char *off, run *r)
{
    effective(scenario, date, r);
    for (size_t k = 0; k < sizeof partners / sizeof *partners; k++) {
        size_t p = tsc_imports_partner_index(r->im, partners[k].code);
        double ours = r->e.rate_pct[p], theirs = tracker(partners[k].tracker_name, date);
        cr_log_info("%s on %s: %-4s ours %6.2f tracker %6.2f (%+.2f)", scenario, date, partners[k].code, ours, theirs,
                    ours - theirs);
        if (off && strcmp(partners[k].code, off) == 0)
            cr_assert_gt(fabs(ours - theirs), 1.5, "%s: %s should differ from the tracker", scenario, off);
        else
            cr_assert_lt(fabs(ours - theirs), 1.5, "%s: %s %.2f vs the tracker's %.2f", scenario, partners[k].code,
                         ours, theirs);
    }
}

Test(tariffs, effective_matches_tracker_2025_09_17)
{
    TU_REQUIRE(tu_shared("data/us-tariffs-2025/country-by-time.csv"));
    run law, read;
    /* the tracker's reading: the Japanese and Korean auto deals from August 7 */
    check_tracker("us-2025-08-deals-tracker", "2025-09-17", NULL, &read);
    /* the orders: Korean automobiles and parts paid the Section 232 25% until November 1 */
    check_tracker("us-2025-08-deals", "2025-09-17", "KOR", &law);
    /* the reading changes Korea's automobiles and parts only, from the Section 232 25% to the deal's 15% */
    size_t nl;
    const tsc_import_line *l = tsc_imports_lines(law.im, &nl);
    size_t kor = tsc_imports_partner_index(law.im, "KOR"), changed = 0;
    for (size_t i = 0; i < nl; i++) {
        if (law.e.line_rate[i] == read.e.line_rate[i]) continue;
        cr_assert_eq(l[i].partner, kor, "%s %s changed", tsc_imports_partner(law.im, l[i].partner), l[i].hs);
        cr_assert(law.e.line_rate[i] == 25 && read.e.line_rate[i] == 15, "KOR %s: %g -> %g", l[i].hs,
                  law.e.line_rate[i], read.e.line_rate[i]);
        changed++;
    }
    cr_assert_gt(changed, 100);
    run_free(&law);
    run_free(&read);
}

Test(tariffs, effective_matches_tracker_2025_04_10)
{
    TU_REQUIRE(tu_shared("data/us-tariffs-2025/country-by-time.csv"));
    run law, read;
    /* the tracker's reading: auto parts under Section 232 from April 3, China's 125% in all with the fentanyl 20% */
    check_tracker("us-2025-04-reciprocal-tracker", "2025-04-10", NULL, &read);
    /* the orders: parts from May 3, and 125% reciprocal + 20% fentanyl on China */
    check_tracker("us-2025-04-reciprocal", "2025-04-10", "CHN", &law);
    run_free(&law);
    run_free(&read);
}

/* The scenario applied to the WIOD table through the HS weights agrees with the line-by-line rates: the import-
 * weighted average over Japan's sectors of the table's rates is the effective rate over the lines that have a sector.
 */
Test(tariffs, table_cells_agree_with_lines)
{
    TU_REQUIRE(tu_shared("data/us-tariffs-2025/hs10-imports-2024"));
    TU_REQUIRE(tu_shared("data/wiod2013/wiot_2011"));
    dir = tu_tmpdir();
    run r;
    effective("us-2025-08-deals", "2025-09-17", &r);
    tsc_hs_concord *c = load_concord(tu_src("data/concordance/hs2017_wiod.csv"));
    tsc_table *t = tu_load(tu_shared("data/wiod2013/wiot_2011"), 1);
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), usa, jpn;
    const char *regions[64];
    for (size_t g = 0; g < G; g++) regions[g] = tsc_table_region(t, g);
    tsc_hs_weights w;
    tsc_error err;
    tsc_hs_weights_opts wo = {
        .regions = regions, .nregions = G, .imports_dir = tu_shared("data/us-tariffs-2025/hs10-imports-2024")};
    cr_assert_eq(tsc_hs_weights_build(r.im, c, &wo, &w, &err), TSC_OK, "%s", err.msg);
    /* Japan's rows only, to keep the test quick */
    FILE *f = fopen(path_in("w.csv"), "w");
    cr_assert(f);
    fputs("importer,exporter,hs,sector,value\n", f);
    double by_sector[64] = {0};
    for (size_t k = 0; k < w.n; k++) {
        if (strcmp(w.exporter[w.row[k].exporter], "JPN")) continue;
        fprintf(f, "USA,JPN,%s,%s,%.17g\n", w.row[k].hs, w.sector[w.row[k].sector], w.row[k].value);
        by_sector[strtoul(w.sector[w.row[k].sector] + 1, NULL, 10) - 1] += w.row[k].value;
    }
    fclose(f);
    tsc_scenario *sc = NULL;
    tsc_groups *g = NULL;
    cr_assert_eq(tsc_scenario_load(scenario_path("us-2025-08-deals"), &sc, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_groups_new(&g, &err), TSC_OK);
    cr_assert_eq(tsc_groups_add_file(g, tu_src("data/groups.csv"), &err), TSC_OK);
    tsc_apply_opts ao = {.groups = g,
                         .date = "2025-09-17",
                         .base_csv = tu_write(dir, "zero.csv", "importer,exporter,sector,rate_pct\n"),
                         .hs_weights = path_in("w.csv")};
    tsc_tariffs tr;
    cr_assert_eq(tsc_scenario_apply(sc, t, &ao, &tr, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_region_index(t, "USA", &usa, NULL), TSC_OK);
    cr_assert_eq(tsc_table_region_index(t, "JPN", &jpn, NULL), TSC_OK);
    double v = 0, s = 0;
    for (size_t k = 0; k < N; k++) {
        v += by_sector[k];
        s += by_sector[k] * tr.rate[(usa * G + jpn) * N + k];
    }
    /* lines: the same lines (those with a sector) */
    size_t nl, p = tsc_imports_partner_index(r.im, "JPN");
    const tsc_import_line *l = tsc_imports_lines(r.im, &nl);
    double lv = 0, ls = 0;
    for (size_t i = 0; i < nl; i++)
        if (l[i].partner == p && tsc_hs_concord_sector(c, l[i].hs)) {
            lv += l[i].value;
            ls += l[i].value * r.e.line_rate[i];
        }
    cr_log_info("JPN: table cells %.3f%%, lines %.3f%%", s / v, ls / lv);
    cr_assert_float_eq(v, lv, 1e-9 * lv);
    /* the table's cells are computed line by line from the weights, so they agree but for the base: the lines start
     * from the zero base here as the cells do */
    cr_assert_float_eq(s / v, ls / lv, 1e-9, "table %.6f vs lines %.6f", s / v, ls / lv);
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    tsc_groups_free(g);
    tsc_table_free(t);
    tsc_hs_weights_free(&w);
    tsc_hs_concord_free(c);
    run_free(&r);
    tu_rmtree(dir);
}

/* Every allocation of the line-level code may fail: the calls return TSC_ENOMEM, leave nothing behind (ASan) and
 * succeed again afterwards. */
Test(tariffs, allocation_failures, .init = setup, .fini = teardown)
{
    const char *imp = small_imports(), *conc = small_concord();
    tsc_scenario *sc = scenario("s.yaml", "name: s\nmeasures:\n"
                                          "  - {importer: USA, exporter: all, sectors: {hs: [8703]}, add: 25}\n"
                                          "  - {importer: USA, exporter: JPN, sectors: [c14], floor_inclusive: 15}\n");
    tu_write(dir, "hts/country_partner_mapping.csv",
             "cty_code,partner,country_name\n4280,eu,Germany\n4359,eu,Slovakia\n");
    tu_write(dir, "hs2/hs2-tariff-4280.csv", "HS2,2024_imports\n87,450\n30,100\n");
    tu_write(dir, "hs2/hs2-tariff-4359.csv", "HS2,2024_imports\n87,150\n");
    const char *regions[] = {"DEU", "JPN", "SVK", "RoW"};
    size_t failures = 0;
    for (size_t n = 1; n < 400; n++) {
        tsc_error err;
        tsc_imports *im = NULL;
        tsc_hs_concord *c = NULL;
        tsc_hs_weights w = {0};
        tsc_effective e = {0};
        tsc_alloc_fail_after(n);
        int rc = tsc_imports_load(imp, NULL, &im, &err);
        if (!rc) rc = tsc_hs_concord_load(conc, &c, &err);
        tsc_hs_weights_opts o = {.regions = regions, .nregions = 4, .imports_dir = imp};
        if (!rc) rc = tsc_hs_weights_build(im, c, &o, &w, &err);
        tsc_effective_opts eo = {.concord = c};
        if (!rc) rc = tsc_effective_rates(sc, im, &eo, &e, &err);
        tsc_alloc_fail_after(0);
        cr_assert(rc == TSC_OK || rc == TSC_ENOMEM, "allocation %zu: %d %s", n, rc, err.msg);
        failures += rc == TSC_ENOMEM;
        tsc_effective_free(&e);
        tsc_hs_weights_free(&w);
        tsc_hs_concord_free(c);
        tsc_imports_free(im);
        if (rc == TSC_OK) break;
    }
    cr_assert_gt(failures, 20, "the allocations were reached");
    tsc_scenario_free(sc);
    /* the table-level apply reading HS weights */
    sc = scenario("t.yaml",
                  "name: t\nmeasures:\n"
                  "  - {importer: USA, exporter: JPN, sectors: goods, floor_inclusive: 15, except: {hs: [72]}}\n");
    const char *wf =
        tu_write(dir, "w.csv", "importer,exporter,hs,sector,value\nUSA,JPN,7208,G1,60\nUSA,JPN,8703,G1,40\n");
    tsc_table *t = tu_table_3x2();
    tsc_apply_opts ao = {.hs_weights = wf};
    for (size_t n = 1; n < 400; n++) {
        tsc_tariffs tr;
        tsc_error err;
        tsc_alloc_fail_after(n);
        int rc = tsc_scenario_apply(sc, t, &ao, &tr, &err);
        tsc_alloc_fail_after(0);
        cr_assert(rc == TSC_OK || rc == TSC_ENOMEM, "allocation %zu: %d %s", n, rc, err.msg);
        if (rc) continue;
        cr_assert_float_eq(tr.rate[(1 * 3 + 0) * 2 + 0], 0.4 * 15, 1e-12, "the floor on the 40 of 8703 only");
        tsc_tariffs_free(&tr);
        break;
    }
    tsc_table_free(t);
    tsc_scenario_free(sc);
}

/* Sector codes equal as numbers but not as text ("c3", "c03": a case the fuzzer found, which made the natural-order
 * sort loop forever) are distinct sectors, in a total order. */
Test(tariffs, concordance_sectors_equal_as_numbers, .init = setup, .fini = teardown)
{
    tsc_hs_concord *c = load_concord(tu_write(dir, "c03.csv", "hs,sector\n01,c1\n0304,c3\n8703,c15\n932512,c03\n"));
    cr_assert_eq(tsc_hs_concord_nsectors(c), 4);
    cr_assert_str_eq(tsc_hs_concord_sector(c, "0304100000"), "c3");
    cr_assert_str_eq(tsc_hs_concord_sector(c, "9325120000"), "c03");
    cr_assert_str_eq(tsc_hs_concord_sector_code(c, 0), "c1");
    cr_assert_str_eq(tsc_hs_concord_sector_code(c, 3), "c15");
    for (size_t s = 0; s < 4; s++) cr_assert_eq(tsc_hs_concord_sector_index(c, tsc_hs_concord_sector_code(c, s)), s);
    tsc_hs_concord_free(c);
}
