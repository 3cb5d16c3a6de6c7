/* The tariffscope command: shared option handling for the subcommands (public API only). */
#ifndef TSC_CLI_H
#define TSC_CLI_H

#include <stdio.h>

#include "tariffscope/scenario.h"
#include "tariffscope/tariffscope.h"

/* Options every subcommand understands; parsed by cli_parse. */
typedef struct cli_opts {
    const char *table;        /* first positional argument */
    const char *out;          /* --out DIR or FILE */
    const char *concordance;  /* --concordance FILE */
    const char *to;           /* --to native|native-gz|cache */
    int inverse, verbose, system;
    /* decompose */
    const char *method, *level, *perspective, *approach, *origin, *destination, *layout, *post;
    int json;
    /* scenarios: S = a SCENARIO positional after TABLE, with --focus --date --base --groups --hs-weights */
    const char *scenario, *focus, *date, *base, *groups, *hs_weights;
    tsc_load_opts load;
} cli_opts;

/* Which options a subcommand accepts, as a string of flags: o=--out c=--concordance t=--to i=--inverse
 * s=--system d=decompose options (--method --level --perspective --approach --origin --destination
 * --format-out/--wide --json) l=table-load options (--format --rebalance --strict --tolerance). */
int cli_parse(int argc, char **argv, const char *accepts, cli_opts *o);

/* Loads o->table, printing warnings (degenerate sectors) and errors; returns NULL after printing an error. */
tsc_table *cli_load_table(const cli_opts *o);

/* Prints "tariffscope: file:line:col: message" to stderr and returns 1. */
int cli_fail(const tsc_error *err);

/* Writes a CSV field, quoted when it holds a comma, quote or line break. */
void cli_put_field(FILE *f, const char *s);
/* Writes "a.b" as one CSV field (a table label), quoted when needed. */
void cli_put_label(FILE *f, const char *a, const char *b);

/* Writes a number as "%.17g" would (exact round trip), fast. */
void cli_put_num(FILE *f, double v);
/* Opens path for writing with a large buffer; NULL on failure. */
FILE *cli_open_out(const char *path);

/* Monotonic seconds, for --verbose timings. */
double cli_now(void);

int cmd_info(int argc, char **argv);
int cmd_leontief(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_decompose(int argc, char **argv);
int cmd_shock(int argc, char **argv);
int cmd_tariffs(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* split-region and update (cli/cmd_split.c): options a command takes itself (flag, and where its value goes, or on
 * for a flag without a value) are moved out of argv, the rest copied to rest (argc + 1 slots); 2 after a usage error. */
typedef struct cli_own_opt { const char *flag; const char **slot; int *on; } cli_own_opt;
int cli_take_options(int argc, char **argv, const cli_own_opt *own, size_t nown, char **rest, int *nrest);
/* 0 when --to names a table layout (native, native-gz, cache; NULL = native), else prints why and returns 2. */
int cli_check_to(const char *to);
/* cli_take_options for the command's own options, then cli_parse with accepts for the rest. */
int cli_parse_own(int argc, char **argv, const cli_own_opt *own, size_t nown, const char *accepts, cli_opts *o);
/* Writes t at out as --to says (native by default) and prints "wrote ..."; returns 0, 1 or 2. */
int cli_save_table(const tsc_table *t, const char *out, const char *to);

/* The path of rel (e.g. "concordance/theta_wiod.csv") in the project's data folder: TARIFFSCOPE_DATA when set, else
 * the data folder of the source tree the command was built from. Returns buf. */
const char *cli_data_path(const char *rel, char *buf, size_t size);
/* The path of rel in the shared data (reference data and vectors): TARIFFSCOPE_SHARED when set, else ../shared
 * beside the source tree the command was built from. Returns buf. */
const char *cli_shared_path(const char *rel, char *buf, size_t size);

/* Region groups: the project's data/groups.csv (found through TARIFFSCOPE_DATA or the build's data folder) and
 * --groups FILE. */
int cli_load_groups(const cli_opts *o, tsc_groups **out, tsc_error *err);

#endif
