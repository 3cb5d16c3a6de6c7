/* tariffscope split-region: one region of a table split into several by output shares. */
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

/* What the split made of the region: its parts' gross output. */
static void print_parts(const tsc_table *t, const tsc_table *split, const char *region, char *const *parts,
                        size_t nparts)
{
    size_t g, N = tsc_table_nsectors(split);
    double old = 0;
    const double *x0 = tsc_table_x(t), *x = tsc_table_x(split);
    tsc_table_region_index(t, region, &g, NULL);
    for (size_t s = 0; s < N; s++) old += x0[g * N + s];
    printf("split %s (gross output %.6g) into:", region, old);
    for (size_t k = 0; k < nparts; k++) {
        double xk = 0;
        for (size_t s = 0; s < N; s++) xk += x[(g + k) * N + s];
        printf(" %s %.6g (%.2f%%)%s", parts[k], xk, old != 0 ? 100 * xk / old : 0.0, k + 1 < nparts ? "," : "\n");
    }
}

static int run(const cli_args *a)
{
    char list[1024], *parts[MAX_PARTS];
    size_t nparts = 0;
    if (strlen(a->into) < sizeof list) {
        snprintf(list, sizeof list, "%s", a->into);
        nparts = split_list(list, parts);
    }
    if (nparts < 2)
        return cli_usage(a->cmd, "--into takes 2 to %d comma-separated names, the last one the remainder, not '%s'",
                         MAX_PARTS, a->into);
    tsc_table *t = cli_load_table(a->pos[0], a), *split = NULL;
    if (!t) return 1;
    tsc_error err;
    int rc = tsc_table_split_region_csv(t, a->region, nparts, (const char *const *)parts, a->shares,
                                        (tsc_split_fd)a->fd_rule, &split, &err);
    if (rc < 0) {
        tsc_table_free(t);
        return cli_fail(&err);
    }
    print_parts(t, split, a->region, parts, nparts);
    tsc_table_free(t);
    rc = cli_save_table(split, a->out, a->to);
    tsc_table_free(split);
    return rc;
}

static const cli_use opts[] = {
    {OPT_REGION, 1, NULL, NULL, NULL},
    {OPT_INTO, 1, NULL, NULL, NULL},
    {OPT_SHARES, 1, NULL, NULL, NULL},
    {OPT_OUT, 1, "DIR", "the folder (native layouts) or file (cache) written", NULL},
    {OPT_FD_RULE, 0, NULL, NULL, NULL},
    {OPT_TO, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_split = {
    "split-region",
    "split a region of a table into several by each part's share of its output by sector",
    {"TABLE"},
    1,
    opts,
    sizeof opts / sizeof *opts,
    1,
    "Rows and columns split proportionally, so the result balances exactly and sums back to the original "
    "(docs/WORLD2024.md).",
    run,
};
