/* The one option table of the tariffscope command, its parser and the --help it generates. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum cli_type {
    CLI_FLAG,   /* no value: the field (int) becomes 1 */
    CLI_STRING, /* any text (a region code, a list of codes) */
    CLI_PATH,   /* a file or folder name, not empty */
    CLI_DATE,   /* YYYY-MM-DD */
    CLI_LIST,   /* a string, repeatable, into a cli_list */
    CLI_COUNT,  /* a whole number in [min, max], into a size_t */
    CLI_NUMBER, /* a finite number in the open interval (min, max), into a double */
    CLI_ENUM,   /* one of names, into an int: values[k] (k when values is NULL) */
    CLI_OPTCSV  /* an optional CSV file name: "--name=FILE", "--name FILE" when FILE ends in .csv or .csv.gz, or
                   "--name" alone (the field becomes "") */
} cli_type;

typedef struct cli_option {
    const char *name; /* "--out" */
    char letter;      /* 'v' for -v, or 0 */
    cli_type type;
    size_t offset;            /* of the field of cli_args the value goes to */
    const char *metavar;      /* what the help shows for the value; for an enum, NULL = its names */
    double min, max;          /* CLI_COUNT, CLI_NUMBER */
    const char *const *names; /* CLI_ENUM, NULL-terminated */
    const int *values;
    const char *deflt; /* the default, as the user would write it; NULL = none or the library's (in help) */
    const char *help;
} cli_option;

#define AT(field) offsetof(cli_args, field)

static const char *const format_names[] = {"auto",   "wiod",      "labelled", "native", "cache",  "oecd",     "eora",
                                           "pymrio", "wiod-xlsx", "adb",      "gloria", "figaro", "wiod2016", NULL};
static const int format_values[] = {TSC_FORMAT_AUTO,      TSC_FORMAT_WIOD, TSC_FORMAT_LABELLED, TSC_FORMAT_NATIVE,
                                    TSC_FORMAT_CACHE,     TSC_FORMAT_OECD, TSC_FORMAT_EORA,     TSC_FORMAT_PYMRIO,
                                    TSC_FORMAT_WIOD_XLSX, TSC_FORMAT_ADB,  TSC_FORMAT_GLORIA,   TSC_FORMAT_FIGARO,
                                    TSC_FORMAT_WIOD2016};
static const char *const to_names[] = {"native", "native-gz", "cache", "pymrio", NULL};
static const int to_values[] = {CLI_TO_NATIVE, CLI_TO_NATIVE_GZ, CLI_TO_CACHE, CLI_TO_PYMRIO};
/* decompose --method: cmd_decompose.c dispatches on these names (index = position) */
static const char *const dmethod_names[] = {"leontief",
                                            "kww",
                                            "wwz",
                                            "wwz2kww",
                                            "bm",
                                            "tiva",
                                            "fdva",
                                            "routes",
                                            "exvatools-kww",
                                            "exvatools-kww-terms",
                                            "exvatools-wwz",
                                            "exvatools-wwz-terms",
                                            "exvatools-my",
                                            "exvatools-my-terms",
                                            "exvatools-oecd",
                                            "exvatools-oecd-terms",
                                            "exvatools-oecd_tiva",
                                            "exvatools-bm_src",
                                            "exvatools-bm_src-terms",
                                            "exvatools-bm_snk",
                                            "exvatools-bm_snk-terms",
                                            NULL};
static const char *const level_names[] = {"country", "sector", "bilateral", NULL};
static const int level_values[] = {TSC_LEVEL_COUNTRY, TSC_LEVEL_SECTOR, TSC_LEVEL_BILATERAL};
static const char *const perspective_names[] = {"exporter", "world", "self", "imports", NULL};
static const int perspective_values[] = {TSC_BM_EXPORTER, TSC_BM_WORLD, TSC_BM_SELF, TSC_BM_IMPORTS};
static const char *const approach_names[] = {"source", "sink", NULL};
static const int approach_values[] = {TSC_BM_SOURCE, TSC_BM_SINK};
static const char *const layout_names[] = {"long", "wide", NULL};
static const int layout_values[] = {CLI_LAYOUT_LONG, CLI_LAYOUT_WIDE};
static const char *const post_names[] = {"none", "exports", "output", "final_demand", NULL};
static const int post_values[] = {CLI_POST_NONE, CLI_POST_EXPORTS, CLI_POST_OUTPUT, CLI_POST_FINAL_DEMAND};
static const char *const ge_method_names[] = {"newton", "fixed-point", NULL};
static const int ge_method_values[] = {TSC_GE_NEWTON, TSC_GE_FIXED_POINT};
static const char *const baseline_names[] = {"zero-deficit", "observed", NULL};
static const int baseline_values[] = {TSC_GE_BASELINE_ZERO_DEFICIT, TSC_GE_BASELINE_OBSERVED};
static const char *const fd_rule_names[] = {"va", "output", NULL};
static const int fd_rule_values[] = {TSC_SPLIT_FD_VA, TSC_SPLIT_FD_OUTPUT};
static const char *const tariff_base_names[] = {"applied", "zero", NULL};
static const int tariff_base_values[] = {TSC_BASE_APPLIED, TSC_BASE_ZERO};

