/* tariffscope info: what a table holds, whether it balances and is productive; and the BLAS in use. */
#include <stdio.h>

#include "cli.h"

static void print_system(void)
{
    tsc_blas_info b;
    tsc_blas_query(&b);
    printf("BLAS kernel   %s (OpenBLAS, %d thread%s)\n", b.corename, b.threads, b.threads == 1 ? "" : "s");
    printf("CPU           AVX2 %s, AVX-512F %s; fastest safe kernel: %s\n", b.cpu_avx2 ? "yes" : "no",
           b.cpu_avx512f ? "yes" : "no", b.recommended ? b.recommended : "OpenBLAS's own choice");
    if (b.set_by_tariffscope)
        printf("OPENBLAS_CORETYPE  %s (set by tariffscope: OpenBLAS had chosen a slower kernel)\n", b.user_coretype);
    else if (b.user_coretype) printf("OPENBLAS_CORETYPE  %s (set by the user; left as it is)\n", b.user_coretype);
    else printf("OPENBLAS_CORETYPE  unset (OpenBLAS's choice is already fast)\n");
    printf("OpenBLAS build  %s\n", b.config);
}

static void label(const tsc_table *t, size_t i, char *buf, size_t size)
{
    size_t N = tsc_table_nsectors(t);
    snprintf(buf, size, "%s.%s", tsc_table_region(t, i / N), tsc_table_sector(t, i % N));
}

/* One line per extension (name, accounts, units; at most 6 accounts shown), or "none". */
static void print_extensions(const tsc_table *t)
{
    size_t ne = tsc_table_nextensions(t);
    if (ne == 0) printf("extensions    none\n");
    for (size_t x = 0; x < ne; x++) {
        tsc_extension e;
        tsc_table_extension(t, x, &e);
        printf("%s %s: %zu account%s%s", x ? "             " : "extensions   ", e.name, e.naccounts,
               e.naccounts == 1 ? "" : "s", e.F_Y ? " (and final demand's own, F_Y)" : "");
        for (size_t a = 0; a < e.naccounts && a < 6; a++)
            printf("%s %s [%s]", a ? "," : ":", e.accounts[a], e.units[a][0] ? e.units[a] : "no unit");
        printf("%s\n", e.naccounts > 6 ? ", ..." : "");
    }
}

static int run(const cli_args *a)
{
    if (!a->npos) {
        if (a->system) {
            print_system();
            return 0;
        }
        return cli_usage(a->cmd, "info needs a TABLE (or --system)");
    }
    tsc_table *t = cli_load_table(a->pos[0], a);
    if (!t) return 1;
    tsc_balance b;
    tsc_table_balance(t, &b);
    char lab[200];
    printf("table         %s\n", tsc_table_source(t));
    printf("format        %s\n", tsc_format_name(tsc_table_format(t)));
    printf("dimensions    %zu regions x %zu sectors = %zu rows; %zu final-demand categories per region\n",
           tsc_table_nregions(t), tsc_table_nsectors(t), tsc_table_n(t), tsc_table_nfd(t));
    printf("unit, year    %s, %d\n", tsc_table_unit(t), tsc_table_year(t));
    printf("totals        gross output %.6g, final demand %.6g, value added %.6g\n", b.total_output,
           b.total_final_demand, b.total_va);
    printf("balance       row identity Z1 + Y1 = x: max relative gap %.3g", b.row_max_rel);
    if (b.nworst_row) {
        label(t, b.row_worst[0], lab, sizeof lab);
        printf(" (worst %s: %.6g)", lab, b.row_worst_abs[0]);
    }
    printf("\n              column identity 1'Z + va = x: max relative gap %.3g", b.col_max_rel);
    if (b.nworst_col) {
        label(t, b.col_worst[0], lab, sizeof lab);
        printf(" (worst %s: %.6g)", lab, b.col_worst_abs[0]);
    }
    printf("\n");
    printf("degenerate    %zu sectors with x <= 0; %zu with negative value added\n", b.ndegenerate, b.nnegative_va);
    print_extensions(t);

    tsc_leontief *lf = NULL;
    tsc_error err;
    if (tsc_leontief_new(t, &lf, &err)) {
        printf("I - A         REFUSED: %s\n", err.msg);
        tsc_table_free(t);
        return cli_fail(&err);
    }
    printf("A             max column sum %.6g (bound on the spectral radius)\n", tsc_leontief_max_colsum(lf));
    printf("I - A         productive; reciprocal condition number %.3g; LU backward error %.3g\n",
           tsc_leontief_rcond(lf), tsc_leontief_max_residual(lf));
    if (a->system) print_system();
    tsc_leontief_free(lf);
    tsc_table_free(t);
    return 0;
}

static const cli_use opts[] = {{OPT_SYSTEM, 0, NULL, NULL, NULL}};

const cli_command cli_cmd_info = {
    "info",    "dimensions, units, totals, balance and productivity of a table; with --system the BLAS in use",
    {"TABLE"}, 0,
    opts,      sizeof opts / sizeof *opts,
    1,         "Without TABLE, --system prints only the BLAS kernel, its threads and the CPU features.",
    run,
};
