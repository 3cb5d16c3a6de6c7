/* Internal: a byte stream read in order from a plain or gzip-compressed file or from an entry of a zip archive
 * (stream.c), reporting its progress (progress_int.h). */
#ifndef TSC_STREAM_INT_H
#define TSC_STREAM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/error.h"

typedef struct tsc_stream tsc_stream;

/* Opens path: a file (gzip-compressed or plain, told from its content) or a path into a zip archive
 * (archive_int.h), whose entry is inflated as it is read, never copied whole. */
int tsc__stream_open(const char *path, tsc_stream **out, tsc_error *err);
/* Reads up to want bytes into dst: *got of them, 0 only at the end of the stream; < 0 on a read error. */
int tsc__stream_read(tsc_stream *s, void *dst, size_t want, size_t *got, tsc_error *err);
void tsc__stream_close(tsc_stream *s);

#endif
