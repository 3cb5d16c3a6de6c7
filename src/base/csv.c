/* Streaming CSV reader: reads gzip or plain text, or a zip archive's entry, in chunks, never the whole file, tracking
 * line and column; numeric records in blocks parsed on every core (tsc__csv_read_numeric). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "numparse_int.h"
#include "parallel_int.h"
#include "stream_int.h"

#define CHUNK ((size_t)1 << 20)

struct tsc_csv {
    tsc_stream *in;
    char *path;
    char *buf; /* raw input: CHUNK bytes, or TSC_CSV_BLOCK once tsc__csv_read_numeric has run */
    size_t len, pos, cap;
    int eof, started;
    char *rec; /* field bytes, each field NUL-terminated */
    size_t rec_len, rec_cap;
    size_t *fstart, *fcol, *flen, *fend; /* fend: column just past the field, quotes included */
    size_t nf, fcap;
    size_t line, cur_line, cur_col;
    char sep; /* field separator: ',' unless tsc__csv_set_sep changed it */
};

const char *tsc__csv_path(const tsc_csv *c)
{
    return c->path;
}
size_t tsc__csv_nfields(const tsc_csv *c)
{
    return c->nf;
}
const char *tsc__csv_field(const tsc_csv *c, size_t i)
{
    return c->rec + c->fstart[i];
}
size_t tsc__csv_flen(const tsc_csv *c, size_t i)
{
    return c->flen[i];
}
size_t tsc__csv_line(const tsc_csv *c)
{
    return c->line;
}
size_t tsc__csv_col(const tsc_csv *c, size_t i)
{
    return i < c->nf ? c->fcol[i] : 0;
}
void tsc__csv_set_sep(tsc_csv *c, char sep)
{
    c->sep = sep;
}

int tsc__csv_open(const char *path, tsc_csv **out, tsc_error *err)
{
    *out = NULL;
    tsc_csv *c = tsc__calloc(1, sizeof *c);
    if (!c) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory opening file");
    c->path = tsc__strdup(path);
    c->buf = tsc__malloc(CHUNK);
    c->cap = CHUNK;
    c->rec_cap = 4096;
    c->rec = tsc__malloc(c->rec_cap);
    c->fcap = 64;
    c->fstart = tsc__malloc(c->fcap * sizeof *c->fstart);
    c->fcol = tsc__malloc(c->fcap * sizeof *c->fcol);
    c->flen = tsc__malloc(c->fcap * sizeof *c->flen);
    c->fend = tsc__malloc(c->fcap * sizeof *c->fend);
    if (!c->path || !c->buf || !c->rec || !c->fstart || !c->fcol || !c->flen || !c->fend) {
        tsc__csv_close(c);
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory opening file");
    }
    int rc = tsc__stream_open(path, &c->in, err);
    if (rc) {
        tsc__csv_close(c);
        return rc;
    }
    c->cur_line = 1;
    c->cur_col = 1;
    c->sep = ',';
    *out = c;
    return TSC_OK;
}

void tsc__csv_close(tsc_csv *c)
{
    if (!c) return;
    tsc__stream_close(c->in);
    tsc__free(c->path);
    tsc__free(c->buf);
    tsc__free(c->rec);
    tsc__free(c->fstart);
    tsc__free(c->fcol);
    tsc__free(c->flen);
    tsc__free(c->fend);
    tsc__free(c);
}

/* Reads up to want bytes into dst: *got of them (0 at end of file, then c->eof is set); < 0 on error. */
static int read_bytes(tsc_csv *c, char *dst, size_t want, size_t *got, tsc_error *err)
{
    *got = 0;
    if (c->eof) return 0;
    int rc = tsc__stream_read(c->in, dst, want, got, err);
    if (rc < 0) {
        if (err) err->line = c->cur_line;
        return rc;
    }
    if (*got == 0) c->eof = 1;
    return TSC_OK;
}

/* Refills the chunk; returns 1 if bytes are available, 0 at end of file, < 0 on error. */
static int refill(tsc_csv *c, tsc_error *err)
{
    size_t n;
    int rc = read_bytes(c, c->buf, c->cap, &n, err);
    if (rc < 0) return rc;
    if (n == 0) return 0;
    c->len = n;
    c->pos = 0;
    if (!c->started) {
        c->started = 1;
        if (c->len >= 3 && (unsigned char)c->buf[0] == 0xEF && (unsigned char)c->buf[1] == 0xBB &&
            (unsigned char)c->buf[2] == 0xBF)
            c->pos = 3; /* UTF-8 byte-order mark */
    }
    return 1;
}

