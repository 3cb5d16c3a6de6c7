/* Updating a table to targets on sums of its cells: GRAS scaling constraint by constraint (KRAS), rows kept balanced.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "conv_int.h"
#include "error_int.h"
#include "update_int.h"

/* A constraint already met to rounding is left alone, so a table that meets every target comes back unchanged. */
#define ROUNDING_GAP (8 * DBL_EPSILON)
/* The gap must fall by 0.1% over this many sweeps, or the targets are taken to contradict each other. */
#define STALL_WINDOW 1000
#define STALL_RATIO 0.999

struct tsc_update {
    const tsc_table *t;
    const tsc_targets *tg;
    tsc_update_opts o;
    size_t n, ld, nc; /* rows of the table, leading dimension n + 1, columns n + G*F */
    double *M;
    unsigned char *dup; /* per target: 1 = same cells as an earlier target (checked to agree), 2 = all cells zero
                         * (skip_empty); either way skipped */
    size_t skipped;     /* targets with dup = 2 */
    size_t sweeps;
    double tgap, bgap; /* worst gaps seen in the last sweep, before each constraint was applied */
    size_t tworst, bworst;
    double stall_gap; /* the gap STALL_WINDOW sweeps ago */
};

void tsc_update_opts_init(tsc_update_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->tol = TSC_UPDATE_TOL;
    opts->max_iter = TSC_UPDATE_MAX_ITER;
    opts->progress_every = 100;
}

static void describe(const tsc_targets *tg, size_t k, char *buf, size_t size)
{
    const tsc_target *g = &tg->v[k];
    int m;
    if (g->file) m = snprintf(buf, size, "%s:%zu", g->file, g->line);
    else m = snprintf(buf, size, "target %zu", k + 1);
    if (m < 0 || (size_t)m >= size) return;
    snprintf(buf + m, size - (size_t)m, " (%s %s.%s -> %s.%s = %.10g)", g->kind, g->fr, g->fs, g->tr[0] ? g->tr : "*",
             g->to[0] ? g->to : "*", g->value);
}

/* |s - v| / |v|, or |s| / mass when v = 0. */
static double rel_gap(double s, double v, double mass)
{
    double d = fabs(s - v);
    if (d == 0) return 0;
    double den = v != 0 ? fabs(v) : mass;
    return den > 0 ? d / den : INFINITY;
}

/* lambda > 0 with lambda P - N / lambda = v, for P, N >= 0 not both zero; 0 = zero the positive cells; -1 = none. */
static double solve_lambda(double P, double N, double v)
{
    if (P > 0 && N > 0) {
        double s = sqrt(v * v + 4 * P * N);
        return v >= 0 ? (v + s) / (2 * P) : 2 * N / (s - v); /* the form without cancellation */
    }
    if (P > 0) return v >= 0 ? v / P : -1;
    if (N > 0) return v < 0 ? N / -v : v == 0 ? INFINITY : -1;
    return v == 0 ? 1 : -1;
}

static double cell(const tsc_table *t, size_t i, size_t j)
{
    size_t n = t->n;
    return i == n ? t->va[j] : j < n ? t->Z[i + j * n] : t->Y[i + (j - n) * n];
}

/* ---- checks before iterating ---- */

static int sorted_subset(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    size_t j = 0;
    for (size_t i = 0; i < na; i++) {
        while (j < nb && b[j] < a[i]) j++;
        if (j == nb || b[j] != a[i]) return 0;
    }
    return 1;
}

static int sorted_meet(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    for (size_t i = 0, j = 0; i < na && j < nb;) {
        if (a[i] == b[j]) return 1;
        if (a[i] < b[j]) i++;
        else j++;
    }
    return 0;
}

static int inside(const tsc_target *a, const tsc_target *b)
{
    return sorted_subset(a->rows, a->nrows, b->rows, b->nrows) && sorted_subset(a->cols, a->ncols, b->cols, b->ncols);
}

static int same_cells(const tsc_target *a, const tsc_target *b)
{
    return a->nrows == b->nrows && a->ncols == b->ncols && inside(a, b);
}

