/*
 * common.c - option parsing and dataset set-up shared by subcommands.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const cli_ctx *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_code(int rc)
{
    switch (rc) {
    case 0: return EXIT_OK;
    case DJ_EPARSE: case DJ_ELIMIT: return EXIT_DATA;
    case DJ_EINVALID: case DJ_ENOTFOUND: return EXIT_USAGE;
    default: return EXIT_IO;
    }
}

int cli_gnuplot_failed(const dj_error *err)
{
    /* gnuplot's failures, and only they, are I/O errors that start so
       (output.c renders, batchrun.c records its version) */
    return err->code == DJ_EIO && strncmp(err->msg, "gnuplot ", 8) == 0;
}

void cli_print_error(const cli_ctx *c, const dj_error *err)
{
    if (err->code == DJ_ENOMEM) /* where it happened means nothing to a user */
        fprintf(stderr, "%s: out of memory\n", c->prog);
    else if (err->path[0] && err->line > 0)
        fprintf(stderr, "%s: %s:%ld:%ld: %s\n", c->prog, err->path, err->line,
                err->column > 0 ? err->column : 1, err->msg);
    else if (err->path[0])
        fprintf(stderr, "%s: %s: %s\n", c->prog, err->path, err->msg);
    else
        fprintf(stderr, "%s: %s\n", c->prog, err->msg[0] ? err->msg : dj_strerror(err->code));
}

int cli_fail(const cli_ctx *c, const dj_error *err)
{
    cli_print_error(c, err);
    return cli_gnuplot_failed(err) ? EXIT_GNUPLOT : cli_exit_code(err->code);
}

/* Prints words wrapped at 79 columns, continuation lines indented; a
   [bracketed group] is one word. */
static void print_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
    while (*text) {
        size_t n = 0;
        for (int depth = 0; text[n] && (depth > 0 || text[n] != ' '); n++)
            depth += text[n] == '[' ? 1 : text[n] == ']' ? -1 : 0;
        if (col > indent && col + 1 + n > 79) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", (int)n, text);
        col += n;
        text += n;
        text += strspn(text, " ");
    }
    fputc('\n', f);
}

void cli_usage(const cli_command *cmd, int to_stderr)
{
    FILE *f = to_stderr ? stderr : stdout;
    /* the options it takes (cli_takes): its own, then the common ones */
    char line[1024];
    snprintf(line, sizeof line, "%s%s%s", cmd->usage,
             cmd->usage[0] && !cmd->options_from ? " " : "",
             cmd->options_from ? "" : cli_common_usage);
    fprintf(f, "Usage: dejure %s", cmd->name);
    print_wrapped(f, line, 14 + strlen(cmd->name), 7);
    fprintf(f, "%s.\n\n%s\n", cmd->summary, cmd->help);
}

enum {
    OPT_BY = 256, OPT_FROM, OPT_TO, OPT_FORMAT, OPT_NO_RENDER, OPT_SIZE,
    OPT_STRICT, OPT_AMONG, OPT_THRESHOLDS, OPT_WIDE, OPT_LONG, OPT_ANIMATE, OPT_JOBS,
    OPT_UNTIL, OPT_FIT, OPT_CURVE, OPT_EXCLUDE, OPT_ALL, OPT_STATS_TABLE /* + STATS_* */
};