static int rec_push(tsc_csv *c, char ch, tsc_error *err)
{
    if (c->rec_len + 1 >= c->rec_cap) {
        if (c->rec_cap >= TSC_CSV_MAX_RECORD)
            return tsc__error(err, TSC_ETOOBIG, c->path, c->line, 0, "record longer than %zu MiB; refusing to read it",
                              TSC_CSV_MAX_RECORD >> 20);
        size_t cap = c->rec_cap * 2;
        char *p = tsc__realloc(c->rec, cap);
        if (!p) return tsc__error(err, TSC_ENOMEM, c->path, c->line, 0, "out of memory reading record");
        c->rec = p;
        c->rec_cap = cap;
    }
    c->rec[c->rec_len++] = ch;
    return TSC_OK;
}

static int field_begin(tsc_csv *c, tsc_error *err)
{
    if (c->nf == c->fcap) {
        size_t cap = c->fcap * 2;
        size_t *a = tsc__realloc(c->fstart, cap * sizeof *a);
        if (a) c->fstart = a;
        size_t *b = a ? tsc__realloc(c->fcol, cap * sizeof *b) : NULL;
        if (b) c->fcol = b;
        size_t *d = b ? tsc__realloc(c->flen, cap * sizeof *d) : NULL;
        if (d) c->flen = d;
        size_t *e = d ? tsc__realloc(c->fend, cap * sizeof *e) : NULL;
        if (!e) return tsc__error(err, TSC_ENOMEM, c->path, c->line, 0, "out of memory reading record");
        c->fend = e;
        c->fcap = cap;
    }
    c->fstart[c->nf] = c->rec_len;
    c->fcol[c->nf] = c->cur_col;
    return TSC_OK;
}

static int field_end(tsc_csv *c, tsc_error *err)
{
    c->flen[c->nf] = c->rec_len - c->fstart[c->nf];
    c->fend[c->nf] = c->cur_col;
    c->nf++;
    return rec_push(c, '\0', err);
}

enum { ST_FIELD_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_IN_QUOTED };

/* Reads one physical record into rec/fstart; returns 1, 0 at EOF before any byte, or < 0. */
static int read_record(tsc_csv *c, tsc_error *err)
{
    int st = ST_FIELD_START, rc;
    int any = 0;
    c->rec_len = 0;
    c->nf = 0;
    c->line = c->cur_line;
    for (;;) {
        if (c->pos >= c->len) {
            rc = refill(c, err);
            if (rc < 0) return rc;
            if (rc == 0) break;
        }
        char ch = c->buf[c->pos++];
        any = 1;
        if (ch == '\0')
            return tsc__error(err, TSC_EPARSE, c->path, c->cur_line, c->cur_col,
                              "binary data (NUL byte): not a CSV text file");
        if (st == ST_QUOTED) {
            if (ch == '"') st = ST_QUOTE_IN_QUOTED;
            else {
                if (ch == '\n') {
                    c->cur_line++;
                    c->cur_col = 0;
                }
                if ((rc = rec_push(c, ch, err))) return rc;
            }
            c->cur_col++;
            continue;
        }
        if (st == ST_QUOTE_IN_QUOTED) {
            if (ch == '"') { /* escaped quote */
                if ((rc = rec_push(c, '"', err))) return rc;
                st = ST_QUOTED;
                c->cur_col++;
                continue;
            }
            if (ch != c->sep && ch != '\n' && ch != '\r')
                return tsc__error(err, TSC_EPARSE, c->path, c->cur_line, c->cur_col,
                                  "unexpected character '%c' after a closing quote", ch);
            st = ST_UNQUOTED; /* fall through to the separator handling below */
        }
        if (ch == '\r') {
            c->cur_col++;
            continue;
        } /* CRLF: the \n ends the record */
        if (ch == c->sep || ch == '\n') {
            if (st == ST_FIELD_START && (rc = field_begin(c, err))) return rc;
            if ((rc = field_end(c, err))) return rc;
            if (ch == '\n') {
                c->cur_line++;
                c->cur_col = 1;
                return 1;
            }
            c->cur_col++;
            st = ST_FIELD_START;
            continue;
        }
        if (st == ST_FIELD_START) {
            if ((rc = field_begin(c, err))) return rc;
            c->cur_col++;
            if (ch == '"') {
                st = ST_QUOTED;
                continue;
            }
            st = ST_UNQUOTED;
            if ((rc = rec_push(c, ch, err))) return rc;
            continue;
        }
        if (ch == '"')
            return tsc__error(err, TSC_EPARSE, c->path, c->cur_line, c->cur_col, "quote inside an unquoted field");
        if ((rc = rec_push(c, ch, err))) return rc;
        c->cur_col++;
    }
    /* end of file */
    if (!any) return 0;
    if (st == ST_QUOTED)
        return tsc__error(err, TSC_EPARSE, c->path, c->line, 0, "unterminated quoted field at end of file");
    if (st == ST_FIELD_START && (rc = field_begin(c, err))) return rc;
    if ((rc = field_end(c, err))) return rc;
    return 1;
}

