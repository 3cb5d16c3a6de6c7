/* tariffscope leontief: multipliers, linkages, V^BY by origin x destination and, on request, L itself. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* Labels of the table's rows: region and sector of row i (two CSV fields); region j. */
static const char *row_field(const void *t, size_t i, size_t k)
{
    size_t N = tsc_table_nsectors(t);
    return k == 0 ? tsc_table_region(t, i / N) : tsc_table_sector(t, i % N);
}

static const char *region_field(const void *t, size_t j, size_t k)
{
    (void)k;
    return tsc_table_region(t, j);
}

/* "R.S" of row i, as one field */
static const char *dot_label(const void *t, size_t i, size_t k)
{
    static _Thread_local char buf[600];
    size_t N = tsc_table_nsectors(t);
    (void)k;
    snprintf(buf, sizeof buf, "%s.%s", tsc_table_region(t, i / N), tsc_table_sector(t, i % N));
    return buf;
}

void cli_leontief_write_multipliers(tsc_writer *w, const tsc_table *t, const double *cols, const char *head,
                                    const char *pre)
{
    size_t n = tsc_table_n(t);
    if (head) {
        tsc_writer_str(w, head);
        tsc_writer_str(w, "region,sector");
        for (size_t k = 0; k < TSC_MULTIPLIERS_NCOLS; k++) {
            tsc_writer_put(w, ",", 1);
            tsc_writer_str(w, tsc_multipliers_column(k));
        }
        tsc_writer_put(w, "\n", 1);
    }
    for (size_t i = 0; i < n; i++) {
        tsc_writer_str(w, pre);
        tsc_writer_field(w, row_field(t, i, 0));
        tsc_writer_put(w, ",", 1);
        tsc_writer_field(w, row_field(t, i, 1));
        for (size_t k = 0; k < TSC_MULTIPLIERS_NCOLS; k++) {
            tsc_writer_put(w, ",", 1);
            tsc_writer_num(w, cols[i + k * n]);
        }
        tsc_writer_put(w, "\n", 1);
    }
}

int cli_leontief_write_vby(tsc_writer *w, const tsc_table *t, const double *vby, const char *head, const char *pre,
                           tsc_error *err)
{
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t);
    if (head) {
        tsc_writer_str(w, head);
        tsc_writer_str(w, "origin_region,origin_sector,destination_region,value\n");
    }
    char **rowpre = cli_prefixes(n, pre, 2, row_field, t, 1), **colpre = cli_prefixes(G, "", 1, region_field, t, 1);
    int rc = rowpre && colpre ? TSC_OK : tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) tsc_writer_long(w, n, G, (const char *const *)rowpre, (const char *const *)colpre, vby, 1, n);
    free(rowpre);
    free(colpre);
    return rc;
}

/* L as a labelled square matrix: "" and the column labels R.S, then each row's label and values. */
static int write_inverse(tsc_writer *w, const tsc_table *t, const double *L, tsc_error *err)
{
    size_t n = tsc_table_n(t);
    tsc_writer_str(w, "\"\"");
    for (size_t j = 0; j < n; j++) {
        tsc_writer_put(w, ",", 1);
        tsc_writer_field(w, dot_label(t, j, 0));
    }
    tsc_writer_put(w, "\n", 1);
    char **rowpre = cli_prefixes(n, "", 1, dot_label, t, 1);
    if (!rowpre) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    tsc_writer_wide(w, n, n, (const char *const *)rowpre, L, 1, n);
    free(rowpre);
    return TSC_OK;
}

/* One matrix of the accounts (k x n) as region,sector,account,unit,value. */
static void write_long(tsc_writer *w, const tsc_table *t, const tsc_extension *e, const double *v, int per_output)
{
    size_t k = e->naccounts, n = tsc_table_n(t);
    tsc_writer_str(w, "region,sector,account,unit,value\n");
    char unit[400];
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < k; r++) {
            tsc_writer_field(w, row_field(t, i, 0));
            tsc_writer_put(w, ",", 1);
            tsc_writer_field(w, row_field(t, i, 1));
            tsc_writer_put(w, ",", 1);
            tsc_writer_field(w, e->accounts[r]);
            tsc_writer_put(w, ",", 1);
            if (per_output) snprintf(unit, sizeof unit, "%s/%s", e->units[r], tsc_table_unit(t));
            tsc_writer_field(w, per_output ? unit : e->units[r]);
            tsc_writer_put(w, ",", 1);
            tsc_writer_num(w, v[r + i * k]);
            tsc_writer_put(w, "\n", 1);
        }
}

