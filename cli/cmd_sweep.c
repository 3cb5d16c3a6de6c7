/* tariffscope sweep: a plan's grid of tables x scenarios x draws x jobs on threads and MPI ranks, gathered in order. */
#include <cblas.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sweep.h"

#define NONE SIZE_MAX
#define POLL_NS                                                                                          \
    1000000L /* how long a rank's main thread sleeps between looks at MPI: 1 ms, against cells of 10 ms+ \
              */

/* The grid and what has become of each cell, shared by the threads of one process (under its mutex). */
typedef struct sched {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const sweep_plan *p;
    const sweep_cell *cells;
    size_t n;
    size_t *table_start; /* first cell of each table (cells are table by table), ntables + 1 entries */
    unsigned char *taken;
    sweep_result *res;
    size_t limit; /* no cell at or past it is handed out: the first failed cell in grid order */
    /* a rank other than 0 runs only the cells rank 0 gives it: they wait in queue */
    int remote;
    size_t *queue, qhead, qtail;
    int no_more; /* rank 0 has no more cells for this rank */
    size_t running;
} sched;

/* The cell for a worker that holds table `hint` in its cache: the next cell of that table, else the first cell of
 * a table no worker has started (so that workers do not load the same table twice), else the first cell left. */
static size_t pick(sched *s, size_t hint)
{
    const sweep_plan *p = s->p;
    if (hint != NONE)
        for (size_t k = s->table_start[hint]; k < s->table_start[hint + 1] && k < s->limit; k++)
            if (!s->taken[k]) return k;
    for (size_t t = 0; t < p->ntables; t++) {
        size_t k = s->table_start[t];
        if (k >= s->limit) break;
        if (!s->taken[k]) return k;
    }
    for (size_t k = 0; k < s->limit && k < s->n; k++)
        if (!s->taken[k]) return k;
    return NONE;
}

static void *worker(void *arg)
{
    sched *s = arg;
    sweep_cache cache;
    sweep_cache_init(&cache);
    for (;;) {
        size_t k = NONE;
        pthread_mutex_lock(&s->mu);
        if (!s->remote) {
            k = pick(s, cache.table);
            if (k != NONE) s->taken[k] = 1;
        } else {
            while (s->qhead == s->qtail && !s->no_more) pthread_cond_wait(&s->cv, &s->mu);
            if (s->qhead < s->qtail) k = s->queue[s->qhead++];
        }
        if (k != NONE) s->running++;
        pthread_mutex_unlock(&s->mu);
        if (k == NONE) break;
        sweep_result r;
        sweep_cell_run(s->p, &s->cells[k], &cache, &r);
        pthread_mutex_lock(&s->mu);
        s->res[k] = r;
        s->running--;
        if (r.status && k < s->limit) s->limit = k;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
    }
    sweep_cache_free(&cache);
    return NULL;
}

/* Waits on the condition for at most POLL_NS (a rank that must also look at MPI), else until signalled. */
static void wait_a_little(sched *s, int poll)
{
    if (!poll) {
        pthread_cond_wait(&s->cv, &s->mu);
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += POLL_NS;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&s->cv, &s->mu, &ts);
}

/* ---- rank 0: the files ----------------------------------------------------------------------------------------- */

typedef struct writer {
    const sweep_plan *p;
    const char *dir, *ext; /* ext: ".csv", or ".csv.gz" with --gzip */
    tsc_outset *set;
    FILE **f;
    char **header; /* each job's header line, from its first cell */
    size_t *rows;
    size_t last_table; /* the table whose messages were printed last */
    char err[1600];
} writer;

static int writer_open(writer *w, const sweep_plan *p, const char *dir, int gzip)
{
    tsc_error err;
    char path[1400], name[300];
    memset(w, 0, sizeof *w);
    w->p = p;
    w->dir = dir;
    w->ext = gzip ? ".csv.gz" : ".csv";
    w->last_table = NONE;
    w->f = calloc(p->njobs, sizeof *w->f);
    w->header = calloc(p->njobs, sizeof *w->header);
    w->rows = calloc(p->njobs, sizeof *w->rows);
    if (!w->f || !w->header || !w->rows) {
        snprintf(w->err, sizeof w->err, "out of memory");
        return 1;
    }
    if (tsc_outset_new(dir, &w->set, &err)) goto fail;
    for (size_t j = 0; j < p->njobs; j++) {
        snprintf(name, sizeof name, "%s%s", p->jobs[j].name, w->ext);
        if (tsc_outset_add(w->set, name, path, sizeof path, &err)) goto fail;
        if (!(w->f[j] = cli_open_out_as(path, gzip))) {
            snprintf(w->err, sizeof w->err, "%s/%s: cannot write", dir, name);
            return 1;
        }
    }
    return 0;
fail:;
    char buf[1200];
    snprintf(w->err, sizeof w->err, "%s", tsc_error_format(&err, buf, sizeof buf));
    return 1;
}