static int check_single(const tsc_targets *tg, size_t k, tsc_error *err)
{
    const tsc_target *g = &tg->v[k];
    char d[700];
    if (g->base_pos == 0 && g->base_neg == 0 && g->value != 0) {
        describe(tg, k, d, sizeof d);
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "infeasible target %s: its %zu cells are all zero, and a "
                          "multiplicative update keeps zeros",
                          d, g->nrows * g->ncols);
    }
    if ((g->base_neg == 0 && g->value < 0) || (g->base_pos == 0 && g->value > 0)) {
        describe(tg, k, d, sizeof d);
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "infeasible target %s: its cells are all %s, and the update "
                          "keeps signs",
                          d, g->value < 0 ? ">= 0" : "<= 0");
    }
    return TSC_OK;
}

/* The targets strictly inside target b that no other such target contains (duplicates of b excluded). */
static size_t maximal_inside(const tsc_targets *tg, const unsigned char *dup, size_t b, size_t *list)
{
    size_t cnt = 0;
    const tsc_target *B = &tg->v[b];
    for (size_t a = 0; a < tg->count; a++)
        if (a != b && !dup[a] && !same_cells(&tg->v[a], B) && inside(&tg->v[a], B)) list[cnt++] = a;
    /* decide every entry against the whole original list first (marking the covered ones in the top bit of their
     * index), then compact: compacting while deciding would compare later entries with overwritten ones */
    const size_t mark = ~(SIZE_MAX >> 1);
    for (size_t p = 0; p < cnt; p++) {
        int covered = 0;
        for (size_t q = 0; q < cnt && !covered; q++) {
            size_t lp = list[p] & ~mark, lq = list[q] & ~mark;
            covered = q != p && inside(&tg->v[lp], &tg->v[lq]) && !(same_cells(&tg->v[lp], &tg->v[lq]) && q > p);
        }
        if (covered) list[p] |= mark;
    }
    size_t keep = 0;
    for (size_t p = 0; p < cnt; p++)
        if (!(list[p] & mark)) list[keep++] = list[p];
    return keep;
}

/* Targets nested in target b, pairwise disjoint, leave b's other cells the sum value(b) - their values: it must be a
 * sum those cells can take (zero when there are none, positive when they are all >= 0, ...). */
static int check_nested(const tsc_targets *tg, const unsigned char *dup, size_t b, size_t *list, unsigned char *mark,
                        size_t *pos, double slack_rel, tsc_error *err)
{
    size_t cnt = maximal_inside(tg, dup, b, list);
    if (cnt == 0) return TSC_OK;
    for (size_t p = 0; p < cnt; p++)
        for (size_t q = p + 1; q < cnt; q++) {
            const tsc_target *A = &tg->v[list[p]], *C = &tg->v[list[q]];
            if (sorted_meet(A->rows, A->nrows, C->rows, C->nrows) && sorted_meet(A->cols, A->ncols, C->cols, C->ncols))
                return TSC_OK; /* overlapping: left to the iterations */
        }
    const tsc_target *B = &tg->v[b];
    memset(mark, 0, B->nrows * B->ncols);
    double S = 0;
    for (size_t p = 0; p < cnt; p++) {
        const tsc_target *A = &tg->v[list[p]];
        S += A->value;
        size_t *pr = pos, *pc = pos + A->nrows;
        for (size_t i = 0, j = 0; i < A->nrows; i++) {
            while (B->rows[j] != A->rows[i]) j++;
            pr[i] = j;
        }
        for (size_t i = 0, j = 0; i < A->ncols; i++) {
            while (B->cols[j] != A->cols[i]) j++;
            pc[i] = j;
        }
        for (size_t c = 0; c < A->ncols; c++)
            for (size_t r = 0; r < A->nrows; r++) mark[pr[r] + pc[c] * B->nrows] = 1;
    }
    double P = 0, N = 0;
    for (size_t c = 0; c < B->ncols; c++)
        for (size_t r = 0; r < B->nrows; r++)
            if (!mark[r + c * B->nrows]) {
                double v = cell(tg->t, B->rows[r], B->cols[c]);
                if (v > 0) P += v;
                else N -= v;
            }
    double D = B->value - S, slack = slack_rel * fmax(fabs(B->value), fabs(S));
    const char *why = NULL;
    if (P == 0 && N == 0 && fabs(D) > slack) why = "they cover its cells, so the values must agree";
    else if (N == 0 && P > 0 && D < -slack) why = "its other cells are all >= 0";
    else if (P == 0 && N > 0 && D > slack) why = "its other cells are all <= 0";
    if (!why) return TSC_OK;
    char d[700], lines[256] = "";
    describe(tg, b, d, sizeof d);
    for (size_t p = 0, used = 0; p < cnt && used + 24 < sizeof lines; p++) {
        const tsc_target *A = &tg->v[list[p]];
        int m = A->file ? snprintf(lines + used, sizeof lines - used, "%s%zu", p ? ", " : "", A->line)
                        : snprintf(lines + used, sizeof lines - used, "%s#%zu", p ? ", " : "", list[p] + 1);
        if (m > 0) used += (size_t)m;
    }
    return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                      "contradictory targets: %s holds %zu target%s (line%s %s%s) summing "
                      "to %.10g, leaving %.10g for the rest, but %s",
                      d, cnt, cnt == 1 ? "" : "s", cnt == 1 ? "" : "s", lines,
                      strlen(lines) + 24 >= sizeof lines ? " ..." : "", S, D, why);
}

