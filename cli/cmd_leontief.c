/* tariffscope leontief: multipliers, linkages, V^BY by origin x destination and, on request, L itself. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void label(FILE *f, const tsc_table *t, size_t i)
{
    size_t N = tsc_table_nsectors(t);
    cli_put_field(f, tsc_table_region(t, i / N));
    putc(',', f);
    cli_put_field(f, tsc_table_sector(t, i % N));
}

void cli_leontief_write_multipliers(FILE *f, const tsc_table *t, const double *cols, const char *head, const char *pre)
{
    size_t n = tsc_table_n(t);
    if (head) {
        fputs(head, f);
        fprintf(f, "region,sector");
        for (size_t k = 0; k < TSC_MULTIPLIERS_NCOLS; k++) fprintf(f, ",%s", tsc_multipliers_column(k));
        putc('\n', f);
    }
    for (size_t i = 0; i < n; i++) {
        fputs(pre, f);
        label(f, t, i);
        for (size_t k = 0; k < TSC_MULTIPLIERS_NCOLS; k++) {
            putc(',', f);
            cli_put_num(f, cols[i + k * n]);
        }
        putc('\n', f);
    }
}

static int write_multipliers(const char *path, const tsc_table *t, const double *cols)
{
    FILE *f = cli_open_out(path);
    if (!f) return -1;
    cli_leontief_write_multipliers(f, t, cols, "", "");
    return fclose(f);
}

void cli_leontief_write_vby(FILE *f, const tsc_table *t, const double *vby, const char *head, const char *pre)
{
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t);
    if (head) {
        fputs(head, f);
        fprintf(f, "origin_region,origin_sector,destination_region,value\n");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < G; r++) {
            fputs(pre, f);
            label(f, t, i);
            putc(',', f);
            cli_put_field(f, tsc_table_region(t, r));
            putc(',', f);
            cli_put_num(f, vby[i + r * n]);
            putc('\n', f);
        }
}

static int write_vby(const char *path, const tsc_table *t, const double *vby)
{
    FILE *f = cli_open_out(path);
    if (!f) return -1;
    cli_leontief_write_vby(f, t, vby, "", "");
    return fclose(f);
}

static int write_inverse(const char *path, const tsc_table *t, const double *L)
{
    FILE *f = cli_open_out(path);
    if (!f) return -1;
    size_t n = tsc_table_n(t), N = tsc_table_nsectors(t);
    fprintf(f, "\"\"");
    for (size_t j = 0; j < n; j++) {
        putc(',', f);
        cli_put_label(f, tsc_table_region(t, j / N), tsc_table_sector(t, j % N));
    }
    fprintf(f, "\n");
    for (size_t i = 0; i < n; i++) {
        cli_put_label(f, tsc_table_region(t, i / N), tsc_table_sector(t, i % N));
        for (size_t j = 0; j < n; j++) {
            putc(',', f);
            cli_put_num(f, L[i + j * n]);
        }
        fprintf(f, "\n");
    }
    return fclose(f);
}

/* One matrix of the accounts (k x n) as region,sector,account,unit,value. */
static int write_long(const char *path, const tsc_table *t, const tsc_extension *e, const double *v, int per_output)
{
    FILE *f = cli_open_out(path);
    if (!f) return -1;
    size_t k = e->naccounts, n = tsc_table_n(t);
    fprintf(f, "region,sector,account,unit,value\n");
    char unit[400];
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < k; r++) {
            label(f, t, i);
            putc(',', f);
            cli_put_field(f, e->accounts[r]);
            putc(',', f);
            if (per_output) snprintf(unit, sizeof unit, "%s/%s", e->units[r], tsc_table_unit(t));
            cli_put_field(f, per_output ? unit : e->units[r]);
            putc(',', f);
            cli_put_num(f, v[r + i * k]);
            putc('\n', f);
        }
    return fclose(f);
}

/* The accounts by region: region,account,unit,D_cba,D_pba,D_imp,D_exp. */
static int write_by_region(const char *path, const tsc_table *t, const tsc_extension *e, const tsc_accounts *ac)
{
    FILE *f = cli_open_out(path);
    if (!f) return -1;
    size_t k = e->naccounts;
    fprintf(f, "region,account,unit,D_cba,D_pba,D_imp,D_exp\n");
    for (size_t g = 0; g < tsc_table_nregions(t); g++)
        for (size_t r = 0; r < k; r++) {
            cli_put_field(f, tsc_table_region(t, g));
            putc(',', f);
            cli_put_field(f, e->accounts[r]);
            putc(',', f);
            cli_put_field(f, e->units[r]);
            const double vals[4] = {ac->D_cba_reg[r + g * k], ac->D_pba_reg[r + g * k], ac->D_imp_reg[r + g * k],
                                    ac->D_exp_reg[r + g * k]};
            for (int c = 0; c < 4; c++) {
                putc(',', f);
                cli_put_num(f, vals[c]);
            }
            putc('\n', f);
        }
    return fclose(f);
}