/* Appends cell k's result to its job's file (its header once, checked against every later cell's). */
static int writer_put(writer *w, const sweep_cell *c, const sweep_result *r)
{
    if (c->table != w->last_table) {
        if (r->nmsgs) fwrite(r->msgs, 1, r->nmsgs, stderr);
        w->last_table = c->table;
    }
    if (r->status) {
        snprintf(w->err, sizeof w->err, "%s", r->err);
        return 1;
    }
    const char *nl = memchr(r->csv, '\n', r->len);
    size_t hl = nl ? (size_t)(nl - r->csv) + 1 : r->len;
    FILE *f = w->f[c->job];
    if (!w->header[c->job]) {
        if (!(w->header[c->job] = malloc(hl + 1))) {
            snprintf(w->err, sizeof w->err, "out of memory");
            return 1;
        }
        memcpy(w->header[c->job], r->csv, hl);
        w->header[c->job][hl] = '\0';
        fwrite(r->csv, 1, hl, f);
    } else if (strlen(w->header[c->job]) != hl || memcmp(w->header[c->job], r->csv, hl) != 0) {
        snprintf(w->err, sizeof w->err, "%s, job %s: its columns differ from the job's first table's (%.*s)",
                 w->p->table_names[c->table], w->p->jobs[c->job].name, (int)(hl ? hl - 1 : 0), r->csv);
        return 1;
    }
    fwrite(r->csv + hl, 1, r->len - hl, f);
    for (size_t k = hl; k < r->len; k++) w->rows[c->job] += r->csv[k] == '\n';
    return 0;
}

/* Closes the files and renames them into place (commit), or removes them all (abort). */
static int writer_close(writer *w, int commit)
{
    int bad = 0;
    for (size_t j = 0; w->f && j < w->p->njobs; j++)
        if (w->f[j] && fclose(w->f[j]) != 0 && !bad) {
            bad = 1;
            snprintf(w->err, sizeof w->err, "%s/%s%s: write failed", w->dir, w->p->jobs[j].name, w->ext);
        }
    tsc_error err;
    if (commit && !bad && w->set) {
        bad = tsc_outset_commit(w->set, &err) != 0;
        if (bad) {
            char buf[1200];
            snprintf(w->err, sizeof w->err, "%s", tsc_error_format(&err, buf, sizeof buf));
        }
    } else {
        tsc_outset_abort(w->set);
        bad = 1;
    }
    w->set = NULL;
    for (size_t j = 0; w->header && j < w->p->njobs; j++) free(w->header[j]);
    free(w->header);
    free(w->f);
    w->header = NULL;
    w->f = NULL;
    return bad;
}

/* ---- MPI: rank 0 hands out cells and gathers results; the other ranks ask and send -------------------------- */

typedef struct ranks {
    int rank, size;
    size_t *outstanding;     /* cells given to each rank and not yet returned */
    unsigned char *finished; /* told there are no more cells */
} ranks;

static void send_result(size_t k, const sweep_result *r)
{
    size_t el = strlen(r->err);
    int64_t w[5] = {(int64_t)k, r->status, (int64_t)r->len, (int64_t)r->nmsgs, (int64_t)el};
    sweep_mpi_send_words(0, SWEEP_TAG_RESULT, w, 5);
    sweep_mpi_send_bytes(0, SWEEP_TAG_RESULT, r->csv, r->len);
    sweep_mpi_send_bytes(0, SWEEP_TAG_RESULT, r->msgs, r->nmsgs);
    sweep_mpi_send_bytes(0, SWEEP_TAG_RESULT, r->err, el);
}

