/* Internal: the parts of a table's tariff schedule (policy/schedule*.c). */
#ifndef TSC_SCHEDULE_INT_H
#define TSC_SCHEDULE_INT_H

#include <stddef.h>

#include "codemap_int.h"
#include "tariffscope/schedule.h"
#include "tariffscope/tariffs.h"

/* The importer's customs lines mapped to the table's cells (exporter region x sector): line l contributes
 * weight cw[q] (its value, or its share of the EU aggregate's value) to cell ccell[q] = exporter * N + sector.
 * cline is in line order (non-decreasing), so a line's places are consecutive. */
typedef struct sched_lines {
    size_t importer; /* the table region of the customs data */
    tsc_imports *im;
    tsc_hs_concord *hs;
    size_t nd; /* detailed sectors of the concordance */
    size_t nc, capc;
    size_t *cline, *ccell;
    double *cw;
    double *cell_value;          /* G*N */
    size_t *lsector;             /* per line: its table sector, or TSC_NONE (no sector covers its HS code) */
    double *pd;                  /* partners x detailed sectors: customs value, the weights of detailed base rates */
    const char **partner_region; /* per partner: the table region its lines are placed in (NULL: none, or split
                                    among several, as the EU aggregate's), so a measure on that region reaches them */
    tsc_schedule_lines info;
} sched_lines;

struct tsc_schedule {
    const tsc_table *t;
    size_t G, N;
    const tsc_groups *groups;
    tsc_codemap codes;
    sched_lines *lines; /* NULL without customs lines */
    char *hs_weights;   /* without lines: the weights CSV for HS measures (NULL: none) */
    double *base;       /* G*G*N percent */
    char *notes;
    char base_note[512]; /* the sentence on the base schedules ("" without any) */
};

/* Reads the customs lines of opts->imports and maps them to the table's cells (schedule_lines.c). */
int tsc__sched_lines_new(tsc_schedule *s, const tsc_schedule_opts *o, tsc_error *err);
void tsc__sched_lines_free(sched_lines *l);

/* Carries the base schedules to the table's cells, s->base (schedule_base.c); appends a sentence to note. */
int tsc__sched_base_build(tsc_schedule *s, const char *const *bases, size_t nbases, char *note, size_t nsize,
                          tsc_error *err);

#endif
