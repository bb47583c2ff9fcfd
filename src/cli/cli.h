/*
 * cli.h - what the subcommands share: options, exit codes, messages.
 *
 * The command line is a thin layer over the library: it parses options,
 * loads the dataset, calls the library and maps its codes to exit codes.
 */
#ifndef DJ_CLI_H
#define DJ_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "dejure/dejure.h"

/* Exit codes (README, --help). */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,   /* bad options or arguments */
    EXIT_DATA = 2,    /* bad data in an input file */
    EXIT_IO = 3,      /* a file could not be read or written; out of memory */
    EXIT_GNUPLOT = 4, /* gnuplot failed or warned */
    EXIT_DIFFERS = 5  /* verify: a file's bytes differ from the manifest */
};


typedef struct cli_opts {
    const char *data;        /* --data DIR, NULL: embedded default */
    const char *events;      /* --events FILE|-: events.csv from elsewhere */
    const char *subject;     /* --subject CODE|all */
    const char *view;        /* --view */
    const char *exclude;     /* --exclude MARK[,MARK...] */
    const char *blocs;       /* --bloc B[,B...] */
    const char *among;       /* --among B */
    const char *out;         /* --out FILE|DIR */
    const char *at, *from, *to, *by;
    const char *format;      /* png|svg|both */
    const char *thresholds;
    int width, height;
    int no_render;
    int animate;
    int strict;
    int quiet;
    int wide;
    int all;                 /* status --all */
    int jobs;                /* --jobs N (batch, verify) */
    const char *arg;         /* the positional argument of batch, verify */
    /* stats: the tables asked for, in order (STATS_*), models, horizon */
    int stats_tables[16];
    const char *stats_models[16]; /* the MODEL of --fit and --curve */
    size_t nstats_tables;
    const char *until;
} cli_opts;

enum { STATS_PER_YEAR = 1, STATS_PER_MONTH, STATS_DELAYS, STATS_SURVIVAL,
       STATS_MEDIANS, STATS_POPULATION, STATS_FIT, STATS_CURVE };

/* A loaded dataset and the choices resolved against it. */
typedef struct cli_ctx {
    const char *prog;
    const char *cmd;
    cli_opts o;
    dj_dataset *ds;
    dj_view view;
    uint32_t *subjects;      /* malloc'ed, nsubjects of them */
    size_t nsubjects;
    int all_subjects;
    uint32_t *blocs;         /* malloc'ed */
    size_t nblocs;
    int blocs_given;
    uint32_t among;
    double *thresholds;      /* malloc'ed */
    size_t nthresholds;
    dj_date at, from, to;
    dj_date until;           /* --until, DJ_DATE_NONE when not given */
    dj_grid grid;
    dj_date today;
    char *events_buf;        /* bytes of --events, owned */
} cli_ctx;

typedef struct cli_command {
    const char *name;
    int (*run)(cli_ctx *c, int argc, char **argv);
    const char *summary;
    const char *usage;       /* options after the name */
    const char *help;        /* further lines of --help */
    const char *positional;  /* its one positional argument ("FILE" for
                                batch, "DIR" for verify), NULL for none */
    const char *options_from;/* where a command that takes none of the
                                common options takes them from ("batch
                                file"), NULL for the others */
} cli_command;

extern const cli_command cli_commands[];
/* The common options, as a usage line (commands.c). */
extern const char cli_common_usage[];
const cli_command *cli_find(const char *name);
/* The command (or "help", "complete") closest to a misspelt name, NULL
   when none is close. */
const char *cli_suggest_command(const char *name);
/* 1 when `cmd` takes the option --`option` ("bloc"): its usage line or
   the common options name it (commands.c). */
int cli_takes(const cli_command *cmd, const char *option);
/* 1 when --`option` is one of the common options. */
int cli_is_common(const char *option);

/* Parses the options of `cmd` (argv[0] is the subcommand's name). Returns
   -1 to go on, or an exit code (after --help, or a usage error). */
int cli_parse(cli_ctx *c, const cli_command *cmd, int argc, char **argv);
/* Loads the dataset and resolves subject, view, blocs, dates; returns an
   exit code, EXIT_OK to go on. */
int cli_load(cli_ctx *c, int need_blocs);
void cli_free(cli_ctx *c);
/* The files given on the command line in place of the dataset's own
   (--events FILE|-): *n of them in *ev; an exit code, EXIT_OK to go on. */
int cli_overrides(cli_ctx *c, dj_file_override *ev, size_t *n);

/* Messages on standard error: "dejure: ..." */
void cli_error(const cli_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Prints a library error (with its position) and returns its exit code. */
int cli_fail(const cli_ctx *c, const dj_error *err);
/* Prints a library error as cli_fail does. */
void cli_print_error(const cli_ctx *c, const dj_error *err);
/* 1 when err is gnuplot's failure to render (exit code EXIT_GNUPLOT). */
int cli_gnuplot_failed(const dj_error *err);
int cli_exit_code(int rc);
void cli_usage(const cli_command *cmd, int to_stderr);
/* The long options of all commands (getopt_long's table); which of them
   a command takes is cli_takes's. */
extern const struct option cli_long_opts[];
/* `dejure complete WHAT [--data DIR]`: words for shell completion. */
int cli_complete(int argc, char **argv);

int cmd_timeline(cli_ctx *c, int argc, char **argv);
int cmd_coverage(cli_ctx *c, int argc, char **argv);
int cmd_holdouts(cli_ctx *c, int argc, char **argv);
int cmd_milestones(cli_ctx *c, int argc, char **argv);
int cmd_status(cli_ctx *c, int argc, char **argv);
int cmd_report(cli_ctx *c, int argc, char **argv);
int cmd_validate(cli_ctx *c, int argc, char **argv);
int cmd_batch(cli_ctx *c, int argc, char **argv);
int cmd_verify(cli_ctx *c, int argc, char **argv);
int cmd_stats(cli_ctx *c, int argc, char **argv);

#endif