/* Every option, once. Two entries may share a name (--method of decompose and of solve, --base of shock and of
 * tariffs effective) when no command takes both. */
static const cli_option options[CLI_NOPTS] = {
    [OPT_HELP] = {"--help", 'h', CLI_FLAG, AT(help), .help = "print this help and exit"},
    [OPT_VERBOSE] = {"--verbose", 'v', CLI_FLAG, AT(verbose), .help = "timings and residuals on stderr"},

    [OPT_FORMAT] = {"--format", 0, CLI_ENUM, AT(format), .names = format_names, .values = format_values,
                    .deflt = "auto", .help = "layout of TABLE (auto: detected from its content)"},
    [OPT_REBALANCE] = {"--rebalance", 0, CLI_FLAG, AT(rebalance),
                       .help = "take x := Z1 + Y1 and va := x - 1'Z (needed for WIOD 2013, whose values were "
                               "truncated)"},
    [OPT_STRICT] = {"--strict", 0, CLI_FLAG, AT(strict), .help = "refuse sectors with zero or negative gross output"},
    [OPT_KEEP_SPLITS] = {"--keep-splits", 0, CLI_FLAG, AT(keep_splits),
                         .help = "OECD ICIO: keep China's and Mexico's split rows and columns (CN1, CN2, MX1, MX2) as "
                                 "regions of their own instead of summing them into CHN and MEX"},
    [OPT_EXTENSIONS] = {"--extensions", 0, CLI_OPTCSV, AT(extensions), "[FILE]",
                        .help = "satellite accounts: FILE (region,sector,account,unit,value) adds user accounts to the "
                                "table as an extension named after the file; leontief also writes the accounts of "
                                "every extension (docs/CLI.md)"},
    [OPT_TOLERANCE] = {"--tolerance", 0, CLI_NUMBER, AT(tolerance), "T", 0, 1, .deflt = "1e-6",
                       .help = "relative tolerance of the table's balance identities (Z1 + Y1 = x, 1'Z + va = x)"},

    [OPT_OUT] = {"--out", 0, CLI_PATH, AT(out), "PATH", .help = "where the output goes"},
    [OPT_TO] = {"--to", 0, CLI_ENUM, AT(to), .names = to_names, .values = to_values, .deflt = "native",
                .help = "layout of the written table: native CSVs, gzip-compressed native CSVs, a binary cache "
                        "file, or pymrio's text layout (a folder pymrio.load reads)"},
    [OPT_INVERSE] = {"--inverse", 0, CLI_FLAG, AT(inverse), .help = "also write the Leontief inverse L.csv"},
    [OPT_GZIP] = {"--gzip", 0, CLI_FLAG, AT(gzip), .help = "write the folder's CSVs gzip-compressed (NAME.csv.gz)"},
    [OPT_SYSTEM] = {"--system", 0, CLI_FLAG, AT(system), .help = "the BLAS kernel, its threads and the CPU features"},
    [OPT_CONCORDANCE] = {"--concordance", 0, CLI_PATH, AT(concordance), "FILE",
                         .help = "the table's aggregation concordance (kind,from,to: WIOD regions and sectors to the "
                                 "table's)"},

    [OPT_DMETHOD] = {"--method", 0, CLI_ENUM, AT(dmethod), "M", .names = dmethod_names,
                     .help = "the decomposition (docs/CLI.md, docs/DECOMPOSITIONS.md)"},
    [OPT_LEVEL] = {"--level", 0, CLI_ENUM, AT(level), .names = level_names, .values = level_values, .deflt = "country",
                   .help = "level of detail (bm, wwz2kww)"},
    [OPT_PERSPECTIVE] = {"--perspective", 0, CLI_ENUM, AT(perspective), .names = perspective_names,
                         .values = perspective_values, .deflt = "exporter", .help = "Borin-Mancini perspective (bm)"},
    [OPT_APPROACH] = {"--approach", 0, CLI_ENUM, AT(approach), .names = approach_names, .values = approach_values,
                      .deflt = "source", .help = "Borin-Mancini approach (bm)"},
    [OPT_ORIGIN] = {"--origin", 0, CLI_STRING, AT(origin), "REGION",
                    .help = "the region whose value added is followed (routes; required there)"},
    [OPT_DESTINATION] = {"--destination", 0, CLI_STRING, AT(destination), "REGION",
                         .help = "the region whose final demand the value added ends in (default: every region)"},
    [OPT_LAYOUT] = {"--layout", 0, CLI_ENUM, AT(layout), .names = layout_names, .values = layout_values,
                    .deflt = "long", .help = "long CSV, or decompr's wide columns"},
    [OPT_POST] = {"--post", 0, CLI_ENUM, AT(post), .names = post_names, .values = post_values, .deflt = "final_demand",
                  .help = "what V^B is post-multiplied by (leontief)"},
    [OPT_JSON] = {"--json", 0, CLI_FLAG, AT(json), .help = "write JSON instead of CSV"},

    [OPT_FOCUS] = {"--focus", 0, CLI_STRING, AT(focus), "REGION", .help = "the region the summary is about"},
    [OPT_DATE] = {"--date", 0, CLI_DATE, AT(date), "YYYY-MM-DD",
                  .help = "only the measures in force on the date (default: the scenario's date:, else every "
                          "measure)"},
    [OPT_BASE_CSV] = {"--base", 0, CLI_PATH, AT(base_csv), "CSV",
                      .help = "base tariff schedule (importer,exporter,sector,rate_pct) in place of the scenario's "
                              "base:"},
    [OPT_GROUPS] = {"--groups", 0, CLI_PATH, AT(groups), "CSV",
                    .help = "region groups added to data/groups.csv (group,member)"},
    [OPT_HS_WEIGHTS] = {"--hs-weights", 0, CLI_PATH, AT(hs_weights), "CSV",
                        .help = "import weights by HS line and table sector (from tariffs aggregate), for measures "
                                "on HS lines"},

    [OPT_THETA] = {"--theta", 0, CLI_PATH, AT(theta), "CSV",
                   .help = "trade elasticities (sector,theta; default: Caliendo-Parro's estimates through "
                           "data/concordance/theta_wiod.csv)"},
    [OPT_GE_METHOD] = {"--method", 0, CLI_ENUM, AT(ge_method), .names = ge_method_names, .values = ge_method_values,
                       .deflt = "newton", .help = "the solver: Newton, or the authors' fixed-point iteration"},
    [OPT_BASELINE] = {"--baseline", 0, CLI_ENUM, AT(baseline), .names = baseline_names, .values = baseline_values,
                      .help = "the baseline the scenario starts from: deficits closed first, or as observed"},
    [OPT_SOLVER_TOL] = {"--solver-tolerance", 0, CLI_NUMBER, AT(solver_tol), "T", 0, 1,
                        .help = "convergence tolerance of the iterative solver"},
    [OPT_MAX_ITER] = {"--max-iter", 0, CLI_COUNT, AT(max_iter), "N", 1, 1e9,
                      .help = "iterations of the iterative solver before it gives up (an error, with no output)"},

    [OPT_THETA_DRAWS] = {"--theta-draws", 0, CLI_COUNT, AT(theta_draws), "K", 1, 100000,
                         .help = "also solve K times with the elasticities drawn from their sampling distribution "
                                 "(uncertainty.csv: p05, p50, p95, mean of every measure)"},
    [OPT_NO_DRAWS] = {"--no-draws", 0, CLI_FLAG, AT(no_draws), .help = "no draws of the elasticities (no bands)"},
    [OPT_SEED] = {"--seed", 0, CLI_COUNT, AT(seed), "S", 0, 9007199254740991.0, .deflt = "0",
                  .help = "the draws' seed: the same seed gives the same draws on any number of cores"},
    [OPT_THETA_SE] = {"--theta-se", 0, CLI_NUMBER, AT(theta_se), "R", 0, 10, .deflt = "0.25",
                      .help = "standard error of an elasticity with none published, relative to it"},
    [OPT_THREADS] = {"--threads", 0, CLI_COUNT, AT(threads), "N", 0, 1024, .deflt = "0",
                     .help = "threads for the draws (0: every online core)"},

    [OPT_REGION] = {"--region", 0, CLI_STRING, AT(region), "R", .help = "the region to split"},
    [OPT_INTO] = {"--into", 0, CLI_STRING, AT(into), "A,...,REST",
                  .help = "its parts, 2 to 64 names, the last one the remainder (may keep the old name)"},
    [OPT_SHARES] = {"--shares", 0, CLI_PATH, AT(shares), "CSV",
                    .help = "each part's share of the region's output by sector (region,sector,share_x)"},
    [OPT_FD_RULE] = {"--fd-rule", 0, CLI_ENUM, AT(fd_rule), .names = fd_rule_names, .values = fd_rule_values,
                     .deflt = "va", .help = "final demand split by the parts' value added or gross output"},

    [OPT_TARGETS] = {"--targets", 0, CLI_PATH, AT(targets), "CSV",
                     .help = "targets on sums of cells of Z and Y (docs/WORLD2024.md)"},
    [OPT_YEAR] = {"--year", 0, CLI_COUNT, AT(year), "Y", 1, 9999,
                  .help = "the year to read from a zip archive or folder holding several years' files (an OECD ICIO "
                          "release); update: the year the new table is of"},
    [OPT_REPORT] = {"--report", 0, CLI_PATH, AT(report), "CSV", .help = "also write the report target by target"},
    [OPT_SOURCE] = {"--source", 0, CLI_STRING, AT(source), "TEXT", .help = "the new table's source note"},
    [OPT_SKIP_EMPTY] = {"--skip-empty", 0, CLI_FLAG, AT(skip_empty),
                        .help = "skip targets whose cells are all zero in the table (else an error)"},

    [OPT_IMPORTS] = {"--imports", 0, CLI_PATH, AT(imports), "DIR",
                     .help = "the US customs lines, a folder or one file (default: the shared data's "
                             "data/us-tariffs-2025/hs10-imports-2024)"},
    [OPT_HS_CONCORDANCE] = {"--hs-concordance", 0, CLI_PATH, AT(hs_concordance), "CSV",
                            .help = "HS codes to table sectors (hs,sector; default data/concordance/hs2017_wiod.csv)"},
    [OPT_COUNTRIES] = {"--countries", 0, CLI_PATH, AT(countries), "CSV",
                       .help = "Census country codes to ISO3 (cty_code,iso3; default DIR/../hts/census_to_iso3.csv)"},
    [OPT_MEMBERS] = {"--members", 0, CLI_PATH, AT(members), "CSV",
                     .help = "the EU's member states (default DIR/../hts/country_partner_mapping.csv)"},
    [OPT_HS2] = {"--hs2", 0, CLI_PATH, AT(hs2), "DIR",
                 .help = "imports by HS chapter, to split the EU aggregate (default DIR/../hs2)"},
    [OPT_REGIONS] = {"--regions", 0, CLI_STRING, AT(regions), "TABLE|CODES",
                     .help = "exporters become the regions of a table, or of a comma-separated list"},
    [OPT_REST] = {"--rest", 0, CLI_STRING, AT(rest), "CODE",
                  .help = "the region of the partners --regions lacks (default: RoW's target in the table's "
                          "aggregation, else ROW or RoW)"},
    [OPT_IMPORTER] = {"--importer", 0, CLI_STRING, AT(importer), "CODE", .deflt = "USA", .help = "the importer"},
    [OPT_RATES] = {"--rates", 0, CLI_STRING, AT(rates), "applied|CSV",
                   .help = "rates for --rates-out: the 2024 applied rates, or a CSV (hs,rate_pct or "
                           "exporter,hs,rate_pct)"},
    [OPT_RATES_OUT] = {"--rates-out", 0, CLI_PATH, AT(rates_out), "CSV",
                       .help = "also write the import-weighted rate by exporter and sector"},
    [OPT_LINES] = {"--lines", 0, CLI_PATH, AT(lines), "CSV", .help = "also write every line's base and new rate"},
    [OPT_DIGITS] = {"--digits", 0, CLI_COUNT, AT(digits), "N", 2, 10, .deflt = "10",
                    .help = "lines summed by their first N digits"},
    [OPT_TARIFF_BASE] = {"--base", 0, CLI_ENUM, AT(tariff_base), .names = tariff_base_names,
                         .values = tariff_base_values, .deflt = "applied",
                         .help = "each line's 2024 applied rate, or zero (the tariff tracker's convention)"},

    [OPT_SCENARIO] = {"--scenario", 0, CLI_LIST, AT(scenarios), "FILE[=LABEL]", 0, CLI_MAX_LIST,
                      .help = "a scenario to run, repeatable (default: the shipped 2025 scenarios)"},
    [OPT_COMPARE] = {"--compare", 0, CLI_STRING, AT(compare), "CODES",
                     .help = "regions compared side by side, comma-separated"},
    [OPT_ARTICLE] = {"--article", 0, CLI_PATH, AT(article), "CSV",
                     .help = "the sectors the source article names (default TABLE/derivation/article_sectors.csv)"},
    [OPT_SOURCES] = {"--sources", 0, CLI_PATH, AT(sources), "CSV",
                     .help = "what the table's figures rest on, with their years (default TABLE/sources.csv)"},
    [OPT_NO_IMPORTS] = {"--no-imports", 0, CLI_FLAG, AT(no_imports), .help = "do not read the US customs lines"},
    [OPT_QUIET] = {"--quiet", 0, CLI_FLAG, AT(quiet), .help = "no progress on stderr"},

    [OPT_PORT] = {"--port", 0, CLI_COUNT, AT(port), "PORT", 0, 65535, .deflt = "8050",
                  .help = "the TCP port to listen on (0: a free one, printed)"},
    [OPT_HOST] = {"--host", 0, CLI_STRING, AT(host), "ADDRESS", .deflt = "127.0.0.1",
                  .help = "the IP address to listen on; another than the loopback prints a warning"},
    [OPT_SCENARIOS_DIR] = {"--scenarios", 0, CLI_PATH, AT(scenarios_dir), "DIR",
                           .help = "the folder of the scenarios offered (default: the project's scenarios/)"},
};

