/* Decompositions of gross exports against decompr 7 and exvatools on ../shared/vectors/gvc. */
#include <stdlib.h>

#include "testutil.h"

#define RTOL 1e-9

typedef struct fixture {
    tsc_table *t;
    tsc_leontief *lf;
    tsc_decomp *d;
} fixture;

static int setup(fixture *f, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vectors/gvc/%s", name);
    if (!tu_exists(tu_shared(rel))) return 0;
    tsc_error err;
    f->t = tu_load(tu_shared(rel), 0);
    cr_assert_eq(tsc_leontief_new(f->t, &f->lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(f->t, f->lf, &f->d, &err), TSC_OK, "%s", err.msg);
    return 1;
}

static void teardown(fixture *f)
{
    tsc_decomp_free(f->d);
    tsc_leontief_free(f->lf);
    tsc_table_free(f->t);
}

static const char *ref(const char *name, const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vectors/gvc/%s/%s", name, file);
    return tu_shared(rel);
}

static void wwz_case(const char *name)
{
    fixture f;
    if (!setup(&f, name)) { cr_skip_test("shared data absent: vectors/gvc/%s", name); return; }
    tsc_dresult w, k;
    tsc_error err;
    cr_assert_eq(tsc_decomp_wwz(f.d, &w, &err), TSC_OK, "%s", err.msg);
    size_t cmp = tu_compare_dresult(f.t, &w, ref(name, "wwz_bilateral_sector.csv"), 3, RTOL);
    cr_assert_gt(cmp, 100);
    cr_assert_eq(tsc_decomp_wwz2kww(&w, TSC_LEVEL_BILATERAL, &k, &err), TSC_OK);
    tu_compare_dresult(f.t, &k, ref(name, "wwz2kww_bilateral_sector.csv"), 3, RTOL);
    tsc_dresult_free(&k);
    cr_assert_eq(tsc_decomp_wwz2kww(&w, TSC_LEVEL_COUNTRY, &k, &err), TSC_OK);
    tu_compare_dresult(f.t, &k, ref(name, "wwz2kww_country.csv"), 1, RTOL);
    tsc_dresult_free(&k);
    tsc_dresult_free(&w);
    teardown(&f);
}

Test(decomp, wwz_leather) { wwz_case("leather"); }
Test(decomp, wwz_random5x4) { wwz_case("random5x4"); }
