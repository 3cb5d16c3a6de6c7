/* The general-equilibrium model (Caliendo-Parro 2015): the Jacobian against finite differences, no-change and
 * scaling properties, Walras' law, the first-order limit against the cost-push model, the authors' pipeline and
 * NAFTA results against the published Table 2 and a numpy replication (../shared/vectors/cp2015-nafta), errors. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_int.h"
#include "ge_int.h"
#include "tariffscope/ge.h"
#include "tariffscope/shock.h"
#include "testutil.h"

#define CP_DIR "data/cp2015"
#define VEC_DIR "vectors/cp2015-nafta"

/* ---- fixtures ---------------------------------------------------------------------------------------------- */

static double uniform(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

/* A balanced G x N table with two final-demand categories and awkward values; every nominal value times scale.
 * proportional = 1: every user in a region buys sector k from the origins in the same proportions (the
 * Caliendo-Parro assumption), so the model's shares reproduce the table's input coefficients exactly. */
static tsc_table *make_table(size_t G, size_t N, double scale, int proportional)
{
    static const char *R[6] = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"};
    static const char *S[5] = {"s1", "s2", "s3", "s4", "s5"};
    static const char *C[2] = {"HH", "GOV"};
    cr_assert(G <= 6 && N <= 5);
    size_t n = G * N, F = 2;
    uint64_t seed = 0x2385u;
    double *Z = calloc(n * n, sizeof *Z), *Y = calloc(n * G * F, sizeof *Y), *p = calloc(G * G * N, sizeof *p);
    cr_assert(Z && Y && p);
    /* sourcing proportions p[m, i, k]: home bias */
    for (size_t m = 0; m < G; m++)
        for (size_t k = 0; k < N; k++) {
            double sum = 0;
            for (size_t i = 0; i < G; i++) sum += p[(m * G + i) * N + k] = (i == m ? 2.385 : 0.3) + uniform(&seed);
            for (size_t i = 0; i < G; i++) p[(m * G + i) * N + k] /= sum;
        }
    /* uses: u[k, col] of sector k by industry col and f[k, c] by final-demand column c, whatever the origin */
    double *u = calloc(N * n, sizeof *u), *f = calloc(N * G * F, sizeof *f);
    cr_assert(u && f);
    for (size_t k = 0; k < N * n; k++) u[k] = 0.5 + 1.7 * uniform(&seed);
    for (size_t k = 0; k < N * G * F; k++) f[k] = 9.0 + 23.0 * uniform(&seed);
    for (size_t row = 0; row < n; row++)
        for (size_t col = 0; col < n; col++) {
            size_t i = row / N, k = row % N, m = col / N;
            double w = proportional ? u[k + col * N] : 0.5 + 1.7 * uniform(&seed);
            Z[row + col * n] =
                scale * (proportional ? p[(m * G + i) * N + k] * w * (double)G : w * (i == m ? 3.1 : 0.7));
        }
    for (size_t row = 0; row < n; row++)
        for (size_t c = 0; c < G * F; c++) {
            size_t i = row / N, k = row % N, m = c / F;
            double w = proportional ? f[k + c * N] : 9.0 + 23.0 * uniform(&seed);
            Y[row + c * n] = scale * (proportional ? p[(m * G + i) * N + k] * w * (double)G : w * (i == m ? 2.9 : 0.8));
        }
    free(u);
    free(f);
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_from_arrays(G, N, F, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err);
    cr_assert_eq(rc, TSC_OK, "%s", err.msg);
    free(Z);
    free(Y);
    free(p);
    return t;
}

static const double theta5[5] = {4.55, 8.22, 2.385, 11.3, 6.07};

/* Base tariffs of 3.5% on sectors s1 and s2 between different regions. */
static double *base_tariffs(size_t G, size_t N)
{
    double *t = calloc(G * G * N, sizeof *t);
    cr_assert(t);
    for (size_t m = 0; m < G; m++)
        for (size_t i = 0; i < G; i++)
            for (size_t k = 0; k < N && k < 2; k++) t[(m * G + i) * N + k] = m == i ? 0 : 0.035;
    return t;
}

/* The base plus `add` on region 0's imports of s1 from region 1 and region 1's retaliation on s2. */
static double *scenario_tariffs(const double *base, size_t G, size_t N, double add)
{
    double *t = malloc(G * G * N * sizeof *t);
    cr_assert(t);
    memcpy(t, base, G * G * N * sizeof *t);
    t[(0 * G + 1) * N + 0] += add;
    t[(1 * G + 0) * N + 1] += add;
    return t;
}

static tsc_ge_data *table_data(const tsc_table *t, const double *tariff)
{
    tsc_ge_data *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_data_from_table(t, tariff, theta5, &d, NULL, &err), TSC_OK, "%s", err.msg);
    return d;
}

static tsc_ge_data *baseline(const tsc_ge_data *raw, tsc_ge_baseline kind, const tsc_ge_opts *o)
{
    tsc_ge_data *b = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_baseline_build(raw, kind, o, NULL, NULL, &b, NULL, &err), TSC_OK, "%s", err.msg);
    return b;
}

static void solve(const tsc_ge_data *d, const double *tariff, const tsc_ge_opts *o, tsc_ge_result *r)
{
    tsc_error err;
    int rc = tsc_ge_solve(d, tariff, o, NULL, NULL, r, &err);
    cr_assert_eq(rc, TSC_OK, "%s", err.msg);
}

/* Largest |hat - 1| over ŵ, ĉ, P̂ and the price indices. */
static double max_hat_gap(const tsc_ge_result *r)
{
    double m = 0;
    for (size_t n = 0; n < r->G; n++) {
        m = fmax(m, fabs(r->w_hat[n] - 1));
        m = fmax(m, fabs(r->price_index_hat[n] - 1));
    }
    for (size_t k = 0; k < r->G * r->N; k++) m = fmax(m, fmax(fabs(r->c_hat[k] - 1), fabs(r->P_hat[k] - 1)));
    return m;
}

/* ---- the Jacobian -------------------------------------------------------------------------------------------- */

