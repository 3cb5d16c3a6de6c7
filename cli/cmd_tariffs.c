/* tariffscope tariffs: effective US tariff rates by partner and HS-to-sector aggregation (to be written). */
#include "cli.h"

int cmd_tariffs(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tariffscope: tariffs: not available yet\n");
    return 2;
}