static int precheck(tsc_update *u, tsc_error *err)
{
    const tsc_targets *tg = u->tg;
    char d1[700], d2[700];
    int rc;
    for (size_t k = 0; k < tg->count; k++) {
        const tsc_target *g = &tg->v[k];
        if (u->o.skip_empty && g->base_pos == 0 && g->base_neg == 0 && g->value != 0) {
            u->dup[k] = 2;
            u->skipped++;
        } else if ((rc = check_single(tg, k, err))) {
            return rc;
        }
    }
    for (size_t b = 0; b < tg->count; b++)
        for (size_t a = 0; a < b && !u->dup[b]; a++) {
            const tsc_target *A = &tg->v[a], *B = &tg->v[b];
            if (u->dup[a] || !same_cells(A, B)) continue;
            if (fabs(A->value - B->value) > 10 * u->o.tol * fmax(fabs(A->value), fabs(B->value))) {
                describe(tg, a, d1, sizeof d1);
                describe(tg, b, d2, sizeof d2);
                return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "contradictory targets: %s and %s select the same cells",
                                  d1, d2);
            }
            u->dup[b] = 1;
        }
    /* workspaces for the largest target, so the checks do not allocate in the loop */
    size_t maxcells = 1, maxrc = 1;
    for (size_t k = 0; k < tg->count; k++) {
        if (tg->v[k].nrows * tg->v[k].ncols > maxcells) maxcells = tg->v[k].nrows * tg->v[k].ncols;
        if (tg->v[k].nrows + tg->v[k].ncols > maxrc) maxrc = tg->v[k].nrows + tg->v[k].ncols;
    }
    size_t *list = tsc__malloc((tg->count + 1) * sizeof *list), *pos = tsc__malloc(maxrc * sizeof *pos);
    unsigned char *mark = tsc__malloc(maxcells);
    rc = list && pos && mark ? TSC_OK : tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t b = 0; b < tg->count && !rc; b++)
        if (!u->dup[b]) rc = check_nested(tg, u->dup, b, list, mark, pos, 10 * u->o.tol, err);
    tsc__free(list);
    tsc__free(pos);
    tsc__free(mark);
    return rc;
}

/* ---- the solver ---- */

int tsc_update_new(const tsc_table *t, const tsc_targets *tg, const tsc_update_opts *opts, tsc_update **out,
                   tsc_error *err)
{
    *out = NULL;
    if (tg->t != t) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the targets were made for another table");
    tsc_update *u = tsc__calloc(1, sizeof *u);
    if (!u) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    u->t = t;
    u->tg = tg;
    if (opts) u->o = *opts;
    else tsc_update_opts_init(&u->o);
    if (!(u->o.tol > 0 && u->o.tol < 1)) {
        tsc__free(u);
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "tolerance must be in (0, 1)");
    }
    if (u->o.progress_every == 0) u->o.progress_every = 100;
    if (u->o.max_iter == 0) u->o.max_iter = TSC_UPDATE_MAX_ITER;
    size_t n = t->n, m = t->G * t->F, cells;
    u->n = n;
    u->ld = n + 1;
    u->nc = n + m;
    int rc;
    if (tsc__mul_size(u->ld, u->nc, &cells)) {
        tsc__free(u);
        return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "table too large");
    }
    u->M = tsc__alloc_doubles(cells, 1);
    u->dup = tsc__calloc(tg->count + 1, 1);
    if (!u->M || !u->dup) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t j = 0; j < n; j++) {
        memcpy(u->M + j * u->ld, t->Z + j * n, n * sizeof(double));
        u->M[n + j * u->ld] = t->va[j];
    }
    for (size_t c = 0; c < m; c++) memcpy(u->M + (n + c) * u->ld, t->Y + c * n, n * sizeof(double));
    if ((rc = precheck(u, err))) goto fail;
    u->tgap = u->bgap = INFINITY;
    u->stall_gap = INFINITY;
    *out = u;
    return TSC_OK;