Test(ge, jacobian_matches_central_differences)
{
    tsc_table *t = make_table(4, 3, 1.0, 0);
    double *tb = base_tariffs(4, 3), *tn = scenario_tariffs(tb, 4, 3, 0.2);
    tsc_ge_data *d = table_data(t, tb);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_solver *s = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_solver_new(d, tn, &o, &s, &err), TSC_OK, "%s", err.msg);
    /* away from ŵ = 1, so every term of the derivative matters */
    const double lnw[4] = {0.031, -0.017, 0.0045, -0.009};
    memcpy(s->lnw, lnw, sizeof lnw);
    cr_assert_eq(tsc__ge_evaluate(s, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__ge_jacobian(s, &err), TSC_OK, "%s", err.msg);
    size_t G = 4;
    double J[16], Zp[4], Zm[4], h = 1e-5, scale = 0;
    memcpy(J, s->J, sizeof J);
    for (size_t m = 0; m < G; m++) {
        s->lnw[m] = lnw[m] + h;
        cr_assert_eq(tsc__ge_evaluate(s, &err), TSC_OK);
        memcpy(Zp, s->Z, sizeof Zp);
        s->lnw[m] = lnw[m] - h;
        cr_assert_eq(tsc__ge_evaluate(s, &err), TSC_OK);
        memcpy(Zm, s->Z, sizeof Zm);
        s->lnw[m] = lnw[m];
        for (size_t n = 0; n < G; n++) {
            double fd = (Zp[n] - Zm[n]) / (2 * h);
            scale = fmax(scale, fabs(fd));
            cr_assert(fabs(fd - J[n * G + m]) <= 1e-6 * fmax(fabs(fd), 1e-3 * scale + 1e-300) + 1e-9,
                      "dZ_%zu/dlnw_%zu: Jacobian %.12g, central difference %.12g", n, m, J[n * G + m], fd);
        }
    }
    /* Walras: sum_n Z_n does not depend on ŵ, so every column sums to zero */
    for (size_t m = 0; m < G; m++) {
        double col = 0;
        for (size_t n = 0; n < G; n++) col += J[n * G + m];
        cr_assert(fabs(col) <= 1e-9 * scale, "column %zu of the Jacobian sums to %g", m, col);
    }
    tsc_ge_solver_free(s);
    tsc_ge_data_free(d);
    free(tb);
    free(tn);
    tsc_table_free(t);
}

/* ---- properties on tables -------------------------------------------------------------------------------------- */

Test(ge, no_change_on_a_balanced_table_gives_hats_of_one)
{
    tsc_table *t = make_table(5, 4, 1.0, 0);
    double *tb = base_tariffs(5, 4);
    tsc_ge_data *raw = table_data(t, tb);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    /* a balanced table is an equilibrium of the model with its observed deficits: stage (a) has nothing to do */
    tsc_ge_result r;
    solve(raw, NULL, &o, &r);
    cr_assert(max_hat_gap(&r) <= 1e-10, "stage (a) on a balanced table moved hats by %g", max_hat_gap(&r));
    tsc_ge_result_free(&r);
    for (int kind = 0; kind < 2; kind++) {
        tsc_ge_data *b = baseline(raw, (tsc_ge_baseline)kind, &o);
        solve(b, NULL, &o, &r);
        cr_assert(max_hat_gap(&r) <= 1e-10, "%s baseline: no-change hats off by %g", kind ? "observed" : "zero-deficit",
                  max_hat_gap(&r));
        const double *F0 = tsc_ge_data_flows(b);
        for (size_t c = 0; c < 5 * 5 * 4; c++)
            cr_assert(fabs(r.flows[c] - F0[c]) <= 1e-9 * fmax(F0[c], 1), "flow %zu moved", c);
        tsc_ge_result_free(&r);
        tsc_ge_data_free(b);
    }
    tsc_ge_data_free(raw);
    free(tb);
    tsc_table_free(t);
}

Test(ge, scaling_every_nominal_input_changes_no_hat)
{
    double *tb = base_tariffs(4, 3), *tn = scenario_tariffs(tb, 4, 3, 0.25);
    tsc_ge_result r[2];
    tsc_ge_outcome oc[2];
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_error err;
    for (int k = 0; k < 2; k++) {
        tsc_table *t = make_table(4, 3, k ? 3.7 : 1.0, 0);
        tsc_ge_data *raw = table_data(t, tb), *b = baseline(raw, TSC_GE_BASELINE_ZERO_DEFICIT, &o);
        solve(b, tn, &o, &r[k]);
        cr_assert_eq(tsc_ge_outcome_compute(b, tn, &r[k], &oc[k], &err), TSC_OK, "%s", err.msg);
        tsc_ge_data_free(b);
        tsc_ge_data_free(raw);
        tsc_table_free(t);
    }
    tu_assert_close(r[1].w_hat, r[0].w_hat, 4, 1e-11, "w_hat");
    tu_assert_close(r[1].c_hat, r[0].c_hat, 12, 1e-11, "c_hat");
    tu_assert_close(r[1].P_hat, r[0].P_hat, 12, 1e-11, "P_hat");
    tu_assert_close(oc[1].welfare_cp, oc[0].welfare_cp, 4, 1e-10, "welfare");
    tu_assert_close(oc[1].real_income, oc[0].real_income, 4, 1e-10, "real income");
    for (size_t c = 0; c < 4 * 4 * 3; c++)
        cr_assert(fabs(r[1].flows[c] / 3.7 - r[0].flows[c]) <= 1e-10 * r[0].flows[c], "flow %zu does not scale", c);
    for (int k = 0; k < 2; k++) {
        tsc_ge_result_free(&r[k]);
        tsc_ge_outcome_free(&oc[k]);
    }
    free(tb);
    free(tn);
}

Test(ge, walras_law_and_accounting_hold_at_the_solution)
{
    size_t G = 5, N = 4;
    tsc_table *t = make_table(G, N, 1.0, 0);
    double *tb = base_tariffs(G, N), *tn = scenario_tariffs(tb, G, N, 0.4);
    tsc_ge_data *raw = table_data(t, tb);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    for (int kind = 0; kind < 2; kind++) {
        tsc_ge_data *b = baseline(raw, (tsc_ge_baseline)kind, &o);
        tsc_ge_result r;
        solve(b, tn, &o, &r);
        const double *va = tsc_ge_data_va(b), *D = tsc_ge_data_deficits(b), *gv = tsc_ge_data_gamma_va(b),
                     *gio = tsc_ge_data_gamma_io(b), *al = tsc_ge_data_alpha(b);
        double sumZ = 0, sumva = 0, sumw = 0;
        for (size_t n = 0; n < G; n++) {
            /* every market clears, the one Newton replaced by the numeraire included */
            cr_assert(fabs(r.excess[n]) <= 1e-11 * va[n], "region %zu: excess %g", n, r.excess[n] / va[n]);
            sumZ += r.excess[n];
            sumva += va[n];
            sumw += r.w_hat[n] * va[n];
            /* labour market: ŵ wL = sum_j gamma^j Y'^j (shares sum to one in a table) */
            double lab = 0, out = 0, spend = 0, inter = 0, rev = 0;
            for (size_t j = 0; j < N; j++) {
                double y = 0;
                for (size_t m = 0; m < G; m++) y += r.flows[(m * G + n) * N + j];
                lab += gv[n * N + j] * y;
                out += y;
                spend += r.X[n * N + j];
                for (size_t k = 0; k < N; k++) {
                    double yk = 0;
                    for (size_t m = 0; m < G; m++) yk += r.flows[(m * G + n) * N + k];
                    inter += gio[(n * N + j) * N + k] * yk;
                }
                for (size_t i = 0; i < G; i++) rev += tn[(n * G + i) * N + j] * r.flows[(n * G + i) * N + j];
            }
            cr_assert(fabs(lab - r.w_hat[n] * va[n]) <= 1e-10 * va[n], "labour market of %zu", n);
            /* income = value added + tariff revenue + deficit, and expenditure = intermediate + final */
            double income = r.w_hat[n] * va[n] + rev + D[n], asum = 0;
            for (size_t j = 0; j < N; j++) asum += al[n * N + j];
            cr_assert(fabs(spend - (inter + asum * income)) <= 1e-11 * spend, "expenditure of %zu", n);
            /* budget: purchases net of tariffs - sales = deficit */
            cr_assert(fabs(spend - rev - out - D[n]) <= 1e-10 * spend, "budget of %zu", n);
        }
        cr_assert(fabs(sumZ) <= 1e-13 * sumva, "sum of excesses %g", sumZ);
        cr_assert(fabs(sumw - sumva) <= 1e-12 * sumva, "numeraire: world value added moved by %g", sumw / sumva - 1);
        tsc_ge_result_free(&r);
        tsc_ge_data_free(b);
    }
    tsc_ge_data_free(raw);
    free(tb);
    free(tn);
    tsc_table_free(t);
}