/* Old spellings still read, with a warning, by the commands that had them (a command name, or the first word of
 * subcommands); a command's own option of the same name wins. */
typedef struct cli_alias {
    const char *name;
    cli_opt_id id;
    const char *where;
} cli_alias;
static const cli_alias deprecated[] = {
    {"--tol", OPT_SOLVER_TOL, "solve"},
    {"--target-tol", OPT_SOLVER_TOL, "update"},
    {"--concordance", OPT_HS_CONCORDANCE, "tariffs"}, /* report's spelling was --hs-concordance */
};

/* 1 when the old spelling d belongs to cmd. */
static int alias_of(const cli_alias *d, const cli_command *cmd)
{
    size_t len = strlen(d->where);
    return strncmp(cmd->name, d->where, len) == 0 && (cmd->name[len] == '\0' || cmd->name[len] == ' ');
}

/* The options of reading a table, for the commands with table_opts. */
static const cli_opt_id table_group[] = {OPT_FORMAT,      OPT_REBALANCE,  OPT_STRICT, OPT_TOLERANCE,
                                         OPT_KEEP_SPLITS, OPT_EXTENSIONS, OPT_YEAR};
static const cli_opt_id common_group[] = {OPT_VERBOSE, OPT_HELP};
/* A table's tariff sources, for the commands with CLI_SOURCE_OPTS (cli/cli_sources.c finds them without options). */
static const cli_use source_group[] = {
    {OPT_BASE_CSV, 0, NULL, NULL, NULL},
    {OPT_GROUPS, 0, NULL, NULL, NULL},
    {OPT_HS_WEIGHTS, 0, NULL, NULL, NULL},
    {OPT_CONCORDANCE, 0, NULL, "the table's aggregation from WIOD codes (CSV kind,from,to)", "meta.json \"tariffs\""},
    {OPT_HS_CONCORDANCE, 0, NULL, "HS codes to the detailed sectors (hs,sector)",
     "meta.json \"tariffs\", else data/concordance/hs2017_wiod.csv"},
    {OPT_IMPORTS, 0, NULL, "the US customs lines, a folder or one file",
     "the shared data's data/us-tariffs-2025/hs10-imports-2024"},
    {OPT_NO_IMPORTS, 0, NULL, NULL, NULL},
    {OPT_COUNTRIES, 0, NULL, NULL, NULL},
    {OPT_MEMBERS, 0, NULL, NULL, NULL},
    {OPT_HS2, 0, NULL, NULL, NULL},
};

