/* Registers the package's .Call entry points (no dynamic lookup by name). */
#include <R_ext/Rdynload.h>

#include "ts_r.h"

SEXP ts_r_load(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ts_r_info(SEXP);
SEXP ts_r_array(SEXP, SEXP);
SEXP ts_r_sources(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ts_r_leontief(SEXP, SEXP, SEXP);
SEXP ts_r_vb(SEXP, SEXP);
SEXP ts_r_decompose(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ts_r_scenario(SEXP);
SEXP ts_r_shock(SEXP, SEXP, SEXP);
SEXP ts_r_solve(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ts_r_effective(SEXP, SEXP, SEXP, SEXP);
SEXP ts_r_report(SEXP, SEXP, SEXP);
SEXP ts_r_data_dir(void);
SEXP ts_r_check(SEXP, SEXP, SEXP);
SEXP ts_r_from_arrays(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
void R_init_tariffscope(DllInfo *dll);

/* The data folder of the source tree the package was built from (TSC_DATA_DIR, set at install time). */
SEXP ts_r_data_dir(void)
{
    return Rf_mkString(TSC_DATA_DIR);
}

static const R_CallMethodDef calls[] = {
    {"ts_r_load", (DL_FUNC)&ts_r_load, 6},
    {"ts_r_info", (DL_FUNC)&ts_r_info, 1},
    {"ts_r_array", (DL_FUNC)&ts_r_array, 2},
    {"ts_r_sources", (DL_FUNC)&ts_r_sources, 5},
    {"ts_r_leontief", (DL_FUNC)&ts_r_leontief, 3},
    {"ts_r_vb", (DL_FUNC)&ts_r_vb, 2},
    {"ts_r_decompose", (DL_FUNC)&ts_r_decompose, 7},
    {"ts_r_scenario", (DL_FUNC)&ts_r_scenario, 1},
    {"ts_r_shock", (DL_FUNC)&ts_r_shock, 3},
    {"ts_r_solve", (DL_FUNC)&ts_r_solve, 8},
    {"ts_r_effective", (DL_FUNC)&ts_r_effective, 4},
    {"ts_r_report", (DL_FUNC)&ts_r_report, 3},
    {"ts_r_data_dir", (DL_FUNC)&ts_r_data_dir, 0},
    {"ts_r_check", (DL_FUNC)&ts_r_check, 3},
    {"ts_r_from_arrays", (DL_FUNC)&ts_r_from_arrays, 6},
    {NULL, NULL, 0},
};

void R_init_tariffscope(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, calls, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
