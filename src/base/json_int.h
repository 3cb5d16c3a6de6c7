/* Internal: reading JSON files with jansson, telling a failed allocation from a syntax error. */
#ifndef TSC_JSON_INT_H
#define TSC_JSON_INT_H

#include <jansson.h>

/* json_load_file (path may run into a zip archive, archive_int.h), with *oom set to 1 when one of jansson's allocations
 * failed during the load, in which case the result is NULL: jansson reports some of its allocation failures as syntax
 * errors, and on others goes on with a string cut short (its lexer does not check every append), so neither its error
 * nor its document can be trusted. The first call chains a counting allocator in front of jansson's
 * (json_set_alloc_funcs; the functions in place before stay the ones that allocate and free). */
json_t *tsc__json_load_file(const char *path, size_t flags, json_error_t *error, int *oom);

#endif