const struct option cli_long_opts[] = {
    {"data", required_argument, NULL, 'd'},
    {"events", required_argument, NULL, 'e'},
    {"subject", required_argument, NULL, 's'},
    {"view", required_argument, NULL, 'v'},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"bloc", required_argument, NULL, 'b'},
    {"out", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"at", required_argument, NULL, 'a'},
    {"by", required_argument, NULL, OPT_BY},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"no-render", no_argument, NULL, OPT_NO_RENDER},
    {"animate", no_argument, NULL, OPT_ANIMATE},
    {"size", required_argument, NULL, OPT_SIZE},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"among", required_argument, NULL, OPT_AMONG},
    {"all", no_argument, NULL, OPT_ALL},
    {"thresholds", required_argument, NULL, OPT_THRESHOLDS},
    {"wide", no_argument, NULL, OPT_WIDE},
    {"long", no_argument, NULL, OPT_LONG},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"fit", required_argument, NULL, OPT_FIT},
    {"curve", required_argument, NULL, OPT_CURVE},
    {"per-year", no_argument, NULL, OPT_STATS_TABLE + STATS_PER_YEAR},
    {"per-month", no_argument, NULL, OPT_STATS_TABLE + STATS_PER_MONTH},
    {"delays", no_argument, NULL, OPT_STATS_TABLE + STATS_DELAYS},
    {"survival", no_argument, NULL, OPT_STATS_TABLE + STATS_SURVIVAL},
    {"medians", no_argument, NULL, OPT_STATS_TABLE + STATS_MEDIANS},
    {"population", no_argument, NULL, OPT_STATS_TABLE + STATS_POPULATION},
    {NULL, 0, NULL, 0}};

/* An option the command does not take: a usage error that names both
   (the option as typed: "-b (--bloc)" for a short one). */
static int not_taken(const cli_ctx *c, const cli_command *cmd, const struct option *o, int as_long)
{
    char typed[64];
    if (as_long)
        snprintf(typed, sizeof typed, "--%s", o->name);
    else
        snprintf(typed, sizeof typed, "-%c (--%s)", o->val, o->name);
    if (cmd->options_from && cli_is_common(o->name))
        cli_error(c, "option '%s' does not apply to '%s', which takes its options from the %s; "
                     "see 'dejure help %s'", typed, cmd->name, cmd->options_from, cmd->name);
    else
        cli_error(c, "option '%s' does not apply to '%s'; see 'dejure help %s'",
                  typed, cmd->name, cmd->name);
    return EXIT_USAGE;
}