/* Receives a result from rank src into s->res (a result past the limit is dropped: nobody will write it). */
static void recv_result(sched *s, ranks *rk, int src)
{
    int64_t w[5];
    sweep_mpi_recv_words(src, SWEEP_TAG_RESULT, w, 5);
    sweep_result r;
    memset(&r, 0, sizeof r);
    size_t k = (size_t)w[0], el = (size_t)w[4];
    r.status = (int)w[1];
    r.len = (size_t)w[2];
    r.nmsgs = (size_t)w[3];
    r.csv = malloc(r.len + 1);
    r.msgs = malloc(r.nmsgs + 1);
    char *e = malloc(el + 1);
    /* what cannot be held is still taken off the wire (NULL: received and dropped), and the cell fails */
    sweep_mpi_recv_bytes(src, SWEEP_TAG_RESULT, r.csv, r.len);
    sweep_mpi_recv_bytes(src, SWEEP_TAG_RESULT, r.msgs, r.nmsgs);
    sweep_mpi_recv_bytes(src, SWEEP_TAG_RESULT, e, el);
    if (!r.csv || !r.msgs || !e) {
        r.status = 1;
        snprintf(r.err, sizeof r.err, "out of memory gathering a result from rank %d", src);
    } else if (r.status) {
        snprintf(r.err, sizeof r.err, "%.*s", (int)el, e);
    }
    free(e);
    if (r.msgs && !r.nmsgs) {
        free(r.msgs);
        r.msgs = NULL;
    }
    r.done = 1;
    rk->outstanding[src]--;
    pthread_mutex_lock(&s->mu);
    if (k < s->n && !s->res[k].done) {
        s->res[k] = r;
        if (r.status && k < s->limit) s->limit = k;
    } else sweep_result_free(&r);
    pthread_mutex_unlock(&s->mu);
}

/* Rank 0: answers every message waiting. */
static void serve(sched *s, ranks *rk)
{
    int src, tag;
    while (sweep_mpi_probe(&src, &tag)) {
        if (tag == SWEEP_TAG_RESULT) {
            recv_result(s, rk, src);
            continue;
        }
        int64_t hint;
        sweep_mpi_recv_words(src, SWEEP_TAG_ASK, &hint, 1);
        pthread_mutex_lock(&s->mu);
        size_t k = pick(s, hint < 0 || (size_t)hint >= s->p->ntables ? NONE : (size_t)hint);
        if (k != NONE) s->taken[k] = 1;
        pthread_mutex_unlock(&s->mu);
        int64_t give = k == NONE ? -1 : (int64_t)k;
        if (k == NONE) rk->finished[src] = 1;
        else rk->outstanding[src]++;
        sweep_mpi_send_words(src, SWEEP_TAG_CELL, &give, 1);
    }
}

static int others_finished(const ranks *rk)
{
    for (int r = 1; r < rk->size; r++)
        if (!rk->finished[r] || rk->outstanding[r]) return 0;
    return 1;
}

/* A rank other than 0 without worker threads (none could be started, or no memory to track them): asks for a cell,
 * computes it on this thread, sends it back, until rank 0 has no more. */
static void remote_serial(sched *s)
{
    sweep_cache cache;
    sweep_cache_init(&cache);
    for (;;) {
        int64_t h = cache.table == NONE ? -1 : (int64_t)cache.table, k;
        sweep_mpi_send_words(0, SWEEP_TAG_ASK, &h, 1);
        sweep_mpi_recv_words(0, SWEEP_TAG_CELL, &k, 1);
        if (k < 0) break;
        sweep_result r;
        sweep_cell_run(s->p, &s->cells[k], &cache, &r);
        send_result((size_t)k, &r);
        sweep_result_free(&r);
    }
    sweep_cache_free(&cache);
}

/* A rank other than 0: asks for cells while its threads have room, sends back what they finish. */
static void remote_loop(sched *s, size_t threads)
{
    size_t *mine = threads ? malloc(s->n * sizeof *mine) : NULL, nmine = 0, sent = 0, hint = NONE;
    unsigned char *gone = threads ? calloc(s->n, 1) : NULL;
    if (!mine || !gone) {
        /* the worker threads (if any) are told there is nothing for them */
        pthread_mutex_lock(&s->mu);
        s->no_more = 1;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        free(mine);
        free(gone);
        remote_serial(s);
        return;
    }
    for (;;) {
        pthread_mutex_lock(&s->mu);
        size_t waiting = s->qtail - s->qhead, busy = s->running;
        int no_more = s->no_more;
        pthread_mutex_unlock(&s->mu);
        if (!no_more && waiting + busy < threads) {
            int64_t h = hint == NONE ? -1 : (int64_t)hint, k;
            sweep_mpi_send_words(0, SWEEP_TAG_ASK, &h, 1);
            sweep_mpi_recv_words(0, SWEEP_TAG_CELL, &k, 1);
            pthread_mutex_lock(&s->mu);
            if (k < 0) s->no_more = 1;
            else {
                s->queue[s->qtail++] = (size_t)k;
                mine[nmine++] = (size_t)k;
                hint = s->cells[k].table;
            }
            pthread_cond_broadcast(&s->cv);
            pthread_mutex_unlock(&s->mu);
            continue;
        }
        /* results ready to go back, in the order they were given */
        for (size_t m = 0; m < nmine; m++) {
            size_t k = mine[m];
            if (gone[k]) continue;
            pthread_mutex_lock(&s->mu);
            int done = s->res[k].done;
            pthread_mutex_unlock(&s->mu);
            if (!done) continue;
            send_result(k, &s->res[k]);
            sweep_result_free(&s->res[k]);
            gone[k] = 1;
            sent++;
        }
        pthread_mutex_lock(&s->mu);
        int over = s->no_more && s->qhead == s->qtail && s->running == 0 && sent == nmine;
        if (!over) wait_a_little(s, 1);
        pthread_mutex_unlock(&s->mu);
        if (over) break;
    }
    free(mine);
    free(gone);
}

