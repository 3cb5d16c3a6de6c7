/* Which OpenBLAS kernel runs, and making sure it is the fastest safe one for this CPU. */
#ifndef TARIFFSCOPE_BLAS_H
#define TARIFFSCOPE_BLAS_H

#include "tariffscope/error.h"

typedef struct tsc_blas_info {
    char corename[64];         /* kernel in use, as OpenBLAS names it (e.g. "Prescott", "Haswell", "SkylakeX") */
    char config[256];          /* OpenBLAS build configuration string */
    int threads;               /* OpenBLAS threads in use */
    int cpu_avx2, cpu_avx512f; /* CPU and OS support (CPUID and XGETBV) */
    const char *recommended;   /* "SkylakeX", "Haswell", or NULL where OpenBLAS's own choice stands */
    const char *user_coretype; /* OPENBLAS_CORETYPE as found in the environment, or NULL */
    int set_by_tariffscope;    /* 1 when tariffscope set OPENBLAS_CORETYPE itself and re-executed */
} tsc_blas_info;

void tsc_blas_query(tsc_blas_info *info);

/* The kernel to force for a CPU: SkylakeX with AVX-512F, Haswell with AVX2 (and FMA), else NULL. */
const char *tsc_blas_recommend(int avx2, int avx512f);

/* 1 when a kernel named corename is slower than the recommended one (e.g. the generic Prescott fallback that
 * OpenBLAS 0.3.21 picks on CPUs it does not know). */
int tsc_blas_kernel_is_slow(const char *corename, const char *recommended);

/* OpenBLAS reads OPENBLAS_CORETYPE once, when it is loaded; so if the kernel in use is slow, the variable is not
 * set by the user, and a faster safe kernel exists, this sets OPENBLAS_CORETYPE and re-executes the program
 * (/proc/self/exe) with the same argv. It returns TSC_OK when nothing needed doing (including after the re-exec),
 * or an error if the re-exec failed, in which case the program goes on with the slow kernel. A user's own
 * OPENBLAS_CORETYPE is never overridden. */
int tsc_blas_ensure_fast_kernel(char *const argv[], tsc_error *err);

/* Sets the threads OpenBLAS runs with, for the whole program, and returns the number it ran with before. n < 1 is
 * taken as 1. A program that solves many small systems on threads of its own (tariffscope serve) runs them faster
 * with one OpenBLAS thread: OpenBLAS's threads busy-wait between calls, taking the cores the program's threads need. */
int tsc_blas_set_threads(int n);

/* Stops OpenBLAS's worker threads until its next multi-threaded call starts them again. They busy-wait for work for
 * about 0.1 s after OpenBLAS loads and after each call, on cores a program's own threads may want: the command calls
 * this before reading a table on every core. */
void tsc_blas_rest(void);

#endif
