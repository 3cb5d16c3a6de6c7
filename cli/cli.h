/* The tariffscope command: the option table, the parser, and helpers the subcommands share (public API only). */
#ifndef TSC_CLI_H
#define TSC_CLI_H

#include <stdio.h>

#include "tariffscope/tariffscope.h"

/* ---- the options ------------------------------------------------------------------------------------------------
 * Every option of every command is declared once, in the table of cli/cli_options.c: its long name, an optional
 * short name, the type of its value with the range the value must lie in, the field of cli_args it goes to, its
 * default and its help. A command lists the options it takes (cli_use); the parser accepts those and no others, and
 * the command's --help is generated from the same entries. */

typedef enum cli_opt_id {
    /* every command */
    OPT_HELP,
    OPT_VERBOSE,
    /* reading a table */
    OPT_FORMAT,
    OPT_REBALANCE,
    OPT_STRICT,
    OPT_TOLERANCE,
    OPT_KEEP_SPLITS,
    OPT_EXTENSIONS,
    /* outputs */
    OPT_OUT,
    OPT_TO,
    OPT_INVERSE,
    OPT_GZIP,
    OPT_SYSTEM,
    OPT_CONCORDANCE,
    /* decompose */
    OPT_DMETHOD,
    OPT_LEVEL,
    OPT_PERSPECTIVE,
    OPT_APPROACH,
    OPT_ORIGIN,
    OPT_DESTINATION,
    OPT_LAYOUT,
    OPT_POST,
    OPT_JSON,
    /* scenarios on a table */
    OPT_FOCUS,
    OPT_DATE,
    OPT_BASE_CSV,
    OPT_GROUPS,
    OPT_HS_WEIGHTS,
    /* general equilibrium and iterative solvers */
    OPT_THETA,
    OPT_GE_METHOD,
    OPT_BASELINE,
    OPT_SOLVER_TOL,
    OPT_MAX_ITER,
    /* uncertainty of the elasticities */
    OPT_THETA_DRAWS,
    OPT_NO_DRAWS,
    OPT_SEED,
    OPT_THETA_SE,
    OPT_THREADS,
    /* split-region */
    OPT_REGION,
    OPT_INTO,
    OPT_SHARES,
    OPT_FD_RULE,
    /* update */
    OPT_TARGETS,
    OPT_YEAR,
    OPT_REPORT,
    OPT_SOURCE,
    OPT_SKIP_EMPTY,
    /* customs lines (tariffs, report) */
    OPT_IMPORTS,
    OPT_HS_CONCORDANCE,
    OPT_COUNTRIES,
    OPT_MEMBERS,
    OPT_HS2,
    OPT_REGIONS,
    OPT_REST,
    OPT_IMPORTER,
    OPT_RATES,
    OPT_RATES_OUT,
    OPT_LINES,
    OPT_DIGITS,
    OPT_TARIFF_BASE,
    /* report */
    OPT_SCENARIO,
    OPT_COMPARE,
    OPT_ARTICLE,
    OPT_SOURCES,
    OPT_NO_IMPORTS,
    OPT_QUIET,
    /* serve */
    OPT_PORT,
    OPT_HOST,
    OPT_SCENARIOS_DIR,
    CLI_NOPTS
} cli_opt_id;

/* Values of the enum options that have no library type: --to (cli_save_table), --layout, --post. */
enum { CLI_TO_NATIVE, CLI_TO_NATIVE_GZ, CLI_TO_CACHE, CLI_TO_PYMRIO };
enum { CLI_LAYOUT_LONG, CLI_LAYOUT_WIDE };
enum { CLI_POST_NONE, CLI_POST_EXPORTS, CLI_POST_OUTPUT, CLI_POST_FINAL_DEMAND };

#define CLI_MAX_POS 4   /* positional arguments of a command */
#define CLI_MAX_LIST 12 /* values of a repeatable option (--scenario: TSC_REPORT_MAX_SCENARIOS) */