/* ---- the command ----------------------------------------------------------------------------------------------- */

/* start[t]: the first cell of table t (the cells come table by table); start[ntables] = n. */
static void table_starts(const sweep_plan *p, const sweep_cell *cells, size_t n, size_t *start)
{
    size_t k = 0;
    for (size_t t = 0; t <= p->ntables; t++) {
        while (k < n && cells[k].table < t) k++;
        start[t] = k;
    }
}

/* Rank 0 (or the only process): runs the workers, serves the other ranks and writes the files in grid order. */
static int run_master(sched *s, ranks *rk, size_t threads, const char *dir, int gzip, int verbose, double t0)
{
    writer w;
    int failed = writer_open(&w, s->p, dir, gzip);
    pthread_t *tid = calloc(threads, sizeof *tid);
    size_t started = 0, next = 0;
    if (!tid) {
        failed = 1;
        snprintf(w.err, sizeof w.err, "out of memory");
    }
    if (failed) {
        pthread_mutex_lock(&s->mu);
        s->limit = 0; /* hand out nothing: the other ranks are told so when they ask */
        pthread_mutex_unlock(&s->mu);
    }
    for (; !failed && started < threads; started++)
        if (pthread_create(&tid[started], NULL, worker, s)) break;
    if (!failed && started == 0) {
        /* no thread to be had: this one works alone (the other ranks still get cells when it serves them) */
        worker(s);
    }
    int poll = rk->size > 1;
    for (;;) {
        if (poll) serve(s, rk);
        pthread_mutex_lock(&s->mu);
        while (!failed && next < s->limit && next < s->n && s->res[next].done) {
            sweep_result r = s->res[next];
            memset(&s->res[next], 0, sizeof r);
            s->res[next].done = 1;
            pthread_mutex_unlock(&s->mu);
            if (writer_put(&w, &s->cells[next], &r)) {
                failed = 1;
                pthread_mutex_lock(&s->mu);
                if (next < s->limit) s->limit = next;
                pthread_mutex_unlock(&s->mu);
            }
            sweep_result_free(&r);
            pthread_mutex_lock(&s->mu);
            if (!failed) next++;
        }
        /* done when nothing is left to write and the other ranks, told there are no more cells, have sent back
         * every cell they had */
        size_t end = s->limit < s->n ? s->limit : s->n;
        int over = (failed || next >= end) && (!poll || others_finished(rk));
        if (!over) wait_a_little(s, poll);
        pthread_mutex_unlock(&s->mu);
        if (over) break;
    }
    for (size_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
    free(tid);
    if (!failed && next < s->n) {
        /* a cell failed: its error, the first in grid order */
        snprintf(w.err, sizeof w.err, "%s", s->res[next].err);
        failed = 1;
    }
    if (writer_close(&w, !failed)) {
        fprintf(stderr, "tariffscope: %s\n", w.err[0] ? w.err : "sweep failed");
        fprintf(stderr, "tariffscope: nothing was written to %s\n", dir);
        free(w.rows);
        return 1;
    }
    for (size_t j = 0; j < s->p->njobs; j++)
        printf("wrote %s/%s%s (%zu rows)\n", dir, s->p->jobs[j].name, w.ext, w.rows[j]);
    if (verbose)
        fprintf(stderr, "sweep: %zu cells in %.3f s on %d rank%s x %zu thread%s\n", s->n, cli_now() - t0, rk->size,
                rk->size == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
    free(w.rows);
    return 0;
}

static int run(const cli_args *a)
{
    double t0 = cli_now();
    int rank = 0, size = 1, mpi = sweep_mpi_launched(), status = 1;
    char why[300];
    if (mpi && sweep_mpi_start(&rank, &size, why, sizeof why)) {
        fprintf(stderr, "tariffscope: %s\n", why);
        return 1;
    }
    sweep_plan p;
    tsc_error err;
    sweep_cell *cells = NULL;
    size_t n = 0;
    sched s;
    memset(&s, 0, sizeof s);
    ranks rk = {rank, size, NULL, NULL};
    int ok = sweep_plan_read(a->pos[0], &p, &err) == TSC_OK;
    if (!ok && rank == 0) cli_fail(&err);
    if (ok && !(n = sweep_grid(&p, &cells))) {
        ok = 0;
        if (rank == 0) fprintf(stderr, "tariffscope: %s: the grid is too large or out of memory\n", a->pos[0]);
    }
    if (ok) {
        s.p = &p;
        s.cells = cells;
        s.n = n;
        s.limit = n;
        s.remote = rank != 0;
        s.table_start = malloc((p.ntables + 1) * sizeof *s.table_start);
        s.taken = calloc(n, 1);
        s.res = calloc(n, sizeof *s.res);
        s.queue = malloc(n * sizeof *s.queue);
        rk.outstanding = calloc((size_t)size, sizeof *rk.outstanding);
        rk.finished = calloc((size_t)size, 1);
        ok = s.table_start && s.taken && s.res && s.queue && rk.outstanding && rk.finished;
        if (!ok) fprintf(stderr, "tariffscope: out of memory\n");
        else table_starts(&p, cells, n, s.table_start);
    }
    /* every rank read the same plan into the same grid, or none goes on */
    if (mpi && sweep_mpi_min(ok ? (long)n : -1) != (ok ? (long)n : -1)) {
        if (ok && rank == 0) fprintf(stderr, "tariffscope: the ranks do not read the same plan\n");
        ok = 0;
    }
    if (mpi && sweep_mpi_min(ok) == 0) ok = 0;
    if (ok) {
        /* the parallelism is the grid's: OpenBLAS runs one thread in each worker, so the results are the same
         * bytes whatever the threads and ranks */
        openblas_set_num_threads(1);
        size_t threads = a->threads;
        if (threads == 0 && !mpi) {
            long c = sysconf(_SC_NPROCESSORS_ONLN);
            threads = c > 0 ? (size_t)c : 1;
        }
        if (threads == 0) threads = 1;
        if (threads > n) threads = n;
        pthread_mutex_init(&s.mu, NULL);
        pthread_cond_init(&s.cv, NULL);
        if (rank == 0) status = run_master(&s, &rk, threads, a->out, a->gzip, a->verbose, t0);
        else {
            pthread_t *tid = calloc(threads, sizeof *tid);
            size_t started = 0;
            for (; tid && started < threads; started++)
                if (pthread_create(&tid[started], NULL, worker, &s)) break;
            remote_loop(&s, started);
            for (size_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
            free(tid);
            status = 0;
        }
        pthread_cond_destroy(&s.cv);
        pthread_mutex_destroy(&s.mu);
    }
    for (size_t k = 0; s.res && k < n; k++) sweep_result_free(&s.res[k]);
    free(s.res);
    free(s.taken);
    free(s.queue);
    free(s.table_start);
    free(rk.outstanding);
    free(rk.finished);
    free(cells);
    sweep_plan_free(&p);
    if (mpi) {
        /* rank 0's status for every rank, so mpirun's exit status says whether the sweep succeeded */
        status = sweep_mpi_min(-status) != 0;
        sweep_mpi_stop();
    }
    return status;
}

static const cli_use opts[] = {
    {OPT_OUT, 1, "DIR", "the folder of the jobs' files (DIR/<job name>.csv)", NULL},
    {OPT_THREADS, 0, NULL, "threads per process (0: every online core; under mpirun 1 per rank)", NULL},
    {OPT_GZIP, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_sweep = {
    "sweep",
    "a grid of tables (or years) x scenarios x draws x jobs on every core, or on MPI ranks under mpirun",
    {"PLAN"},
    1,
    opts,
    sizeof opts / sizeof *opts,
    0,
    "PLAN is YAML (docs/SWEEPS.md): tables or years, scenarios, draws, and jobs, each a decompose, leontief, shock "
    "or solve with that command's options. Each job's cells are gathered, in grid order, into DIR/<job name>.csv "
    "with leading table (and scenario, draw) columns: the same bytes on any number of threads or ranks. Under "
    "mpirun (Open MPI), rank 0 hands out the cells and writes; nothing is written unless every cell succeeds.",
    run,
};
