/* The Leontief engine against decompr 7's "leontief" outputs on ../shared/vectors/gvc (V^B, V^BE^, V^Bx^, V^BY). */
#include <stdlib.h>

#include "testutil.h"

#define RTOL 1e-10

static void check_case(const char *name)
{
    char dir[256], path[512];
    snprintf(dir, sizeof dir, "vectors/gvc/%s", name);
    const char *tdir = tu_shared(dir);
    TU_REQUIRE(tdir);
    tsc_table *t = tu_load(tdir, 0);
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t);
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);

    double *out = malloc(n * n * sizeof *out), *E = malloc(n * sizeof *E);
    cr_assert(out && E);
    tsc_table_exports(t, E);
    snprintf(path, sizeof path, "%s/exports_E_total.csv", dir);
    tsc_mat ref = tu_ref(tu_shared(path));
    cr_assert_lt(tu_max_rel(E, ref.data, n, 1e-12), RTOL, "%s: gross exports", name);
    tsc_mat_free(&ref);

    struct {
        const char *file;
        const double *w;
    } cases[] = {{"leontief_none.csv", NULL}, {"leontief_exports.csv", E}, {"leontief_output.csv", tsc_table_x(t)}};
    for (size_t c = 0; c < 3; c++) {
        cr_assert_eq(tsc_leontief_vb(lf, cases[c].w, out, &err), TSC_OK, "%s", err.msg);
        snprintf(path, sizeof path, "%s/%s", dir, cases[c].file);
        ref = tu_ref(tu_shared(path));
        cr_assert_eq(ref.nrow, n);
        cr_assert_eq(ref.ncol, n);
        double gap = tu_max_rel(out, ref.data, n * n, 1e-12);
        cr_assert_lt(gap, RTOL, "%s %s: max relative gap %.3g", name, cases[c].file, gap);
        tsc_mat_free(&ref);
    }

    cr_assert_eq(tsc_leontief_va_by_destination(lf, out, &err), TSC_OK, "%s", err.msg);
    snprintf(path, sizeof path, "%s/leontief_final_demand.csv", dir);
    ref = tu_ref(tu_shared(path));
    cr_assert_eq(ref.ncol, G);
    double gap = tu_max_rel(out, ref.data, n * G, 1e-12);
    cr_assert_lt(gap, RTOL, "%s V^BY: max relative gap %.3g", name, gap);
    tsc_mat_free(&ref);

    free(out);
    free(E);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(leontief_gvc, leather)
{
    check_case("leather");
}
Test(leontief_gvc, random5x4)
{
    check_case("random5x4");
}
