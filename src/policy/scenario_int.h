/* Internal: a parsed scenario, shared by the YAML reader and the code that applies it to a table. */
#ifndef TSC_SCENARIO_INT_H
#define TSC_SCENARIO_INT_H

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
    code_sel except;      /* {hs: [...]}: lines the measure skips (e.g. Section 232 goods under reciprocal rates) */
    measure_op op;
    double value;         /* percent (add: points) */
    double exempt_share;  /* 0 .. 1 */
    int override;
    char from[11], until[11]; /* "YYYY-MM-DD" or "" */
    char *note;
    const char *file;     /* owned by the scenario's file list */
    size_t line, col;     /* of the measure's first key */
    size_t depth;         /* 0 = the scenario's own file, 1 = what it extends, ... */
} measure;

struct tsc_scenario {
    char *name, *description, *base;
    measure *m;
    size_t nm, cap;
    char **files;         /* every file read, for error locations */
    size_t nfiles;
    char date[11];        /* top-level "date:": the date applied when the caller gives none, or "" */
    int regions_optional; /* "regions_optional: true" in any file: region codes a table lacks are skipped */
};

#endif
