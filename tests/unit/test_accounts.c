/* Satellite accounts (S, M, D_cba, D_pba, D_imp, D_exp and their sums by region) against pymrio 0.6 on its test
 * system (../shared/vectors/pymrio), identities on a small table, and the extension API's checks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define RTOL 1e-10
enum { G = 6, N = 8, F = 7, n = G * N };

/* pymrio's test system with its two extensions, built from the vectors. */
static tsc_table *pymrio_table(void)
{
    tsc_table *t = tu_pymrio_table();
    tsc_mat Fv = tu_pymrio_mat("F_factor_inputs"), Fe = tu_pymrio_mat("F_emissions"),
            FYe = tu_pymrio_mat("F_Y_emissions");
    tsc_error err;
    static const char *va_acc[1] = {"Value Added"}, *va_unit[1] = {"M.EUR"};
    static const char *em_acc[2] = {"emission_type1|air", "emission_type2|water"}, *em_unit[2] = {"kg", "kg"};
    cr_assert_eq(Fe.nrow, 2);
    cr_assert_eq(FYe.ncol, G * F);
    cr_assert_eq(tsc_table_extension_add(t, "factor_inputs", 1, va_acc, va_unit, Fv.data, NULL, &err), TSC_OK, "%s",
                 err.msg);
    cr_assert_eq(tsc_table_extension_add(t, "emissions", 2, em_acc, em_unit, Fe.data, FYe.data, &err), TSC_OK, "%s",
                 err.msg);
    tsc_mat_free(&Fv);
    tsc_mat_free(&Fe);
    tsc_mat_free(&FYe);
    return t;
}

static void check(const double *got, const char *ref, size_t k, size_t cols)
{
    tsc_mat m = tu_pymrio_mat(ref);
    cr_assert_eq(m.nrow, k, "%s rows", ref);
    cr_assert_eq(m.ncol, cols, "%s columns", ref);
    double worst = tu_max_rel(got, m.data, k * cols, 1e-300);
    cr_assert_lt(worst, RTOL, "%s: max relative difference %.3g", ref, worst);
    tsc_mat_free(&m);
}