/* The accounts by region: region,account,unit,D_cba,D_pba,D_imp,D_exp. */
static void write_by_region(tsc_writer *w, const tsc_table *t, const tsc_extension *e, const tsc_accounts *ac)
{
    size_t k = e->naccounts;
    tsc_writer_str(w, "region,account,unit,D_cba,D_pba,D_imp,D_exp\n");
    for (size_t g = 0; g < tsc_table_nregions(t); g++)
        for (size_t r = 0; r < k; r++) {
            tsc_writer_field(w, tsc_table_region(t, g));
            tsc_writer_put(w, ",", 1);
            tsc_writer_field(w, e->accounts[r]);
            tsc_writer_put(w, ",", 1);
            tsc_writer_field(w, e->units[r]);
            const double vals[4] = {ac->D_cba_reg[r + g * k], ac->D_pba_reg[r + g * k], ac->D_imp_reg[r + g * k],
                                    ac->D_exp_reg[r + g * k]};
            for (int c = 0; c < 4; c++) {
                tsc_writer_put(w, ",", 1);
                tsc_writer_num(w, vals[c]);
            }
            tsc_writer_put(w, "\n", 1);
        }
}

/* What one file of the folder holds. */
typedef struct leo_out {
    int what; /* LEO_* */
    const tsc_table *t;
    const double *v;
    const tsc_extension *e;
    const tsc_accounts *ac;
    int per_output;
} leo_out;

enum { LEO_MULTIPLIERS, LEO_VBY, LEO_INVERSE, LEO_ACCOUNT, LEO_BY_REGION };

/* Registers DIR/NAME.csv (NAME.csv.gz with --gzip) in the set and writes o into it; prints the error. */
static int write_file(tsc_outset *set, const char *dir, const char *name, int gzip, const leo_out *o)
{
    char file[240], path[1400];
    tsc_error err;
    tsc_writer *w = NULL;
    snprintf(file, sizeof file, "%s.csv%s", name, gzip ? ".gz" : "");
    int rc = tsc_outset_add(set, file, path, sizeof path, &err);
    if (!rc) rc = tsc_writer_open(path, gzip ? TSC_WRITER_GZIP : 0, &w, &err);
    if (!rc) {
        switch (o->what) {
        case LEO_MULTIPLIERS: cli_leontief_write_multipliers(w, o->t, o->v, "", ""); break;
        case LEO_VBY: rc = cli_leontief_write_vby(w, o->t, o->v, "", "", &err); break;
        case LEO_INVERSE: rc = write_inverse(w, o->t, o->v, &err); break;
        case LEO_ACCOUNT: write_long(w, o->t, o->e, o->v, o->per_output); break;
        default: write_by_region(w, o->t, o->e, o->ac); break;
        }
        int rc2 = tsc_writer_close(w, rc ? NULL : &err);
        if (!rc) rc = rc2;
    }
    if (rc == TSC_EIO) snprintf(err.file, sizeof err.file, "%s/%s", dir, file); /* not the temporary name */
    return rc ? cli_fail(&err) : 0;
}

/* DIR/extensions/<name>/: S, M, D_cba, D_pba, D_imp, D_exp (long) and by_region.csv, for every extension. */
static int write_extensions(tsc_outset *set, const char *dir, const tsc_table *t, tsc_leontief *lf, int gzip,
                            tsc_error *err)
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
        char name[200];
        for (int m = 0; m < 7; m++) {
            snprintf(name, sizeof name, "extensions/%s/%s", e.name, m < 6 ? names[m] : "by_region");
            leo_out o = {m < 6 ? LEO_ACCOUNT : LEO_BY_REGION, t, m < 6 ? mats[m] : NULL, &e, &ac, m < 2};
            if (write_file(set, dir, name, gzip, &o)) {
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
    leo_out mo = {LEO_MULTIPLIERS, t, buf, NULL, NULL, 0}, vo = {LEO_VBY, t, vby, NULL, NULL, 0},
            lo = {LEO_INVERSE, t, L, NULL, NULL, 0};
    if (write_file(set, a->out, "multipliers", a->gzip, &mo) ||
        write_file(set, a->out, "va_origin_destination", a->gzip, &vo) ||
        (L && write_file(set, a->out, "L", a->gzip, &lo)))
        goto done;
    if (a->extensions) {
        if (tsc_table_nextensions(t) == 0) {
            fprintf(stderr,
                    "tariffscope: %s has no extensions (satellite accounts); give them with --extensions FILE\n",
                    a->pos[0]);
            goto done;
        }
        if (write_extensions(set, a->out, t, lf, a->gzip, &err)) goto done;
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
    const char *gz = a->gzip ? ".gz" : "";
    printf("wrote %s/multipliers.csv%s, %s/va_origin_destination.csv%s%s%s%s (n = %zu, max backward error %.2g)\n",
           a->out, gz, a->out, gz, L ? " and L.csv" : "", L ? gz : "",
           a->extensions ? " and the accounts in extensions/" : "", n, tsc_leontief_max_residual(lf));
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
    {OPT_GZIP, 0, NULL, NULL, NULL},
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