int cli_parse(cli_ctx *c, const cli_command *cmd, int argc, char **argv)
{
    int ch, li = -1;
    c->o.width = 1600;
    c->o.height = 900;
    c->o.jobs = 1;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":d:e:s:v:b:o:a:qh", cli_long_opts, &li)) != -1) {
        if (ch != ':' && ch != '?') {
            /* which option it was: by its index when given long, else by
               its letter */
            const struct option *o = li >= 0 ? &cli_long_opts[li] : cli_long_opts;
            while (li < 0 && o->name && o->val != ch)
                o++;
            if (o->name && !cli_takes(cmd, o->name))
                return not_taken(c, cmd, o, li >= 0);
        }
        li = -1;
        switch (ch) {
        case 'd': c->o.data = optarg; break;
        case 'e': c->o.events = optarg; break;
        case 's': c->o.subject = optarg; break;
        case 'v': c->o.view = optarg; break;
        case OPT_EXCLUDE: c->o.exclude = optarg; break;
        case 'b': c->o.blocs = optarg; break;
        case 'o':
            /* an empty name is a slip (an unset shell variable), not a
               file: say so here rather than fail to create "" */
            if (!optarg[0]) {
                cli_error(c, "-o/--out: expected a file name ('-' for standard output), found an empty one");
                return EXIT_USAGE;
            }
            c->o.out = optarg;
            break;
        case 'q': c->o.quiet = 1; break;
        case 'h': cli_usage(cmd, 0); return EXIT_OK;
        case 'a': c->o.at = optarg; break;
        case OPT_BY: c->o.by = optarg; break;
        case OPT_FROM: c->o.from = optarg; break;
        case OPT_TO: c->o.to = optarg; break;
        case OPT_FORMAT: c->o.format = optarg; break;
        case OPT_NO_RENDER: c->o.no_render = 1; break;
        case OPT_ANIMATE: c->o.animate = 1; break;
        case OPT_STRICT: c->o.strict = 1; break;
        case OPT_AMONG: c->o.among = optarg; break;
        case OPT_ALL: c->o.all = 1; break;
        case OPT_THRESHOLDS: c->o.thresholds = optarg; break;
        case OPT_WIDE: c->o.wide = 1; break;
        case OPT_LONG: c->o.wide = 0; break;
        case OPT_JOBS: {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || end == optarg || j < 1 || j > 64) {
                cli_error(c, "expected --jobs N with N in 1..64, found '%s'", optarg);
                return EXIT_USAGE;
            }
            c->o.jobs = (int)j;
            break;
        }
        case OPT_UNTIL: c->o.until = optarg; break;
        case OPT_FIT:
        case OPT_CURVE:
        case OPT_STATS_TABLE + STATS_PER_YEAR:
        case OPT_STATS_TABLE + STATS_PER_MONTH:
        case OPT_STATS_TABLE + STATS_DELAYS:
        case OPT_STATS_TABLE + STATS_SURVIVAL:
        case OPT_STATS_TABLE + STATS_MEDIANS:
        case OPT_STATS_TABLE + STATS_POPULATION: {
            size_t cap = sizeof c->o.stats_tables / sizeof *c->o.stats_tables;
            if (c->o.nstats_tables == cap) {
                cli_error(c, "at most %zu tables at once", cap);
                return EXIT_USAGE;
            }
            c->o.stats_models[c->o.nstats_tables] = ch == OPT_FIT || ch == OPT_CURVE ? optarg : NULL;
            c->o.stats_tables[c->o.nstats_tables++] =
                ch == OPT_FIT ? STATS_FIT : ch == OPT_CURVE ? STATS_CURVE : ch - OPT_STATS_TABLE;
            break;
        }
        case OPT_SIZE: {
            char *end;
            long w = strtol(optarg, &end, 10), h = 0;
            if (*end == ',' || *end == 'x')
                h = strtol(end + 1, &end, 10);
            if (*end || w < 100 || h < 100 || w > 10000 || h > 10000) {
                cli_error(c, "expected --size W,H in pixels (100..10000), found '%s'", optarg);
                return EXIT_USAGE;
            }
            c->o.width = (int)w;
            c->o.height = (int)h;
            break;
        }
        case ':':
            cli_error(c, "option '%s' needs a value", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            cli_error(c, "unknown option '%s' for '%s'; see 'dejure help %s'",
                      argv[optind - 1], cmd->name, cmd->name);
            return EXIT_USAGE;
        }
    }
    const char *positional = cmd->positional;
    if (positional && optind < argc)
        c->o.arg = argv[optind++];
    if (positional && !c->o.arg) {
        cli_error(c, "'%s' needs %s; see 'dejure help %s'", cmd->name, positional, cmd->name);
        return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error(c, "unexpected argument '%s'; see 'dejure help %s'", argv[optind], cmd->name);
        return EXIT_USAGE;
    }
    if (c->o.at && c->o.by) {
        cli_error(c, "--at and --by exclude each other");
        return EXIT_USAGE;
    }
    return -1;
}

/* `name` is an option's ("at": --at) or, in capitals, an environment
   variable's (DEJURE_TODAY), and is named as such. */
