/* accounts.csv of shock and solve: the change of every satellite account under an output change. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int cli_write_accounts(tsc_outset *set, const tsc_table *t, const double *dx, int gzip, tsc_error *err)
{
    size_t ne = tsc_table_nextensions(t), n = tsc_table_n(t), N = tsc_table_nsectors(t), kmax = 0;
    if (ne == 0) return TSC_OK;
    for (size_t x = 0; x < ne; x++) {
        tsc_extension e;
        tsc_table_extension(t, x, &e);
        if (e.naccounts > kmax) kmax = e.naccounts;
    }
    double *S = malloc(kmax * n * sizeof *S);
    char path[1400];
    if (!S) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for the accounts");
    int rc = tsc_outset_add(set, gzip ? "accounts.csv.gz" : "accounts.csv", path, sizeof path, err);
    FILE *f = rc ? NULL : cli_open_out_as(path, gzip);
    if (!rc && !f) rc = tsc_error_set(err, TSC_EIO, path, 0, 0, "cannot write");
    if (rc) {
        free(S);
        return rc;
    }
    fputs("extension,region,sector,account,unit,base,change,change_pct,jobs_at_risk\n", f);
    for (size_t x = 0; x < ne; x++) {
        tsc_extension e;
        tsc_table_extension(t, x, &e);
        size_t k = e.naccounts;
        tsc_accounts_intensities(t, &e, S);
        for (size_t a = 0; a < k; a++) {
            int jobs = tsc_accounts_is_employment(e.accounts[a], e.units[a]);
            for (size_t i = 0; i < n; i++) {
                double base = e.F[a + i * k], change = S[a + i * k] * dx[i];
                cli_put_field(f, e.name);
                putc(',', f);
                cli_put_field(f, tsc_table_region(t, i / N));
                putc(',', f);
                cli_put_field(f, tsc_table_sector(t, i % N));
                putc(',', f);
                cli_put_field(f, e.accounts[a]);
                putc(',', f);
                cli_put_field(f, e.units[a]);
                putc(',', f);
                cli_put_num(f, base);
                putc(',', f);
                cli_put_num(f, change);
                putc(',', f);
                cli_put_num(f, base != 0 ? 100.0 * change / base : 0.0);
                putc(',', f);
                if (jobs) cli_put_num(f, change);
                putc('\n', f);
            }
        }
    }
    free(S);
    if (fclose(f)) return tsc_error_set(err, TSC_EIO, path, 0, 0, "write failed (disk full?)");
    return TSC_OK;
}
