/* Seed maker of the cache harness: writes the cache file of a table folder (usage: mkcache TABLE OUT.tsc). */
#include <stdio.h>

#include "tariffscope/tariffscope.h"

int main(int argc, char **argv)
{
    tsc_table *t = NULL;
    tsc_error err;
    if (argc != 3) {
        fputs("usage: mkcache TABLE OUT.tsc\n", stderr);
        return 2;
    }
    if (tsc_table_load(argv[1], NULL, &t, &err) < 0 || tsc_table_save_cache(t, argv[2], &err)) {
        fprintf(stderr, "mkcache: %s\n", err.msg);
        tsc_table_free(t);
        return 1;
    }
    tsc_table_free(t);
    return 0;
}
