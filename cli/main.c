/* tariffscope: the command-line front end, one subcommand per file, public API only. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "tariffscope %s: input-output accounting and tariff propagation on inter-country tables\n"
            "\n"
            "usage: tariffscope COMMAND [options]\n"
            "\n"
            "commands:\n"
            "  info TABLE [--system]           dimensions, totals, balance and productivity of a table\n"
            "  info --system                   the BLAS kernel and threads in use\n"
            "  leontief TABLE --out DIR        multipliers, linkages and value added by origin x destination\n"
            "           [--inverse]            also write the Leontief inverse DIR/L.csv\n"
            "  convert TABLE --out PATH        write the table as native CSVs (--to native | native-gz) or a\n"
            "           [--to native|native-gz|cache]   binary cache file (--to cache)\n"
            "  aggregate TABLE --concordance FILE --out DIR   aggregate regions/sectors (native output)\n"
            "  split-region TABLE --region R --into A,...,REST --shares CSV --out DIR   split a region by output\n"
            "           [--fd-rule va|output] [--to ...]  shares (docs/WORLD2024.md)\n"
            "  update TABLE --targets CSV --out DIR   balance a table to targets on sums of cells (GRAS/KRAS)\n"
            "           [--year Y] [--source TEXT] [--report CSV] [--target-tol T] [--max-iter N] [--skip-empty]\n"
            "  decompose TABLE --method M --out FILE.csv   value added in trade; M = leontief | kww | wwz |\n"
            "           [--level country|sector|bilateral]    wwz2kww | bm | tiva | fdva | routes\n"
            "           [--perspective exporter] [--approach source]   (bm)\n"
            "           [--origin S [--destination D]]       (routes)\n"
            "           [--layout long|wide] [--json]        long CSV (default), decompr's wide CSV, or JSON\n"
            "  shock TABLE SCENARIO --out DIR    first-order tariff effects: prices.csv, consumer_prices.csv,\n"
            "           [--focus REGION] [--date YYYY-MM-DD]   revenue.csv, burden.csv; --focus prints a summary\n"
            "           [--base CSV] [--groups CSV] [--hs-weights CSV]\n"
            "  tariffs effective SCENARIO [--date D] [--base applied|zero] [--out CSV]   US import-weighted\n"
            "           effective tariff rate by partner, line by line over 2024 HS10 imports (docs/CLI.md)\n"
            "  tariffs aggregate --out CSV       HS10 import weights by table sector (the --hs-weights file)\n"
            "  solve TABLE SCENARIO --out DIR    general equilibrium (Caliendo-Parro 2015, docs/GE.md): regions.csv, region_sectors.csv,\n           bilateral.csv, solve.json [--baseline zero-deficit|observed] [--method newton|fixed-point] [--theta CSV] [--tol T] [--max-iter N]\n"
            "  report [TABLE] [--out DIR]       the focus-country report: trade profile, value-added routes, 2025\n"
            "           [--focus JPN] [--scenario FILE[=LABEL]]...   scenarios side by side; CSVs + index.html\n"
            "\n"
            "table options (every command that reads a table):\n"
            "  --format auto|wiod|labelled|native|cache   layout of TABLE (default: detected)\n"
            "  --rebalance        take x := Z1 + Y1 and va := x - 1'Z (needed for WIOD 2013)\n"
            "  --strict           refuse sectors with zero or negative gross output\n"
            "  --tolerance T      relative tolerance of the balance identities (default 1e-6)\n"
            "  --verbose, -v      timings and residuals on stderr\n"
            "\n"
            "formats and outputs: docs/FORMATS.md and docs/CLI.md\n",
            TSC_VERSION);
}

int main(int argc, char **argv)
{
    tsc_error err;
    if (tsc_blas_ensure_fast_kernel(argv, &err) != TSC_OK) {
        char buf[1200];
        fprintf(stderr, "tariffscope: warning: %s\n", tsc_error_format(&err, buf, sizeof buf));
    }
    if (argc < 2) { help(stderr); return 2; }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) { help(stdout); return 0; }
    if (strcmp(cmd, "--version") == 0) { printf("tariffscope %s\n", TSC_VERSION); return 0; }
    if (strcmp(cmd, "info") == 0) return cmd_info(argc - 1, argv + 1);
    if (strcmp(cmd, "leontief") == 0) return cmd_leontief(argc - 1, argv + 1);
    if (strcmp(cmd, "convert") == 0) return cmd_convert(argc - 1, argv + 1);
    if (strcmp(cmd, "aggregate") == 0) return cmd_aggregate(argc - 1, argv + 1);
    if (strcmp(cmd, "decompose") == 0) return cmd_decompose(argc - 1, argv + 1);
    if (strcmp(cmd, "shock") == 0) return cmd_shock(argc - 1, argv + 1);
    if (strcmp(cmd, "tariffs") == 0) return cmd_tariffs(argc - 1, argv + 1);
    if (strcmp(cmd, "split-region") == 0) return cmd_split(argc - 1, argv + 1);
    if (strcmp(cmd, "update") == 0) return cmd_update(argc - 1, argv + 1);
    if (strcmp(cmd, "solve") == 0) return cmd_solve(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0) return cmd_report(argc - 1, argv + 1);
    fprintf(stderr, "tariffscope: unknown command '%s' (see tariffscope --help)\n", cmd);
    return 2;
}
