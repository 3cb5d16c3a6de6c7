/* tariffscope sweep: the plan, one cell of its grid, and the transport between MPI ranks (cli/ only). */
#ifndef TSC_CLI_SWEEP_H
#define TSC_CLI_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* ---- the plan (cli/sweep_plan.c; docs/SWEEPS.md) ---------------------------------------------------------------- */

typedef enum sweep_kind { SWEEP_DECOMPOSE, SWEEP_LEONTIEF, SWEEP_SHOCK, SWEEP_SOLVE } sweep_kind;

/* One job: a command of the pipeline with its options, and which of the command's files it gathers. */
typedef struct sweep_job {
    const char *name; /* DIR/<name>.csv */
    sweep_kind kind;
    int output;    /* leontief: 0 multipliers, 1 va_origin_destination; shock, solve: CLI_SHOCK_*, CLI_SOLVE_* */
    cli_args a;    /* the command's options as its command line would give them (strings live in the plan) */
    int scenarios; /* 1 when the job runs once per scenario (shock, solve) */
    int draws;     /* 1 when it runs once per draw of the elasticities (solve, with draws in the plan) */
} sweep_job;

typedef struct sweep_plan {
    char *file;         /* the plan's path */
    char **tables;      /* paths, resolved against the plan's folder */
    char **table_names; /* the table column: each table folder's name */
    size_t ntables;
    char **scenarios;      /* paths, resolved */
    char **scenario_names; /* the scenario column: each file's name without .yaml / .yml */
    size_t nscenarios;
    size_t draws;    /* draws of the elasticities beside the point (draw 0); 0 = none */
    uint64_t seed;   /* of the draws (tsc_ge_theta_draw) */
    double theta_se; /* relative standard error of an elasticity with none published */
    cli_args load;   /* reading the tables: format, rebalance, strict, tolerance, keep-splits */
    sweep_job *jobs;
    size_t njobs;
    char **strings; /* every string the plan keeps, freed with it */
    size_t nstrings;
} sweep_plan;

/* Reads the plan at path; on error fills err (file, line, column) and returns its code. */
int sweep_plan_read(const char *path, sweep_plan *p, tsc_error *err);
void sweep_plan_free(sweep_plan *p);

/* ---- the grid --------------------------------------------------------------------------------------------------
 * Cells in grid order: table by table; within a table job by job; within a job scenario by scenario (shock, solve),
 * within a scenario draw by draw (solve: 0 = the point elasticities, then 1 .. draws). Each job's file holds its
 * cells in this order. */
typedef struct sweep_cell {
    size_t table, job, scenario, draw;
} sweep_cell;

/* The grid's cells (owned: free()); returns how many, 0 with *out NULL when out of memory. */
size_t sweep_grid(const sweep_plan *p, sweep_cell **out);

/* What a worker keeps between cells: the table it loaded last, with its Leontief engine and decomposition objects,
 * and what loading it said. */
typedef struct sweep_cache {
    size_t table; /* SIZE_MAX: none */
    tsc_table *t;
    tsc_leontief *lf;
    tsc_decomp *d;
    tsc_groups *groups;
    char *msgs;
    size_t nmsgs;
    int failed; /* the table did not load: msgs says why */
} sweep_cache;

void sweep_cache_init(sweep_cache *c);
void sweep_cache_free(sweep_cache *c);

/* A cell's result: its CSV (a header line, then its rows, with the leading columns) and, on failure, the error;
 * msgs holds what loading its table said (notes, warnings), printed once per table in grid order. */
typedef struct sweep_result {
    int status; /* 0, or 1 with err set */
    char *csv;
    size_t len;
    char *msgs;
    size_t nmsgs;
    char err[1400];
    int done;
} sweep_result;

/* Computes the cell into r (buffers malloc'ed, owned by r). */
void sweep_cell_run(const sweep_plan *p, const sweep_cell *c, sweep_cache *cache, sweep_result *r);
void sweep_result_free(sweep_result *r);

/* ---- MPI (cli/sweep_mpi.c) -------------------------------------------------------------------------------------
 * Compiled with Open MPI when CMake found it (TSC_HAVE_MPI), else every call says there is no MPI. The same binary
 * runs alone or under mpirun: sweep_mpi_start initialises MPI only when a launcher's variables are in the
 * environment. Only the main thread of a rank calls these. */

/* 1 when this process was started by mpirun (OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_SIZE set). */
int sweep_mpi_launched(void);
/* Initialises MPI; rank and size of the world. Returns 0, or -1 (no MPI in this build: message in why). */
int sweep_mpi_start(int *rank, int *size, char *why, size_t wsize);
void sweep_mpi_stop(void);
/* The minimum of v over the ranks (every rank calls it). */
long sweep_mpi_min(long v);

enum { SWEEP_TAG_ASK = 1, SWEEP_TAG_CELL, SWEEP_TAG_RESULT };
/* Sends n 64-bit words to rank dest with tag. */
void sweep_mpi_send_words(int dest, int tag, const int64_t *w, size_t n);
/* Sends bytes (any length) to rank dest. */
void sweep_mpi_send_bytes(int dest, int tag, const char *b, size_t n);
/* Receives n words from rank src (-1: any) with tag; the rank they came from. */
int sweep_mpi_recv_words(int src, int tag, int64_t *w, size_t n);
/* Receives n bytes from rank src with tag. */
void sweep_mpi_recv_bytes(int src, int tag, char *b, size_t n);
/* 1 when a message is waiting; its source and tag. */
int sweep_mpi_probe(int *src, int *tag);

#endif
