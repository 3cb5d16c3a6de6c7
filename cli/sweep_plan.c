/* tariffscope sweep: reading a plan (YAML, libyaml's document API); every error names the plan, line and column. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "sweep.h"

#define MAX_GRID 1000000 /* cells of one plan: far above any sweep the project runs, below what memory allows */

typedef struct reader {
    yaml_document_t doc;
    const char *file;
    char dir[1024]; /* the plan's folder, for relative paths */
    sweep_plan *p;
    tsc_error *err;
} reader;

__attribute__((format(printf, 3, 4))) static int fail(reader *r, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tsc_error_set(r->err, TSC_EPARSE, r->file, n ? n->start_mark.line + 1 : 0, n ? n->start_mark.column + 1 : 0,
                         "%s", msg);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *node(reader *r, int id)
{
    return yaml_document_get_node(&r->doc, id);
}

/* A copy of s the plan keeps (freed with it); NULL when out of memory. */
static char *keep(reader *r, const char *s)
{
    char **more = realloc(r->p->strings, (r->p->nstrings + 1) * sizeof *more);
    if (!more) return NULL;
    r->p->strings = more;
    char *c = strdup(s);
    if (c) r->p->strings[r->p->nstrings++] = c;
    return c;
}

/* path as written, or resolved against the plan's folder when relative. */
static char *resolve(reader *r, const char *path)
{
    char buf[2100];
    if (path[0] == '/' || strcmp(r->dir, ".") == 0) return keep(r, path);
    snprintf(buf, sizeof buf, "%s/%s", r->dir, path);
    return keep(r, buf);
}

static int unknown_key(reader *r, const yaml_node_t *k, const char *where, const char *const *known, size_t n)
{
    const char *key = scalar(k) ? scalar(k) : "?", *best = tsc_suggest(key, known, n);
    if (best) return fail(r, k, "unknown key '%s' %s (did you mean '%s'?)", key, where, best);
    char list[400];
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? " " : "", known[i]);
    return fail(r, k, "unknown key '%s' %s (known: %s)", key, where, list);
}

/* The mapping n's pairs, each key a plain name written once. */
static int check_mapping(reader *r, const yaml_node_t *n, const char *what)
{
    if (n->type != YAML_MAPPING_NODE) return fail(r, n, "%s is a mapping of keys", what);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(r, p->key);
        if (!scalar(k)) return fail(r, k, "keys must be plain names");
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            const yaml_node_t *k0 = node(r, q->key);
            if (scalar(k0) && strcmp(scalar(k0), scalar(k)) == 0)
                return fail(r, k, "key '%s' is written twice (first at line %zu, column %zu)", scalar(k),
                            (size_t)k0->start_mark.line + 1, (size_t)k0->start_mark.column + 1);
        }
    }
    return TSC_OK;
}

/* The last path component of path without a trailing slash and without the extension ext (NULL: keep it). */
static char *base_name(reader *r, const char *path, const char *const *exts)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    size_t len = strlen(buf);
    while (len > 1 && buf[len - 1] == '/') buf[--len] = '\0';
    const char *slash = strrchr(buf, '/');
    char *name = buf + (slash ? (size_t)(slash - buf) + 1 : 0);
    for (size_t k = 0; exts && exts[k]; k++) {
        size_t ln = strlen(name), le = strlen(exts[k]);
        if (ln > le && strcmp(name + ln - le, exts[k]) == 0) {
            name[ln - le] = '\0';
            break;
        }
    }
    return keep(r, name);
}

