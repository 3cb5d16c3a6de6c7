/* tariffscope: the command-line front end, one subcommand per file, public API only. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Every command, in the order tariffscope --help lists them. A name with a space ("tariffs effective") is a
 * subcommand of its first word. */
static const cli_command *const commands[] = {
    &cli_cmd_info,
    &cli_cmd_leontief,
    &cli_cmd_convert,
    &cli_cmd_aggregate,
    &cli_cmd_decompose,
    &cli_cmd_shock,
    &cli_cmd_solve,
    &cli_cmd_tariffs_effective,
    &cli_cmd_tariffs_aggregate,
    &cli_cmd_scenario_check,
    &cli_cmd_split,
    &cli_cmd_update,
    &cli_cmd_report,
    &cli_cmd_serve,
    &cli_cmd_sweep,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

/* 1 when cmd's name is word, or group + " " + sub when sub is not NULL. */
static int named(const cli_command *cmd, const char *word, const char *sub)
{
    size_t len = strlen(word);
    if (strncmp(cmd->name, word, len) != 0) return 0;
    if (!sub) return cmd->name[len] == '\0';
    return cmd->name[len] == ' ' && strcmp(cmd->name + len + 1, sub) == 0;
}

/* 1 when cmd is a subcommand of group ("tariffs"). */
static int in_group(const cli_command *cmd, const char *group)
{
    size_t len = strlen(group);
    return strncmp(cmd->name, group, len) == 0 && cmd->name[len] == ' ';
}

/* 1 when word is the first word of subcommands. */
static int is_group(const char *word)
{
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (in_group(commands[k], word)) return 1;
    return 0;
}

static void help(FILE *f)
{
    fprintf(f, "tariffscope %s: input-output accounting and tariff propagation on inter-country tables\n\n",
            TSC_VERSION);
    fputs("usage: tariffscope COMMAND [arguments] [options]\n"
          "       tariffscope COMMAND --help      the command's arguments and options\n\ncommands:\n",
          f);
    for (size_t k = 0; k < NCOMMANDS; k++) fprintf(f, "  %-19s %s\n", commands[k]->name, commands[k]->summary);
    fputs("\nexit status: 0 success, 1 runtime error (bad input, a singular system, no convergence), 2 usage error\n"
          "formats and outputs: docs/FORMATS.md and docs/CLI.md\n",
          f);
}

/* The usage of a group's subcommands (tariffscope tariffs). */
static void group_help(const char *group, FILE *f)
{
    const char *lead = "usage:";
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (in_group(commands[k], group)) {
            fprintf(f, "%s ", lead);
            cli_print_synopsis(commands[k], f);
            lead = "      ";
        }
    fprintf(f, "(tariffscope %s SUBCOMMAND --help for its options; docs/CLI.md)\n", group);
}

static int run(const cli_command *cmd, int argc, char **argv)
{
    cli_args a;
    switch (cli_parse(cmd, argc, argv, &a)) {
    case CLI_RUN: return cmd->run(&a);
    case CLI_HELP_SHOWN: return 0;
    case CLI_USAGE: break;
    }
    return 2;
}

/* tariffscope help [COMMAND [SUBCOMMAND]] */
static int help_on(int argc, char **argv)
{
    if (argc < 3) {
        help(stdout);
        return 0;
    }
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (named(commands[k], argv[2], argc > 3 && is_group(argv[2]) ? argv[3] : NULL)) {
            cli_print_help(commands[k], stdout);
            return 0;
        }
    if (is_group(argv[2])) {
        group_help(argv[2], stdout);
        return 0;
    }
    fprintf(stderr, "tariffscope: unknown command '%s' (see tariffscope --help)\n", argv[2]);
    return 2;
}

/* Every command's standard output is flushed and checked here, before the exit: a write that failed (a full disk,
 * /dev/full, a closed descriptor) is an error, never a success with output lost. */
static int check_stdout(int status)
{
    int flush_failed = fflush(stdout) != 0, e = errno;
    if (!flush_failed && !ferror(stdout)) return status;
    if (flush_failed) fprintf(stderr, "tariffscope: cannot write the standard output: %s\n", strerror(e));
    else fprintf(stderr, "tariffscope: cannot write the standard output\n");
    return status ? status : 1;
}

static int dispatch(int argc, char **argv)
{
    tsc_error err;
    if (tsc_blas_ensure_fast_kernel(argv, &err) != TSC_OK) {
        char buf[1200];
        fprintf(stderr, "tariffscope: warning: %s\n", tsc_error_format(&err, buf, sizeof buf));
    }
    if (argc < 2) {
        help(stderr);
        return 2;
    }
    const char *word = argv[1];
    if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 || strcmp(word, "help") == 0) return help_on(argc, argv);
    if (strcmp(word, "--version") == 0) {
        printf("tariffscope %s\n", TSC_VERSION);
        return 0;
    }
    if (is_group(word)) {
        const char *sub = argc > 2 ? argv[2] : NULL;
        if (sub && (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)) {
            group_help(word, stdout);
            return 0;
        }
        if (!sub) {
            group_help(word, stderr);
            return 2;
        }
        for (size_t k = 0; k < NCOMMANDS; k++)
            if (named(commands[k], word, sub)) return run(commands[k], argc - 2, argv + 2);
        fprintf(stderr, "tariffscope: unknown subcommand '%s' for %s (see tariffscope %s --help)\n", sub, word, word);
        return 2;
    }
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (named(commands[k], word, NULL)) return run(commands[k], argc - 1, argv + 1);
    fprintf(stderr, "tariffscope: unknown command '%s' (see tariffscope --help)\n", word);
    return 2;
}

int main(int argc, char **argv)
{
    return check_stdout(dispatch(argc, argv));
}
