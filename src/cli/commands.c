/*
 * commands.c - the table of subcommands: name, function, help text,
 * positional argument, and the options each takes. main.c dispatches
 * through it, common.c parses options by it, complete.c offers its names
 * and options.
 *
 * A command takes exactly the options its usage line names (--NAME in
 * `usage`), with the common options unless it takes its options from a
 * file (`options_from`), and --help. The usage line is what --help
 * prints, so what --help lists, what is accepted and what completion
 * offers cannot disagree.
 */
#include <stddef.h>
#include <string.h>

#include "cli.h"

/* The options of every command but batch and verify. */
const char cli_common_usage[] =
    "[--data DIR] [--events FILE|-] [--subject S] [--view V] [--exclude MARK[,MARK...]] "
    "[--strict] [--quiet]";

const cli_command cli_commands[] = {
    {"timeline", cmd_timeline, "recognitions, withdrawals and the total, per day or period",
     "[--at D | --by day|month|year] [--from D] [--to D] [--among B] [--out FILE|-]",
     "Columns: date,recognized,withdrawn,total,began,ended. began and ended\n"
     "count recognising actors that came into existence (a successor\n"
     "continuing its predecessor included) or ceased to exist; a freeze\n"
     "counts as withdrawn. Without --at or --by, one row per day on which\n"
     "something changes. --among B counts only the members of bloc B on\n"
     "each day (UN members only, as the press counts); a recognising state\n"
     "joining or leaving B counts in began or ended.\n"
     "Example: dejure timeline --by year --among UN", NULL, NULL},
    {"coverage", cmd_coverage, "members of each bloc and how many recognise, with percent",
     "[--bloc B[,B...]] [--at D | --by day|month|year] [--from D] [--to D] [--wide|--long] "
     "[--out FILE|-]",
     "Columns: date,bloc,members,recognizing,percent, one row per date and bloc\n"
     "(--long, the default: tidy, for R and pandas). --wide: one row per date,\n"
     "B_members,B_recognizing,B_percent per bloc (for spreadsheets).\n"
     "Denominators are those of each day.\n"
     "Example: dejure coverage --bloc NATO,EU --at 2013-02-17", NULL, NULL},
    {"holdouts", cmd_holdouts, "members of a bloc that do not recognise, on a date",
     "--bloc B[,B...] [--at D] [--out FILE|-]",
     "Columns: date,bloc,code,name, sorted by code. --at defaults to today.\n"
     "Example: dejure holdouts --bloc EU --at 2013-02-17", NULL, NULL},
    {"milestones", cmd_milestones, "the n-th state to recognise; days blocs cross thresholds",
     "[--among B] [--at D] | --thresholds P[,P...] [--bloc B[,B...]] [--out FILE|-]",
     "Columns: n,date,code,name,precision (date order, same-day ties in file\n"
     "order; precision is day, month or year; a successor continuing its\n"
     "predecessor's recognition takes no rank).\n"
     "--among B counts only members of bloc B on the day they recognised.\n"
     "--thresholds 50,66.67 instead lists, per bloc and percentage, every\n"
     "day coverage crossed it, up (reached it) or down (fell below it: a\n"
     "member withdrew, or a state that does not recognise joined):\n"
     "bloc,threshold,date,direction,members,recognizing,percent; a\n"
     "percentage never reached has one row with the date left empty.\n"
     "Example: dejure milestones --among UN", NULL, NULL},
    {"status", cmd_status, "who recognises it on a date, since when, by which source",
     "[--at D] [--among B] [--all] [--out FILE|-]",
     "Columns: date,code,name,status,since,precision,disputed_by,via,source.\n"
     "One row per actor that exists on D (default: today) and has an event for\n"
     "the subject on or before D under the view and exclusions; status is\n"
     "recognizes, withdrew or frozen; since dates the event that set it (for\n"
     "a recognition continued by a successor, the predecessor's, named in via).\n"
     "Sorted by since, ties in file order. --among B: members of B on D only.\n"
     "--all: also every existing entity without an event, status none, by code.\n"
     "Example: dejure status --at 2013-02-17 --among EU", NULL, NULL},
    {"report", cmd_report, "every table, chart scripts, charts and report.html into a folder",
     "[--out DIR] [--at D] [--until D] [--bloc B[,B...]] [--among B] [--format png|svg|both] [--size W,H] [--no-render] [--animate]",
     "Writes to DIR (default: out) and prints each path written: the tables,\n"
     "the charts cumulative, coverage, per-year, standing, map and compare, and\n"
     "report.html, one page holding them all. Charts are rendered when\n"
     "gnuplot is installed, unless --no-render; --animate adds the map and\n"
     "the cumulative line as animated GIFs, one frame per month (slow).\n"
     "The statistics of 'dejure stats' come along (stats-delays, survival,\n"
     "survival-medians, population-coverage, fit-MODEL and curve-MODEL\n"
     "tables) with the charts fit (fitted curves, projected to --until) and\n"
     "survival (Kaplan-Meier). --among UN counts only UN members in the\n"
     "cumulative and per-year charts, the timelines and the milestones (the\n"
     "press convention).\n"
     "Example: dejure report --out out --format both", NULL, NULL},
    {"stats", cmd_stats, "how recognition spread: counts, delays, survival, fitted curves",
     "--per-year|--per-month|--delays|--survival|--medians|--population|"
     "--fit MODEL|--curve MODEL [--until D] [--at D] [--bloc B[,B...]] [--by G] [--out FILE|-]",
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
     "Example: dejure stats --fit logistic --at 2025-01-01", NULL, NULL},
    {"validate", cmd_validate, "check a dataset: every problem as file:line:column",
     "",
     "Exit 0 when the dataset is clean, 2 when it has any problem (warnings\n"
     "included), each printed as file:line:column: message.\n"
     "Example: dejure validate --data datasets/world", NULL, NULL},
    {"batch", cmd_batch, "run the analyses of a batch file, with a manifest of hashes",
     "FILE [--out DIR] [--jobs N] [--quiet]",
     "Runs every [section] of FILE (format: README, 'Batch runs') into DIR\n"
     "(default: out), one folder per analysis, each written completely or not\n"
     "at all, and writes DIR/manifest.ini: SHA-256 of every input and output,\n"
     "dejure's version and each analysis's options. An analysis that fails is\n"
     "reported as file:line:column and the others still run; the exit code is\n"
     "then that of the first failure (2 data, 3 I/O, 4 gnuplot). --jobs N runs\n"
     "N analyses at once; the output is the same bytes.\n"
     "Example: dejure batch scripts/readme.batch --out out/readme", "FILE", "batch file"},
    {"verify", cmd_verify, "rerun a batch run's manifest and report every file that differs",
     "DIR [--jobs N] [--quiet]",
     "Reads DIR/manifest.ini, checks the inputs' SHA-256, reruns every analysis\n"
     "into a temporary folder and compares each file with the recorded hash\n"
     "and with the copy in DIR. Prints one line per difference; exit 0 when\n"
     "every byte matches, 5 when some differ.\n"
     "Example: dejure verify out/readme", "DIR", "manifest"},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL}};

const cli_command *cli_find(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

const char *cli_suggest_command(const char *name)
{
    const char *names[sizeof cli_commands / sizeof *cli_commands + 2];
    size_t n = 0;
    for (const cli_command *c = cli_commands; c->name; c++)
        names[n++] = c->name;
    names[n++] = "help";
    names[n++] = "complete";
    return dj_suggest(name, names, n);
}

/* 1 when `usage` names the option --name (not merely one it begins). */
static int names_option(const char *usage, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(usage, "--"); p; p = strstr(p + 2, "--")) {
        if (strncmp(p + 2, name, n) != 0)
            continue; /* (p[2 + n] may then lie past the end) */
        char next = p[2 + n];
        if (!((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') || next == '-'))
            return 1;
    }
    return 0;
}

int cli_is_common(const char *option)
{
    return names_option(cli_common_usage, option);
}

int cli_takes(const cli_command *cmd, const char *option)
{
    return strcmp(option, "help") == 0 || names_option(cmd->usage, option) ||
           (!cmd->options_from && cli_is_common(option));
}