Test(ge, newton_and_fixed_point_agree)
{
    size_t G = 4, N = 3;
    tsc_table *t = make_table(G, N, 1.0, 0);
    double *tb = base_tariffs(G, N), *tn = scenario_tariffs(tb, G, N, 0.3);
    tsc_ge_data *raw = table_data(t, tb);
    tsc_ge_opts o, f;
    tsc_ge_opts_init(&o);
    tsc_ge_opts_init(&f);
    f.method = TSC_GE_FIXED_POINT;
    tsc_ge_data *b = baseline(raw, TSC_GE_BASELINE_ZERO_DEFICIT, &o);
    tsc_ge_result rn, rf, ra;
    solve(b, tn, &o, &rn);
    solve(b, tn, &f, &rf);
    f.cold_start = 1; /* the authors' inner solves: from P̂ = 1 and the base X, plain sweeps */
    f.anderson = 0;
    solve(b, tn, &f, &ra);
    cr_assert(rf.iterations > rn.iterations, "fixed point %zu iterations, Newton %zu", rf.iterations, rn.iterations);
    tu_assert_close(rf.w_hat, rn.w_hat, G, 1e-10, "w_hat (fixed point)");
    tu_assert_close(ra.w_hat, rn.w_hat, G, 1e-10, "w_hat (authors' inner solves)");
    tu_assert_close(rf.c_hat, rn.c_hat, G * N, 1e-10, "c_hat");
    tu_assert_close(ra.P_hat, rn.P_hat, G * N, 1e-10, "P_hat");
    tsc_ge_result_free(&rn);
    tsc_ge_result_free(&rf);
    tsc_ge_result_free(&ra);
    tsc_ge_data_free(b);
    tsc_ge_data_free(raw);
    free(tb);
    free(tn);
    tsc_table_free(t);
}

/* The first-order limit. For a small tariff change, the model's unit costs move to first order as
 *   d ln c = gamma_va d ln w + Gamma' Pi' (d ln kappa + d ln c),
 * the cost-push model of tsc_shock_run with wages held fixed moves them as dp = A'(d kappa + dp), and when every
 * user in a region sources a sector from the origins in the same proportions (the model's assumption),
 * gamma^{k,j} pi_{nik} = a_{(ik),(nj)}, so the two agree once the general equilibrium's own first-order wage change
 * is added to the cost-push prices: d ln c = dp + (I - A')^-1 (v o d ln w). Substitution (theta), the expenditure
 * system and the wage change itself enter prices only at second order beyond that. The same holds for consumer
 * prices with alpha_n^k pi_{nik} = y_{(ik),n} / sum y. The gap must be tiny and shrink like the square of the
 * tariff. */
static double first_order_gap(const tsc_table *t, double dtau, double *effect)
{
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), n = G * N;
    tsc_ge_data *d = table_data(t, NULL);
    double *tn = calloc(G * G * N, sizeof *tn);
    cr_assert(tn);
    tn[(0 * G + 1) * N + 0] = dtau; /* region 0 taxes sector s1 from region 1 */
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_result r;
    solve(d, tn, &o, &r);
    /* the same change through the cost-push model */
    tsc_tariffs tr = {G, N, calloc(G * G * N, sizeof(double)), calloc(G * G * N, sizeof(double))};
    cr_assert(tr.base && tr.rate);
    for (size_t c = 0; c < G * G * N; c++) tr.rate[c] = 100 * tn[c];
    tsc_leontief *lf = NULL;
    tsc_shock s;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_shock_run(t, lf, &tr, &s, &err), TSC_OK, "%s", err.msg);
    /* the wage part: (I - A')^-1 (v o ln ŵ) */
    double *q = malloc(n * sizeof *q);
    const double *v = tsc_leontief_v(lf);
    for (size_t i = 0; i < n; i++) q[i] = v[i] * log(r.w_hat[i / N]);
    cr_assert_eq(tsc_leontief_solve(lf, 1, 1, q, n, NULL, &err), TSC_OK, "%s", err.msg);
    double gap = 0, eff = 0;
    for (size_t i = 0; i < n; i++) {
        double ge = log(r.c_hat[i]), fo = s.price_change[i] / 100 + q[i];
        gap = fmax(gap, fabs(ge - fo));
        eff = fmax(eff, fabs(ge));
    }
    /* consumer prices: the cost-push CPI plus the final-demand-weighted wage part, against ln P̂_n */
    double *y = malloc(n * G * sizeof *y);
    tsc_table_y_by_region(t, y);
    for (size_t m = 0; m < G; m++) {
        double tot = 0, wq = 0;
        for (size_t i = 0; i < n; i++) {
            tot += y[i + m * n];
            wq += y[i + m * n] * q[i];
        }
        double ge = log(r.price_index_hat[m]), fo = s.cpi_change[m] / 100 + wq / tot;
        gap = fmax(gap, fabs(ge - fo));
    }
    *effect = eff;
    free(y);
    free(q);
    tsc_shock_free(&s);
    tsc_leontief_free(lf);
    tsc_tariffs_free(&tr);
    tsc_ge_result_free(&r);
    free(tn);
    tsc_ge_data_free(d);
    return gap;
}

