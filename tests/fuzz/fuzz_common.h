/* Shared helpers of the fuzz harnesses: the input split into files of a scratch folder, and the fixed inputs (a small
 * table, the region groups) the parsed files are applied to. */
#ifndef TSC_FUZZ_COMMON_H
#define TSC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/tariffscope.h"

/* The byte that separates the files of one input (ASCII record separator: absent from the real files, and one byte,
 * so the fuzzer finds it easily). */
#define FUZZ_SEP 0x1e

/* The scratch folder of this process (created on first use, removed at exit). */
const char *fuzz_dir(void);

/* Splits data at FUZZ_SEP into at most nnames parts and writes part k to fuzz_dir()/names[k]; a name with no part
 * left is removed, so a file can be missing. paths[k] (1100 bytes each) receives the full paths. */
void fuzz_write_parts(const uint8_t *data, size_t size, const char *const *names, size_t nnames, char (*paths)[1100]);

/* The example table (data/example/table), loaded once; every harness that applies a file to a table uses it. */
const tsc_table *fuzz_table(void);
/* The project's region groups (data/groups.csv), loaded once. */
const tsc_groups *fuzz_groups(void);
/* The path of rel in the source tree ("data/example/concordance.csv"); returns buf (1100 bytes). */
const char *fuzz_source_path(const char *rel, char *buf);

#endif
