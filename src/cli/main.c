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
            "Options of most commands:\n"
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

/* `dejure help views [--data DIR]`: the views and marks of a dataset,
   each with what it counts, so that a reader can pick the convention of
   a published count. */
static int help_views(int argc, char **argv)
{
    const char *data = NULL;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--data") == 0 || strcmp(argv[i], "-d") == 0)
            data = argv[i + 1];
    dj_dataset *ds = NULL;
    dj_error err;
    if (data ? dj_dataset_load_dir(&ds, data, NULL, NULL, &err)
             : dj_dataset_load_default(&ds, NULL, NULL, &err)) {
        fprintf(stderr, "dejure: %s\n", err.msg);
        return EXIT_DATA;
    }
    size_t ne = dj_dataset_entity_count(ds), nev = dj_dataset_event_count(ds);
    size_t *disputes = calloc(ne + 1, sizeof *disputes), marked[DJ_MARK_COUNT] = {0};
    if (!disputes) {
        dj_dataset_free(ds);
        return EXIT_IO;
    }
    for (size_t i = 0; i < nev; i++) {
        dj_event_info e;
        dj_dataset_event(ds, i, &e);
        for (size_t k = 0; k < e.ndisputed; k++)
            disputes[e.disputed[k]]++;
        for (unsigned m = 0; m < DJ_MARK_COUNT; m++)
            marked[m] += (e.marks >> m) & 1u;
    }
    printf("Views of dataset '%s' (--view V):\n", dj_dataset_name(ds));
    char title[256], text[1600];
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    for (int k = 0; k < 2; k++) {
        v.kind = k ? DJ_VIEW_UNDISPUTED : DJ_VIEW_ALL;
        dj_view_title(title, sizeof title, ds, &v);
        dj_view_description(text, sizeof text, ds, &v);
        printf("  %-11s %s\n              %s\n", k ? "undisputed" : "all", title, text);
    }
    v.kind = DJ_VIEW_PARTY;
    for (size_t e = 0; e < ne; e++) {
        if (!disputes[e])
            continue;
        v.party = (uint32_t)e;
        dj_view_title(title, sizeof title, ds, &v);
        printf("  %-11s %s: leaves out the %zu event%s it disputes\n", dj_dataset_entity_code(ds, (uint32_t)e),
               title, disputes[e], disputes[e] == 1 ? "" : "s");
    }
    static const char *const meaning[DJ_MARK_COUNT] = {
        "declared subject to conditions", "announced, not in force on the row's date",
        "verbal, with no written act"};
    printf("Marks (--exclude MARK[,MARK...], with any view):\n");
    for (unsigned m = 0; m < DJ_MARK_COUNT; m++)
        printf("  %-11s %s (%zu event%s)\n", dj_mark_name(m), meaning[m], marked[m],
               marked[m] == 1 ? "" : "s");
    free(disputes);
    dj_dataset_free(ds);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_IO;
}

static const char complete_help[] =
    "Usage: dejure complete WHAT [COMMAND] [--data DIR]\n"
    "Prints the words shell completion offers, one per line. WHAT is commands,\n"
    "options (with COMMAND: those that command takes), blocs, views, subjects,\n"
    "by or formats; blocs, views and subjects come from the dataset (--data\n"
    "DIR, else the built-in one).\n"
    "Example: dejure complete options holdouts\n";

static int unknown_command(const char *name)
{
    const char *near = cli_suggest_command(name);
    if (near)
        fprintf(stderr, "dejure: unknown command '%s' (did you mean '%s'?); see 'dejure --help'\n",
                name, near);
    else
        fprintf(stderr, "dejure: unknown command '%s'; see 'dejure --help'\n", name);
    return EXIT_USAGE;
}

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
        if (strcmp(argv[2], "views") == 0)
            return help_views(argc - 2, argv + 2);
        const cli_command *cmd = cli_find(argv[2]);
        if (!cmd)
            return unknown_command(argv[2]);
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
    if (!cmd)
        return unknown_command(name);
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