/* A list of paths (tables or scenarios), resolved, with their names; names must differ (they key the rows). */
static int read_paths(reader *r, yaml_node_t *n, const char *what, const char *const *exts, char ***paths,
                      char ***names, size_t *count)
{
    if (n->type != YAML_SEQUENCE_NODE) return fail(r, n, "%s is a list of paths", what);
    size_t m = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (m == 0) return fail(r, n, "%s is empty", what);
    if (!(*paths = calloc(m, sizeof **paths)) || !(*names = calloc(m, sizeof **names)))
        return fail(r, n, "out of memory");
    for (size_t k = 0; k < m; k++) {
        yaml_node_t *item = node(r, n->data.sequence.items.start[k]);
        const char *v = scalar(item);
        if (!v || !*v) return fail(r, item, "expected a path");
        if (!((*paths)[k] = resolve(r, v)) || !((*names)[k] = base_name(r, v, exts)))
            return fail(r, item, "out of memory");
        for (size_t j = 0; j < k; j++)
            if (strcmp((*names)[j], (*names)[k]) == 0)
                return fail(r, item, "two %s are named '%s': their rows could not be told apart", what, (*names)[k]);
        (*count)++;
    }
    return TSC_OK;
}

/* years: {from: Y0, to: Y1, path: "folder/wiot_{year}"} */
static int read_years(reader *r, yaml_node_t *n)
{
    static const char *const known[] = {"from", "to", "path"};
    int rc = check_mapping(r, n, "years");
    if (rc) return rc;
    long y[2] = {-1, -1};
    const char *pattern = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        const char *key = scalar(k), *val = scalar(v);
        if (strcmp(key, "path") == 0) {
            if (!val || !strstr(val, "{year}")) return fail(r, v, "path is a path with {year} in it");
            pattern = val;
        } else if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0) {
            char *end;
            long x = val ? strtol(val, &end, 10) : -1;
            if (!val || *end || x < 1 || x > 9999) return fail(r, v, "%s is a year (1 to 9999)", key);
            y[strcmp(key, "to") == 0] = x;
        } else return unknown_key(r, k, "in years", known, 3);
    }
    if (!pattern || y[0] < 0 || y[1] < 0) return fail(r, n, "years needs from, to and path");
    if (y[1] < y[0]) return fail(r, n, "years: to (%ld) is before from (%ld)", y[1], y[0]);
    sweep_plan *pl = r->p;
    size_t m = (size_t)(y[1] - y[0] + 1);
    if (!(pl->tables = calloc(m, sizeof *pl->tables)) || !(pl->table_names = calloc(m, sizeof *pl->table_names)))
        return fail(r, n, "out of memory");
    for (long year = y[0]; year <= y[1]; year++) {
        char buf[1100], ys[24];
        const char *at = strstr(pattern, "{year}");
        snprintf(ys, sizeof ys, "%ld", year);
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - pattern), pattern, ys, at + 6);
        size_t k = pl->ntables;
        if (!(pl->tables[k] = resolve(r, buf)) || !(pl->table_names[k] = base_name(r, buf, NULL)))
            return fail(r, n, "out of memory");
        pl->ntables++;
    }
    return TSC_OK;
}

static int read_count(reader *r, yaml_node_t *v, const char *key, double max, size_t *out)
{
    const char *s = scalar(v);
    char *end;
    if (!s || *s < '0' || *s > '9') return fail(r, v, "%s is a whole number", key);
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || (double)x > max) return fail(r, v, "%s is a whole number in [0, %.0f]", key, max);
    *out = (size_t)x;
    return TSC_OK;
}

/* Options the sweep sets itself, or that make no sense for one cell of a grid. */
static const char *const sweep_owned[] = {"out",       "verbose", "json",      "layout",      "theta-draws", "no-draws",
                                          "threads",   "seed",    "theta-se",  "focus",       "inverse",     "format",
                                          "rebalance", "strict",  "tolerance", "keep-splits", NULL};

static const cli_command *job_command(sweep_kind kind)
{
    static const cli_command *const cmds[] = {&cli_cmd_decompose, &cli_cmd_leontief, &cli_cmd_shock, &cli_cmd_solve};
    return cmds[kind];
}