static int parse_date_opt(cli_ctx *c, const char *name, const char *s, dj_date *out)
{
    dj_precision prec;
    dj_date_problem p = dj_date_parse(out, &prec, s, strlen(s));
    if (p != DJ_DATE_OK || prec != DJ_PREC_DAY) {
        cli_error(c, "%s%s: %s, found '%s'",
                  name[0] >= 'A' && name[0] <= 'Z' ? "environment variable " : "--", name,
                  p == DJ_DATE_OK ? "expected a day as YYYY-MM-DD" : dj_date_problem_str(p), s);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Reads all of FILE, or standard input for "-", into *data (malloc'ed);
   the bytes then go through the library's CSV reader like any file's. */
static int read_input(const cli_ctx *c, const char *path, char **data, size_t *size)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = stdin;
    size_t n = 0, cap = 65536;
    char *buf = NULL;
    if (!is_stdin) {
        /* a regular file only: a FIFO or device would block or never
           end ("-" is the way to pipe events in); O_NONBLOCK so that
           the open itself does not wait for a FIFO's writer */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (fd < 0) {
            cli_error(c, "%s: cannot open: %s", path, strerror(errno));
            return EXIT_IO;
        }
        int fl = fcntl(fd, F_GETFL);
        const char *why = fstat(fd, &st) != 0 ? strerror(errno)
                          : S_ISDIR(st.st_mode) ? "expected a file, found a directory"
                          : !S_ISREG(st.st_mode) ? "expected a regular file, found a device, FIFO or socket"
                          : fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ? strerror(errno)
                          : NULL;
        if (why || !(f = fdopen(fd, "rb"))) {
            cli_error(c, "%s: %s", path, why ? why : strerror(errno));
            close(fd);
            return EXIT_IO;
        }
    }
    for (;;) {
        if (n == cap || !buf) {
            char *nb = n > DJ_MAX_FILE_BYTES ? NULL : realloc(buf, buf ? cap *= 2 : cap);
            if (!nb) {
                cli_error(c, "%s: %s", is_stdin ? "<stdin>" : path,
                          n > DJ_MAX_FILE_BYTES ? "larger than the limit" : "out of memory");
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return n > DJ_MAX_FILE_BYTES ? EXIT_DATA : EXIT_IO;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f) ? errno : 0;
    if (!is_stdin)
        fclose(f);
    if (bad) {
        cli_error(c, "%s: cannot read: %s", is_stdin ? "<stdin>" : path, strerror(bad));
        free(buf);
        return EXIT_IO;
    }
    *data = buf;
    *size = n;
    return EXIT_OK;
}

int cli_overrides(cli_ctx *c, dj_file_override *ev, size_t *n)
{
    int rc;
    *n = 0;
    if (c->o.data && strcmp(c->o.data, "-") == 0) {
        cli_error(c, "--data takes a dataset folder; to read events from standard input, "
                     "use --events - (with the default dataset or --data DIR)");
        return EXIT_USAGE;
    }
    if (!c->o.events)
        return EXIT_OK;
    free(c->events_buf);
    c->events_buf = NULL;
    ev->name = "events.csv";
    if ((rc = read_input(c, c->o.events, &c->events_buf, &ev->size)))
        return rc;
    ev->data = c->events_buf;
    ev->path = strcmp(c->o.events, "-") == 0 ? "<stdin>" : c->o.events;
    *n = 1;
    return EXIT_OK;
}

static void print_diags(const cli_ctx *c, const dj_diagnostics *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const dj_diag *g = &d->items[i];
        if (c->o.quiet && g->severity == DJ_WARNING)
            continue;
        if (g->line > 0)
            fprintf(stderr, "%s: %s:%ld:%ld: %s%s\n", c->prog, g->path, g->line,
                    g->column > 0 ? g->column : 1,
                    g->severity == DJ_WARNING ? "warning: " : "", g->msg);
        else
            fprintf(stderr, "%s: %s: %s%s\n", c->prog, g->path,
                    g->severity == DJ_WARNING ? "warning: " : "", g->msg);
    }
    size_t shown = d->count, total = d->errors + d->warnings;
    if (total > shown)
        fprintf(stderr, "%s: ... and %zu more problems\n", c->prog, total - shown);
}

/* A bloc by its code, in any case, spaces around it ignored ("NATO, EU"
   is NATO and EU). Trims `code` in place. */
static int resolve_bloc(cli_ctx *c, char *code, uint32_t *out)
{
    while (*code == ' ' || *code == '\t')
        code++;
    size_t n = strlen(code);
    while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t'))
        code[--n] = '\0';
    uint32_t b = dj_dataset_bloc_find(c->ds, code);
    if (b == DJ_NONE) {
        const char *near = dj_dataset_suggest_bloc(c->ds, code);
        if (near)
            cli_error(c, "unknown bloc '%s' (did you mean '%s'?)", code, near);
        else
            cli_error(c, "unknown bloc '%s'", code);
        return EXIT_USAGE;
    }
    *out = b;
    return EXIT_OK;
}

/* 1 when `party` disputes some event: a view of its own differs from
   --view all only then. */
static int disputes_any(const dj_dataset *ds, uint32_t party)
{
    for (size_t i = 0; i < dj_dataset_event_count(ds); i++) {
        dj_event_info ev;
        dj_dataset_event(ds, i, &ev);
        for (size_t k = 0; k < ev.ndisputed; k++)
            if (ev.disputed[k] == party)
                return 1;
    }
    return 0;
}

int cli_load(cli_ctx *c, int need_blocs)
{
    dj_diagnostics diags;
    dj_error err;
    dj_load_options lo = {c->o.strict ? DJ_LOAD_STRICT : 0};
    int rc;

    const char *today = getenv("DEJURE_TODAY"); /* for reproducible runs */
    c->today = dj_date_today();
    if (today && *today && parse_date_opt(c, "DEJURE_TODAY", today, &c->today))
        return EXIT_USAGE;

    dj_file_override ev;
    size_t nover;
    if ((rc = cli_overrides(c, &ev, &nover)))
        return rc;
    dj_diagnostics_init(&diags);
    rc = dj_dataset_load_with(&c->ds, c->o.data, &ev, nover, &lo, &diags, &err);
    if (rc == DJ_ENOMEM) {
        /* the diagnostics may be incomplete: say only what happened */
        dj_diagnostics_dispose(&diags);
        return cli_fail(c, &err);
    }
    print_diags(c, &diags);
    size_t printed = diags.count;
    dj_diagnostics_dispose(&diags);
    if (rc) {
        if (printed && (err.code == DJ_EPARSE || err.code == DJ_ELIMIT)) /* already printed */
            return EXIT_DATA;
        return cli_fail(c, &err);
    }

    /* view */
    if ((rc = dj_view_parse(&c->view, c->ds, c->o.view ? c->o.view : "all", &err)))
        return cli_fail(c, &err);
    if (c->o.exclude && (rc = dj_view_exclude_parse(&c->view, c->o.exclude, &err))) {
        cli_error(c, "%s", err.msg);
        return EXIT_USAGE;
    }
    if (c->view.kind == DJ_VIEW_PARTY && !c->o.quiet && !disputes_any(c->ds, c->view.party)) {
        const char *code = dj_dataset_entity_code(c->ds, c->view.party);
        cli_error(c, "warning: --view %s: %s disputes no event of the dataset, so its view "
                     "counts every event, as --view all does", c->o.view, code);
    }

    /* subjects */
    if (dj_dataset_subject_count(c->ds) == 0) {
        cli_error(c, "the dataset has no subject");
        return EXIT_DATA;
    }
    /* as many subjects, blocs and thresholds as asked for: no list is cut */
    size_t nsub = dj_dataset_subject_count(c->ds), nbl = dj_dataset_bloc_count(c->ds);
    if (!(c->subjects = malloc((nsub + 1) * sizeof *c->subjects))) {
        cli_error(c, "out of memory");
        return EXIT_IO;
    }
    if (c->o.subject && strcmp(c->o.subject, "all") == 0) {
        c->all_subjects = 1;
        for (size_t i = 0; i < nsub; i++)
            c->subjects[c->nsubjects++] = dj_dataset_subject_entity(c->ds, i);
    } else if (c->o.subject) {
        uint32_t e = dj_dataset_entity_lookup(c->ds, c->o.subject);
        if (e == DJ_NONE || dj_dataset_subject_find(c->ds, e) == DJ_NONE) {
            const char *near = dj_dataset_suggest_subject(c->ds, c->o.subject);
            if (near)
                cli_error(c, "unknown subject '%s' (did you mean '%s'?)", c->o.subject, near);
            else
                cli_error(c, "unknown subject '%s'; the dataset's subjects are listed in subjects.csv",
                          c->o.subject);
            return EXIT_USAGE;
        }
        c->subjects[c->nsubjects++] = e;
    } else {
        c->subjects[c->nsubjects++] = dj_dataset_subject_entity(c->ds, 0);
    }

    /* blocs: a list may name a bloc twice, so room for every item */
    size_t items = 1;
    for (const char *p = c->o.blocs ? c->o.blocs : ""; *p; p++)
        items += *p == ',';
    if (!(c->blocs = malloc((nbl > items ? nbl : items) * sizeof *c->blocs + 1))) {
        cli_error(c, "out of memory");
        return EXIT_IO;
    }
    if (c->o.blocs) {
        char *buf = strdup(c->o.blocs);
        if (!buf) {
            cli_error(c, "out of memory");
            return EXIT_IO;
        }
        for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
            if ((rc = resolve_bloc(c, tok, &c->blocs[c->nblocs]))) {
                free(buf);
                return rc;
            }
            c->nblocs++;
        }
        free(buf);
        c->blocs_given = 1;
    } else if (need_blocs) {
        cli_error(c, "'%s' needs --bloc B[,B...]", c->cmd);
        return EXIT_USAGE;
    } else {
        for (size_t b = 0; b < nbl; b++)
            c->blocs[c->nblocs++] = (uint32_t)b;
    }
    c->among = DJ_NONE;
    if (c->o.among) {
        char *buf = strdup(c->o.among);
        if (!buf) {
            cli_error(c, "out of memory");
            return EXIT_IO;
        }
        rc = resolve_bloc(c, buf, &c->among);
        free(buf);
        if (rc)
            return rc;
    }
    if (c->o.thresholds) {
        items = 1;
        for (const char *p = c->o.thresholds; *p; p++)
            items += *p == ',';
        char *buf = strdup(c->o.thresholds);
        if (!buf || !(c->thresholds = malloc(items * sizeof *c->thresholds))) {
            free(buf);
            cli_error(c, "out of memory");
            return EXIT_IO;
        }
        for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
            char *end;
            double v = strtod(tok, &end);
            if (*end || !(v > 0 && v <= 100)) {
                cli_error(c, "expected --thresholds as percentages in (0, 100], found '%.64s'", tok);
                free(buf);
                return EXIT_USAGE;
            }
            c->thresholds[c->nthresholds++] = v;
        }
        free(buf);
    }

    /* dates */
    c->at = c->from = c->to = c->until = DJ_DATE_NONE;
    if ((c->o.at && parse_date_opt(c, "at", c->o.at, &c->at)) ||
        (c->o.until && parse_date_opt(c, "until", c->o.until, &c->until)) ||
        (c->o.from && parse_date_opt(c, "from", c->o.from, &c->from)) ||
        (c->o.to && parse_date_opt(c, "to", c->o.to, &c->to)))
        return EXIT_USAGE;
    if (c->from != DJ_DATE_NONE && c->to != DJ_DATE_NONE && c->from > c->to) {
        cli_error(c, "--from %s is after --to %s", c->o.from, c->o.to);
        return EXIT_USAGE;
    }
    if (c->to == DJ_DATE_NONE)
        c->to = c->today;
    c->grid = DJ_GRID_NONE;
    if (c->o.by) {
        if (strcmp(c->o.by, "day") == 0) c->grid = DJ_GRID_DAY;
        else if (strcmp(c->o.by, "month") == 0) c->grid = DJ_GRID_MONTH;
        else if (strcmp(c->o.by, "year") == 0) c->grid = DJ_GRID_YEAR;
        else {
            cli_error(c, "expected --by day, month or year, found '%s'", c->o.by);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

void cli_free(cli_ctx *c)
{
    dj_dataset_free(c->ds);
    c->ds = NULL;
    free(c->subjects);
    free(c->blocs);
    free(c->thresholds);
    c->subjects = c->blocs = NULL;
    c->thresholds = NULL;
    free(c->events_buf);
    c->events_buf = NULL;
}
