/*
 * complete.c - `dejure complete WHAT`: the words a shell may complete, one
 * per line, so that completion scripts ask dejure rather than repeat its
 * tables: commands and options come from the command table (`options
 * COMMAND`: those that command takes), blocs, views and subjects from the
 * dataset (--data DIR, else the built-in one). Prints nothing on errors:
 * completing must stay silent.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const kinds[] = {"commands", "options", "blocs", "views",
                                    "subjects", "marks", "by", "formats", NULL};

static void print_dataset_words(const char *what, const dj_dataset *ds)
{
    if (strcmp(what, "blocs") == 0) {
        for (size_t b = 0; b < dj_dataset_bloc_count(ds); b++)
            printf("%s\n", dj_dataset_bloc_code(ds, (uint32_t)b));
    } else if (strcmp(what, "subjects") == 0) {
        for (size_t i = 0; i < dj_dataset_subject_count(ds); i++)
            printf("%s\n", dj_dataset_entity_code(ds, dj_dataset_subject_entity(ds, i)));
        printf("all\n");
    } else { /* views: the two conventions, then every party that disputes an event */
        size_t n = dj_dataset_entity_count(ds);
        unsigned char *seen = calloc(n ? n : 1, 1);
        printf("all\nundisputed\n");
        if (!seen)
            return;
        for (size_t i = 0; i < dj_dataset_event_count(ds); i++) {
            dj_event_info ev;
            dj_dataset_event(ds, i, &ev);
            for (size_t k = 0; k < ev.ndisputed; k++)
                seen[ev.disputed[k]] = 1;
        }
        for (size_t e = 0; e < n; e++)
            if (seen[e])
                printf("%s\n", dj_dataset_entity_code(ds, (uint32_t)e));
        free(seen);
    }
}

int cli_complete(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    const char *data = NULL;
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], "--data") == 0 || strcmp(argv[i], "-d") == 0)
            data = argv[i + 1];
    if (strcmp(what, "commands") == 0) {
        for (const cli_command *c = cli_commands; c->name; c++)
            printf("%s\n", c->name);
        printf("help\n");
    } else if (strcmp(what, "options") == 0) {
        /* of one command when named (those it takes: cli_takes), else
           of all */
        const cli_command *cmd = NULL;
        if (argc > 2 && argv[2][0] != '-' && !(cmd = cli_find(argv[2])))
            return EXIT_USAGE;
        for (const struct option *o = cli_long_opts; o->name; o++)
            if (!cmd || cli_takes(cmd, o->name))
                printf("--%s\n", o->name);
    } else if (strcmp(what, "by") == 0) {
        printf("day\nmonth\nyear\n");
    } else if (strcmp(what, "formats") == 0) {
        printf("png\nsvg\nboth\n");
    } else if (strcmp(what, "marks") == 0) {
        for (unsigned m = 0; m < DJ_MARK_COUNT; m++)
            printf("%s\n", dj_mark_name(m));
    } else if (strcmp(what, "blocs") == 0 || strcmp(what, "views") == 0 ||
               strcmp(what, "subjects") == 0) {
        dj_dataset *ds = NULL;
        if (data ? dj_dataset_load_dir(&ds, data, NULL, NULL, NULL)
                 : dj_dataset_load_default(&ds, NULL, NULL, NULL))
            return EXIT_DATA;
        print_dataset_words(what, ds);
        dj_dataset_free(ds);
    } else {
        fprintf(stderr, "Usage: dejure complete WHAT [COMMAND] [--data DIR]\nWHAT is one of:");
        for (const char *const *k = kinds; *k; k++)
            fprintf(stderr, " %s", *k);
        fprintf(stderr, "\n");
        return EXIT_USAGE;
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_IO;
}