/* The job's output: which of the command's files it gathers (leontief, shock, solve). */
static int read_output(reader *r, yaml_node_t *v, sweep_job *j)
{
    static const char *const leontief_files[] = {"multipliers", "va_origin_destination"};
    const char *const *names = j->kind == SWEEP_LEONTIEF ? leontief_files
                               : j->kind == SWEEP_SHOCK  ? cli_shock_files
                                                         : cli_solve_files;
    size_t n = j->kind == SWEEP_LEONTIEF ? 2 : j->kind == SWEEP_SHOCK ? CLI_SHOCK_NFILES : CLI_SOLVE_NFILES;
    const char *s = scalar(v);
    for (size_t k = 0; s && k < n; k++)
        if (strcmp(s, names[k]) == 0) {
            j->output = (int)k;
            return TSC_OK;
        }
    char list[200];
    size_t len = 0;
    for (size_t k = 0; k < n; k++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "", names[k]);
    return fail(r, v, "output of a %s job is one of %s", job_command(j->kind)->name, list);
}

/* {decompose: {method: kww, level: country}}: the command's options, by their long names. */
static int read_options(reader *r, yaml_node_t *n, sweep_job *j)
{
    const cli_command *cmd = job_command(j->kind);
    int rc = check_mapping(r, n, cmd->name);
    if (rc) return rc;
    cli_args_init(cmd, &j->a);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        const char *key = scalar(k), *val = scalar(v);
        if (strcmp(key, "output") == 0 && j->kind != SWEEP_DECOMPOSE) {
            if ((rc = read_output(r, v, j))) return rc;
            continue;
        }
        for (size_t s = 0; sweep_owned[s]; s++)
            if (strcmp(key, sweep_owned[s]) == 0)
                return fail(r, k,
                            "'%s' is not an option of a job: the sweep sets it, or the plan does for all "
                            "jobs (docs/SWEEPS.md)",
                            key);
        if (!val) return fail(r, v, "the value of %s is a scalar", key);
        const char *value = cli_option_is_path(key) ? resolve(r, val) : keep(r, val);
        char why[600];
        if (!value) return fail(r, v, "out of memory");
        int set = cli_set_option(cmd, key, value, &j->a, why, sizeof why);
        if (set == -2) return fail(r, v, "%s", why);
        if (set == -1) {
            const char *names[CLI_NOPTS + 1];
            size_t m = cli_option_names(cmd, names, CLI_NOPTS), u = 0;
            for (size_t q = 0; q < m; q++) {
                int owned = 0;
                for (size_t s = 0; sweep_owned[s]; s++) owned |= strcmp(names[q], sweep_owned[s]) == 0;
                if (!owned) names[u++] = names[q];
            }
            if (j->kind != SWEEP_DECOMPOSE) names[u++] = "output";
            char where[64];
            snprintf(where, sizeof where, "for a %s job", cmd->name);
            return unknown_key(r, k, where, names, u);
        }
    }
    if (j->kind == SWEEP_DECOMPOSE) {
        const char *m = cli_enum_name(OPT_DMETHOD, j->a.dmethod), *bad = cli_decompose_check(&j->a);
        if (!j->a.given[OPT_DMETHOD]) return fail(r, n, "a decompose job needs method");
        if (strcmp(m, "leontief") == 0 || strcmp(m, "routes") == 0)
            return fail(r, n, "method %s writes its own layout; a sweep gathers the long CSV of the other methods%s", m,
                        strcmp(m, "leontief") == 0 ? " (a leontief job gathers multipliers or V^BY)" : "");
        if (bad) return fail(r, n, "%s", bad);
    }
    return TSC_OK;
}

