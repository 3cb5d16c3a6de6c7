/* The Leontief engine and aggregation against pymrio 0.6 on its own test system (../shared/vectors/pymrio). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define RTOL 1e-10
enum { G = 6, N = 8, F = 7, n = G * N };

#define NEED_PYMRIO() TU_REQUIRE(tu_shared("vectors/pymrio/Z.csv"))

Test(pymrio, x_A_L_and_multipliers)
{
    NEED_PYMRIO();
    tsc_table *t = tu_pymrio_table();
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    tsc_mat x = tu_pymrio_mat("x"), A = tu_pymrio_mat("A"), L = tu_pymrio_mat("L");
    tu_assert_close(tsc_table_x(t), x.data, n, 1e-12, "x");
    double *buf = malloc(n * n * sizeof *buf);
    tsc_leontief_coefficients(lf, buf);
    cr_assert_lt(tu_max_rel(buf, A.data, n * n, 1e-12), RTOL, "A");
    cr_assert_eq(tsc_leontief_inverse(lf, buf, &err), TSC_OK, "%s", err.msg);
    cr_assert_lt(tu_max_rel(buf, L.data, n * n, 1e-12), RTOL, "L");

    double mult[n], colsum[n];
    tsc_multipliers m = {mult, NULL, NULL, NULL};
    cr_assert_eq(tsc_leontief_multipliers(lf, &m, &err), TSC_OK, "%s", err.msg);
    for (size_t j = 0; j < n; j++) {
        colsum[j] = 0;
        for (size_t i = 0; i < n; i++) colsum[j] += L.data[i + j * n];
    }
    cr_assert_lt(tu_max_rel(mult, colsum, n, 1e-12), RTOL, "output multipliers = 1'L of pymrio");

    /* pymrio's factor-input multipliers M = S L, S = F x^-1: a transposed solve with S as right-hand side */
    tsc_mat Ff = tu_pymrio_mat("F_factor_inputs"), M = tu_pymrio_mat("M_factor_inputs");
    double s[n];
    for (size_t i = 0; i < n; i++) s[i] = Ff.data[i] / x.data[i];
    cr_assert_eq(tsc_leontief_solve(lf, 1, 1, s, n, NULL, &err), TSC_OK, "%s", err.msg);
    cr_assert_lt(tu_max_rel(s, M.data, n, 1e-12), RTOL, "M_factor_inputs");

    tsc_mat_free(&Ff);
    tsc_mat_free(&M);
    tsc_mat_free(&x);
    tsc_mat_free(&A);
    tsc_mat_free(&L);
    free(buf);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(pymrio, ghosh_inverse)
{
    NEED_PYMRIO();
    tsc_table *t = tu_pymrio_table();
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    tsc_mat Gref = tu_pymrio_mat("G_pymrio");
    double *Gm = calloc(n * n, sizeof *Gm);
    for (size_t i = 0; i < n; i++) Gm[i + i * n] = 1.0;
    cr_assert_eq(tsc_leontief_ghosh_solve(lf, n, Gm, n, &err), TSC_OK, "%s", err.msg);
    cr_assert_lt(tu_max_rel(Gm, Gref.data, n * n, 1e-12), RTOL, "Ghosh inverse");
    /* forward linkages are Ghosh row sums over their mean */
    double fl[n], rows[n], mean = 0;
    tsc_multipliers m = {NULL, NULL, NULL, fl};
    cr_assert_eq(tsc_leontief_multipliers(lf, &m, &err), TSC_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++) {
        rows[i] = 0;
        for (size_t j = 0; j < n; j++) rows[i] += Gref.data[i + j * n];
        mean += rows[i] / n;
    }
    for (size_t i = 0; i < n; i++) rows[i] /= mean;
    cr_assert_lt(tu_max_rel(fl, rows, n, 1e-12), RTOL, "forward linkages");
    free(Gm);
    tsc_mat_free(&Gref);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(pymrio, va_in_final_demand)
{
    NEED_PYMRIO();
    tsc_table *t = tu_pymrio_table();
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    tsc_mat ref = tu_pymrio_mat("ref_VA_in_FD"), v = tu_pymrio_mat("ref_v");
    tu_assert_close(tsc_leontief_v(lf), v.data, n, 1e-13, "v = 1 - colsum(A)");
    double out[n * G];
    cr_assert_eq(tsc_leontief_va_by_destination(lf, out, &err), TSC_OK, "%s", err.msg);
    cr_assert_lt(tu_max_rel(out, ref.data, n * G, 1e-12), RTOL, "V^BY");
    tsc_mat_free(&ref);
    tsc_mat_free(&v);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(pymrio, aggregation)
{
    NEED_PYMRIO();
    tsc_table *t = tu_pymrio_table(), *a = NULL;
    const char *dir = tu_tmpdir();
    char conc[600];
    snprintf(conc, sizeof conc, "%s/concordance.csv", dir);
    FILE *f = fopen(conc, "w");
    cr_assert(f);
    fprintf(f, "kind,from,to\n");
    for (int r = 1; r <= 6; r++) fprintf(f, "region,reg%d,r%d\n", r, r <= 3 ? 1 : 2);
    const char *sec[N] = {"food",         "mining", "manufactoring", "electricity",
                          "construction", "trade",  "transport",     "other"};
    for (int s = 0; s < N; s++)
        fprintf(f, "sector,%s,%s\n", sec[s], s < 2 ? "primary" : s < 5 ? "secondary" : "tertiary");
    fclose(f);
    tsc_error err;
    cr_assert_eq(tsc_table_aggregate(t, conc, &a, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_nregions(a), 2);
    cr_assert_eq(tsc_table_nsectors(a), 3);
    tsc_mat Z = tu_pymrio_mat("agg_Z"), Y = tu_pymrio_mat("agg_Y"), L = tu_pymrio_mat("agg_L");
    cr_assert_lt(tu_max_rel(tsc_table_Z(a), Z.data, 36, 1e-12), 1e-12, "agg_Z");
    cr_assert_lt(tu_max_rel(tsc_table_Y(a), Y.data, 6 * 14, 1e-12), 1e-12, "agg_Y");
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(a, &lf, &err), TSC_OK, "%s", err.msg);
    double Lm[36];
    cr_assert_eq(tsc_leontief_inverse(lf, Lm, &err), TSC_OK, "%s", err.msg);
    cr_assert_lt(tu_max_rel(Lm, L.data, 36, 1e-12), RTOL, "agg_L");
    /* sums preserved */
    double s0 = 0, s1 = 0;
    for (size_t i = 0; i < n; i++) s0 += tsc_table_x(t)[i];
    for (size_t i = 0; i < 6; i++) s1 += tsc_table_x(a)[i];
    cr_assert_lt(fabs(s1 - s0) / s0, 1e-14);
    tsc_mat_free(&Z);
    tsc_mat_free(&Y);
    tsc_mat_free(&L);
    tsc_leontief_free(lf);
    tsc_table_free(a);
    tsc_table_free(t);
    tu_rmtree(dir);
}
