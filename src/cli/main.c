/*
 * main.c - the dejure command: a table of subcommands over the library.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

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
     "[--bloc B[,B...]] [--at D | --by day|month|year] [--from D] [--to D] [--wide|--long]",
     "Columns: date,bloc,members,recognizing,percent, one row per date and bloc\n"
     "(--long, the default: tidy, for R and pandas). --wide: one row per date,\n"
     "B_members,B_recognizing,B_percent per bloc (for spreadsheets).\n"
     "Denominators are those of each day.\n"
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
    {"report", cmd_report, "every table, chart scripts, charts and report.html into a folder",
     "[--out DIR] [--at D] [--until D] [--bloc B[,B...]] [--format png|svg|both] [--size W,H] [--no-render] [--animate]",
     "Writes to DIR (default: out) and prints each path written: the tables,\n"
     "the charts cumulative, coverage, per-year, standing and map, and\n"
     "report.html, one page holding them all. Charts are rendered when\n"
     "gnuplot is installed, unless --no-render; --animate adds the map and\n"
     "the cumulative line as animated GIFs, one frame per month (slow).\n"
     "The statistics of 'dejure stats' come along (stats-delays, survival,\n"
     "survival-medians, population-coverage, fit-MODEL and curve-MODEL\n"
     "tables) with the charts fit (fitted curves, projected to --until) and\n"
     "survival (Kaplan-Meier).\n"
     "Example: dejure report --out out --format both"},
    {"stats", cmd_stats, "how recognition spread: counts, delays, survival, fitted curves",
     "--per-year|--per-month|--delays|--survival|--medians|--population|"
     "--fit MODEL|--curve MODEL [--until D] [--at D] [--bloc B[,B...]] [--by G]",
     "One CSV table per flag, in the order given (an empty line between).\n"
     "Time: days since the declaration, up to --at (default: today).\n"
     "  --per-year, --per-month  period,recognized,withdrawn (GSL histograms)\n"
     "  --delays      days to each state's first recognition, all and per bloc:\n"
     "                group,count,mean,q1,median,q3,min,max (quantiles: R's type 7)\n"
     "  --survival    Kaplan-Meier share of bloc members not yet recognising:\n"
     "                bloc,days,date,at_risk,recognized,censored,survival,\n"
     "                std_error,lower95,upper95 (the others censored at --at)\n"
     "  --medians     bloc,members,recognized,censored,median_days,median_date\n"
     "  --population  date,group,population,recognizing,percent,no_figure\n"
     "  --fit MODEL   logistic|gompertz|bass, least squares on the daily total:\n"
     "                model,parameter,estimate,std_error; rss,r2,aic,converged\n"
     "  --curve MODEL date,days,observed,fitted,lower95,upper95 up to --until\n"
     "A failed fit: converged 0, no numbers, why on stderr; --curve exits 2.\n"
     "Example: dejure stats --fit logistic --at 2025-01-01"},
    {"validate", cmd_validate, "check a dataset: every problem as file:line:column",
     "[--strict]",
     "Exit 0 when the dataset is clean, 2 when it has any problem (warnings\n"
     "included), each printed as file:line:column: message.\n"
     "Example: dejure validate --data datasets/kosovo"},
    {"batch", cmd_batch, "run the analyses of a batch file, with a manifest of hashes",
     "FILE [--out DIR] [--jobs N]",
     "Runs every [section] of FILE (format: README, 'Batch runs') into DIR\n"
     "(default: out), one folder per analysis, each written completely or not\n"
     "at all, and writes DIR/manifest.ini: SHA-256 of every input and output,\n"
     "dejure's version and each analysis's options. An analysis that fails is\n"
     "reported as file:line:column and the others still run; the exit code is\n"
     "then that of the first failure (2 data, 3 I/O, 4 gnuplot). --jobs N runs\n"
     "N analyses at once; the output is the same bytes.\n"
     "Example: dejure batch scripts/readme.batch --out out/readme"},
    {"verify", cmd_verify, "rerun a batch run's manifest and report every file that differs",
     "DIR [--jobs N]",
     "Reads DIR/manifest.ini, checks the inputs' SHA-256, reruns every analysis\n"
     "into a temporary folder and compares each file with the recorded hash\n"
     "and with the copy in DIR. Prints one line per difference; exit 0 when\n"
     "every byte matches, 5 when some differ.\n"
     "Example: dejure verify out/readme"},
    {NULL, NULL, NULL, NULL, NULL}};

const char *cli_positional(const cli_command *cmd)
{
    if (strcmp(cmd->name, "batch") == 0)
        return "FILE";
    if (strcmp(cmd->name, "verify") == 0)
        return "DIR";
    return NULL;
}

const cli_command *cli_find(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* Fits a screen of 80 x 24 (a test holds it to that): the rest is in
   `dejure help COMMAND` and the manual page. */
static void main_usage(FILE *f)
{
    fprintf(f,
            "Usage: dejure COMMAND [OPTIONS]      dejure -V, --version\n"
            "Who recognises a state, since when, and what share of each bloc.\n\n"
            "Commands ('dejure help COMMAND' for the options of one):\n");
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(f, "  %-11s %s\n", c->name, c->summary);
    fprintf(f,
            "Common options:\n"
            "  -d, --data DIR     dataset folder (default: the built-in Kosovo data)\n"
            "  -e, --events FILE  read the events from FILE ('-': standard input)\n"
            "  -s, --subject S    subject code or 'all';  -v, --view all|undisputed|CODE\n"
            "  -o, --out FILE     write to FILE ('-': standard output)\n"
            "  -q, --quiet        no warnings;  --strict  warnings are errors\n"
            "Examples:\n"
            "  dejure coverage --bloc NATO,EU --at 2013-02-17 | column -ts,\n"
            "  dejure holdouts -b EU -a 2013-02-17 -o holdouts.csv\n"
            "Exit: 0 ok, 1 usage, 2 bad data, 3 I/O, 4 gnuplot, 5 differ.  More: man dejure\n");
}

static const char complete_help[] =
    "Usage: dejure complete WHAT [--data DIR]\n"
    "Prints the words shell completion offers, one per line. WHAT is commands,\n"
    "options, blocs, views, subjects, by or formats; blocs, views and subjects\n"
    "come from the dataset (--data DIR, else the built-in one).\n"
    "Example: dejure complete blocs\n";

int main(int argc, char **argv)
{
    cli_ctx c;
    memset(&c, 0, sizeof c);
    c.prog = "dejure";
    /* GSL must report, never abort: every status is checked */
    gsl_set_error_handler_off();
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
    if (strcmp(name, "complete") == 0)
        return cli_complete(argc - 1, argv + 1);
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            main_usage(stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[2], "complete") == 0) {
            fputs(complete_help, stdout);
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
    if (!cmd && name[0] == '-') {
        /* options first, as some tools take them: name the command that
           was meant, if one follows, rather than "unknown command" */
        const char *later = NULL;
        for (int i = 2; i < argc && !later; i++)
            if (cli_find(argv[i]))
                later = argv[i];
        if (later)
            fprintf(stderr, "dejure: the command comes first, then its options: "
                            "'dejure %s %s ...'; see 'dejure help %s'\n", later, name, later);
        else
            fprintf(stderr, "dejure: expected a command before the option '%s'; see 'dejure --help'\n",
                    name);
        return EXIT_USAGE;
    }
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