static int read_job(reader *r, yaml_node_t *n, sweep_job *j)
{
    static const char *const known[] = {"name", "decompose", "leontief", "shock", "solve"};
    int rc = check_mapping(r, n, "a job");
    if (rc) return rc;
    yaml_node_t *body = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        const char *key = scalar(k);
        if (strcmp(key, "name") == 0) {
            const char *s = scalar(v);
            if (!s || !*s || *s == '.' ||
                s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")])
                return fail(r, v, "a job's name is a file name: letters, digits, '_', '-' and '.', not first");
            if (!(j->name = keep(r, s))) return fail(r, v, "out of memory");
            continue;
        }
        size_t kind = 1;
        while (kind < 5 && strcmp(key, known[kind]) != 0) kind++;
        if (kind == 5) return unknown_key(r, k, "in a job", known, 5);
        if (body)
            return fail(r, k, "a job runs one command: %s or %s, not both",
                        scalar(node(r, n->data.mapping.pairs.start->key)), key);
        body = v;
        j->kind = (sweep_kind)(kind - 1);
    }
    if (!body) return fail(r, n, "a job names its command: decompose, leontief, shock or solve");
    if (!j->name) return fail(r, n, "a job needs a name (its file is DIR/NAME.csv)");
    j->scenarios = j->kind == SWEEP_SHOCK || j->kind == SWEEP_SOLVE;
    j->draws = j->kind == SWEEP_SOLVE && r->p->draws > 0;
    if (j->scenarios && !r->p->nscenarios)
        return fail(r, n, "a %s job needs scenarios in the plan", job_command(j->kind)->name);
    return read_options(r, body, j);
}

static int read_jobs(reader *r, yaml_node_t *n)
{
    if (n->type != YAML_SEQUENCE_NODE) return fail(r, n, "jobs is a list of jobs");
    size_t m = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (m == 0) return fail(r, n, "jobs is empty");
    if (!(r->p->jobs = calloc(m, sizeof *r->p->jobs))) return fail(r, n, "out of memory");
    for (size_t k = 0; k < m; k++) {
        yaml_node_t *item = node(r, n->data.sequence.items.start[k]);
        int rc = read_job(r, item, &r->p->jobs[k]);
        if (rc) return rc;
        r->p->njobs++;
        for (size_t q = 0; q < k; q++)
            if (strcmp(r->p->jobs[q].name, r->p->jobs[k].name) == 0)
                return fail(r, item, "two jobs are named '%s': they would write the same file", r->p->jobs[k].name);
    }
    return TSC_OK;
}

static const char *const plan_keys[] = {"tables",      "years",     "format", "rebalance", "strict",   "tolerance",
                                        "keep-splits", "scenarios", "draws",  "seed",      "theta-se", "jobs"};
#define NPLAN_KEYS (sizeof plan_keys / sizeof *plan_keys)

static int read_root(reader *r, yaml_node_t *root)
{
    sweep_plan *p = r->p;
    int rc = check_mapping(r, root, "a plan");
    if (rc) return rc;
    yaml_node_t *jobs = NULL, *tables = NULL, *at[NPLAN_KEYS] = {0};
    cli_args_init(&cli_cmd_decompose, &p->load);
    p->theta_se = TSC_GE_THETA_SE_REL;
    for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top; q++) {
        yaml_node_t *k = node(r, q->key), *v = node(r, q->value);
        size_t key = 0;
        while (key < NPLAN_KEYS && strcmp(scalar(k), plan_keys[key]) != 0) key++;
        if (key == NPLAN_KEYS) return unknown_key(r, k, "in the plan", plan_keys, NPLAN_KEYS);
        at[key] = v;
    }
    /* in an order where what a key needs is read before it: the draws before the jobs that use them */
    for (size_t key = 0; key < NPLAN_KEYS; key++) {
        yaml_node_t *v = at[key];
        const char *name = plan_keys[key], *val = v ? scalar(v) : NULL;
        if (!v) continue;
        if (strcmp(name, "tables") == 0 || strcmp(name, "years") == 0) {
            if (tables) return fail(r, v, "give tables or years, not both");
            tables = v;
            rc = name[0] == 't' ? read_paths(r, v, "tables", NULL, &p->tables, &p->table_names, &p->ntables)
                                : read_years(r, v);
        } else if (strcmp(name, "scenarios") == 0) {
            static const char *const exts[] = {".yaml", ".yml", NULL};
            rc = read_paths(r, v, "scenarios", exts, &p->scenarios, &p->scenario_names, &p->nscenarios);
        } else if (strcmp(name, "draws") == 0) {
            rc = read_count(r, v, name, 100000, &p->draws);
        } else if (strcmp(name, "seed") == 0) {
            size_t s = 0;
            rc = read_count(r, v, name, 9007199254740991.0, &s);
            p->seed = (uint64_t)s;
        } else if (strcmp(name, "theta-se") == 0) {
            char *end;
            double x = val ? strtod(val, &end) : -1;
            if (!val || *end || !(x > 0 && x < 10)) return fail(r, v, "theta-se is a number in (0, 10)");
            p->theta_se = x;
        } else if (strcmp(name, "jobs") == 0) {
            jobs = v;
        } else {
            char why[600];
            if (!val) return fail(r, v, "the value of %s is a scalar", name);
            if (cli_set_option(&cli_cmd_decompose, name, val, &p->load, why, sizeof why)) return fail(r, v, "%s", why);
        }
        if (rc) return rc;
    }
    if (!tables) return fail(r, root, "a plan needs tables (a list of paths) or years");
    if (!jobs) return fail(r, root, "a plan needs jobs");
    if ((rc = read_jobs(r, jobs))) return rc;
    int any_solve = 0;
    for (size_t k = 0; k < p->njobs; k++) any_solve |= p->jobs[k].kind == SWEEP_SOLVE;
    if (p->draws && !any_solve) return fail(r, at[8], "draws apply to solve jobs, and the plan has none");
    return TSC_OK;
}

