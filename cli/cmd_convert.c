/* tariffscope convert and aggregate: write a table in the native layout or as a binary cache. */
#include <string.h>

#include "cli.h"

static int bad_to(const char *to)
{
    if (!to || strcmp(to, "native") == 0 || strcmp(to, "native-gz") == 0 || strcmp(to, "cache") == 0) return 0;
    fprintf(stderr, "tariffscope: --to takes native, native-gz or cache, not '%s'\n", to);
    return 2;
}

static int save(const tsc_table *t, const char *out, const char *to)
{
    tsc_error err;
    int rc;
    if (!to || strcmp(to, "native") == 0) rc = tsc_table_save_native(t, out, 0, &err);
    else if (strcmp(to, "native-gz") == 0) rc = tsc_table_save_native(t, out, 1, &err);
    else if (strcmp(to, "cache") == 0) rc = tsc_table_save_cache(t, out, &err);
    else {
        fprintf(stderr, "tariffscope: --to takes native, native-gz or cache, not '%s'\n", to);
        return 2;
    }
    if (rc) return cli_fail(&err);
    printf("wrote %s (%zu regions x %zu sectors)\n", out, tsc_table_nregions(t), tsc_table_nsectors(t));
    return 0;
}

int cmd_convert(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, "otl", &o);
    if (rc) return rc;
    if (!o.table || !o.out) { fprintf(stderr, "tariffscope: convert needs TABLE and --out PATH\n"); return 2; }
    if (bad_to(o.to)) return 2;
    tsc_table *t = cli_load_table(&o);
    if (!t) return 1;
    rc = save(t, o.out, o.to);
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
    if (bad_to(o.to)) return 2;
    tsc_table *t = cli_load_table(&o), *a = NULL;
    if (!t) return 1;
    tsc_error err;
    rc = tsc_table_aggregate(t, o.concordance, &a, &err);
    tsc_table_free(t);
    if (rc < 0) return cli_fail(&err);
    rc = save(a, o.out, o.to);
    tsc_table_free(a);
    return rc;
}
