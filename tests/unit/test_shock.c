/* The first-order tariff model: a hand-worked example, pymrio's cost-push reference, exact zeros, linearity,
 * and burden = revenue. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tariffscope/shock.h"
#include "testutil.h"

/* Two regions, goods g and services s. Coefficients: A_{(A,s),(A,g)} = 0.1, A_{(B,g),(A,g)} = 0.2 (A's goods use
 * B's goods), A_{(A,g),(B,s)} = 0.25; x = 100, 50, 80, 120. */
static tsc_table *two_by_two(void)
{
    static const char *R[2] = {"A", "B"}, *S[2] = {"g", "s"}, *C[1] = {"FD"};
    double Z[16] = {0};
    Z[1 + 0 * 4] = 10; /* (A,s) -> (A,g) */
    Z[2 + 0 * 4] = 20; /* (B,g) -> (A,g) */
    Z[0 + 3 * 4] = 30; /* (A,g) -> (B,s) */
    /* final demand by destination A, B */
    double Y[8] = {40, 40, 25, 0, /* A */ 30, 0, 35, 120 /* B */};
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(2, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    return t;
}

static void run(tsc_table *t, const char *yaml, tsc_shock *s)
{
    const char *dir = tu_tmpdir();
    tsc_scenario *sc = NULL;
    tsc_error err;
    cr_assert_eq(tsc_scenario_load(tu_write(dir, "s.yaml", yaml), &sc, &err), TSC_OK, "%s", err.msg);
    tsc_tariffs tr;
    cr_assert_eq(tsc_scenario_apply(sc, t, NULL, &tr, &err), TSC_OK, "%s", err.msg);
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_shock_run(t, lf, &tr, s, &err), TSC_OK, "%s", err.msg);
    tsc_leontief_free(lf);
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    tu_rmtree(dir);
}

Test(shock, hand_worked_two_regions)
{
    tsc_table *t = two_by_two();
    tsc_shock s;
    run(t, "name: b-goods-into-a\nmeasures:\n  - {importer: A, exporter: B, sectors: [g], add: 10}\n", &s);
    /* p_Ag = 0.7 + 0.1 * 1 + 0.2 * 1.1 * 1 = 1.02; p_Bs = 0.75 + 0.25 * 1.02 = 1.005 */
    const double want[4] = {2.0, 0.0, 0.0, 0.5};
    for (int i = 0; i < 4; i++)
        cr_assert_float_eq(s.price_change[i], want[i], 1e-12, "price %d: %.17g", i, s.price_change[i]);
    /* A's consumers: (40 * 1.02 + 40 + 25 * 1.1) / 105 - 1 */
    cr_assert_float_eq(s.cpi_change[0], 100.0 * (108.3 / 105.0 - 1.0), 1e-12, "cpi A %.17g", s.cpi_change[0]);
    /* B's consumers buy (A,g) at 1.02 and (B,s) at 1.005: (30 * 1.02 + 35 + 120 * 1.005) / 185 - 1 */
    cr_assert_float_eq(s.cpi_change[1], 100.0 * ((30 * 1.02 + 35 + 120 * 1.005) / 185.0 - 1.0), 1e-12);
    /* revenue: 10% of A's imports of B's goods, 20 intermediate + 25 final */
    cr_assert_float_eq(s.revenue[0], 4.5, 1e-12);
    cr_assert_eq(s.revenue[1], 0.0);
    /* B's goods are all B's value added: the whole burden falls on B, direct route, sector g */
    size_t G = 2, N = 2;
    cr_assert_float_eq(s.burden[((1 * G + 0) * G + 1) * N + 0], 4.5, 1e-12);
    double onA = 0;
    for (size_t k = 0; k < G * G * N; k++) onA += s.burden[k];
    cr_assert_eq(onA, 0.0, "no burden on A's value added");
    tsc_shock_free(&s);
    tsc_table_free(t);
}

Test(shock, zero_scenario_is_exactly_zero)
{
    tsc_table *t = two_by_two();
    tsc_shock s;
    run(t, "name: nothing\nmeasures:\n  - {importer: A, exporter: B, sectors: all, add: 0}\n", &s);
    for (size_t i = 0; i < s.n; i++) cr_assert_eq(s.price_change[i], 0.0);
    for (size_t c = 0; c < s.G; c++) {
        cr_assert_eq(s.cpi_change[c], 0.0);
        cr_assert_eq(s.revenue[c], 0.0);
    }
    for (size_t k = 0; k < s.G * s.G * s.G * s.N; k++) cr_assert_eq(s.burden[k], 0.0);
    tsc_shock_free(&s);
    tsc_table_free(t);
}

