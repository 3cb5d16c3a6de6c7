/* Internal: detailed codes -> a table's codes, through the table's aggregation (policy/codemap.c). */
#ifndef TSC_CODEMAP_INT_H
#define TSC_CODEMAP_INT_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/table.h"

/* An aggregation concordance (CSV kind,from,to; kind region or sector, as tsc_table_aggregate reads). Empty when
 * the table has the detailed codes itself. */
typedef struct tsc_codemap {
    size_t nregion, nsector;
    char **rfrom, **rto, **sfrom, **sto;
} tsc_codemap;

int tsc__codemap_load(const char *csv, tsc_codemap *c, tsc_error *err);
void tsc__codemap_free(tsc_codemap *c);
/* The table region (sector) of a detailed code: the table's own, else the concordance's target, else (regions)
 * ISO3 ROU as WIOD's ROM; TSC_NONE when none. c may be NULL. */
size_t tsc__codemap_region(const tsc_table *t, const tsc_codemap *c, const char *code);
size_t tsc__codemap_sector(const tsc_table *t, const tsc_codemap *c, const char *code);
/* The region that partners outside the table go to: RoW's target, else a region named ROW or RoW; TSC_NONE. */
size_t tsc__codemap_rest(const tsc_table *t, const tsc_codemap *c);

#endif
