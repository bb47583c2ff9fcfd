/*
 * main.c - the dejure command: a table of subcommands over the library.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#ifdef DJ_CLI_TEST_HOOKS
#include "dejure/testing.h"
#endif

/* An interrupted run removes its temporaries (and stops gnuplot), then
   dies of the same signal, so the caller sees how it ended. The previous
   outputs are untouched: they are only ever replaced by rename. */
static void on_signal(int sig)
{
    dj_out_cleanup_on_signal();
    raise(sig); /* SA_RESETHAND restored the default action */
}

static void catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

const cli_command cli_commands[] = {
    {"timeline", cmd_timeline, "recognitions, withdrawals and the total, per day or period",
     "[--at D | --by day|month|year] [--from D] [--to D]",
     "Columns: date,recognized,withdrawn,total. Without --at or --by, one row\n"
     "per day on which something changes.\n"
     "Example: dejure timeline --by year"},
    {"coverage", cmd_coverage, "members of each bloc and how many recognise, with percent",
     "[--bloc B[,B...]] [--at D | --by day|month|year] [--from D] [--to D] [--wide]",
     "Columns: date,bloc,members,recognizing,percent (--wide: one row per date,\n"
     "three columns per bloc). Denominators are those of each day.\n"
     "Example: dejure coverage --bloc NATO,EU --at 2013-02-17"},
    {"holdouts", cmd_holdouts, "members of a bloc that do not recognise, on a date",
     "--bloc B[,B...] [--at D]",
     "Columns: date,bloc,code,name, sorted by code. --at defaults to today.\n"
     "Example: dejure holdouts --bloc EU --at 2013-02-17"},
    {"milestones", cmd_milestones, "the n-th state to recognise; dates blocs reach thresholds",
     "[--among B] [--at D] | --thresholds P[,P...] [--bloc B[,B...]]",
     "Columns: n,date,code,name (date order, same-day ties in file order).\n"
     "--among B counts only members of bloc B on the day they recognised.\n"
     "--thresholds 50,66.67 instead lists, per bloc, the first day coverage\n"
     "reached each percentage: bloc,threshold,date,members,recognizing,percent.\n"
     "Example: dejure milestones --among UN"},
    {"report", cmd_report, "every table, chart scripts and charts into a folder",
     "[--out DIR] [--at D] [--bloc B[,B...]] [--format png|svg|both] [--size W,H] [--no-render]",
     "Writes to DIR (default: out) and prints each path written. Charts are\n"
     "rendered when gnuplot is installed, unless --no-render.\n"
     "Example: dejure report --out out --format both"},
    {"validate", cmd_validate, "check a dataset: every problem as file:line:column",
     "[--strict]",
     "Exit 0 when the dataset is clean, 2 when it has any problem (warnings\n"
     "included), each printed as file:line:column: message.\n"
     "Example: dejure validate --data datasets/kosovo"},
    {NULL, NULL, NULL, NULL, NULL}};

const cli_command *cli_find(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void main_usage(FILE *f)
{
    fprintf(f,
            "Usage: dejure COMMAND [OPTIONS]\n"
            "Who recognises a state, since when, and what share of each bloc.\n\n"
            "Commands:\n");
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(f, "  %-11s %s\n", c->name, c->summary);
    fprintf(f,
            "  help CMD    the options of one command\n\n"
            "Options of every command:\n"
            "  -d, --data DIR     dataset folder (default: the built-in Kosovo data)\n"
            "  -s, --subject S    subject code, or 'all' (default: the first subject)\n"
            "  -v, --view V       all | undisputed | CODE (ignore what CODE disputes)\n"
            "  -o, --out FILE     write the table to FILE ('-': standard output)\n"
            "      --strict       treat data warnings as errors\n"
            "  -q, --quiet        no warnings on standard error\n\n"
            "Dates are YYYY-MM-DD. Tables are CSV on standard output.\n"
            "Exit codes: 0 ok, 1 usage error, 2 bad data, 3 input/output error,\n"
            "4 gnuplot failed.\n\n"
            "Examples:\n"
            "  dejure coverage --bloc NATO,EU --at 2013-02-17\n"
            "  dejure holdouts --bloc EU --at 2013-02-17\n"
            "  dejure timeline --by year --view undisputed\n"
            "  dejure report --out out\n");
}

int main(int argc, char **argv)
{
    cli_ctx c;
    memset(&c, 0, sizeof c);
    c.prog = "dejure";
    if (argc < 2) {
        main_usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        main_usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("dejure %s\n", DEJURE_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            main_usage(stdout);
            return EXIT_OK;
        }
        const cli_command *cmd = cli_find(argv[2]);
        if (!cmd) {
            fprintf(stderr, "dejure: unknown command '%s'; see 'dejure --help'\n", argv[2]);
            return EXIT_USAGE;
        }
        cli_usage(cmd, 0);
        return EXIT_OK;
    }
    const cli_command *cmd = cli_find(name);
    if (!cmd) {
        fprintf(stderr, "dejure: unknown command '%s'; see 'dejure --help'\n", name);
        return EXIT_USAGE;
    }
    c.cmd = cmd->name;
    catch_signals();
#ifdef DJ_CLI_TEST_HOOKS
    {
        /* only in the test suite's build of the command (dejure_oom):
           make the k-th library allocation fail */
        const char *k = getenv("DEJURE_ALLOC_FAIL_AT");
        if (k)
            dj_alloc_fail_at(atol(k));
    }
#endif
    int rc = cli_parse(&c, cmd, argc - 1, argv + 1);
    if (rc >= 0)
        return rc;
    rc = cmd->run(&c, argc - 1, argv + 1);
    cli_free(&c);
    return rc;
}