int sweep_plan_read(const char *path, sweep_plan *p, tsc_error *err)
{
    memset(p, 0, sizeof *p);
    reader r = {.file = path, .p = p, .err = err};
    const char *slash = strrchr(path, '/');
    snprintf(r.dir, sizeof r.dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? (slash == path ? "/" : path) : ".");
    if (!(p->file = strdup(path))) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    FILE *f = fopen(path, "rb");
    if (!f) return tsc_error_set(err, TSC_EIO, path, 0, 0, "cannot read the plan");
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    yaml_parser_set_input_file(&parser, f);
    int rc;
    if (!yaml_parser_load(&parser, &r.doc)) {
        rc = tsc_error_set(err, TSC_EPARSE, path, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                           "YAML: %s", parser.problem ? parser.problem : "cannot parse");
        yaml_parser_delete(&parser);
        fclose(f);
        return rc;
    }
    yaml_parser_delete(&parser);
    fclose(f);
    yaml_node_t *root = yaml_document_get_root_node(&r.doc);
    rc = root ? read_root(&r, root) : tsc_error_set(err, TSC_EPARSE, path, 1, 1, "the plan is empty");
    yaml_document_delete(&r.doc);
    return rc;
}

void sweep_plan_free(sweep_plan *p)
{
    if (!p) return;
    for (size_t k = 0; k < p->nstrings; k++) free(p->strings[k]);
    free(p->strings);
    free(p->tables);
    free(p->table_names);
    free(p->scenarios);
    free(p->scenario_names);
    free(p->jobs);
    free(p->file);
    memset(p, 0, sizeof *p);
}

size_t sweep_grid(const sweep_plan *p, sweep_cell **out)
{
    size_t n = 0;
    for (size_t j = 0; j < p->njobs; j++) {
        const sweep_job *job = &p->jobs[j];
        n += (job->scenarios ? p->nscenarios : 1) * (job->draws ? p->draws + 1 : 1);
    }
    n *= p->ntables;
    *out = NULL;
    if (n == 0 || n > MAX_GRID || !(*out = malloc(n * sizeof **out))) return 0;
    size_t k = 0;
    for (size_t t = 0; t < p->ntables; t++)
        for (size_t j = 0; j < p->njobs; j++) {
            const sweep_job *job = &p->jobs[j];
            for (size_t s = 0; s < (job->scenarios ? p->nscenarios : 1); s++)
                for (size_t d = 0; d < (job->draws ? p->draws + 1 : 1); d++) (*out)[k++] = (sweep_cell){t, j, s, d};
        }
    return n;
}