Test(accounts, pymrio_reference)
{
    TU_REQUIRE(tu_shared("vectors/pymrio/F_emissions.csv"));
    tsc_table *t = pymrio_table();
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    static const char *const names[2] = {"factor_inputs", "emissions"};
    for (size_t e = 0; e < 2; e++) {
        size_t idx;
        cr_assert_eq(tsc_table_extension_find(t, names[e], &idx, &err), TSC_OK);
        cr_assert_eq(idx, e);
        tsc_accounts a;
        cr_assert_eq(tsc_accounts_compute(lf, t, idx, &a, &err), TSC_OK, "%s", err.msg);
        size_t k = e ? 2 : 1;
        cr_assert_eq(a.k, k);
        cr_assert_eq(a.nzero_output, 0);
        char ref[64];
        const struct {
            const char *what;
            const double *v;
            size_t cols;
        } list[] = {{"S", a.S, n},
                    {"M", a.M, n},
                    {"D_cba", a.D_cba, n},
                    {"D_pba", a.D_pba, n},
                    {"D_imp", a.D_imp, n},
                    {"D_exp", a.D_exp, n},
                    {"D_cba_reg", a.D_cba_reg, G},
                    {"D_pba_reg", a.D_pba_reg, G},
                    {"D_imp_reg", a.D_imp_reg, G},
                    {"D_exp_reg", a.D_exp_reg, G}};
        for (size_t i = 0; i < sizeof list / sizeof *list; i++) {
            snprintf(ref, sizeof ref, "%s_%s", list[i].what, names[e]);
            check(list[i].v, ref, k, list[i].cols);
        }
        /* global balance: what is consumed is what is produced (pymrio's checks.txt) */
        for (size_t r = 0; r < k; r++) {
            double cba = 0, pba = 0, imp = 0, exp = 0;
            for (size_t g = 0; g < G; g++) {
                cba += a.D_cba_reg[r + g * k];
                pba += a.D_pba_reg[r + g * k];
                imp += a.D_imp_reg[r + g * k];
                exp += a.D_exp_reg[r + g * k];
            }
            cr_assert(fabs(cba - pba) <= 1e-12 * fabs(pba), "sum D_cba = sum D_pba: %.17g %.17g", cba, pba);
            cr_assert(fabs(imp - exp) <= 1e-12 * fabs(exp), "sum D_imp = sum D_exp: %.17g %.17g", imp, exp);
        }
        tsc_accounts_free(&a);
    }
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

/* Identities on a small table with a sector of zero output: S = 0 there (counted), D_cba + ... per region. */
Test(accounts, identities_and_zero_output)
{
    tsc_table *t = tu_table_3x2();
    size_t nn = tsc_table_n(t), GG = tsc_table_nregions(t);
    double Fm[2 * 6];
    for (size_t j = 0; j < nn; j++) {
        Fm[0 + j * 2] = 2.385 * (double)(j + 1);
        Fm[1 + j * 2] = 0.125 + 1.5 * (double)(j % 2);
    }
    static const char *acc[2] = {"Employment people", "CO2"}, *unit[2] = {"persons", "kt"};
    tsc_error err;
    cr_assert_eq(tsc_table_extension_add(t, "sat", 2, acc, unit, Fm, NULL, &err), TSC_OK, "%s", err.msg);
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    tsc_accounts a;
    cr_assert_eq(tsc_accounts_compute(lf, t, 0, &a, &err), TSC_OK, "%s", err.msg);
    const double *x = tsc_table_x(t);
    for (size_t j = 0; j < nn; j++)
        for (size_t r = 0; r < 2; r++) {
            cr_assert(fabs(a.S[r + j * 2] * x[j] - Fm[r + j * 2]) <= 1e-13 * Fm[r + j * 2], "S x = F");
            cr_assert(fabs(a.D_pba[r + j * 2] - Fm[r + j * 2]) <= 1e-10 * Fm[r + j * 2], "D_pba = F (balanced)");
        }
    /* by region: cba = pba - exp + imp */
    for (size_t g = 0; g < GG; g++)
        for (size_t r = 0; r < 2; r++) {
            double lhs = a.D_cba_reg[r + g * 2],
                   rhs = a.D_pba_reg[r + g * 2] - a.D_exp_reg[r + g * 2] + a.D_imp_reg[r + g * 2];
            cr_assert(fabs(lhs - rhs) <= 1e-10 * fabs(lhs), "cba = pba - exp + imp (%zu, %zu)", g, r);
        }
    cr_assert(tsc_accounts_is_employment(acc[0], unit[0]));
    cr_assert(!tsc_accounts_is_employment(acc[1], unit[1]));
    cr_assert(tsc_accounts_is_employment("Labour", "1000 persons"));
    cr_assert_eq(tsc_accounts_compute(lf, t, 1, &a, &err), TSC_EINVAL);
    tsc_accounts_free(&a);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(accounts, extension_checks)
{
    tsc_table *t = tu_table_2x2();
    double Fm[4] = {1, 2, 3, 4}, bad[4] = {1, NAN, 3, 4};
    static const char *acc[1] = {"jobs"}, *dup[2] = {"a", "a"}, *empty[1] = {""};
    tsc_error err;
    cr_assert_eq(tsc_table_extension_add(t, "../x", 1, acc, NULL, Fm, NULL, &err), TSC_ELABEL);
    cr_assert_eq(tsc_table_extension_add(t, "", 1, acc, NULL, Fm, NULL, &err), TSC_ELABEL);
    double F2[8] = {0};
    cr_assert_eq(tsc_table_extension_add(t, "d", 2, dup, NULL, F2, NULL, &err), TSC_ELABEL);
    cr_assert_eq(tsc_table_extension_add(t, "d", 1, empty, NULL, Fm, NULL, &err), TSC_ELABEL);
    cr_assert_eq(tsc_table_extension_add(t, "d", 1, acc, NULL, bad, NULL, &err), TSC_ENUMERIC);
    cr_assert_eq(tsc_table_nextensions(t), 0, "nothing added on error");
    cr_assert_eq(tsc_table_extension_add(t, "jobs", 1, acc, NULL, Fm, NULL, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_extension_add(t, "jobs", 1, acc, NULL, Fm, NULL, &err), TSC_ELABEL, "name used twice");
    tsc_extension e;
    cr_assert_eq(tsc_table_extension(t, 0, &e), TSC_OK);
    cr_assert_str_eq(e.name, "jobs");
    cr_assert_str_eq(e.units[0], "");
    cr_assert_null(e.F_Y);
    cr_assert_eq(e.F[3], 4.0);
    cr_assert_eq(tsc_table_extension(t, 1, &e), TSC_EINVAL);
    size_t idx;
    cr_assert_eq(tsc_table_extension_find(t, "nope", &idx, &err), TSC_ELABEL);
    cr_assert(strstr(err.msg, "jobs"), "%s", err.msg);
    tsc_table_free(t);
}

/* The pymrio test system written in pymrio's layout and read back: the accounts still match pymrio's. Its
 * factor_inputs does not sum to the table's va (the system does not balance), so it travels as
 * factor_inputs_accounts beside va's own factor_inputs. */
Test(accounts, pymrio_reference_through_the_layout)
{
    TU_REQUIRE(tu_shared("vectors/pymrio/F_emissions.csv"));
    tsc_table *t = pymrio_table(), *back = NULL;
    tsc_error err;
    const char *dir = tu_tmpdir();
    char out[400];
    snprintf(out, sizeof out, "%s/pm", dir);
    cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
    cr_assert_geq(tsc_table_load(out, NULL, &back, &err), 0, "%s", err.msg);
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(back, &lf, &err), TSC_OK, "%s", err.msg);
    static const char *const names[2][2] = {{"factor_inputs_accounts", "factor_inputs"}, {"emissions", "emissions"}};
    for (size_t e = 0; e < 2; e++) {
        size_t idx;
        cr_assert_eq(tsc_table_extension_find(back, names[e][0], &idx, &err), TSC_OK, "%s", err.msg);
        tsc_accounts a;
        cr_assert_eq(tsc_accounts_compute(lf, back, idx, &a, &err), TSC_OK, "%s", err.msg);
        char ref[64];
        snprintf(ref, sizeof ref, "D_cba_reg_%s", names[e][1]);
        check(a.D_cba_reg, ref, a.k, G);
        snprintf(ref, sizeof ref, "D_imp_%s", names[e][1]);
        check(a.D_imp, ref, a.k, n);
        snprintf(ref, sizeof ref, "M_%s", names[e][1]);
        check(a.M, ref, a.k, n);
        tsc_accounts_free(&a);
    }
    tsc_leontief_free(lf);
    tsc_table_free(back);
    tsc_table_free(t);
    tu_rmtree(dir);
}

/* The shock's output change (docs/MODELS.md 4): exactly zero for no change; otherwise (I - A) dx = dy with dy the
 * final-demand volumes at the new prices (checked with Z and x directly), and a tariff rise lowers output. */
Test(accounts, shock_output_change)
{
    tsc_table *t = tu_table_3x2();
    size_t GG = tsc_table_nregions(t), NN = tsc_table_nsectors(t), nn = tsc_table_n(t);
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    double base[3 * 3 * 2], rate[3 * 3 * 2];
    for (size_t c = 0; c < GG * GG * NN; c++) base[c] = rate[c] = 2.5;
    tsc_tariffs tr = {GG, NN, base, rate};
    tsc_shock s;
    cr_assert_eq(tsc_shock_run(t, lf, &tr, &s, &err), TSC_OK, "%s", err.msg);
    for (size_t i = 0; i < nn; i++) cr_assert_eq(s.output_change[i], 0.0, "no change, no output change");
    tsc_shock_free(&s);
    /* USA (1) adds 20 points on everything from CHN (2) */
    for (size_t k = 0; k < NN; k++) rate[(1 * GG + 2) * NN + k] = 22.5;
    cr_assert_eq(tsc_shock_run(t, lf, &tr, &s, &err), TSC_OK, "%s", err.msg);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    double *yr = malloc(nn * GG * sizeof *yr), total = 0;
    tsc_table_y_by_region(t, yr);
    for (size_t i = 0; i < nn; i++) {
        double dy = 0;
        for (size_t c = 0; c < GG; c++) {
            double kap = c == i / NN ? 1.0
                                     : (1 + rate[(c * GG + i / NN) * NN + i % NN] / 100) /
                                           (1 + base[(c * GG + i / NN) * NN + i % NN] / 100);
            dy += yr[i + c * nn] * (1.0 / (kap * (1 + s.price_change[i] / 100)) - 1.0);
        }
        double lhs = s.output_change[i];
        for (size_t j = 0; j < nn; j++) lhs -= Z[i + j * nn] / x[j] * s.output_change[j];
        cr_assert(fabs(lhs - dy) <= 1e-12 * (fabs(dy) + 1e-300) + 1e-15, "(I - A) dx = dy at %zu: %g vs %g", i, lhs,
                  dy);
        total += s.output_change[i];
    }
    cr_assert_lt(s.output_change[2 * NN + 0], 0.0, "China's goods sector loses output");
    cr_assert_lt(total, 0.0);
    free(yr);
    tsc_shock_free(&s);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}
