/* The R package's .Call glue: shared helpers (handles, errors, conversions) of the files in this folder. */
#ifndef TS_R_H
#define TS_R_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>

#include "tariffscope/tariffscope.h"

/* A loaded table and the engines built on it, made on first use and kept: the Leontief engine (A and the LU of
 * I - A) and the shared objects of the decompositions. Freed by the external pointer's finalizer. */
typedef struct ts_handle {
    tsc_table *t;
    tsc_leontief *lf;
    tsc_decomp *d;
} ts_handle;

/* The handle of an external pointer made by ts_load (an R error, before any resource is taken, if it is not). */
ts_handle *ts_handle_get(SEXP xp);
/* The engines of the handle, built when first asked for; TSC_OK or an error in err. */
int ts_handle_leontief(ts_handle *h, tsc_error *err);
int ts_handle_decomp(ts_handle *h, tsc_error *err);

/* The error record as the R list the wrapper turns into a condition of class tariffscope_error: code, status,
 * file, line, column, message (class "tsc_error_value"). */
SEXP ts_error_value(const tsc_error *err);
/* The same for a status the library returned without filling err (out of memory before any call). */
SEXP ts_error_code(int code, const char *msg);

/* A character(1) argument as a C string, NULL for NULL or NA (an R error for anything else: no resource is held
 * when arguments are read). */
const char *ts_str(SEXP s, const char *what);
/* The strings of a character vector argument (NULL: none), in memory R frees after the call. */
const char **ts_strs(SEXP s, size_t *n, const char *what);

/* A numeric vector holding n doubles copied from v. */
SEXP ts_num(const double *v, size_t n);
/* A character vector of n strings from get(ctx, i). */
SEXP ts_chr(size_t n, const char *(*get)(const void *ctx, size_t i), const void *ctx);
/* A named list from names and values (nv entries, values protected by the caller or not yet collectable). */
SEXP ts_named_list(size_t nv, const char *const *names);

/* Region groups: the project's data/groups.csv and the files given (in order). */
int ts_groups_load(const char **files, size_t nfiles, tsc_groups **out, tsc_error *err);

/* The table's region and sector codes as character vectors. */
SEXP ts_regions(const tsc_table *t);
SEXP ts_sectors(const tsc_table *t);

#endif
