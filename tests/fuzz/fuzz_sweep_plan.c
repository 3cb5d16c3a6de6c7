/* Fuzzes sweep plans (YAML, cli/sweep_plan.c): the plan is read and, when it is valid, its grid enumerated; the
 * reader lives in the command, so this harness is built with the command's files (tests/fuzz/CMakeLists.txt). */
#include <stdlib.h>

#include "../../cli/sweep.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"plan.yaml"};
    char paths[1][1100];
    fuzz_write_parts(data, size, names, 1, paths);
    sweep_plan p;
    tsc_error err;
    if (sweep_plan_read(paths[0], &p, &err) == TSC_OK) {
        sweep_cell *cells = NULL;
        size_t n = sweep_grid(&p, &cells);
        for (size_t k = 0; k < n; k++) (void)p.table_names[cells[k].table];
        free(cells);
    }
    sweep_plan_free(&p);
    return 0;
}