Test(ge, small_shocks_agree_with_the_first_order_model)
{
    tsc_table *t = make_table(3, 2, 1.0, 1);
    double e1, e2;
    double g1 = first_order_gap(t, 1e-3, &e1), g2 = first_order_gap(t, 5e-4, &e2);
    if (getenv("TSC_TEST_VERBOSE"))
        fprintf(stderr, "first-order gaps %.3g (effect %.3g), %.3g (effect %.3g)\n", g1, e1, g2, e2);
    cr_assert(e1 > 1e-6, "the tariff should move prices (%g)", e1);
    cr_assert(g1 <= 1e-2 * e1, "first-order gap %g against an effect of %g", g1, e1);
    /* second order: halving the tariff quarters the gap */
    cr_assert(g1 / g2 > 3.5 && g1 / g2 < 4.5, "halving the tariff divides the gap by %g, not about 4", g1 / g2);
    tsc_table_free(t);
}

/* ---- the solver as an object ------------------------------------------------------------------------------------- */

Test(ge, solver_can_be_watched_and_stops_at_max_iter)
{
    size_t G = 4, N = 3;
    tsc_table *t = make_table(G, N, 1.0, 0);
    double *tb = base_tariffs(G, N), *tn = scenario_tariffs(tb, G, N, 0.5);
    tsc_ge_data *d = table_data(t, tb);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_solver *s = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_solver_new(d, tn, &o, &s, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_ge_solver_test(s), TSC_GE_CONTINUE);
    double prev = tsc_ge_solver_residual(s);
    while (tsc_ge_solver_test(s) != TSC_OK) {
        cr_assert(tsc_ge_solver_iterations(s) < 50);
        cr_assert_eq(tsc_ge_solver_iterate(s, &err), TSC_OK, "%s", err.msg);
        cr_assert(tsc_ge_solver_residual(s) < prev, "the line search keeps the residual falling");
        prev = tsc_ge_solver_residual(s);
    }
    cr_assert(tsc_ge_solver_w_hat(s)[0] > 0.5 && tsc_ge_solver_w_hat(s)[0] < 2);
    tsc_ge_solver_free(s);
    /* an iteration limit that is too small: a warning, the last iterate, never a silent result */
    o.method = TSC_GE_FIXED_POINT;
    o.max_iter = 2;
    tsc_ge_result r;
    int rc = tsc_ge_solve(d, tn, &o, NULL, NULL, &r, &err);
    cr_assert_eq(rc, TSC_GE_WNOCONV);
    cr_assert(strstr(err.msg, "no convergence") != NULL, "%s", err.msg);
    cr_assert_eq(r.iterations, 2);
    cr_assert(r.residual > o.tol);
    tsc_ge_result_free(&r);
    tsc_ge_data_free(d);
    free(tb);
    free(tn);
    tsc_table_free(t);
}

