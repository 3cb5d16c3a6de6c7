/* A scenario's general equilibrium from start to end: the one sequence that solve, the server, the sweeps, the
 * report and the bindings run, so that the same question gets the same numbers from each (docs/GE.md). */
#ifndef TARIFFSCOPE_RUN_H
#define TARIFFSCOPE_RUN_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/ge.h"
#include "tariffscope/table.h"

/* What a run starts from: exactly one of table, data and baseline, and the scenario's rates. */
typedef struct tsc_ge_run_input {
    const tsc_table *table;       /* the model data are derived from it: tsc_ge_data_from_table(table, tariff_base,
                                     theta) */
    const tsc_ge_data *data;      /* or model data already read (tsc_ge_data_load_cp): a copy, with theta (when not
                                     NULL) and tariff_base set (tsc_ge_data_set_theta, tsc_ge_data_set_tariffs) */
    const tsc_ge_data *baseline;  /* or the baseline of an earlier run at the same base rates and elasticities
                                     (borrowed, it must outlive the result): no model data, no baseline stages */
    const double *tariff_base;    /* G*G*N fractions: the base schedule (NULL = zero); unused with baseline */
    const double *tariff_new;     /* G*G*N fractions: the scenario's rates; required */
    const double *theta;          /* N elasticities: required with table; with data NULL keeps the data's own */
    const double *se;             /* N standard errors for the draws (NAN: the default); NULL: the default for all */
    const double *theta_scenario; /* N: the scenario solved at these elasticities instead of the baseline's (one
                                     draw of a sweep: the baseline is built at theta, then a copy of it takes
                                     theta_scenario and the scenario is solved on the copy, cold); NULL: none */
} tsc_ge_run_input;

typedef struct tsc_ge_run_opts {
    tsc_ge_baseline baseline; /* default TSC_GE_BASELINE_ZERO_DEFICIT */
    tsc_ge_opts solve;        /* the solver of the baseline's stages, the scenario and each draw; default
                                 tsc_ge_opts_init */
    tsc_ge_draws_opts draws;  /* the draws of the elasticities, warm-started from the scenario's solution
                                 (tsc_ge_draws_solve); draws.draws = 0, the default here, for none; draws.solve is
                                 replaced by solve */
    tsc_ge_progress progress; /* the baseline's stages and the scenario ("scenario"); may be NULL (default) */
    void *progress_ctx;
} tsc_ge_run_opts;

void tsc_ge_run_opts_init(tsc_ge_run_opts *o);

/* A run's results, owned (tsc_ge_run_result_free). A caller that keeps data or baseline (a server keeps one per
 * base schedule, a report one for all its scenarios) takes the pointer and sets the field to NULL before freeing. */
typedef struct tsc_ge_run_result {
    size_t G, N;
    tsc_ge_data *data;         /* the model data at the base rates; NULL when a baseline was passed in */
    tsc_ge_data *baseline;     /* the baseline built from data; NULL when one was passed in */
    const tsc_ge_data *base;   /* what the scenario was solved on, and the base of every result below: the
                                  baseline (built or passed in), or its copy at theta_scenario */
    tsc_ge_data *drawn;        /* that copy (owned), else NULL */
    size_t nclipped;           /* cells clipped deriving the model data from the table (tsc_ge_data_from_table) */
    tsc_ge_stage stages[3];    /* baseline (a), baseline (b) (zero-deficit only), the scenario; zeroed when not run */
    double seconds;            /* wall-clock time of the baseline and the scenario's solve */
    double seconds_draws;      /* of the draws, their preparation included */
    tsc_ge_result result;      /* the scenario's solution */
    tsc_ge_outcome outcome;    /* tsc_ge_outcome_compute */
    double *measures;          /* G * TSC_GE_NMEASURES: tsc_ge_measures */
    tsc_ge_draws_result draws; /* K = 0 without draws; draws that did not converge are counted in draws.failed
                                  and left out of its statistics */
} tsc_ge_run_result;

void tsc_ge_run_result_free(tsc_ge_run_result *r);

/* Runs the general equilibrium of one scenario, in this order: the model data at the base rates (from the table,
 * or the data given), the baseline of opts->baseline (tsc_ge_baseline_build), the scenario's solve (tsc_ge_solve),
 * its outcomes and measures (tsc_ge_outcome_compute, tsc_ge_measures), and the draws (tsc_ge_draws_solve from the
 * solution). opts may be NULL (the defaults). Returns TSC_OK (draws that did not converge are not an error: see
 * draws.failed); TSC_GE_WNOCONV when a baseline stage or the scenario does not converge (err names the stage);
 * TSC_EINVAL for inputs that are not one of the three kinds or lack their rates or elasticities; the errors of
 * the functions above. On any status but TSC_OK out is freed and zeroed, except nclipped. */
int tsc_ge_run(const tsc_ge_run_input *in, const tsc_ge_run_opts *opts, tsc_ge_run_result *out, tsc_error *err);

#endif
