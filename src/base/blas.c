/* OpenBLAS kernel detection and the re-exec that makes Debian's OpenBLAS 0.3.21 use a fast safe kernel. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error_int.h"
#include "tariffscope/blas.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* OpenBLAS's own query functions (declared here: cblas.h does not declare all of them in every build). */
extern char *openblas_get_corename(void);
extern char *openblas_get_config(void);
extern int openblas_get_num_threads(void);
extern void openblas_set_num_threads(int);
extern int blas_thread_shutdown_(void) __attribute__((weak)); /* absent from a serial OpenBLAS */

#define REEXEC_MARK "TSC_BLAS_REEXEC"

static void cpu_features(int *avx2, int *avx512f)
{
    *avx2 = *avx512f = 0;
#if defined(__x86_64__) || defined(__i386__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx) return;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    int ymm_ok = (lo & 0x6) == 0x6;             /* SSE and AVX state saved by the OS */
    int zmm_ok = ymm_ok && (lo & 0xE0) == 0xE0; /* opmask, ZMM_Hi256, Hi16_ZMM */
    if (__get_cpuid_max(0, NULL) < 7) return;
    __cpuid_count(7, 0, a, b, c, d);
    *avx2 = ymm_ok && fma && ((b >> 5) & 1);
    *avx512f = zmm_ok && ((b >> 16) & 1);
#endif
}

const char *tsc_blas_recommend(int avx2, int avx512f)
{
    if (avx512f) return "SkylakeX";
    if (avx2) return "Haswell";
    return NULL;
}

static int name_is(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

int tsc_blas_kernel_is_slow(const char *corename, const char *recommended)
{
    if (!recommended || !corename) return 0;
    /* kernels at least as good as the recommendation */
    static const char *const avx512_kernels[] = {"SkylakeX", "CooperLake", "SapphireRapids"};
    static const char *const avx2_kernels[] = {"Haswell", "Zen", "SkylakeX", "CooperLake", "SapphireRapids"};
    const char *const *good = name_is(recommended, "SkylakeX") ? avx512_kernels : avx2_kernels;
    size_t ngood = name_is(recommended, "SkylakeX") ? 3 : 5;
    for (size_t i = 0; i < ngood; i++)
        if (name_is(corename, good[i])) return 0;
    return 1;
}

void tsc_blas_query(tsc_blas_info *info)
{
    memset(info, 0, sizeof *info);
    const char *core = openblas_get_corename();
    const char *cfg = openblas_get_config();
    snprintf(info->corename, sizeof info->corename, "%s", core ? core : "unknown");
    snprintf(info->config, sizeof info->config, "%s", cfg ? cfg : "");
    /* OpenBLAS pads some names with blanks */
    for (size_t k = strlen(info->corename); k > 0 && info->corename[k - 1] == ' '; k--) info->corename[k - 1] = '\0';
    info->threads = openblas_get_num_threads();
    cpu_features(&info->cpu_avx2, &info->cpu_avx512f);
    info->recommended = tsc_blas_recommend(info->cpu_avx2, info->cpu_avx512f);
    info->user_coretype = getenv("OPENBLAS_CORETYPE");
    info->set_by_tariffscope = getenv(REEXEC_MARK) != NULL;
}

int tsc_blas_ensure_fast_kernel(char *const argv[], tsc_error *err)
{
    tsc_blas_info info;
    if (getenv(REEXEC_MARK)) return TSC_OK; /* already re-executed once: never loop */
    tsc_blas_query(&info);
    if (info.user_coretype || !tsc_blas_kernel_is_slow(info.corename, info.recommended)) return TSC_OK;
    if (setenv("OPENBLAS_CORETYPE", info.recommended, 0) != 0 || setenv(REEXEC_MARK, "1", 1) != 0)
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "cannot set OPENBLAS_CORETYPE");
    fflush(NULL);
    execv("/proc/self/exe", argv);
    /* exec failed: undo, and let the caller go on with the slow kernel */
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(REEXEC_MARK);
    return tsc__error(err, TSC_EIO, NULL, 0, 0,
                      "could not re-execute with OPENBLAS_CORETYPE=%s; running the slower %s kernel", info.recommended,
                      info.corename);
}

int tsc_blas_set_threads(int n)
{
    int before = openblas_get_num_threads();
    openblas_set_num_threads(n < 1 ? 1 : n);
    return before;
}

void tsc_blas_rest(void)
{
    if (blas_thread_shutdown_) blas_thread_shutdown_();
}