/* A repeatable option's values, in the order given. */
typedef struct cli_list {
    const char *item[CLI_MAX_LIST];
    size_t n;
} cli_list;

typedef struct cli_command cli_command;

/* What the parser found. A value not given holds its default when the option has one the converter reads (an enum
 * name, a number), else zero / NULL; given[] says which options were on the command line (commands leave the
 * defaults the library owns, such as tolerances, to the library unless the option was given). */
typedef struct cli_args {
    const cli_command *cmd;
    const char *pos[CLI_MAX_POS]; /* positional arguments, in order */
    size_t npos;
    unsigned char given[CLI_NOPTS];
    int help, verbose;
    /* reading a table (cli_load_table) */
    int format, rebalance, strict, keep_splits;
    double tolerance;
    const char *extensions; /* --extensions: NULL not given, "" given alone, else the user CSV */
    /* outputs */
    const char *out, *concordance;
    int to, inverse, gzip, system;
    /* decompose */
    int dmethod, level, perspective, approach, layout, post, json;
    const char *origin, *destination;
    /* scenarios */
    const char *focus, *date, *base_csv, *groups, *hs_weights;
    /* general equilibrium, iterative solvers */
    const char *theta;
    int ge_method, baseline;
    double solver_tol;
    size_t max_iter;
    /* uncertainty */
    size_t theta_draws, seed, threads;
    double theta_se;
    int no_draws;
    /* split-region */
    const char *region, *into, *shares;
    int fd_rule;
    /* update */
    const char *targets, *report, *source;
    size_t year;
    int skip_empty;
    /* customs lines */
    const char *imports, *hs_concordance, *countries, *members, *hs2, *regions, *rest, *importer, *rates, *rates_out,
        *lines;
    size_t digits;
    int tariff_base;
    /* report */
    cli_list scenarios;
    const char *compare, *article, *sources;
    int no_imports, quiet;
    /* serve */
    size_t port;
    const char *host, *scenarios_dir;
} cli_args;

/* An option as a command uses it: required or not, and where the command's help says more than the option's own
 * (NULL: the table's metavar, help and default). */
typedef struct cli_use {
    cli_opt_id id;
    int required;
    const char *metavar, *help, *deflt;
} cli_use;

enum { CLI_TABLE_OPTS = 1, CLI_SOURCE_OPTS = 2 };

struct cli_command {
    const char *name;             /* "leontief", "tariffs effective" */
    const char *summary;          /* one line for tariffscope --help */
    const char *pos[CLI_MAX_POS]; /* names of the positional arguments ("TABLE", "SCENARIO") */
    size_t npos_min;              /* how many of them are required; the rest are optional */
    const cli_use *opts;          /* the command's own options, in the order its help lists them */
    size_t nopts;
    int table_opts;                /* CLI_TABLE_OPTS: also the options of reading a table (--format ... --tolerance);
                                      | CLI_SOURCE_OPTS: and of a table's tariff sources (--base ... --hs2) */
    const char *more;              /* a closing paragraph for --help, or NULL */
    int (*run)(const cli_args *a); /* returns the exit status: 0, 1 (runtime error) or 2 (usage error) */
};

/* What cli_parse found: run the command, the help was printed (exit 0), or a usage error was printed (exit 2). */
typedef enum cli_parsed { CLI_RUN, CLI_HELP_SHOWN, CLI_USAGE } cli_parsed;

/* Parses argv[1..argc-1] (argv[0] is the command word) for cmd into a. Options may come anywhere, as --name VALUE,
 * --name=VALUE or -x VALUE; "--" ends the options. A deprecated spelling prints a warning and counts as the new one.
 * Usage errors (unknown option, missing or bad value, missing or extra positional argument, missing required option)
 * are printed on stderr, naming the option and what it takes. */
cli_parsed cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a);

/* The name an enum option's value has on the command line ("wwz2kww" for decompose's --method), or "?". */
const char *cli_enum_name(cli_opt_id id, int value);

