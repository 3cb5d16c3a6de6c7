/* Internal: region groups as pairs (group, member). */
#ifndef TSC_GROUPS_INT_H
#define TSC_GROUPS_INT_H

#include "tariffscope/scenario.h"

struct tsc_groups {
    char **group, **member;
    size_t n, cap;
};

/* 1 if a group of that name is defined. */
int tsc__groups_has(const tsc_groups *g, const char *name);

#endif