Test(ge, errors_are_reported)
{
    tsc_error err;
    tsc_ge_data *d = NULL;
    const double flows[8] = {5, 1, 2, 6, 4, 1.5, 1, 3}, gva[4] = {0.5, 0.6, 0.4, 0.55};
    const double gio[8] = {0.2, 0.1, 0.3, 0.2, 0.25, 0.2, 0.1, 0.25}, th[2] = {4, 0};
    cr_assert_eq(tsc_ge_data_from_arrays(2, 2, NULL, NULL, NULL, flows, NULL, gva, gio, NULL, th, NULL, &d, &err),
                 TSC_EINVAL);
    cr_assert(strstr(err.msg, "trade elasticity") != NULL, "%s", err.msg);
    const double th2[2] = {4, 5}, bad[8] = {5, 1, -2, 6, 4, 1.5, 1, 3};
    cr_assert_eq(tsc_ge_data_from_arrays(2, 2, NULL, NULL, NULL, bad, NULL, gva, gio, NULL, th2, NULL, &d, &err),
                 TSC_EINVAL);
    cr_assert(strstr(err.msg, "flow") != NULL, "%s", err.msg);
    cr_assert_eq(tsc_ge_data_from_arrays(2, 2, NULL, NULL, NULL, flows, NULL, gva, gio, NULL, th2, NULL, &d, &err),
                 TSC_OK, "%s", err.msg);
    double tn[8] = {0, 0, -1.5, 0, 0, 0, 0, 0};
    tsc_ge_solver *s = NULL;
    cr_assert_eq(tsc_ge_solver_new(d, tn, NULL, &s, &err), TSC_EINVAL);
    cr_assert_null(s);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    o.tol = 0;
    cr_assert_eq(tsc_ge_solver_new(d, NULL, &o, &s, &err), TSC_EINVAL);
    tsc_ge_result r = {0};
    r.G = 3;
    r.N = 2;
    tsc_ge_data *nd = NULL;
    cr_assert_eq(tsc_ge_data_rebase(d, &r, NULL, &nd, &err), TSC_EDIM);
    tsc_ge_data_free(d);
    cr_assert_eq(tsc_ge_data_load_cp("/nonexistent/cp2015", &d, NULL, &err), TSC_EIO);
    cr_assert_eq(tsc_ge_is_cp_folder("/nonexistent"), 0);
    /* elasticities: a sector the file lacks */
    const char *dir = tu_tmpdir();
    char path[800];
    snprintf(path, sizeof path, "%s/theta.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("sector,theta\ns1,4.5\n", f);
    fclose(f);
    const char *sec[2] = {"s1", "s2"};
    double th3[2];
    cr_assert_eq(tsc_ge_theta_read(path, NULL, 2, sec, th3, &err), TSC_ELABEL);
    cr_assert(strstr(err.msg, "s2") != NULL, "%s", err.msg);
    f = fopen(path, "w");
    fputs("sector,theta\ns1,-4.5\n", f);
    fclose(f);
    cr_assert_eq(tsc_ge_theta_read(path, NULL, 2, sec, th3, &err), TSC_EINVAL);
    cr_assert_eq(err.line, 2);
    tu_rmtree(dir);
}

Test(ge, allocation_failures_are_clean)
{
    size_t G = 3, N = 2;
    tsc_table *t = make_table(G, N, 1.0, 0);
    double *tb = base_tariffs(G, N), *tn = scenario_tariffs(tb, G, N, 0.1);
    int ok = 0;
    for (size_t k = 1; k < 400 && !ok; k++) {
        tsc_error err;
        tsc_ge_data *d = NULL, *b = NULL;
        tsc_ge_result r = {0};
        tsc_ge_outcome oc = {0};
        tsc_ge_opts o;
        tsc_ge_opts_init(&o);
        tsc_alloc_fail_after(k);
        int rc = tsc_ge_data_from_table(t, tb, theta5, &d, NULL, &err);
        if (!rc) rc = tsc_ge_baseline_build(d, TSC_GE_BASELINE_ZERO_DEFICIT, &o, NULL, NULL, &b, NULL, &err);
        if (!rc) rc = tsc_ge_solve(b, tn, &o, NULL, NULL, &r, &err);
        if (!rc) rc = tsc_ge_outcome_compute(b, tn, &r, &oc, &err);
        tsc_alloc_fail_after(0);
        cr_assert(rc == TSC_OK || rc == TSC_ENOMEM, "allocation %zu: status %d (%s)", k, rc, err.msg);
        ok = rc == TSC_OK;
        tsc_ge_outcome_free(&oc);
        tsc_ge_result_free(&r);
        tsc_ge_data_free(b);
        tsc_ge_data_free(d);
    }
    cr_assert(ok, "never succeeded");
    free(tb);
    free(tn);
    tsc_table_free(t);
}

Test(ge, default_elasticities_cover_wiod_and_aggregates)
{
    const char *csv = tu_src("data/concordance/theta_wiod.csv");
    const char *codes[6] = {"c1", "c3", "c8", "c12", "c14", "c20"};
    double th[6];
    tsc_error err;
    cr_assert_eq(tsc_ge_theta_read(csv, NULL, 6, codes, th, &err), TSC_OK, "%s", err.msg);
    const double want[6] = {9.11, 2.62, 64.85, 4.37, 8.97, 8.22};
    for (int k = 0; k < 6; k++) cr_assert_float_eq(th[k], want[k], 1e-12, "%s: %g", codes[k], th[k]);
    char buf[35][8];
    const char *all[35];
    for (int k = 0; k < 35; k++) {
        snprintf(buf[k], sizeof buf[k], "c%d", k + 1);
        all[k] = buf[k];
    }
    double th35[35];
    cr_assert_eq(tsc_ge_theta_read(csv, NULL, 35, all, th35, &err), TSC_OK, "%s", err.msg);
    /* the example table's aggregates: the mean over the WIOD sectors its concordance maps to each, weighted by their
     * world imports in WIOD 2011 (c1 469,863 and c3 899,392 USD million: scripts/derive-theta-weights.sh) */
    const char *agg = tu_src("data/example/concordance.csv");
    const char *ex[2] = {"AGRI_FOOD", "SERVICES"};
    double se[2];
    cr_assert_eq(tsc_ge_theta_read_se(csv, agg, 2, ex, th, se, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(th[0], (9.11 * 469863 + 2.62 * 899392) / (469863 + 899392), 1e-12);
    cr_assert_float_eq(th[0], 4.847058414977488, 1e-12);
    cr_assert_float_eq(th[1], 8.22, 1e-12);
    /* no published standard errors in the file yet: none known */
    cr_assert(isnan(se[0]) && isnan(se[1]));
    cr_assert_eq(tsc_ge_theta_read(csv, NULL, 2, ex, th, &err), TSC_ELABEL);
}

Test(ge, theta_of_an_aggregate_is_the_trade_weighted_mean_of_its_parts)
{
    const char *dir = tu_tmpdir();
    const char *csv = tu_write(dir, "theta.csv",
                               "sector,theta,theta_se,trade_weight\n"
                               "p1,2.385,0.61,3.25\n"
                               "p2,9.47,2.04,11.7\n"
                               "q1,4.4,,2.5\n"
                               "q2,5.5,0.3,0\n"
                               "z1,3.1,0.2,0\n"
                               "z2,6.3,0.4,0\n");
    const char *agg = tu_write(dir, "agg.csv",
                               "kind,from,to\nregion,R1,R\nsector,p1,AGG\nsector,p2,AGG\nsector,q1,B\nsector,q2,B\n"
                               "sector,z1,Z\nsector,z2,Z\nsector,absent,Z\n");
    const char *sec[5] = {"AGG", "B", "Z", "p1", "q2"};
    double th[5], se[5];
    tsc_error err;
    cr_assert_eq(tsc_ge_theta_read_se(csv, agg, 5, sec, th, se, &err), TSC_OK, "%s", err.msg);
    /* by hand: (3.25 x 2.385 + 11.7 x 9.47) / (3.25 + 11.7) = (7.75125 + 110.799) / 14.95 = 118.55025 / 14.95;
     * SE (3.25 x 0.61 + 11.7 x 2.04) / 14.95 = (1.9825 + 23.868) / 14.95 = 25.8505 / 14.95 */
    cr_assert_float_eq(th[0], 7.929782608695652, 1e-13, "%.17g", th[0]);
    cr_assert_float_eq(se[0], 1.7291304347826087, 1e-13, "%.17g", se[0]);
    /* B: q2 has no trade and counts for nothing; q1 has no SE, so B has none */
    cr_assert_float_eq(th[1], 4.4, 1e-13, "%.17g", th[1]);
    cr_assert(isnan(se[1]));
    /* parts with no trade at all: the plain mean; a listed part the file lacks is left out */
    cr_assert_float_eq(th[2], (3.1 + 6.3) / 2, 1e-13);
    cr_assert_float_eq(se[2], (0.2 + 0.4) / 2, 1e-13);
    /* a sector of the file takes its own row */
    cr_assert_float_eq(th[3], 2.385, 0);
    cr_assert_float_eq(se[3], 0.61, 0);
    cr_assert_float_eq(th[4], 5.5, 0);
    cr_assert_float_eq(se[4], 0.3, 0);
    /* a file without trade weights (a user's --theta file): equal weights; without SEs: none known */
    csv = tu_write(dir, "plain.csv", "sector,theta\np1,2.385\np2,9.47\n");
    cr_assert_eq(tsc_ge_theta_read_se(csv, agg, 1, sec, th, se, &err), TSC_OK, "%s", err.msg);
    cr_assert_float_eq(th[0], (2.385 + 9.47) / 2, 1e-13);
    cr_assert(isnan(se[0]));
    /* bad weights and SEs are located */
    csv = tu_write(dir, "bad.csv", "sector,theta,trade_weight\np1,2.385,3.25\np2,9.47,-1\n");
    cr_assert_eq(tsc_ge_theta_read_se(csv, agg, 1, sec, th, se, &err), TSC_EINVAL);
    cr_assert_eq(err.line, 3);
    csv = tu_write(dir, "bad2.csv", "sector,theta,trade_weight\np1,2.385,\np2,9.47,1\n");
    cr_assert_eq(tsc_ge_theta_read_se(csv, agg, 1, sec, th, se, &err), TSC_EPARSE);
    cr_assert(strstr(err.msg, "trade weight") != NULL, "%s", err.msg);
    csv = tu_write(dir, "bad3.csv", "sector,theta_se,theta\np1,-0.5,2.385\n");
    cr_assert_eq(tsc_ge_theta_read_se(csv, NULL, 1, sec + 3, th, se, &err), TSC_EINVAL);
    cr_assert(strstr(err.msg, "standard error") != NULL, "%s", err.msg);
    /* numbers outside their range are refused where they are written, not later as a non-finite solve */
    static const struct {
        const char *text, *msg;
        size_t line, col;
    } range[] = {
        {"sector,theta\np1,1e308\n", "must lie in [0.001, 1000]", 2, 4},
        {"sector,theta\np1,1e-300\n", "must lie in [0.001, 1000]", 2, 4},
        {"sector,theta\np1,0\n", "must lie in", 2, 4},
        {"sector,theta,theta_se\np1,2.385,1e308\n", "standard error of theta must be at most 1000", 2, 10},
        {"sector,theta,trade_weight\np1,2.385,1e300\n", "trade weight must be at most", 2, 10},
        {"sector,theta\np1,2.385\np2,4.5\np1,3\n", "sector 'p1' is listed twice (first at line 2)", 4, 1},
    };
    for (size_t k = 0; k < sizeof range / sizeof *range; k++) {
        csv = tu_write(dir, "range.csv", range[k].text);
        cr_assert_lt(tsc_ge_theta_read_se(csv, NULL, 1, sec + 3, th, se, &err), 0, "case %zu accepted", k);
        cr_assert(strstr(err.msg, range[k].msg) != NULL, "case %zu: %s", k, err.msg);
        cr_assert_eq(err.line, range[k].line, "case %zu: line %zu", k, err.line);
        cr_assert_eq(err.col, range[k].col, "case %zu: col %zu", k, err.col);
    }
    tu_rmtree(dir);
}

Test(ge, example_table_solves)
{
    const char *dir = tu_src("data/example/table");
    tsc_table *t = tu_load(dir, 0);
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t);
    const char *sec[16];
    for (size_t k = 0; k < N; k++) sec[k] = tsc_table_sector(t, k);
    double th[16];
    tsc_error err;
    cr_assert_eq(tsc_ge_theta_read(tu_src("data/concordance/theta_wiod.csv"), tu_src("data/example/concordance.csv"), N,
                                   sec, th, &err),
                 TSC_OK, "%s", err.msg);
    tsc_ge_data *raw = NULL;
    cr_assert_eq(tsc_ge_data_from_table(t, NULL, th, &raw, NULL, &err), TSC_OK, "%s", err.msg);
    size_t usa = 0, chn = 0;
    cr_assert_eq(tsc_table_region_index(t, "USA", &usa, &err), TSC_OK);
    cr_assert_eq(tsc_table_region_index(t, "CHN", &chn, &err), TSC_OK);
    double *tn = calloc(G * G * N, sizeof *tn);
    for (size_t k = 0; k < N; k++)
        if (tsc_table_sector_is_goods(t, k)) tn[(usa * G + chn) * N + k] = 0.25;
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_data *b = baseline(raw, TSC_GE_BASELINE_ZERO_DEFICIT, &o);
    tsc_ge_result r;
    solve(b, tn, &o, &r);
    tsc_ge_outcome oc;
    cr_assert_eq(tsc_ge_outcome_compute(b, tn, &r, &oc, &err), TSC_OK);
    /* a US tariff on Chinese goods: China's terms of trade worsen, US imports from China fall */
    cr_assert(oc.terms_of_trade[chn] < 0 && oc.terms_of_trade[usa] > 0);
    double before = 0, after = 0;
    for (size_t k = 0; k < N; k++) {
        before += tsc_ge_data_flows(b)[(usa * G + chn) * N + k];
        after += r.flows[(usa * G + chn) * N + k];
    }
    cr_assert(after < 0.9 * before, "US imports from China %g -> %g", before, after);
    tsc_ge_outcome_free(&oc);
    tsc_ge_result_free(&r);
    tsc_ge_data_free(b);
    tsc_ge_data_free(raw);
    free(tn);
    tsc_table_free(t);
}

/* ---- the Caliendo-Parro data ---------------------------------------------------------------------------------- */

static tsc_ge_data *load_cp(double **t05)
{
    tsc_ge_data *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_data_load_cp(tu_shared(CP_DIR), &d, t05, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_ge_data_nregions(d), 31);
    cr_assert_eq(tsc_ge_data_nsectors(d), 40);
    return d;
}

static size_t cp_region(const tsc_ge_data *d, const char *code)
{
    for (size_t n = 0; n < tsc_ge_data_nregions(d); n++)
        if (strcmp(tsc_ge_data_region(d, n), code) == 0) return n;
    cr_assert_fail("no region %s", code);
    return 0;
}

static size_t cp_sector(const tsc_ge_data *d, const char *name)
{
    for (size_t j = 0; j < tsc_ge_data_nsectors(d); j++)
        if (strcmp(tsc_ge_data_sector(d, j), name) == 0) return j;
    cr_assert_fail("no sector %s", name);
    return 0;
}

/* The NAFTA counterfactual, straight from csv/trade_tariffs_1993_2005_raw.csv: 2005 rates among CAN, MEX, USA. */
static double *nafta(const tsc_ge_data *d, const double *t05)
{
    size_t G = 31, N = 40, who[3] = {cp_region(d, "CAN"), cp_region(d, "MEX"), cp_region(d, "USA")};
    double *t = malloc(G * G * N * sizeof *t);
    cr_assert(t);
    memcpy(t, tsc_ge_data_tariffs(d), G * G * N * sizeof *t);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            for (size_t j = 0; a != b && j < N; j++) {
                size_t c = (who[a] * G + who[b]) * N + j;
                t[c] = t05[c];
            }
    return t;
}

/* Opens a reference CSV and checks its header. */
static tsc_csv *open_ref(const char *rel, const char *const *cols, size_t ncols)
{
    tsc_csv *c = NULL;
    tsc_error err;
    cr_assert_eq(tsc__csv_open(tu_shared(rel), &c, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__csv_next(c, &err), 1);
    cr_assert_eq(tsc__csv_nfields(c), ncols, "%s: header", rel);
    for (size_t f = 0; f < ncols; f++) cr_assert_str_eq(tsc__csv_field(c, f), cols[f]);
    return c;
}

static double num(tsc_csv *c, size_t f)
{
    double v;
    tsc_error err;
    cr_assert_eq(tsc__csv_number(c, f, &v, &err), TSC_OK, "%s", err.msg);
    return v;
}

Test(ge, cp_loader_follows_the_authors_script)
{
    TU_REQUIRE(tu_shared(CP_DIR));
    tsc_ge_data *d = load_cp(NULL);
    size_t G = 31, N = 40;
    const double *F = tsc_ge_data_flows(d), *D = tsc_ge_data_deficits(d), *al = tsc_ge_data_alpha(d);
    size_t goods = 0;
    for (size_t j = 0; j < N; j++) goods += (size_t)tsc_ge_data_is_goods(d, j);
    cr_assert_eq(goods, 20);
    cr_assert_float_eq(tsc_ge_data_theta(d)[cp_sector(d, "Petroleum")], 64.85, 1e-12);
    cr_assert_float_eq(tsc_ge_data_theta(d)[cp_sector(d, "Finance")], 8.22, 1e-12);
    /* services are not traded */
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 20; j < N; j++)
                if (n != i) cr_assert_eq(F[(n * G + i) * N + j], 0.0);
    double sumD = 0, scale = 0;
    for (size_t n = 0; n < G; n++) {
        sumD += D[n];
        scale += fabs(D[n]);
        double a = 0;
        for (size_t j = 0; j < N; j++) a += al[n * N + j];
        cr_assert_float_eq(a, 1.0, 1e-12);
    }
    cr_assert(fabs(sumD) <= 1e-12 * scale, "deficits sum to %g", sumD);
    /* Mexico's 1993 gross output of agriculture is the raw figure, all of it either exported or sold at home */
    size_t mex = cp_region(d, "MEX"), ag = cp_sector(d, "Agriculture");
    cr_assert(fabs(tsc_ge_data_output(d)[mex * N + ag] / 37874231540.0 - 1) < 1e-12, "%.17g",
              tsc_ge_data_output(d)[mex * N + ag]);
    tsc_ge_data_free(d);
}

Test(ge, cp_zero_deficit_baseline_matches_the_published_one)
{
    TU_REQUIRE(tu_shared(CP_DIR));
    TU_REQUIRE(tu_shared("data/cp2015/csv/baseline_zero_deficit_flows.csv"));
    tsc_ge_data *raw = load_cp(NULL);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_data *b = baseline(raw, TSC_GE_BASELINE_ZERO_DEFICIT, &o);
    size_t G = 31, N = 40;
    static const char *const cols[6] = {"importer",    "exporter",       "sector", "flow_usd_net_of_tariff",
                                        "tariff_base", "tariff_nafta_cf"};
    tsc_csv *c = open_ref("data/cp2015/csv/baseline_zero_deficit_flows.csv", cols, 6);
    tsc_error err;
    const double *F = tsc_ge_data_flows(b), *T = tsc_ge_data_tariffs(b);
    unsigned char *seen = calloc(G * G * N, 1);
    double worst = 0, biggest = 0;
    size_t rows = 0;
    while (tsc__csv_next(c, &err) == 1) {
        size_t n = cp_region(b, tsc__csv_field(c, 0)), i = cp_region(b, tsc__csv_field(c, 1)),
               j = cp_sector(b, tsc__csv_field(c, 2)), k = (n * G + i) * N + j;
        double want = num(c, 3);
        worst = fmax(worst, fabs(F[k] - want) / want);
        biggest = fmax(biggest, want);
        cr_assert_float_eq(T[k], num(c, 4), 1e-15);
        seen[k] = 1;
        rows++;
    }
    tsc__csv_close(c);
    cr_assert_eq(rows, 18838);
    /* the replication solved (b) to its own tolerance; small flows carry its last digits */
    cr_assert(worst <= 5e-9, "largest relative gap to the published baseline flows %g", worst);
    for (size_t k = 0; k < G * G * N; k++)
        if (!seen[k]) cr_assert_eq(F[k], 0.0, "a flow absent from the published baseline is %g", F[k]);
    /* balanced trade, and a no-change solve from it returns hats of 1 to within the data's share sums (1.6e-6) */
    const double *D = tsc_ge_data_deficits(b);
    for (size_t n = 0; n < G; n++) cr_assert_eq(D[n], 0.0);
    tsc_ge_result r;
    solve(b, NULL, &o, &r);
    cr_assert(max_hat_gap(&r) <= 1e-7, "no-change hats off by %g", max_hat_gap(&r));
    cr_assert(max_hat_gap(&r) > 0, "the CP shares do not sum to one: hats cannot be exactly 1");
    tsc_ge_result_free(&r);
    free(seen);
    tsc_ge_data_free(b);
    tsc_ge_data_free(raw);
    (void)biggest;
}

/* Country results of the replication, by region: w_hat, P_hat, real wage, welfare, ToT, VoT, exact real income. */
static void check_country_results(const tsc_ge_data *b, const tsc_ge_result *r, const tsc_ge_outcome *oc)
{
    static const char *const cols[8] = {"country",
                                        "w_hat",
                                        "P_hat",
                                        "real_wage_pct",
                                        "welfare_pct_linear",
                                        "tot_pct",
                                        "vot_pct",
                                        "exact_real_income_pct"};
    tsc_csv *c = open_ref(VEC_DIR "/nafta_country_results.csv", cols, 8);
    tsc_error err;
    size_t rows = 0;
    while (tsc__csv_next(c, &err) == 1) {
        size_t n = cp_region(b, tsc__csv_field(c, 0));
        double ours[7] = {r->w_hat[n],           r->price_index_hat[n],  oc->real_wage[n],  oc->welfare_cp[n],
                          oc->terms_of_trade[n], oc->volume_of_trade[n], oc->real_income[n]};
        for (size_t f = 0; f < 7; f++) {
            double want = num(c, f + 1);
            /* hats to 1e-11 relative; percentages to 1e-10 percentage points */
            double tol = f < 2 ? 1e-11 * want : 1e-10;
            cr_assert(fabs(ours[f] - want) <= tol, "%s %s: %.15g, replication %.15g", tsc__csv_field(c, 0), cols[f + 1],
                      ours[f], want);
        }
        rows++;
    }
    tsc__csv_close(c);
    cr_assert_eq(rows, 31);
}

static void check_sector_results(const tsc_ge_data *b, const tsc_ge_result *r, const tsc_ge_outcome *oc)
{
    static const char *const cols[6] = {"country", "sector", "c_hat", "P_hat", "gross_output_base", "gross_output_cf"};
    tsc_csv *c = open_ref(VEC_DIR "/nafta_country_sector_results.csv", cols, 6);
    tsc_error err;
    size_t rows = 0, N = 40;
    while (tsc__csv_next(c, &err) == 1) {
        size_t k = cp_region(b, tsc__csv_field(c, 0)) * N + cp_sector(b, tsc__csv_field(c, 1));
        double ours[4] = {r->c_hat[k], r->P_hat[k], oc->output_base[k], oc->output_new[k]};
        for (size_t f = 0; f < 4; f++) {
            double want = num(c, f + 2), tol = f < 2 ? 1e-11 : 1e-9;
            cr_assert(fabs(ours[f] - want) <= tol * fabs(want) + (want == 0 ? 1e-6 : 0),
                      "%s %s %s: %.15g, replication %.15g", tsc__csv_field(c, 0), tsc__csv_field(c, 1), cols[f + 2],
                      ours[f], want);
        }
        rows++;
    }
    tsc__csv_close(c);
    cr_assert_eq(rows, 1240);
}

static void check_flows(const tsc_ge_data *b, const tsc_ge_result *r)
{
    static const char *const cols[5] = {"importer", "exporter", "sector", "flow_base", "flow_cf"};
    tsc_csv *c = open_ref(VEC_DIR "/nafta_bilateral_flows.csv", cols, 5);
    tsc_error err;
    size_t G = 31, N = 40, rows = 0;
    const double *F = tsc_ge_data_flows(b);
    while (tsc__csv_next(c, &err) == 1) {
        size_t k = (cp_region(b, tsc__csv_field(c, 0)) * G + cp_region(b, tsc__csv_field(c, 1))) * N +
                   cp_sector(b, tsc__csv_field(c, 2));
        double w0 = num(c, 3), w1 = num(c, 4);
        cr_assert(fabs(F[k] - w0) <= 5e-9 * w0, "base flow %zu: %.15g, replication %.15g", k, F[k], w0);
        cr_assert(fabs(r->flows[k] - w1) <= 5e-9 * w1, "new flow %zu: %.15g, replication %.15g", k, r->flows[k], w1);
        rows++;
    }
    tsc__csv_close(c);
    cr_assert_eq(rows, 18838);
}

Test(ge, cp_nafta_reproduces_table_2_and_the_replication)
{
    TU_REQUIRE(tu_shared(CP_DIR));
    TU_REQUIRE(tu_shared(VEC_DIR "/nafta_country_results.csv"));
    double *t05 = NULL;
    tsc_ge_data *raw = load_cp(&t05);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_data *b = baseline(raw, TSC_GE_BASELINE_ZERO_DEFICIT, &o);
    double *tn = nafta(b, t05);
    tsc_ge_result r;
    solve(b, tn, &o, &r);
    tsc_ge_outcome oc;
    tsc_error err;
    cr_assert_eq(tsc_ge_outcome_compute(b, tn, &r, &oc, &err), TSC_OK, "%s", err.msg);
    /* Caliendo and Parro (2015), Table 2, at two decimals: welfare, terms of trade, volume of trade, real wage */
    static const struct {
        const char *code;
        double welfare, tot, vot, wage;
    } table2[3] = {
        {"MEX", 1.31, -0.41, 1.72, 1.72}, {"CAN", -0.06, -0.11, 0.04, 0.32}, {"USA", 0.08, 0.04, 0.04, 0.11}};
    for (int k = 0; k < 3; k++) {
        size_t n = cp_region(b, table2[k].code);
        double got[4] = {oc.welfare_cp[n], oc.terms_of_trade[n], oc.volume_of_trade[n], oc.real_wage[n]};
        double want[4] = {table2[k].welfare, table2[k].tot, table2[k].vot, table2[k].wage};
        for (int f = 0; f < 4; f++)
            cr_assert_float_eq(round(got[f] * 100) / 100, want[f], 1e-9,
                               "%s column %d: %.4f rounds to %.2f, published %.2f", table2[k].code, f, got[f],
                               round(got[f] * 100) / 100, want[f]);
        cr_assert_float_eq(oc.welfare_cp[n], oc.terms_of_trade[n] + oc.volume_of_trade[n], 1e-12);
    }
    check_country_results(b, &r, &oc);
    check_sector_results(b, &r, &oc);
    check_flows(b, &r);
    /* the authors' fixed point lands on the same equilibrium */
    tsc_ge_result rf;
    o.method = TSC_GE_FIXED_POINT;
    solve(b, tn, &o, &rf);
    tu_assert_close(rf.w_hat, r.w_hat, 31, 1e-11, "w_hat, fixed point against Newton");
    cr_assert(rf.iterations > 90 && rf.iterations < 150, "the authors' iteration took %zu steps", rf.iterations);
    tsc_ge_result_free(&rf);
    tsc_ge_outcome_free(&oc);
    tsc_ge_result_free(&r);
    free(tn);
    free(t05);
    tsc_ge_data_free(b);
    tsc_ge_data_free(raw);
}

Test(ge, cp_results_do_not_depend_on_the_units)
{
    TU_REQUIRE(tu_shared(CP_DIR));
    double *t05 = NULL;
    tsc_ge_data *raw = load_cp(&t05);
    size_t G = 31, N = 40;
    double *F = malloc(G * G * N * sizeof *F), *D = malloc(G * sizeof *D);
    for (size_t k = 0; k < G * G * N; k++) F[k] = 3.7 * tsc_ge_data_flows(raw)[k];
    for (size_t n = 0; n < G; n++) D[n] = 3.7 * tsc_ge_data_deficits(raw)[n];
    const char *rl[31], *sl[40];
    unsigned char goods[40];
    for (size_t n = 0; n < G; n++) rl[n] = tsc_ge_data_region(raw, n);
    for (size_t j = 0; j < N; j++) {
        sl[j] = tsc_ge_data_sector(raw, j);
        goods[j] = (unsigned char)tsc_ge_data_is_goods(raw, j);
    }
    tsc_ge_data *scaled = NULL;
    tsc_error err;
    cr_assert_eq(tsc_ge_data_from_arrays(G, N, rl, sl, goods, F, tsc_ge_data_tariffs(raw), tsc_ge_data_gamma_va(raw),
                                         tsc_ge_data_gamma_io(raw), tsc_ge_data_alpha(raw), tsc_ge_data_theta(raw), D,
                                         &scaled, &err),
                 TSC_OK, "%s", err.msg);
    tsc_ge_opts o;
    tsc_ge_opts_init(&o);
    tsc_ge_result r[2];
    tsc_ge_data *src[2] = {raw, scaled};
    for (int k = 0; k < 2; k++) {
        tsc_ge_data *b = baseline(src[k], TSC_GE_BASELINE_ZERO_DEFICIT, &o);
        double *tn = nafta(b, t05);
        solve(b, tn, &o, &r[k]);
        free(tn);
        tsc_ge_data_free(b);
    }
    tu_assert_close(r[1].w_hat, r[0].w_hat, G, 1e-11, "w_hat");
    tu_assert_close(r[1].c_hat, r[0].c_hat, G * N, 1e-11, "c_hat");
    tu_assert_close(r[1].P_hat, r[0].P_hat, G * N, 1e-11, "P_hat");
    tsc_ge_result_free(&r[0]);
    tsc_ge_result_free(&r[1]);
    tsc_ge_data_free(scaled);
    tsc_ge_data_free(raw);
    free(F);
    free(D);
    free(t05);
}