/* Prints cmd's usage, generated from the option table (to f). */
void cli_print_help(const cli_command *cmd, FILE *f);
/* One line of cmd's synopsis: "tariffscope leontief TABLE --out DIR [options]". */
void cli_print_synopsis(const cli_command *cmd, FILE *f);

/* A usage error found after parsing (options that do not go together, ...): prints "tariffscope: MESSAGE (see
 * tariffscope CMD --help)" on stderr and returns 2. */
int cli_usage(const cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- options from a file (the jobs of a sweep plan, cli/sweep_plan.c) ---------------------------------------- */

/* a as cli_parse leaves it for cmd with no argument given: zeros and the defaults of its options. */
void cli_args_init(const cli_command *cmd, cli_args *a);
/* Sets cmd's option --name to value as the command line would ("true" / "false" for a flag; value must outlive a).
 * Returns 0; -1 when cmd has no such option, -2 when value is not what it takes; why says which (size bytes). */
int cli_set_option(const cli_command *cmd, const char *name, const char *value, cli_args *a, char *why, size_t size);
/* The names (without "--") of the options cmd takes, --help left out, up to max; returns how many. */
size_t cli_option_names(const cli_command *cmd, const char **names, size_t max);
/* 1 when the option --name takes a path (a plan resolves it against its own folder). */
int cli_option_is_path(const char *name);

/* ---- results as CSV, shared by the commands and sweep ----------------------------------------------------------
 * Each writer writes its header when head is not NULL, after head (leading columns: "" for none, "table," in a
 * sweep), and every row after pre ("" or "wiot_2009,"). */

/* The decompose command's checks of its options (kww at country level, routes with an origin): NULL or why not. */
const char *cli_decompose_check(const cli_args *a);
/* Runs decompose's --method (a->dmethod, with its level, perspective, approach, origin) into r, but leontief. */
int cli_decompose_method(const cli_args *a, const tsc_table *t, tsc_decomp *d, tsc_dresult *r, tsc_error *err);
/* decompose's long CSV: key columns, term, value. */
int cli_decompose_write_long(tsc_writer *w, const tsc_table *t, const tsc_dresult *r, const char *head, const char *pre,
                             tsc_error *err);
/* leontief's multipliers.csv and va_origin_destination.csv. */
void cli_leontief_write_multipliers(tsc_writer *w, const tsc_table *t, const double *cols, const char *head,
                                    const char *pre);
int cli_leontief_write_vby(tsc_writer *w, const tsc_table *t, const double *vby, const char *head, const char *pre,
                           tsc_error *err);
/* shock's files, by name without ".csv" */
enum { CLI_SHOCK_PRICES, CLI_SHOCK_CONSUMER_PRICES, CLI_SHOCK_REVENUE, CLI_SHOCK_BURDEN, CLI_SHOCK_NFILES };
extern const char *const cli_shock_files[CLI_SHOCK_NFILES];
void cli_shock_write(FILE *f, int what, const tsc_table *t, const tsc_shock *s, const char *head, const char *pre);
/* solve's files, by name without ".csv"; a status (regions.csv computes the exports measure) */
enum { CLI_SOLVE_REGIONS, CLI_SOLVE_REGION_SECTORS, CLI_SOLVE_BILATERAL, CLI_SOLVE_NFILES };
extern const char *const cli_solve_files[CLI_SOLVE_NFILES];
int cli_solve_write(FILE *f, int what, const tsc_ge_data *d, const double *tariff_new, const tsc_ge_result *r,
                    const tsc_ge_outcome *oc, const char *head, const char *pre, tsc_error *err);

/* The commands (one file each). */
extern const cli_command cli_cmd_info, cli_cmd_leontief, cli_cmd_convert, cli_cmd_aggregate, cli_cmd_decompose,
    cli_cmd_shock, cli_cmd_solve, cli_cmd_tariffs_effective, cli_cmd_tariffs_aggregate, cli_cmd_split, cli_cmd_update,
    cli_cmd_report, cli_cmd_scenario_check, cli_cmd_serve, cli_cmd_sweep;

/* ---- shared helpers -------------------------------------------------------------------------------------------- */

/* Loads table with the options of a (--format, --rebalance, --strict, --tolerance, --keep-splits, and the user accounts
 * of --extensions FILE), printing warnings
 * (degenerate sectors), the loader's notes and errors; returns NULL after printing an error. */
tsc_table *cli_load_table(const char *table, const cli_args *a);

/* cli_load_table with its warnings, notes and error written to msg instead of stderr (a sweep gathers them). */
tsc_table *cli_load_table_to(const char *table, const cli_args *a, FILE *msg);

/* Prints "tariffscope: file:line:col: message" to stderr and returns 1. */
int cli_fail(const tsc_error *err);

/* Writes a CSV field, quoted when it holds a comma, quote or line break. */
void cli_put_field(FILE *f, const char *s);
/* s as a CSV field (quoted when cli_put_field would) into dst, not NUL-terminated; returns its length. dst NULL:
 * the length only. */
size_t cli_field_text(char *dst, const char *s);
/* The prefixes of the lines of a long CSV (tsc_writer_long): for i < n, pre then the fields get(ctx, i, k) for
 * k < nf, each followed by a comma; the fields CSV-quoted when quote is set, as given otherwise. One allocation:
 * free() the array; NULL when out of memory. */
typedef const char *(*cli_field_fn)(const void *ctx, size_t i, size_t k);
char **cli_prefixes(size_t n, const char *pre, size_t nf, cli_field_fn get, const void *ctx, int quote);
/* Writes "a.b" as one CSV field (a table label), quoted when needed. */
void cli_put_label(FILE *f, const char *a, const char *b);

/* Writes a number as "%.17g" would (exact round trip), fast. */
void cli_put_num(FILE *f, double v);
/* Opens path for writing with a large buffer; NULL on failure. */
FILE *cli_open_out(const char *path);
/* cli_open_out, or with gzip a stream whose text the library's writer compresses (tsc_writer_open): fclose ends
 * the gzip file and fails (printing why) when any write failed. */
FILE *cli_open_out_as(const char *path, int gzip);
/* One output file written whole or not at all: cli_open_tmp opens path + ".tmp" (its name into tmp; gzip-compressed
 * when path ends in .gz), cli_close_tmp closes it and renames it to path. Both print the error ("cannot write") and
 * clean up: NULL, or 1 on failure. */
FILE *cli_open_tmp(const char *path, char *tmp, size_t size);
int cli_close_tmp(FILE *f, const char *tmp, const char *path);

/* Monotonic seconds, for --verbose timings. */
double cli_now(void);

/* accounts.csv (cli/cli_accounts.c), for shock and solve: for every account of every extension of t and every
 * industry, extension,region,sector,account,unit,base,change,change_pct,jobs_at_risk with base = F, change = S dx
 * (S = F x^-1, the account's intensity) for the output change dx (n), and jobs_at_risk = change for employment
 * accounts (tsc_accounts_is_employment), empty otherwise. Nothing when t has no extensions. TSC_OK or an error. */
int cli_write_accounts(tsc_outset *set, const tsc_table *t, const double *dx, int gzip, tsc_error *err);

/* Writes t at out in the layout to (CLI_TO_*) and prints "wrote ..."; returns 0 or 1. */
int cli_save_table(const tsc_table *t, const char *out, int to);

/* The path of rel (e.g. "concordance/theta_wiod.csv") in the project's data folder: TARIFFSCOPE_DATA when set, else
 * the data folder of the source tree the command was built from. Returns buf. */
const char *cli_data_path(const char *rel, char *buf, size_t size);
/* The path of rel in the shared data (reference data and vectors): TARIFFSCOPE_SHARED when set, else ../shared
 * beside the source tree the command was built from. Returns buf. */
const char *cli_shared_path(const char *rel, char *buf, size_t size);

/* ---- a table's tariff sources (cli/cli_sources.c) ----------------------------------------------------------- */

/* Above this share of the customs lines' value left without a place, shock and solve warn on stderr. */
#define CLI_UNPLACED_WARN_PCT 0.5

/* The schedule options of a table and the elasticities file (tsc_sources_find), with the storage their paths live
 * in. */
typedef tsc_sources cli_sources;

/* Fills s for table t and the scenarios sc through tsc_sources_find: options first (--concordance, --hs-concordance,
 * --theta, --base, --imports / --no-imports, --countries, --members, --hs2, --hs-weights), else the files the table
 * names in its meta.json, else the project's WIOD-code defaults (cli_data_path), then the scenarios' own base
 * schedules; the customs lines of the shared data (cli_shared_path) when present. Returns 0, or 1 after printing an
 * error. */
int cli_sources_find(const cli_args *a, const tsc_table *t, const tsc_scenario *const *sc, size_t nsc,
                     const tsc_groups *groups, cli_sources *s);
/* Warns on stderr when more than CLI_UNPLACED_WARN_PCT of the customs lines' value has no place in the table, or
 * when the table has the US but the customs lines are absent. */
void cli_sources_warn(const tsc_schedule *sch, const cli_sources *s);
/* The second of those warnings alone (for a command that builds the schedule inside the library, as report). */
void cli_sources_warn_absent(const cli_sources *s);
/* Adds notes.txt to set: the sources used and the schedule's notes (what was placed, averaged, left out). */
int cli_sources_write_notes(tsc_outset *set, const tsc_schedule *sch, const cli_sources *s, tsc_error *err);

/* 1 if path names something that exists (a file or a folder). */
int cli_exists(const char *path);

/* Region groups: the project's data/groups.csv (cli_data_path) and the file groups (--groups), when not NULL. */
int cli_load_groups(const char *groups, tsc_groups **out, tsc_error *err);

/* ---- steps shared by shock, solve and serve (cli/cli_pipeline.c) --------------------------------------------- */

#include "tariffscope/ge.h"
#include "tariffscope/run.h"
#include "tariffscope/shock.h"

/* The columns of solve's regions.csv after region, in order (the API's regions objects use the same names). */
#define CLI_SOLVE_NCOLS 8
extern const char *const cli_solve_columns[CLI_SOLVE_NCOLS];
/* Region n's values of those columns; meas: tsc_ge_measures of the same solution. */
void cli_solve_row(const tsc_ge_outcome *oc, const tsc_ge_result *r, const double *meas, size_t n,
                   double v[CLI_SOLVE_NCOLS]);
/* The trade elasticities and their standard errors (se may be NULL; NAN where none is published) of N sectors from
 * path through the aggregation (may be NULL); given: path came from --theta (else the message names the options). */
int cli_ge_theta(const char *path, const char *aggregation, int given, size_t N, const char *const *sectors,
                 double *theta, double *se, tsc_error *err);
/* The warning on stderr about n cells clipped deriving the model data (tsc_ge_run_result.nclipped); none if n = 0. */
void cli_ge_warn_clipped(size_t n);
/* The solver's options from --method, --solver-tolerance and --max-iter. */
void cli_ge_opts(const cli_args *a, tsc_ge_opts *go);
/* The options of draws draws of the elasticities from --seed, --threads and --theta-se, solved as go says. */
void cli_ge_draws_opts(const cli_args *a, size_t draws, const tsc_ge_opts *go, tsc_ge_draws_opts *o);
/* The options of tsc_ge_run from --baseline, the solver's options and, when draws > 0, the draws' options. */
void cli_ge_run_opts(const cli_args *a, size_t draws, tsc_ge_run_opts *o);
/* The tariff burden on region o's value added by route (route: G, the importers and sectors summed); returns the
 * total. */
double cli_shock_routes(const tsc_shock *s, size_t o, double *route);

#endif