int tsc__csv_next(tsc_csv *c, tsc_error *err)
{
    for (;;) {
        int rc = read_record(c, err);
        if (rc <= 0) return rc;
        if (c->nf == 1 && c->flen[0] == 0) continue; /* blank line */
        return 1;
    }
}

int tsc__csv_error_at(const tsc_csv *c, size_t i, tsc_error *err, int code, const char *fmt, ...)
{
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t col = 0;
    if (i < c->nf) col = c->fcol[i];
    else if (c->nf) col = c->fend[c->nf - 1];
    return tsc__error(err, code, c->path, c->line, col, "%s", msg);
}

int tsc__csv_open_header(const char *path, const char *const *names, size_t nnames, tsc_csv **out, tsc_error *err)
{
    tsc_csv *c = NULL;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) {
        tsc__csv_close(c);
        return rc;
    }
    int ok = tsc__csv_nfields(c) == nnames;
    for (size_t f = 0; ok && f < nnames; f++) ok = strcmp(tsc__csv_field(c, f), names[f]) == 0;
    if (!ok) {
        char want[256] = "";
        for (size_t f = 0, u = 0; f < nnames && u < sizeof want; f++)
            u += (size_t)snprintf(want + u, sizeof want - u, "%s%s", f ? "," : "", names[f]);
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must be %s", want);
        tsc__csv_close(c);
        return rc;
    }
    *out = c;
    return TSC_OK;
}

int tsc__csv_expect_fields(const tsc_csv *c, size_t n, tsc_error *err)
{
    size_t nf = c->nf;
    if (nf == n) return TSC_OK;
    return tsc__csv_error_at(c, nf < n ? nf : n, err, TSC_EPARSE, "ragged row: %zu fields where %zu are expected", nf,
                             n);
}

int tsc__csv_number(const tsc_csv *c, size_t i, double *v, tsc_error *err)
{
    int rc = tsc__parse_double(tsc__csv_field(c, i), c->flen[i], v);
    if (rc == TSC_NUM_OK) return TSC_OK;
    const char *f = tsc__csv_field(c, i);
    int w = c->flen[i] > 40 ? 40 : (int)c->flen[i];
    if (rc == TSC_NUM_EMPTY) return tsc__csv_error_at(c, i, err, TSC_EPARSE, "empty field where a number is expected");
    if (rc == TSC_NUM_NONFINITE)
        return tsc__csv_error_at(c, i, err, TSC_ENUMERIC, "'%.*s' is not a finite number (NaN and Inf are refused)", w,
                                 f);
    return tsc__csv_error_at(c, i, err, TSC_EPARSE, "'%.*s' is not a number", w, f);
}

/* ---- numeric records in parallel ---- */

/* Below this many bytes a block is parsed on the calling thread alone: starting threads would cost more. */
#define PARALLEL_MIN ((size_t)1 << 20)

typedef struct num_chunk {
    const char *beg, *end; /* whole lines; end just past a '\n', or the end of the text at end of file */
    size_t nrec, nlines;   /* pass 1: records (non-blank lines) and lines */
    size_t row0, limit;    /* pass 2: index of its first record in the call; records to parse */
    size_t done;           /* records parsed before the first one it could not, or limit */
    const char *stop;      /* where the record it stopped before starts */
    size_t stop_lines;     /* lines before stop within the chunk */
} num_chunk;

typedef struct num_job {
    num_chunk ch[TSC_MAX_THREADS];
    const tsc_csv_numeric *spec;
    char sep;
} num_job;