#define NELEM(a) (sizeof(a) / sizeof *(a))

/* The options cmd takes, in the order its help lists them; returns how many. */
static size_t accepted(const cli_command *cmd, cli_use *out)
{
    size_t n = 0;
    for (size_t k = 0; k < cmd->nopts && n < CLI_NOPTS; k++) out[n++] = cmd->opts[k];
    for (size_t k = 0; (cmd->table_opts & CLI_SOURCE_OPTS) && k < NELEM(source_group) && n < CLI_NOPTS; k++)
        out[n++] = source_group[k];
    /* a table option the command lists itself keeps the command's meaning (update's --year: the new table's) */
    size_t own = n;
    for (size_t k = 0; (cmd->table_opts & CLI_TABLE_OPTS) && k < NELEM(table_group) && n < CLI_NOPTS; k++) {
        int listed = 0;
        for (size_t j = 0; j < own && !listed; j++) listed = out[j].id == table_group[k];
        if (!listed) out[n++] = (cli_use){table_group[k], 0, NULL, NULL, NULL};
    }
    for (size_t k = 0; k < NELEM(common_group) && n < CLI_NOPTS; k++)
        out[n++] = (cli_use){common_group[k], 0, NULL, NULL, NULL};
    return n;
}

static int is_table_opt(cli_opt_id id)
{
    for (size_t k = 0; k < NELEM(table_group); k++)
        if (table_group[k] == id) return 1;
    return 0;
}