Test(shock, linear_for_small_shocks)
{
    TU_REQUIRE(tu_shared("vectors/gvc/random5x4"));
    tsc_table *t = tu_load(tu_shared("vectors/gvc/random5x4"), 0);
    tsc_shock a, b;
    run(t, "name: small\nmeasures:\n  - {importer: all, exporter: AAA, sectors: all, add: 0.01}\n", &a);
    run(t, "name: twice\nmeasures:\n  - {importer: all, exporter: AAA, sectors: all, add: 0.02}\n", &b);
    double worst = 0, scale = 0;
    for (size_t i = 0; i < a.n; i++) {
        worst = fmax(worst, fabs(b.price_change[i] - 2 * a.price_change[i]));
        scale = fmax(scale, fabs(a.price_change[i]));
    }
    cr_assert_gt(scale, 0);
    cr_assert_lt(worst / scale, 1e-3, "second-order terms %.3g of the first-order ones", worst / scale);
    tsc_shock_free(&a);
    tsc_shock_free(&b);
    tsc_table_free(t);
}

/* pymrio test system: a 10% tariff on reg1's intermediates sold to reg2 (ref_tariff_price.csv, numpy). */
Test(shock, pymrio_cost_push_reference)
{
    TU_REQUIRE(tu_shared("vectors/pymrio/Z.csv"));
    tsc_mat Z, Y, ref;
    tsc_error err;
    cr_assert_eq(tsc_mat_read_csv(tu_shared("vectors/pymrio/Z.csv"), &Z, &err), TSC_OK);
    cr_assert_eq(tsc_mat_read_csv(tu_shared("vectors/pymrio/Y.csv"), &Y, &err), TSC_OK);
    cr_assert_eq(tsc_mat_read_csv(tu_shared("vectors/pymrio/ref_tariff_price.csv"), &ref, &err), TSC_OK);
    static const char *R[6] = {"reg1", "reg2", "reg3", "reg4", "reg5", "reg6"};
    static const char *S[8] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
    static const char *C[7] = {"c1", "c2", "c3", "c4", "c5", "c6", "c7"};
    tsc_table *t = NULL;
    cr_assert_eq(tsc_table_from_arrays(6, 8, 7, R, S, C, Z.data, Y.data, NULL, NULL, NULL, &t, &err), TSC_OK, "%s",
                 err.msg);
    tsc_shock s;
    run(t, "name: reg1-into-reg2\nmeasures:\n  - {importer: reg2, exporter: reg1, sectors: all, add: 10}\n", &s);
    /* the reference applies the tariff to intermediates only; prices depend on nothing else */
    for (size_t i = 0; i < 48; i++) {
        double p = 1.0 + s.price_change[i] / 100.0;
        cr_assert_float_eq(p, ref.data[i], 1e-10, "price %zu: %.17g vs %.17g", i, p, ref.data[i]);
    }
    tsc_shock_free(&s);
    tsc_table_free(t);
    tsc_mat_free(&Z);
    tsc_mat_free(&Y);
    tsc_mat_free(&ref);
}

Test(shock, burden_adds_up_to_revenue)
{
    TU_REQUIRE(tu_shared("vectors/gvc/random5x4"));
    tsc_table *t = tu_load(tu_shared("vectors/gvc/random5x4"), 0);
    tsc_shock s;
    run(t,
        "name: mixed\nmeasures:\n  - {importer: AAA, exporter: all, sectors: all, add: 12.5}\n"
        "  - {importer: BBB, exporter: [CCC, DDD], sectors: [S2, S3], set: 7.25}\n",
        &s);
    double burden = 0, revenue = 0;
    for (size_t k = 0; k < s.G * s.G * s.G * s.N; k++) burden += s.burden[k];
    for (size_t c = 0; c < s.G; c++) revenue += s.revenue[c] - s.revenue_base[c];
    cr_assert_gt(revenue, 0);
    cr_assert_float_eq(burden, revenue, 1e-9 * revenue, "burden %.17g, revenue %.17g", burden, revenue);
    tsc_shock_free(&s);
    tsc_table_free(t);
}
