/* Internal: a parsed scenario, shared by the YAML reader and the code that applies it to a table. */
#ifndef TSC_SCENARIO_INT_H
#define TSC_SCENARIO_INT_H

#include <stdint.h>

#include "tariffscope/scenario.h"

typedef enum { SEL_LIST = 0, SEL_ALL, SEL_GOODS, SEL_HS } sel_kind;

/* A set of codes (regions or groups; sectors; HS codes) with the place it was written. */
typedef struct code_sel {
    sel_kind kind;
    char **codes;
    size_t ncodes;
    size_t line, col;
} code_sel;

typedef enum { OP_ADD = 0, OP_SET, OP_FLOOR } measure_op;

typedef struct measure {
    code_sel importer, exporter, sectors;
    code_sel except; /* {hs: [...]}: lines the measure skips (e.g. Section 232 goods under reciprocal rates) */
    measure_op op;
    double value;        /* percent (add: points) */
    double exempt_share; /* 0 .. 1 */
    int override;
    char from[11], until[11];    /* "YYYY-MM-DD" or "" */
    int32_t from_day, until_day; /* the same as day numbers (tsc_date_parse); INT32_MIN / INT32_MAX when absent */
    char *note;
    const char *file; /* owned by the scenario's file list */
    size_t line, col; /* of the measure's first key */
    size_t depth;     /* 0 = the scenario's own file, 1 = what it extends, ... */
} measure;

struct tsc_scenario {
    char *name, *description, *base;
    measure *m;
    size_t nm, cap;
    char **files; /* every file read, for error locations */
    size_t nfiles;
    char date[11];        /* top-level "date:": the date applied when the caller gives none, or "" */
    int regions_optional; /* "regions_optional: true" in any file: region codes a table lacks are skipped */
};

/* Whether measure m is in force on day number day (from <= day < until). */
static inline int tsc__measure_in_force(const measure *m, int32_t day)
{
    return day >= m->from_day && day < m->until_day;
}

/* The day a scenario is applied on: the caller's date if given (checked: TSC_EINVAL names it), else the scenario's
 * date:, else none (*all = 1: every measure counts). */
int tsc__scenario_day(const tsc_scenario *sc, const char *date, int32_t *day, int *all, tsc_error *err);

#endif