static const char *metavar(const cli_use *u)
{
    return u->metavar ? u->metavar : options[u->id].metavar;
}

static const char *deflt(const cli_use *u)
{
    return u->deflt ? u->deflt : options[u->id].deflt;
}

/* An enum's names as "a|b|c" (sep "|") or "a, b or c" (sep NULL). */
static void join_names(const char *const *names, const char *sep, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; names[k] && len < size; k++) {
        const char *glue = k == 0 ? "" : sep ? sep : names[k + 1] ? ", " : " or ";
        int w = snprintf(buf + len, size - len, "%s%s", glue, names[k]);
        if (w < 0) break;
        len += (size_t)w;
    }
}

/* What an option's value must be, for messages and help: "a number in (0, 1)", "newton or fixed-point". */
static void takes(const cli_option *o, char *buf, size_t size)
{
    switch (o->type) {
    case CLI_COUNT: snprintf(buf, size, "a whole number in [%.0f, %.0f]", o->min, o->max); break;
    case CLI_NUMBER: snprintf(buf, size, "a number in (%g, %g)", o->min, o->max); break;
    case CLI_DATE: snprintf(buf, size, "a date YYYY-MM-DD"); break;
    case CLI_PATH: snprintf(buf, size, "a path"); break;
    case CLI_OPTCSV: snprintf(buf, size, "an optional CSV file"); break;
    case CLI_ENUM: join_names(o->names, NULL, buf, size); break;
    default: snprintf(buf, size, "%s", o->metavar ? o->metavar : "a value"); break;
    }
}

