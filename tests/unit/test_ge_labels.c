/* tsc_ge_labels: the region and sector labels of the general-equilibrium model's source, from an input-output table or
 * from model data (the Caliendo-Parro folder), the same either way, and usable by the scenario and elasticity readers.
 */
#include <string.h>

#include "tariffscope/ge.h"
#include "testutil.h"

static void assert_same_labels(const tsc_labels *a, const tsc_labels *b)
{
    cr_assert_eq(a->G, b->G);
    cr_assert_eq(a->N, b->N);
    for (size_t n = 0; n < a->G; n++) cr_assert_str_eq(a->regions[n], b->regions[n]);
    for (size_t j = 0; j < a->N; j++) {
        cr_assert_str_eq(a->sectors[j], b->sectors[j]);
        cr_assert_eq(a->goods[j] != 0, b->goods[j] != 0, "sector %s", a->sectors[j]);
    }
}

static const double theta2[2] = {4.55, 8.22};

Test(ge_labels, a_table_and_the_data_derived_from_it_give_the_same_labels)
{
    tsc_table *t = tu_table_3x2();
    tsc_error err;
    tsc_labels lt, ld;
    cr_assert_eq(tsc_ge_labels(NULL, t, &lt, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(lt.G, 3);
    cr_assert_eq(lt.N, 2);
    static const char *const R[3] = {"JPN", "USA", "CHN"};
    for (size_t n = 0; n < 3; n++) {
        cr_assert_str_eq(lt.regions[n], R[n]);
        cr_assert_str_eq(lt.regions[n], tsc_table_region(t, n));
    }
    cr_assert_str_eq(lt.sectors[0], "G1");
    cr_assert_str_eq(lt.sectors[1], "S1");
    cr_assert_eq(lt.goods[0], 1);
    cr_assert_eq(lt.goods[1], 0, "S1 is a service in the fixture");

    tsc_ge_data *d = NULL;
    cr_assert_eq(tsc_ge_data_from_table(t, NULL, theta2, &d, NULL, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_ge_labels(d, NULL, &ld, &err), TSC_OK, "%s", err.msg);
    assert_same_labels(&lt, &ld);
    for (size_t j = 0; j < 2; j++) cr_assert_eq(ld.goods[j], (unsigned char)tsc_ge_data_is_goods(d, j));
    /* given both, the model data speak */
    tsc_labels lb;
    cr_assert_eq(tsc_ge_labels(d, t, &lb, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(lb.regions, ld.regions);
    cr_assert_eq(lb.sectors, ld.sectors);
    cr_assert_eq(lb.goods, ld.goods);
    tsc_ge_data_free(d);
    tsc_table_free(t);
}

Test(ge_labels, model_data_with_their_own_codes)
{
    static const char *const R[2] = {"North", "South"}, *S[3] = {"wheat", "steel", "banks"};
    static const unsigned char goods[3] = {1, 1, 0};
    const double flows[12] = {50.5, 7.25, 3.0, 6.5, 1.5, 0.0, 8.75, 2.5, 0.0, 40.125, 9.5, 12.0};
    const double gva[6] = {0.6, 0.45, 0.7, 0.55, 0.5, 0.65};
    double gio[18];
    for (size_t n = 0; n < 2; n++)
        for (size_t k = 0; k < 3; k++)
            for (size_t j = 0; j < 3; j++) gio[(n * 3 + k) * 3 + j] = (1 - gva[n * 3 + j]) / 3;
    const double th[3] = {4.55, 8.22, 2.385};
    tsc_ge_data *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_data_from_arrays(2, 3, R, S, goods, flows, NULL, gva, gio, NULL, th, NULL, &d, &err), TSC_OK,
                 "%s", err.msg);
    tsc_labels l;
    cr_assert_eq(tsc_ge_labels(d, NULL, &l, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(l.G, 2);
    cr_assert_eq(l.N, 3);
    for (size_t n = 0; n < 2; n++) cr_assert_str_eq(l.regions[n], R[n]);
    for (size_t j = 0; j < 3; j++) {
        cr_assert_str_eq(l.sectors[j], S[j]);
        cr_assert_eq(l.goods[j], goods[j]);
        cr_assert_str_eq(l.sectors[j], tsc_ge_data_sector(d, j));
    }
    tsc_ge_data_free(d);
}

Test(ge_labels, scenarios_and_elasticities_read_through_the_labels)
{
    tsc_table *t = tu_table_3x2();
    const char *dir = tu_tmpdir();
    const char *base =
        tu_write(dir, "base.csv", "importer,exporter,sector,rate_pct\nUSA,JPN,G1,2.385\nCHN,USA,G1,4.25\n");
    char text[900];
    snprintf(text, sizeof text,
             "name: s\nbase: %s\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, add: 7.5}\n", base);
    const char *yaml = tu_write(dir, "s.yaml", text);
    const char *theta = tu_write(dir, "theta.csv", "sector,theta\nS1,8.22\nG1,4.55\n");
    tsc_error err;
    tsc_scenario *sc = NULL;
    cr_assert_eq(tsc_scenario_load(yaml, &sc, &err), TSC_OK, "%s", err.msg);
    tsc_labels l;
    cr_assert_eq(tsc_ge_labels(NULL, t, &l, &err), TSC_OK, "%s", err.msg);
    /* the scenario on the labels is the scenario on the table */
    tsc_tariffs a = {0}, b = {0};
    cr_assert_eq(tsc_scenario_apply(sc, t, NULL, &a, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_scenario_apply_labels(sc, &l, NULL, &b, &err), TSC_OK, "%s", err.msg);
    size_t cells = l.G * l.G * l.N;
    cr_assert_eq(memcmp(a.base, b.base, cells * sizeof *a.base), 0);
    cr_assert_eq(memcmp(a.rate, b.rate, cells * sizeof *a.rate), 0);
    size_t usa_jpn_g1 = (1 * 3 + 0) * 2 + 0;
    cr_assert_float_eq(b.rate[usa_jpn_g1], 2.385 + 7.5, 1e-12);
    /* elasticities by the labels' sector codes, in the source's order */
    double th[2];
    cr_assert_eq(tsc_ge_theta_read(theta, NULL, l.N, l.sectors, th, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(th[0], 4.55);
    cr_assert_eq(th[1], 8.22);
    tsc_tariffs_free(&a);
    tsc_tariffs_free(&b);
    tsc_scenario_free(sc);
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(ge_labels, without_a_source_is_an_error)
{
    tsc_labels l;
    memset(&l, 0x5a, sizeof l);
    tsc_error err;
    cr_assert_eq(tsc_ge_labels(NULL, NULL, &l, &err), TSC_EINVAL);
    cr_assert(strstr(err.msg, "labels") != NULL, "%s", err.msg);
    cr_assert_eq(l.G, 0);
    cr_assert_eq(l.N, 0);
    cr_assert_null(l.regions);
    cr_assert_eq(tsc_ge_labels(NULL, NULL, &l, NULL), TSC_EINVAL, "err may be NULL");
}

Test(ge_labels, the_caliendo_parro_folder)
{
    TU_REQUIRE(tu_shared("data/cp2015"));
    tsc_ge_data *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_data_load_cp(tu_shared("data/cp2015"), &d, NULL, &err), TSC_OK, "%s", err.msg);
    tsc_labels l;
    cr_assert_eq(tsc_ge_labels(d, NULL, &l, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(l.G, 31);
    cr_assert_eq(l.N, 40);
    size_t goods = 0;
    for (size_t j = 0; j < l.N; j++) {
        goods += l.goods[j];
        cr_assert_str_eq(l.sectors[j], tsc_ge_data_sector(d, j));
    }
    cr_assert_eq(goods, 20);
    int mex = 0;
    for (size_t n = 0; n < l.G; n++) mex |= strcmp(l.regions[n], "MEX") == 0;
    cr_assert(mex);
    tsc_ge_data_free(d);
}
