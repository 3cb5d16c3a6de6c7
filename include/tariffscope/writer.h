/* Text output for big results: CSV written through large blocks, formatted (and gzip-compressed) on several threads,
 * byte for byte what one thread would write; and the kind of file an output's name asks for. */
#ifndef TARIFFSCOPE_WRITER_H
#define TARIFFSCOPE_WRITER_H

#include <stddef.h>
#include <stdio.h>

#include "tariffscope/error.h"

/* What an output's file name asks for, by its suffix (case-insensitive): ".gz" a gzip-compressed text file, ".h5" or
 * ".hdf5" an HDF5 file (tariffscope/h5.h), anything else plain text. */
typedef enum { TSC_OUT_TEXT = 0, TSC_OUT_GZIP = 1, TSC_OUT_HDF5 = 2 } tsc_out_kind;
tsc_out_kind tsc_out_kind_of(const char *name);

typedef struct tsc_writer tsc_writer;

/* Flags of tsc_writer_open and tsc_writer_stream. */
#define TSC_WRITER_GZIP 1 /* a gzip stream (RFC 1952) of the text, which gzip, zcat, Python's gzip and R read */

/* Creates (or truncates) path and returns a writer on it in *out. TSC_OK; TSC_EIO naming path when it cannot be
 * created; TSC_ENOMEM. With TSC_WRITER_GZIP the text is compressed at zlib's level 1 (speed first: a quarter of level
 * 6's time for 14% more bytes on numeric CSV) in blocks of TSC_WRITER_BLOCK bytes (those of tsc_writer_long and
 * tsc_writer_wide each on its own thread; the blocks are one deflate stream, flushed to a byte boundary between blocks,
 * so any gzip reader reads the file; the bytes do not depend on the thread count). */
int tsc_writer_open(const char *path, int flags, tsc_writer **out, tsc_error *err);

/* A writer on the caller's stream f, which stays open and the caller's (tsc_writer_close flushes into it). */
int tsc_writer_stream(FILE *f, int flags, tsc_writer **out, tsc_error *err);

/* Text is gathered into blocks of this many bytes before it is written (or compressed). */
#define TSC_WRITER_BLOCK ((size_t)1 << 20)

/* Non-zero once a write failed (a long loop may stop early; tsc_writer_close reports the failure). */
int tsc_writer_failed(const tsc_writer *w);

/* Appends text. A failure (no space, no memory) is remembered: later writes do nothing and tsc_writer_close
 * reports it. */
void tsc_writer_put(tsc_writer *w, const char *s, size_t len);
void tsc_writer_str(tsc_writer *w, const char *s);
/* s as one CSV field: quoted (inner quotes doubled) when it holds a comma, a quote or a line break. */
void tsc_writer_field(tsc_writer *w, const char *s);
/* v as "%.17g" writes it (tsc_dtoa17): every double reads back exactly. */
void tsc_writer_num(tsc_writer *w, double v);

/* The long layout of a labelled nrow x ncol matrix: for i < nrow, and within it j < ncol, the line
 *     rowpre[i] colpre[j] v[i * rs + j * cs] '\n'
 * (the prefixes are written as given: CSV fields with their commas, e.g. "JPN,C01," and "DVA_FIN,"; the value as
 * tsc_writer_num). The lines are formatted in blocks on tsc threads (TSC_THREADS, default the cores online), each
 * block into its own buffer, and written in order: the same bytes as one thread writing them one by one. */
void tsc_writer_long(tsc_writer *w, size_t nrow, size_t ncol, const char *const *rowpre, const char *const *colpre,
                     const double *v, size_t rs, size_t cs);

/* The wide layout: for i < nrow the line rowpre[i] v[i * rs] "," v[i * rs + cs] ... v[i * rs + (ncol - 1) cs] '\n',
 * formatted on threads as tsc_writer_long's. */
void tsc_writer_wide(tsc_writer *w, size_t nrow, size_t ncol, const char *const *rowpre, const double *v, size_t rs,
                     size_t cs);

/* Writes what is pending, ends the gzip stream, closes the file (not a caller's stream) and frees w. TSC_OK; TSC_EIO
 * naming the file when any write or the close failed; TSC_ENOMEM. NULL is TSC_OK. */
int tsc_writer_close(tsc_writer *w, tsc_error *err);

#endif