fail:
    tsc_update_free(u);
    return rc;
}

void tsc_update_free(tsc_update *u)
{
    if (!u) return;
    tsc__free(u->M);
    tsc__free(u->dup);
    tsc__free(u);
}

/* Scales target k's cells toward its value; gap: the target's gap before. */
static int apply_target(tsc_update *u, size_t k, double *gap, tsc_error *err)
{
    const tsc_target *g = &u->tg->v[k];
    double P = 0, N = 0;
    for (size_t b = 0; b < g->ncols; b++) {
        const double *col = u->M + g->cols[b] * u->ld;
        for (size_t a = 0; a < g->nrows; a++) {
            double v = col[g->rows[a]];
            if (v > 0) P += v;
            else N -= v;
        }
    }
    *gap = rel_gap(P - N, g->value, P + N);
    if (*gap <= ROUNDING_GAP) return TSC_OK;
    double lam = solve_lambda(P, N, g->value);
    if (!(lam >= 0) || !isfinite(P + N)) {
        char d[700];
        describe(u->tg, k, d, sizeof d);
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "target %s cannot be met after %zu sweeps: its cells sum to "
                          "%.10g (positive %.6g, negative %.6g); the targets contradict each other",
                          d, u->sweeps, P - N, P, N);
    }
    for (size_t b = 0; b < g->ncols; b++) {
        double *col = u->M + g->cols[b] * u->ld;
        for (size_t a = 0; a < g->nrows; a++) {
            double *v = &col[g->rows[a]];
            if (*v > 0) *v *= lam;
            else if (*v < 0) *v = isinf(lam) ? 0 : *v / lam;
        }
    }
    return TSC_OK;
}

/* Balances row i against column i (Z1 + Y1 = 1'Z + va): the row's cells scale by lambda, the column's by 1 / lambda
 * (negative cells inversely); the diagonal cell is in both and stays. gap: the identity's gap before. */
static int apply_balance(tsc_update *u, size_t i, double *gap, tsc_error *err)
{
    double *M = u->M;
    size_t ld = u->ld, nc = u->nc, n = u->n;
    double P = 0, N = 0, x = M[i + i * ld];
    for (size_t j = 0; j < nc; j++) {
        if (j == i) continue;
        double v = M[i + j * ld];
        x += v;
        if (v > 0) P += v;
        else N -= v;
    }
    const double *col = M + i * ld;
    for (size_t k = 0; k <= n; k++) {
        if (k == i) continue;
        if (col[k] > 0) N += col[k];
        else P -= col[k];
    }
    double den = fmax(fabs(x), 0.5 * (P + N));
    *gap = P == N ? 0 : den > 0 ? fabs(P - N) / den : INFINITY;
    if (*gap <= ROUNDING_GAP) return TSC_OK;
    if (!(P > 0 && N > 0) || !isfinite(P + N)) {
        const tsc_table *t = u->t;
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "row %s.%s cannot balance after %zu sweeps (sales %.6g, inputs "
                          "and value added %.6g): the targets leave it no room",
                          t->regions[i / t->N], t->sectors[i % t->N], u->sweeps, P, N);
    }
    double lam = sqrt(N / P);
    for (size_t j = 0; j < nc; j++) {
        if (j == i) continue;
        double *v = &M[i + j * ld];
        if (*v > 0) *v *= lam;
        else *v /= lam;
    }
    double *c = M + i * ld;
    for (size_t k = 0; k <= n; k++) {
        if (k == i) continue;
        if (c[k] > 0) c[k] /= lam;
        else c[k] *= lam;
    }
    return TSC_OK;
}