static int valid_date(const char *v)
{
    int32_t day;
    tsc_error err;
    return tsc_date_parse(v, &day, &err) == TSC_OK;
}

/* Stores v in o's field of a; returns 0, or -1 when v is not what o takes. */
static int store(const cli_option *o, const char *v, cli_args *a)
{
    void *field = (char *)a + o->offset;
    char *end;
    switch (o->type) {
    case CLI_FLAG: *(int *)field = 1; return 0;
    case CLI_STRING: *(const char **)field = v; return 0;
    case CLI_PATH:
    case CLI_OPTCSV:
        if (!*v && o->type == CLI_PATH) return -1;
        *(const char **)field = v;
        return 0;
    case CLI_DATE:
        if (!valid_date(v)) return -1;
        *(const char **)field = v;
        return 0;
    case CLI_LIST: {
        cli_list *l = field;
        if (l->n >= (size_t)o->max) return -1;
        l->item[l->n++] = v;
        return 0;
    }
    case CLI_COUNT: {
        if (*v < '0' || *v > '9') return -1; /* no sign, no blanks */
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (errno || *end || (double)n < o->min || (double)n > o->max) return -1;
        *(size_t *)field = (size_t)n;
        return 0;
    }
    case CLI_NUMBER: {
        /* decimal notation only: strtod would also read hex floats, "inf" and "nan" */
        if (!*v || v[strspn(v, "0123456789.eE+-")] != '\0') return -1;
        double x = strtod(v, &end);
        if (end == v || *end || !isfinite(x) || !(x > o->min && x < o->max)) return -1;
        *(double *)field = x;
        return 0;
    }
    case CLI_ENUM:
        for (size_t k = 0; o->names[k]; k++)
            if (strcmp(v, o->names[k]) == 0) {
                *(int *)field = o->values ? o->values[k] : (int)k;
                return 0;
            }
        return -1;
    }
    return -1;
}

const char *cli_enum_name(cli_opt_id id, int value)
{
    const cli_option *o = &options[id];
    if (o->type != CLI_ENUM) return "?";
    for (size_t k = 0; o->names[k]; k++)
        if ((o->values ? o->values[k] : (int)k) == value) return o->names[k];
    return "?";
}

int cli_usage(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tariffscope: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see tariffscope %s --help)\n", cmd->name);
    va_end(ap);
    return 2;
}

/* The use of the option spelled name (--name or -x) among cmd's n uses; sets *old when name is a deprecated
 * spelling. */
static const cli_use *lookup(const cli_command *cmd, const cli_use *uses, size_t n, const char *name, size_t len,
                             const char **old)
{
    *old = NULL;
    for (size_t k = 0; k < n; k++) {
        const cli_option *o = &options[uses[k].id];
        if ((strlen(o->name) == len && strncmp(name, o->name, len) == 0) ||
            (o->letter && len == 2 && name[0] == '-' && name[1] == o->letter))
            return &uses[k];
    }
    for (size_t d = 0; d < NELEM(deprecated); d++) {
        if (strlen(deprecated[d].name) != len || strncmp(name, deprecated[d].name, len) != 0 ||
            !alias_of(&deprecated[d], cmd))
            continue;
        for (size_t k = 0; k < n; k++)
            if (uses[k].id == deprecated[d].id) {
                *old = deprecated[d].name;
                return &uses[k];
            }
    }
    return NULL;
}

/* An argument an optional CSV value takes: not an option, and a name ending in .csv or .csv.gz. */
static int is_csv_name(const char *s)
{
    size_t len = strlen(s);
    if (s[0] == '-') return 0;
    return (len > 4 && strcmp(s + len - 4, ".csv") == 0) || (len > 7 && strcmp(s + len - 7, ".csv.gz") == 0);
}

/* One option at argv[*i] (its value, when it takes one, inline after '=' or the next argument). */
static cli_parsed parse_option(const cli_command *cmd, const cli_use *uses, size_t nuses, int argc, char **argv, int *i,
                               cli_args *a)
{
    const char *arg = argv[*i], *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL, *old;
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const cli_use *u = lookup(cmd, uses, nuses, arg, len, &old);
    if (!u) {
        cli_usage(cmd, "unknown option '%.*s' for %s", (int)len, arg, cmd->name);
        return CLI_USAGE;
    }
    const cli_option *o = &options[u->id];
    if (old) fprintf(stderr, "tariffscope: warning: %s is deprecated, use %s\n", old, o->name);
    const char *spelled = old ? old : o->name, *v = eq ? eq + 1 : NULL;
    char what[400];
    takes(o, what, sizeof what);
    if (o->type == CLI_FLAG) {
        if (v) {
            cli_usage(cmd, "%s takes no value", spelled);
            return CLI_USAGE;
        }
        store(o, "", a);
    } else if (o->type == CLI_OPTCSV) {
        if (!v && *i + 1 < argc && is_csv_name(argv[*i + 1])) v = argv[++*i];
        store(o, v ? v : "", a);
    } else {
        if (!v && *i + 1 < argc) v = argv[++*i];
        if (!v) {
            cli_usage(cmd, "%s needs a value: %s", spelled, metavar(u) ? metavar(u) : what);
            return CLI_USAGE;
        }
        if (store(o, v, a)) {
            if (o->type == CLI_ENUM) cli_usage(cmd, "unknown %s '%s': %s takes %s", spelled, v, spelled, what);
            else if (o->type == CLI_LIST) cli_usage(cmd, "%s is given more than %.0f times", spelled, o->max);
            else cli_usage(cmd, "%s takes %s, not '%s'", spelled, what, v);
            return CLI_USAGE;
        }
    }
    a->given[u->id] = 1;
    if (u->id == OPT_HELP) {
        cli_print_help(cmd, stdout);
        return CLI_HELP_SHOWN;
    }
    return CLI_RUN;
}