static const char *line_end(const char *p, const char *end)
{
    const char *q = memchr(p, '\n', (size_t)(end - p));
    return q ? q : end;
}

/* A blank line is skipped by tsc__csv_next: nothing, or a lone '\r'. */
static int blank_line(const char *p, const char *eol)
{
    return p == eol || (p + 1 == eol && *p == '\r');
}

static void count_chunk(void *arg, size_t i)
{
    num_chunk *ch = &((num_job *)arg)->ch[i];
    size_t nrec = 0, nl = 0;
    for (const char *p = ch->beg; p < ch->end;) {
        const char *eol = line_end(p, ch->end);
        nrec += !blank_line(p, eol);
        nl += eol < ch->end;
        p = eol + 1;
    }
    ch->nrec = nrec;
    ch->nlines = nl;
}

/* A label field: nonempty, and nothing tsc__csv_next would treat specially (quotes, '\r', NUL). */
static int plain_label(const char *p, const char *q)
{
    if (p == q) return 0;
    for (; p < q; p++)
        if (*p == '"' || *p == '\r' || *p == '\0') return 0;
    return 1;
}

/* Parses the record [p, eol) as record k; 0 when it is not a plain numeric record. The bytes up to lim (>= eol)
 * may be read: a number's scan stops at the line's end anyway, and the parser reads eight bytes at once where it
 * can (tsc__parse_number). */
static int parse_record(const num_job *job, const char *p, const char *eol, const char *lim, size_t k)
{
    const tsc_csv_numeric *s = job->spec;
    char sep = job->sep;
    if (eol > p && eol[-1] == '\r') eol--;
    for (size_t f = 0; f < s->nlab; f++) {
        const char *q = memchr(p, sep, (size_t)(eol - p));
        if (!q || (!plain_label(p, q) && !(s->blanks && p == q))) return 0;
        s->label[k * s->nlab + f] = p;
        s->label_len[k * s->nlab + f] = (size_t)(q - p);
        p = q + 1;
    }
    double *row = s->v + (s->row_at ? s->row_at[k] : k), *dst = row;
    for (size_t j = 0; j < s->ncol; j++, dst += s->ld) {
        const char *stop;
        if (s->col_at) dst = row + s->col_at[j];
        if (p + 1 < eol && p[0] == '0' && p[1] == sep && sep != ' ' && j + 1 < s->ncol) { /* a zero: sparse tables */
            *dst = 0;
            p += 2;
            continue;
        }
        while (p < eol && (*p == ' ' || (*p == '\t' && sep != '\t'))) p++; /* blanks, as tsc__parse_double */
        if (s->blanks && (p == eol || *p == sep)) {                        /* an empty cell */
            *dst = NAN;
            stop = p;
        } else if (tsc__parse_number(p, lim, dst, &stop) != TSC_NUM_OK || stop > eol) return 0;
        while (stop < eol && (*stop == ' ' || (*stop == '\t' && sep != '\t'))) stop++;
        if (j + 1 < s->ncol) {
            if (stop == eol || *stop != sep) return 0;
            p = stop + 1;
        } else if (stop != eol) {
            return 0;
        }
    }
    return 1;
}

static void parse_chunk(void *arg, size_t i)
{
    num_job *job = arg;
    num_chunk *ch = &job->ch[i];
    size_t done = 0, nl = 0;
    const char *p = ch->beg;
    while (done < ch->limit && p < ch->end) {
        const char *eol = line_end(p, ch->end);
        if (!blank_line(p, eol)) {
            if (!parse_record(job, p, eol, ch->end, ch->row0 + done)) break;
            job->spec->line[ch->row0 + done] = nl; /* within the chunk; made absolute after the join */
            done++;
        }
        nl += eol < ch->end;
        p = eol + 1;
        if (p > ch->end) p = ch->end;
    }
    /* a stop before a record it could not parse, or after the last it was to parse: skip blank lines so that stop
     * is at a record (or the chunk's end) */
    while (p < ch->end) {
        const char *eol = line_end(p, ch->end);
        if (!blank_line(p, eol)) break;
        nl += eol < ch->end;
        p = eol + 1;
        if (p > ch->end) p = ch->end;
    }
    ch->done = done;
    ch->stop = p;
    ch->stop_lines = nl;
}

