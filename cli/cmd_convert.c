/* tariffscope convert and aggregate: write a table in the native layout or as a binary cache. */
#include <string.h>

#include "cli.h"


int cmd_convert(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, "otl", &o);
    if (rc) return rc;
    if (!o.table || !o.out) { fprintf(stderr, "tariffscope: convert needs TABLE and --out PATH\n"); return 2; }
    if (cli_check_to(o.to)) return 2;
    tsc_table *t = cli_load_table(&o);
    if (!t) return 1;
    rc = cli_save_table(t, o.out, o.to);
    tsc_table_free(t);
    return rc;
}

int cmd_aggregate(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, "octl", &o);
    if (rc) return rc;
    if (!o.table || !o.out || !o.concordance) {
        fprintf(stderr, "tariffscope: aggregate needs TABLE, --concordance FILE and --out DIR\n");
        return 2;
    }
    if (cli_check_to(o.to)) return 2;
    tsc_table *t = cli_load_table(&o), *a = NULL;
    if (!t) return 1;
    tsc_error err;
    rc = tsc_table_aggregate(t, o.concordance, &a, &err);
    tsc_table_free(t);
    if (rc < 0) return cli_fail(&err);
    rc = cli_save_table(a, o.out, o.to);
    tsc_table_free(a);
    return rc;
}
