/* tariffscope convert and aggregate: write a table in the native layout, pymrio's text layout or as a binary cache. */
#include "cli.h"

static int run_convert(const cli_args *a)
{
    tsc_table *t = cli_load_table(a->pos[0], a);
    if (!t) return 1;
    int rc = cli_save_table(t, a->out, a->to);
    tsc_table_free(t);
    return rc;
}

static int run_aggregate(const cli_args *a)
{
    tsc_table *t = cli_load_table(a->pos[0], a), *agg = NULL;
    if (!t) return 1;
    tsc_error err;
    int rc = tsc_table_aggregate(t, a->concordance, &agg, &err);
    tsc_table_free(t);
    if (rc < 0) return cli_fail(&err);
    rc = cli_save_table(agg, a->out, a->to);
    tsc_table_free(agg);
    return rc;
}

static const cli_use convert_opts[] = {
    {OPT_OUT, 1, "PATH", "the folder (native and pymrio layouts) or file (cache) written", NULL},
    {OPT_TO, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_convert = {
    "convert",
    "write a table as native CSVs (gzip-compressed or not), in pymrio's text layout or as a binary cache file",
    {"TABLE"},
    1,
    convert_opts,
    sizeof convert_opts / sizeof *convert_opts,
    1,
    NULL,
    run_convert,
};

static const cli_use aggregate_opts[] = {
    {OPT_CONCORDANCE, 1, "FILE", "regions and sectors to aggregate into (kind,from,to; kind region or sector)", NULL},
    {OPT_OUT, 1, "DIR", "the folder (native and pymrio layouts) or file (cache) written", NULL},
    {OPT_TO, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_aggregate = {
    "aggregate",
    "aggregate a table's regions and sectors through a concordance",
    {"TABLE"},
    1,
    aggregate_opts,
    sizeof aggregate_opts / sizeof *aggregate_opts,
    1,
    NULL,
    run_aggregate,
};
