/* tariffscope split-region: one region of a table split into several by output shares; the table writer and the
 * option filter split-region and update share. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tariffscope/update.h"

#define MAX_PARTS 64




/* Splits "A,B,C" in place into parts; returns how many, or 0 when empty, too many or with an empty name. */
static size_t split_list(char *s, char **parts)
{
    size_t k = 0;
    for (char *p = s;;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        if (!*p || k == MAX_PARTS) return 0;
        parts[k++] = p;
        if (!comma) break;
        p = comma + 1;
    }
    return k;
}

int cmd_split(int argc, char **argv)
{
    const char *region = NULL, *into = NULL, *shares = NULL, *fd = NULL;
    const cli_own_opt own[] = {{"--region", &region, NULL}, {"--into", &into, NULL}, {"--shares", &shares, NULL},
                               {"--fd-rule", &fd, NULL}};
    cli_opts o;
    int rc = cli_parse_own(argc, argv, own, sizeof own / sizeof *own, "otl", &o);
    if (rc) return rc;
    if (!o.table || !o.out || !region || !into || !shares) {
        fprintf(stderr, "tariffscope: split-region needs TABLE, --region R, --into A,...,REST, --shares FILE.csv and "
                        "--out DIR\n");
        return 2;
    }
    if (cli_check_to(o.to)) return 2;
    tsc_split_fd rule = TSC_SPLIT_FD_VA;
    if (fd && strcmp(fd, "output") == 0) rule = TSC_SPLIT_FD_OUTPUT;
    else if (fd && strcmp(fd, "va") != 0) {
        fprintf(stderr, "tariffscope: --fd-rule takes va or output, not '%s'\n", fd);
        return 2;
    }
    char list[1024], *parts[MAX_PARTS];
    size_t nparts = 0;
    if (strlen(into) < sizeof list) {
        snprintf(list, sizeof list, "%s", into);
        nparts = split_list(list, parts);
    }
    if (nparts < 2) {
        fprintf(stderr, "tariffscope: --into takes 2 to %d comma-separated names, the last one the remainder, not '%s'\n",
                MAX_PARTS, into);
        return 2;
    }
    tsc_table *t = cli_load_table(&o), *a = NULL;
    if (!t) return 1;
    tsc_error err;
    rc = tsc_table_split_region_csv(t, region, nparts, (const char *const *)parts, shares, rule, &a, &err);
    if (rc < 0) { tsc_table_free(t); return cli_fail(&err); }
    size_t g, N = tsc_table_nsectors(a);
    double old = 0;
    const double *x0 = tsc_table_x(t), *x = tsc_table_x(a);
    tsc_table_region_index(t, region, &g, NULL);
    for (size_t s = 0; s < N; s++) old += x0[g * N + s];
    printf("split %s (gross output %.6g) into:", region, old);
    for (size_t k = 0; k < nparts; k++) {
        double xk = 0;
        for (size_t s = 0; s < N; s++) xk += x[(g + k) * N + s];
        printf(" %s %.6g (%.2f%%)%s", parts[k], xk, old != 0 ? 100 * xk / old : 0.0, k + 1 < nparts ? "," : "\n");
    }
    tsc_table_free(t);
    rc = cli_save_table(a, o.out, o.to);
    tsc_table_free(a);
    return rc;
}