int tsc_update_iterate(tsc_update *u, tsc_error *err)
{
    double tgap = 0, bgap = 0, gap;
    size_t tworst = 0, bworst = 0;
    int rc;
    for (size_t k = 0; k < u->tg->count; k++) {
        if (u->dup[k]) continue;
        if ((rc = apply_target(u, k, &gap, err))) return rc;
        if (gap > tgap) {
            tgap = gap;
            tworst = k;
        }
    }
    for (size_t i = 0; i < u->n; i++) {
        if ((rc = apply_balance(u, i, &gap, err))) return rc;
        if (gap > bgap) {
            bgap = gap;
            bworst = i;
        }
    }
    u->sweeps++;
    u->tgap = tgap;
    u->bgap = bgap;
    u->tworst = tworst;
    u->bworst = bworst;
    if (!isfinite(tgap) || !isfinite(bgap))
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the update diverged after %zu sweeps (non-finite values)",
                          u->sweeps);
    return TSC_OK;
}

/* The convergence test (include/tariffscope/update.h) on the two gaps, which is the test of their maximum: each gap is
 * a maximum over constraints taken with ">", so never NaN (a table with non-finite cells is refused when finished). */
static int gaps_converged(double target_gap, double balance_gap, double tol)
{
    return tsc__converged(target_gap, tol) && tsc__converged(balance_gap, tol);
}

int tsc_update_converged(const tsc_update *u)
{
    return u->sweeps > 0 && gaps_converged(u->tgap, u->bgap, u->o.tol);
}

void tsc_update_get_status(const tsc_update *u, tsc_update_status *st)
{
    st->sweeps = u->sweeps;
    st->target_gap = u->tgap;
    st->worst_target = u->tworst;
    st->balance_gap = u->bgap;
    st->worst_row = u->bworst;
    st->skipped = u->skipped;
}