/* The defaults of the options not given, where the converter reads them (an enum name, a number). A command that
 * leaves a default to the library tests given[] instead (the tolerances: tsc_load_opts_init, tsc_ge_opts_init). */
static void apply_defaults(const cli_use *uses, size_t n, cli_args *a)
{
    for (size_t k = 0; k < n; k++) {
        const cli_option *o = &options[uses[k].id];
        const char *d = deflt(&uses[k]);
        if (d && !a->given[uses[k].id] && (o->type == CLI_ENUM || o->type == CLI_COUNT || o->type == CLI_NUMBER))
            store(o, d, a);
    }
}

/* "solve needs TABLE, SCENARIO and --out DIR; --out DIR is missing" when a required argument or option is missing. */
static cli_parsed check_required(const cli_command *cmd, const cli_use *uses, size_t n, const cli_args *a)
{
    char item[CLI_MAX_POS + CLI_NOPTS][120], need[1000] = "";
    size_t ni = 0, missing = SIZE_MAX;
    for (size_t p = 0; p < cmd->npos_min; p++) {
        if (p >= a->npos && missing == SIZE_MAX) missing = ni;
        snprintf(item[ni++], sizeof item[0], "%s", cmd->pos[p]);
    }
    for (size_t k = 0; k < n; k++) {
        if (!uses[k].required) continue;
        if (!a->given[uses[k].id] && missing == SIZE_MAX) missing = ni;
        snprintf(item[ni++], sizeof item[0], "%s %s", options[uses[k].id].name, metavar(&uses[k]));
    }
    if (missing == SIZE_MAX) return CLI_RUN;
    size_t len = 0;
    for (size_t k = 0; k < ni && len < sizeof need; k++) {
        int w = snprintf(need + len, sizeof need - len, "%s%s", k == 0 ? "" : k + 1 < ni ? ", " : " and ", item[k]);
        if (w > 0) len += (size_t)w;
    }
    cli_usage(cmd, "%s needs %s; %s is missing", cmd->name, need, item[missing]);
    return CLI_USAGE;
}

cli_parsed cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a)
{
    cli_use uses[CLI_NOPTS];
    size_t nuses = accepted(cmd, uses), npos_max = 0;
    while (npos_max < CLI_MAX_POS && cmd->pos[npos_max]) npos_max++;
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    int options_end = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_end && strcmp(arg, "--") == 0) {
            options_end = 1;
            continue;
        }
        if (!options_end && arg[0] == '-' && arg[1] != '\0') {
            cli_parsed p = parse_option(cmd, uses, nuses, argc, argv, &i, a);
            if (p != CLI_RUN) return p;
        } else if (a->npos < npos_max) {
            a->pos[a->npos++] = arg;
        } else {
            cli_usage(cmd, "unexpected argument '%s'", arg);
            return CLI_USAGE;
        }
    }
    apply_defaults(uses, nuses, a);
    return check_required(cmd, uses, nuses, a);
}

/* ---- help ---------------------------------------------------------------------------------------------------- */

/* Writes text from column col, wrapped before column 118 with continuation lines indented by indent. */
static void wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
    const size_t width = 118;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (col > indent && col + 1 + word > width) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", (int)word, text);
        col += word;
        text += word;
        while (*text == ' ') text++;
    }
    fputc('\n', f);
}