/* Makes c->buf a block of TSC_CSV_BLOCK bytes holding the unread text first, filled from the file. */
static int fill_block(tsc_csv *c, tsc_error *err)
{
    if (c->cap < TSC_CSV_BLOCK) {
        char *b = tsc__realloc(c->buf, TSC_CSV_BLOCK);
        if (!b) return tsc__error(err, TSC_ENOMEM, c->path, c->cur_line, 0, "out of memory for the read buffer");
        c->buf = b;
        c->cap = TSC_CSV_BLOCK;
    }
    if (c->pos > 0) {
        memmove(c->buf, c->buf + c->pos, c->len - c->pos);
        c->len -= c->pos;
        c->pos = 0;
    }
    while (c->len < c->cap && !c->eof) {
        size_t got;
        int rc = read_bytes(c, c->buf + c->len, c->cap - c->len, &got, err);
        if (rc < 0) return rc;
        c->len += got;
    }
    return TSC_OK;
}

int tsc__csv_read_numeric(tsc_csv *c, const tsc_csv_numeric *spec, size_t *nread, tsc_error *err)
{
    *nread = 0;
    if (!c->started || spec->max_rows == 0) return TSC_OK;
    if (c->cap < TSC_CSV_BLOCK || (c->len - c->pos < c->cap / 2 && !c->eof)) {
        int rc = fill_block(c, err);
        if (rc) return rc;
    }
    /* whole lines only (all the rest at end of file), and none from the first quote on: tsc__csv_next reads those,
     * so a quoted field's line breaks never split a chunk */
    const char *beg = c->buf + c->pos, *end = c->buf + c->len;
    if (!c->eof) {
        while (end > beg && end[-1] != '\n') end--;
    }
    size_t T = (size_t)(end - beg) < PARALLEL_MIN ? 1 : tsc__thread_count();
    if (T > 1) { /* one thread stops at the first record with a quote; threads must not start inside one */
        const char *quote = memchr(beg, '"', (size_t)(end - beg));
        if (quote) {
            while (quote > beg && quote[-1] != '\n') quote--;
            end = quote;
        }
    }
    num_job job;
    job.spec = spec;
    job.sep = c->sep;
    /* the first record first, alone: when tsc__csv_next must read it, the block is not scanned for nothing */
    for (const char *p = beg; p < end;) {
        const char *eol = line_end(p, end);
        if (!blank_line(p, eol)) {
            if (!parse_record(&job, p, eol, end, 0)) return TSC_OK;
            break;
        }
        p = eol + 1;
    }
    if (end == beg) return TSC_OK;

    size_t len = (size_t)(end - beg), n = 0;
    if (len < PARALLEL_MIN) T = 1;
    for (const char *p = beg; p < end && n < T; n++) {
        const char *q = n + 1 == T ? end : beg + len / T * (n + 1);
        if (q < p) q = p;
        q = q < end ? line_end(q, end) + 1 : end;
        if (q > end) q = end;
        job.ch[n].beg = p;
        job.ch[n].end = q;
        p = q;
    }
    if (n > 1) {
        /* each chunk's first record's index: its records counted first */
        tsc__parallel_run(n, count_chunk, &job);
        size_t rows = 0;
        for (size_t i = 0; i < n; i++) {
            size_t left = spec->max_rows - rows;
            job.ch[i].row0 = rows;
            job.ch[i].limit = job.ch[i].nrec < left ? job.ch[i].nrec : left;
            rows += job.ch[i].limit;
        }
        tsc__parallel_run(n, parse_chunk, &job);
    } else {
        /* one chunk: parsed up to max_rows records, not counted first (a block may hold far more records than
         * the call takes) */
        job.ch[0].row0 = 0;
        job.ch[0].limit = spec->max_rows;
        parse_chunk(&job, 0);
        job.ch[0].nlines = job.ch[0].stop_lines;
    }

    /* the records read are those up to the first chunk that stopped early; c resumes where it stopped */
    size_t lines = c->cur_line, got = 0;
    const char *resume = beg;
    for (size_t i = 0; i < n; i++) {
        num_chunk *ch = &job.ch[i];
        for (size_t k = 0; k < ch->done; k++) spec->line[ch->row0 + k] += lines;
        got += ch->done;
        resume = ch->stop;
        if (ch->done < ch->limit || ch->stop < ch->end) {
            lines += ch->stop_lines;
            break;
        }
        lines += ch->nlines;
    }
    c->pos = (size_t)(resume - c->buf);
    c->cur_line = lines;
    c->cur_col = 1;
    *nread = got;
    return TSC_OK;
}
