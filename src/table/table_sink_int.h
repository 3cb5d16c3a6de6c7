/* Internal: a text sink for the table writers, a plain file or a gzip stream (a tsc_writer), with the CSV pieces
 * they write. */
#ifndef TSC_TABLE_SINK_INT_H
#define TSC_TABLE_SINK_INT_H

#include "tariffscope/error.h"
#include "tariffscope/writer.h"

typedef struct tsc_sink {
    tsc_writer *w; /* a failed write is remembered: later writes do nothing, tsc__sink_close reports it */
} tsc_sink;

/* Opens path for writing, gzip-compressed when gzip is set. TSC_OK or TSC_EIO naming the file. */
int tsc__sink_open(tsc_sink *s, const char *path, int gzip, tsc_error *err);
/* Closes the sink: TSC_OK, or TSC_EIO naming the file when any write or the close failed (TSC_ENOMEM). */
int tsc__sink_close(tsc_sink *s, const char *path, tsc_error *err);

void tsc__sink_put(tsc_sink *s, const char *str, size_t len);
void tsc__sink_str(tsc_sink *s, const char *str);
/* A CSV field, quoted when it holds a comma, quote or line break. */
void tsc__sink_field(tsc_sink *s, const char *str);
/* The field "a.b" (a table row's label). */
void tsc__sink_label(tsc_sink *s, const char *a, const char *b);
/* "," and v to 17 significant digits. */
void tsc__sink_num(tsc_sink *s, double v);

#endif
