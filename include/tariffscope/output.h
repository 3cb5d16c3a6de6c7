/* Output sets: files written under temporary names and renamed into place only when all succeeded. */
#ifndef TARIFFSCOPE_OUTPUT_H
#define TARIFFSCOPE_OUTPUT_H

#include <stddef.h>

#include "tariffscope/error.h"

typedef struct tsc_outset tsc_outset;

/* Starts a set of files in dir (created, with parents, if missing). */
int tsc_outset_new(const char *dir, tsc_outset **out, tsc_error *err);

/* Registers dir/name and writes the temporary path to write it at into buf. name may lie in a subfolder ("sub/f.txt"),
 * which is created (and removed by an abort if this set created it). */
int tsc_outset_add(tsc_outset *set, const char *name, char *buf, size_t size, tsc_error *err);

/* Renames every registered file into place and frees the set. */
int tsc_outset_commit(tsc_outset *set, tsc_error *err);

/* Removes every temporary file (and dir, if this set created it and it is empty) and frees the set. NULL ok. */
void tsc_outset_abort(tsc_outset *set);

#endif
