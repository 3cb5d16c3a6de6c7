/* The OpenBLAS kernel choice: recommendations, the slow-kernel test, and what runs in this process. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

Test(blas, recommendation_by_cpu)
{
    cr_assert_str_eq(tsc_blas_recommend(1, 1), "SkylakeX");
    cr_assert_str_eq(tsc_blas_recommend(1, 0), "Haswell");
    cr_assert_null(tsc_blas_recommend(0, 0));
}

Test(blas, slow_kernels)
{
    cr_assert(tsc_blas_kernel_is_slow("Prescott", "SkylakeX"));
    cr_assert(tsc_blas_kernel_is_slow("Haswell", "SkylakeX"));
    cr_assert(tsc_blas_kernel_is_slow("Sandybridge", "Haswell"));
    cr_assert_not(tsc_blas_kernel_is_slow("SkylakeX", "SkylakeX"));
    cr_assert_not(tsc_blas_kernel_is_slow("skylakex", "SkylakeX"));
    cr_assert_not(tsc_blas_kernel_is_slow("Cooperlake", "SkylakeX"));
    cr_assert_not(tsc_blas_kernel_is_slow("Zen", "Haswell"));
    cr_assert_not(tsc_blas_kernel_is_slow("Prescott", NULL), "no recommendation: OpenBLAS's choice stands");
}

/* The test binaries start through tsc_blas_ensure_fast_kernel like the command, so the kernel in use here is
 * either the user's choice or one that is not slow for this CPU. */
Test(blas, this_process_runs_a_fast_or_user_chosen_kernel)
{
    tsc_blas_info b;
    tsc_blas_query(&b);
    cr_assert_gt(b.threads, 0);
    cr_assert(strlen(b.corename) > 0);
    if (b.user_coretype && !b.set_by_tariffscope) return; /* the user's value is never overridden */
    cr_assert_not(tsc_blas_kernel_is_slow(b.corename, b.recommended), "kernel %s with %s available", b.corename,
                  b.recommended ? b.recommended : "-");
}

Test(blas, thread_count_set_and_restored)
{
    tsc_blas_info info;
    int before = tsc_blas_set_threads(1);
    tsc_blas_query(&info);
    cr_assert_eq(info.threads, 1);
    cr_assert_eq(tsc_blas_set_threads(0), 1, "n < 1 is taken as 1");
    tsc_blas_query(&info);
    cr_assert_eq(info.threads, 1);
    cr_assert_eq(tsc_blas_set_threads(before), 1);
    tsc_blas_query(&info);
    cr_assert_eq(info.threads, before);
}

Test(blas, rest_stops_the_threads_and_the_next_call_starts_them)
{
    tsc_blas_info before, after;
    tsc_blas_query(&before);
    tsc_blas_rest();
    /* a product big enough for OpenBLAS to use its threads again, exact in doubles */
    enum { n = 256 };
    static double a[n * n], b[n * n], c[n * n];
    for (size_t i = 0; i < (size_t)n * n; i++) a[i] = (double)(i % 7), b[i] = 1.0;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    for (size_t i = 0; i < n; i++) {
        double want = 0;
        for (size_t k = 0; k < n; k++) want += a[i + k * n];
        cr_assert_eq(c[i], want);
        cr_assert_eq(c[i + (n - 1) * n], want);
    }
    tsc_blas_query(&after);
    cr_assert_eq(after.threads, before.threads, "the thread count is kept");
}