/* DIR/extensions/<name>/: S, M, D_cba, D_pba, D_imp, D_exp (long) and by_region.csv, for every extension. */
static int write_extensions(tsc_outset *set, const tsc_table *t, tsc_leontief *lf, tsc_error *err)
{
    for (size_t x = 0; x < tsc_table_nextensions(t); x++) {
        tsc_extension e;
        tsc_accounts ac;
        tsc_table_extension(t, x, &e);
        int rc = tsc_accounts_compute(lf, t, x, &ac, err);
        if (rc) return cli_fail(err);
        if (ac.nzero_output)
            fprintf(stderr,
                    "tariffscope: note: extension %s: %zu values of industries with zero output left out of S\n",
                    e.name, ac.nzero_output);
        static const char *const names[6] = {"S", "M", "D_cba", "D_pba", "D_imp", "D_exp"};
        const double *mats[6] = {ac.S, ac.M, ac.D_cba, ac.D_pba, ac.D_imp, ac.D_exp};
        char name[200], path[1400];
        for (int m = 0; m < 7; m++) {
            snprintf(name, sizeof name, "extensions/%s/%s.csv", e.name, m < 6 ? names[m] : "by_region");
            if ((rc = tsc_outset_add(set, name, path, sizeof path, err))) {
                tsc_accounts_free(&ac);
                return cli_fail(err);
            }
            if (m < 6 ? write_long(path, t, &e, mats[m], m < 2) : write_by_region(path, t, &e, &ac)) {
                fprintf(stderr, "tariffscope: %s: write failed\n", path);
                tsc_accounts_free(&ac);
                return 1;
            }
        }
        tsc_accounts_free(&ac);
    }
    return 0;
}

static int run(const cli_args *a)
{
    tsc_table *t = cli_load_table(a->pos[0], a);
    if (!t) return 1;
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t);
    tsc_leontief *lf = NULL;
    tsc_outset *set = NULL;
    tsc_error err;
    double *buf = calloc(TSC_MULTIPLIERS_NCOLS * n + n * G, sizeof *buf), *L = NULL;
    char path[1400];
    int status = 1, rc;
    if (!buf) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto done;
    }
    double *vby = buf + TSC_MULTIPLIERS_NCOLS * n;
    double t0 = cli_now();
    if ((rc = tsc_leontief_new(t, &lf, &err))) {
        cli_fail(&err);
        goto done;
    }
    double t1 = cli_now();
    if ((rc = tsc_leontief_multipliers_table(lf, buf, &err)) || (rc = tsc_leontief_va_by_destination(lf, vby, &err))) {
        cli_fail(&err);
        goto done;
    }
    if (a->inverse) {
        if (!(L = malloc(n * n * sizeof *L))) {
            fprintf(stderr, "tariffscope: out of memory for L (n = %zu)\n", n);
            goto done;
        }
        if ((rc = tsc_leontief_inverse(lf, L, &err))) {
            cli_fail(&err);
            goto done;
        }
    }
    double t2 = cli_now();
    if ((rc = tsc_outset_new(a->out, &set, &err))) {
        cli_fail(&err);
        goto done;
    }
    if ((rc = tsc_outset_add(set, "multipliers.csv", path, sizeof path, &err))) {
        cli_fail(&err);
        goto done;
    }
    if (write_multipliers(path, t, buf)) {
        fprintf(stderr, "tariffscope: %s: write failed\n", path);
        goto done;
    }
    if ((rc = tsc_outset_add(set, "va_origin_destination.csv", path, sizeof path, &err))) {
        cli_fail(&err);
        goto done;
    }
    if (write_vby(path, t, vby)) {
        fprintf(stderr, "tariffscope: %s: write failed\n", path);
        goto done;
    }
    if (L) {
        if ((rc = tsc_outset_add(set, "L.csv", path, sizeof path, &err))) {
            cli_fail(&err);
            goto done;
        }
        if (write_inverse(path, t, L)) {
            fprintf(stderr, "tariffscope: %s: write failed\n", path);
            goto done;
        }
    }
    if (a->extensions) {
        if (tsc_table_nextensions(t) == 0) {
            fprintf(stderr,
                    "tariffscope: %s has no extensions (satellite accounts); give them with --extensions FILE\n",
                    a->pos[0]);
            goto done;
        }
        if (write_extensions(set, t, lf, &err)) goto done;
    }
    rc = tsc_outset_commit(set, &err);
    set = NULL;
    if (rc) {
        cli_fail(&err);
        goto done;
    }
    if (a->verbose)
        fprintf(stderr, "factor %.3f s, solves %.3f s, write %.3f s; max backward error %.3g; rcond %.3g\n", t1 - t0,
                t2 - t1, cli_now() - t2, tsc_leontief_max_residual(lf), tsc_leontief_rcond(lf));
    printf("wrote %s/multipliers.csv, %s/va_origin_destination.csv%s%s (n = %zu, max backward error %.2g)\n", a->out,
           a->out, L ? " and L.csv" : "", a->extensions ? " and the accounts in extensions/" : "", n,
           tsc_leontief_max_residual(lf));
    status = 0;
done:
    tsc_outset_abort(set);
    free(L);
    free(buf);
    tsc_leontief_free(lf);
    tsc_table_free(t);
    return status;
}

static const cli_use opts[] = {
    {OPT_OUT, 1, "DIR", "the folder of multipliers.csv and va_origin_destination.csv", NULL},
    {OPT_INVERSE, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_leontief = {
    "leontief",
    "output multipliers, linkages and value added by origin x destination (V^BY); the inverse on request",
    {"TABLE"},
    1,
    opts,
    sizeof opts / sizeof *opts,
    1,
    "Every solve is checked: its normwise backward error must stay below 1e-9 (--verbose prints it). With "
    "--extensions, DIR/extensions/NAME/ gets each extension's intensities S, multipliers M and accounts "
    "D_cba, D_pba, D_imp, D_exp (region,sector,account,unit,value) and by_region.csv.",
    run,
};