static void print_option(const cli_use *u, FILE *f)
{
    const cli_option *o = &options[u->id];
    char left[600], what[400], names[400], text[1400];
    const char *mv = metavar(u);
    if (o->type == CLI_ENUM && !mv) join_names(o->names, "|", names, sizeof names);
    const char *value = o->type == CLI_FLAG ? "" : mv ? mv : names;
    if (o->letter) snprintf(left, sizeof left, "  -%c, %s %s", o->letter, o->name, value);
    else snprintf(left, sizeof left, "      %s %s", o->name, value);
    takes(o, what, sizeof what);
    size_t len = (size_t)snprintf(text, sizeof text, "%s", u->help ? u->help : o->help);
    if (o->type == CLI_ENUM && mv) len += (size_t)snprintf(text + len, sizeof text - len, "; %s: %s", mv, what);
    if (o->type == CLI_COUNT || o->type == CLI_NUMBER)
        len += (size_t)snprintf(text + len, sizeof text - len, "; %s", what);
    if (o->type == CLI_LIST) len += (size_t)snprintf(text + len, sizeof text - len, "; at most %.0f", o->max);
    if (deflt(u) && len < sizeof text) len += (size_t)snprintf(text + len, sizeof text - len, "; default %s", deflt(u));
    if (u->required && len < sizeof text) snprintf(text + len, sizeof text - len, " (required)");
    size_t col = strlen(left);
    fputs(left, f);
    if (col > 30) {
        fputc('\n', f);
        col = 0;
    }
    fprintf(f, "%*s", (int)(32 - col), "");
    wrapped(f, text, 32, 32);
}

void cli_print_synopsis(const cli_command *cmd, FILE *f)
{
    cli_use uses[CLI_NOPTS];
    size_t n = accepted(cmd, uses);
    fprintf(f, "tariffscope %s", cmd->name);
    for (size_t p = 0; p < CLI_MAX_POS && cmd->pos[p]; p++)
        fprintf(f, p < cmd->npos_min ? " %s" : " [%s]", cmd->pos[p]);
    for (size_t k = 0; k < n; k++)
        if (uses[k].required) fprintf(f, " %s %s", options[uses[k].id].name, metavar(&uses[k]));
    fputs(" [options]\n", f);
}

void cli_print_help(const cli_command *cmd, FILE *f)
{
    cli_use uses[CLI_NOPTS];
    size_t n = accepted(cmd, uses);
    fputs("usage: ", f);
    cli_print_synopsis(cmd, f);
    fputc('\n', f);
    wrapped(f, cmd->summary, 0, 0);
    const char *heads[3] = {"options:", "table options:", "common options:"};
    for (int group = 0; group < 3; group++) {
        int shown = 0;
        for (size_t k = 0; k < n; k++) {
            int g = is_table_opt(uses[k].id) ? 1 : (uses[k].id == OPT_HELP || uses[k].id == OPT_VERBOSE) ? 2 : 0;
            if (g != group) continue;
            if (!shown++) fprintf(f, "\n%s\n", heads[group]);
            print_option(&uses[k], f);
        }
    }
    int shown = 0;
    for (size_t d = 0; d < NELEM(deprecated); d++) {
        const char *old;
        const cli_use *u = lookup(cmd, uses, n, deprecated[d].name, strlen(deprecated[d].name), &old);
        if (!u || !old) continue;
        fprintf(f, "%s %s (= %s)", shown++ ? "," : "\ndeprecated spellings, still read with a warning:", old,
                options[u->id].name);
    }
    if (shown) fputc('\n', f);
    fputc('\n', f);
    if (cmd->more) {
        wrapped(f, cmd->more, 0, 0);
        fputc('\n', f);
    }
    fputs("exit status: 0 success, 1 runtime error (bad input, no solution), 2 usage error; docs/CLI.md\n", f);
}

/* ---- options from a file (sweep plans) ------------------------------------------------------------------------ */

void cli_args_init(const cli_command *cmd, cli_args *a)
{
    cli_use uses[CLI_NOPTS];
    size_t n = accepted(cmd, uses);
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    apply_defaults(uses, n, a);
}

int cli_set_option(const cli_command *cmd, const char *name, const char *value, cli_args *a, char *why, size_t size)
{
    cli_use uses[CLI_NOPTS];
    size_t n = accepted(cmd, uses);
    for (size_t k = 0; k < n; k++) {
        const cli_option *o = &options[uses[k].id];
        if (uses[k].id == OPT_HELP || strcmp(o->name + 2, name) != 0) continue;
        /* a flag is set by true and left by false, as YAML writes them */
        if (o->type == CLI_FLAG) {
            if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
                snprintf(why, size, "%s takes true or false, not '%s'", name, value);
                return -2;
            }
            void *field = (char *)a + o->offset;
            *(int *)field = strcmp(value, "true") == 0;
        } else if (store(o, value, a)) {
            char what[400];
            takes(o, what, sizeof what);
            snprintf(why, size, "%s takes %s, not '%s'", name, what, value);
            return -2;
        }
        a->given[uses[k].id] = 1;
        return 0;
    }
    snprintf(why, size, "%s is not an option of %s", name, cmd->name);
    return -1;
}

size_t cli_option_names(const cli_command *cmd, const char **names, size_t max)
{
    cli_use uses[CLI_NOPTS];
    size_t n = accepted(cmd, uses), m = 0;
    for (size_t k = 0; k < n && m < max; k++)
        if (uses[k].id != OPT_HELP) names[m++] = options[uses[k].id].name + 2;
    return m;
}

int cli_option_is_path(const char *name)
{
    for (size_t k = 0; k < CLI_NOPTS; k++)
        if (options[k].name && strcmp(options[k].name + 2, name) == 0) return options[k].type == CLI_PATH;
    return 0;
}
