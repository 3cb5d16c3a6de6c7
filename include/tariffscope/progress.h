/* Progress of a long read: a callback the loaders call as they read each file. */
#ifndef TARIFFSCOPE_PROGRESS_H
#define TARIFFSCOPE_PROGRESS_H

#include <stdint.h>

/* Called on the reading thread while a file is read: file is the path being read (a path into a zip archive reads
 * "archive.zip/entry"), done the bytes of it read so far and total its size: the size on disk (compressed bytes for
 * a gzip file, so that done reaches total), or the entry's size inside a zip archive; total is 0 when unknown.
 * Calls come at most once per MiB read and once more when the file ends (done == total); ctx is the caller's. */
typedef void (*tsc_progress_fn)(void *ctx, const char *file, uint64_t done, uint64_t total);

#endif