static int copy_labels(tsc_table *a, const tsc_table *t, tsc_error *err)
{
    for (size_t r = 0; r < t->G; r++)
        if (!(a->regions[r] = tsc__strdup(t->regions[r]))) goto nomem;
    for (size_t s = 0; s < t->N; s++)
        if (!(a->sectors[s] = tsc__strdup(t->sectors[s]))) goto nomem;
    for (size_t f = 0; f < t->F; f++)
        if (!(a->fdcats[f] = tsc__strdup(t->fdcats[f]))) goto nomem;
    memcpy(a->goods, t->goods, t->N);
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

int tsc_update_result(const tsc_update *u, tsc_table **out, tsc_update_status *st, double *achieved, tsc_error *err)
{
    *out = NULL;
    const tsc_table *t = u->t;
    size_t n = u->n, m = u->nc - n, ld = u->ld;
    int rc;
    tsc_table *a = tsc__table_alloc(t->G, t->N, t->F, (size_t)-1, err);
    if (!a) return err ? err->code : TSC_ENOMEM;
    if ((rc = copy_labels(a, t, err))) goto fail;
    for (size_t j = 0; j < n; j++) memcpy(a->Z + j * n, u->M + j * ld, n * sizeof(double));
    for (size_t c = 0; c < m; c++) memcpy(a->Y + c * n, u->M + (n + c) * ld, n * sizeof(double));
    /* x from the rows, va from the columns: the table balances to rounding; the balance gap says how far va moved */
    double bgap = 0;
    size_t bworst = 0;
    for (size_t i = 0; i < n; i++) {
        double x = 0;
        for (size_t j = 0; j < u->nc; j++) x += u->M[i + j * ld];
        a->x[i] = x;
    }
    for (size_t j = 0; j < n; j++) {
        double cs = 0;
        const double *col = a->Z + j * n;
        for (size_t i = 0; i < n; i++) cs += col[i];
        a->va[j] = a->x[j] - cs;
        double d = fabs(a->va[j] - u->M[n + j * ld]), den = fmax(fabs(a->x[j]), fabs(cs));
        double gap = d == 0 ? 0 : den > 0 ? d / den : INFINITY;
        if (gap > bgap) {
            bgap = gap;
            bworst = j;
        }
    }
    double tgap = 0;
    size_t tworst = 0;
    for (size_t k = 0; k < u->tg->count; k++) {
        const tsc_target *g = &u->tg->v[k];
        double s = 0, mass = 0;
        for (size_t b = 0; b < g->ncols; b++)
            for (size_t r = 0; r < g->nrows; r++) {
                double v = cell(a, g->rows[r], g->cols[b]);
                s += v;
                mass += fabs(v);
            }
        if (achieved) achieved[k] = s;
        if (u->dup[k] == 2) continue;
        double gap = rel_gap(s, g->value, mass);
        if (gap > tgap) {
            tgap = gap;
            tworst = k;
        }
    }
    snprintf(a->unit, sizeof a->unit, "%s", t->unit);
    a->year = u->o.year ? u->o.year : t->year;
    if (u->o.source) snprintf(a->source, sizeof a->source, "%s", u->o.source);
    else if (snprintf(a->source, sizeof a->source, "%s, updated to %zu targets", t->source, u->tg->count) < 0)
        a->source[0] = '\0';
    tsc_load_opts lo;
    tsc_load_opts_init(&lo);
    lo.max_bytes = (size_t)-1;
    rc = tsc__table_finish(a, &lo, 1, 1, NULL, err);
    if (rc < 0) goto fail;
    if (st) {
        st->sweeps = u->sweeps;
        st->target_gap = tgap;
        st->worst_target = tworst;
        st->balance_gap = bgap;
        st->worst_row = bworst;
        st->skipped = u->skipped;
    }
    *out = a;
    return rc;
fail:
    tsc_table_free(a);
    return rc;
}

int tsc_table_update(const tsc_table *t, const tsc_targets *tg, const tsc_update_opts *opts, tsc_table **out,
                     tsc_update_status *st, double *achieved, tsc_error *err)
{
    *out = NULL;
    tsc_update *u = NULL;
    tsc_table *a = NULL;
    tsc_update_status s;
    int rc = tsc_update_new(t, tg, opts, &u, err);
    if (rc) return rc;
    const tsc_update_opts *o = &u->o;
    for (;;) {
        if (u->sweeps >= o->max_iter) break;
        if ((rc = tsc_update_iterate(u, err))) goto fail;
        if (o->progress && u->sweeps % o->progress_every == 0)
            o->progress(o->progress_ctx, u->sweeps, fmax(u->tgap, u->bgap));
        if (tsc_update_converged(u)) {
            /* the gaps were measured before each constraint moved; check the final table itself */
            tsc_table_free(a);
            if ((rc = tsc_update_result(u, &a, &s, achieved, err)) < 0) {
                a = NULL;
                goto fail;
            }
            if (gaps_converged(s.target_gap, s.balance_gap, o->tol)) break;
        }
        if (u->sweeps % STALL_WINDOW == 0) {
            double gap = fmax(u->tgap, u->bgap);
            if (gap > STALL_RATIO * u->stall_gap) break;
            u->stall_gap = gap;
        }
    }
    if (!a || !gaps_converged(s.target_gap, s.balance_gap, o->tol)) {
        char d[700];
        tsc_update_get_status(u, &s);
        int stalled = u->sweeps < o->max_iter;
        if (s.target_gap >= s.balance_gap) {
            describe(tg, s.worst_target, d, sizeof d);
        } else {
            snprintf(d, sizeof d, "the balance of row %s.%s", t->regions[s.worst_row / t->N],
                     t->sectors[s.worst_row % t->N]);
        }
        rc = tsc__error(err, TSC_ENUMERIC, NULL, 0, 0,
                        "no convergence after %zu sweeps (%s): worst gap %.3g > tolerance "
                        "%.3g at %s; %s",
                        u->sweeps, stalled ? "the gap stopped shrinking" : "the sweep limit",
                        fmax(s.target_gap, s.balance_gap), o->tol, d,
                        stalled ? "the targets probably contradict each other"
                                : "allow more sweeps or a looser tolerance");
        goto fail;
    }
    if (st) *st = s;
    *out = a;
    a = NULL;
fail:
    tsc_table_free(a);
    tsc_update_free(u);
    return rc;
}
