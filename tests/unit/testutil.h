/* Test helpers shared by the unit tests: paths to shared data, loading, tolerant comparisons. */
#ifndef TSC_TESTUTIL_H
#define TSC_TESTUTIL_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>

#include "tariffscope/tariffscope.h"

/* Path of a file under ../shared (TSC_SHARED_DIR); a ring of static buffers, valid for a few calls. */
const char *tu_shared(const char *rel);
/* Path of a file in the source tree. */
const char *tu_src(const char *rel);
int tu_exists(const char *path);

/* Skips the current test with a clear message when a shared file is absent (a user's own clone). With TSC_NO_SKIP=1
 * in the environment (CI, which has ../shared) the absence fails the test instead: there, a skip would hide a test
 * that did not run. A binary whose tests all skip exits 77, which ctest shows as "Skipped" (see testutil.c). */
#define TU_REQUIRE(path)          \
    do {                          \
        if (!tu_exists(path)) {   \
            tu_skip_absent(path); \
            return;               \
        }                         \
    } while (0)

/* Skips the current test (or fails it under TSC_NO_SKIP=1) because what is named by path is absent. */
void tu_skip_absent(const char *path);

/* 1 when TSC_NO_SKIP=1 is in the environment: every test must run, a skip is a failure. */
int tu_no_skip(void);

/* Loads a table or fails the test with the library's message. */
tsc_table *tu_load(const char *path, int rebalance);

/* Reads a labelled reference CSV or fails the test. */
tsc_mat tu_ref(const char *path);

/* max |a - b| / max(|b|, floor) over count values; floor makes values near zero compare absolutely. */
double tu_max_rel(const double *a, const double *b, size_t count, double floor);

/* Asserts every a[i] is within rtol (relative, absolute rtol below |b| = 1e-? floor) of b[i]. */
void tu_assert_close(const double *a, const double *b, size_t count, double rtol, const char *what);

/* Writes text to dir/name and returns the path (a ring of static buffers, valid for a few calls). */
const char *tu_write(const char *dir, const char *name, const char *text);

/* A 3-region x 2-sector table (JPN, USA, CHN; G1 a good, S1 a service) with awkward balanced values. */
tsc_table *tu_table_3x2(void);
/* Regions AA, BB x sectors AG, MF (both goods), one final-demand category; awkward values, x and va derived. */
tsc_table *tu_table_2x2(void);

/* The example table (data/example/table: WIOD 2011 aggregated to 9 x 9, at most 16 sectors) and, for its sectors,
 * the default elasticities th and their standard errors se (data/concordance/theta_wiod.csv through
 * data/example/concordance.csv); either may be NULL. */
tsc_table *tu_example(double th[16], double se[16]);

/* A copy of t whose value added is scaled by factor, loaded with the relative balance tolerance tol: a table
 * that passes the load but whose value-added accounting cannot add up. */
tsc_table *tu_table_va_scaled(const tsc_table *t, double factor, double tol);

/* A temporary folder for the test's outputs (removed by the caller with tu_rmtree). */
const char *tu_tmpdir(void);
void tu_rmtree(const char *path);

#include "tariffscope/decomp.h"

/* Compares a decomposition result with a reference CSV whose first columns are the row keys, named by keys:
 * 'e' exporter, 's' exporting sector, 'i' importer (e.g. "esi", or "ie" for importer then origin), and whose
 * other columns are terms named as ours. Every reference row and term must be found; values agree to rtol
 * (relative, or absolute below 1). Returns the number of values compared. */
size_t tu_compare_dresult(const tsc_table *t, const tsc_dresult *r, const char *ref_path, const char *keys,
                          double rtol);

/* pymrio's test system (../shared/vectors/pymrio): one of its matrices (NAME.csv), and the table it describes (6
 * regions x 8 sectors x 7 categories; x and va derived, as pymrio does). */
tsc_mat tu_pymrio_mat(const char *name);
tsc_table *tu_pymrio_table(void);

#endif
