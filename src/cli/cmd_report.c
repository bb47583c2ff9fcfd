/*
 * cmd_report.c - `dejure report`: the default analysis into a folder.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void print_path(const char *path, void *ctx)
{
    (void)ctx;
    printf("%s\n", path);
}

int cmd_report(cli_ctx *c, int argc, char **argv)
{
    dj_error err;
    dj_report_options ro;
    (void)argc, (void)argv;
    if (c->o.out && strcmp(c->o.out, "-") == 0) {
        cli_error(c, "report writes several files into a folder: give --out DIR, not '-'");
        return EXIT_USAGE;
    }
    int rc = cli_load(c, 0);
    if (rc)
        return rc;
    if (c->all_subjects) {
        cli_error(c, "report takes one subject, not 'all'");
        return EXIT_USAGE;
    }
    memset(&ro, 0, sizeof ro);
    ro.subject = c->subjects[0];
    ro.view = c->view;
    ro.blocs = c->blocs;
    /* one chart holds four blocs well; more with --bloc */
    ro.nblocs = c->blocs_given || c->nblocs < 4 ? c->nblocs : 4;
    ro.at = c->at != DJ_DATE_NONE ? c->at : c->today;
    ro.until = c->until != DJ_DATE_NONE ? c->until : ro.at;
    ro.among = c->among != DJ_NONE ? &c->among : NULL;
    const char *fmt = c->o.format ? c->o.format : "png";
    if (strcmp(fmt, "png") == 0) ro.formats = DJ_FORMAT_PNG;
    else if (strcmp(fmt, "svg") == 0) ro.formats = DJ_FORMAT_SVG;
    else if (strcmp(fmt, "both") == 0) ro.formats = DJ_FORMAT_PNG | DJ_FORMAT_SVG;
    else {
        cli_error(c, "expected --format png, svg or both, found '%s'", fmt);
        return EXIT_USAGE;
    }
    ro.render = !c->o.no_render;
    if (ro.render && !dj_gnuplot_available()) {
        if (!c->o.quiet)
            cli_error(c, "warning: gnuplot is not installed; writing the chart scripts only");
        ro.render = 0;
    }
    ro.animate = c->o.animate;
    ro.width = c->o.width;
    ro.height = c->o.height;
    rc = dj_report_write(c->ds, &ro, c->o.out ? c->o.out : "out", print_path, NULL, &err);
    fflush(stdout);
    return rc ? cli_fail(c, &err) : EXIT_OK;
}
