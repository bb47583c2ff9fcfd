/*
 * dejure/report.h - one whole analysis written into a folder.
 *
 * A report is every table (timeline, coverage, holdouts, milestones) for
 * one subject and view as of one date, a gnuplot script per chart, and,
 * when asked, the charts rendered by gnuplot. Batch runs and the CLI's
 * `report` both come here, so their outputs are the same bytes.
 */
#ifndef DEJURE_REPORT_H
#define DEJURE_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "analysis.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

enum { DJ_FORMAT_PNG = 1, DJ_FORMAT_SVG = 2 };

typedef struct dj_report_options {
    uint32_t subject;        /* entity index of the subject */
    dj_view view;
    const uint32_t *blocs;   /* blocs to chart and tabulate */
    size_t nblocs;
    dj_date at;              /* as-of date */
    unsigned formats;        /* DJ_FORMAT_* */
    int render;              /* run gnuplot when it is installed */
    int width, height;       /* PNG size in pixels */
    int animate;             /* also the map and the cumulative line as
                                animated GIFs, a frame per month (slow) */
    dj_date until;           /* fitted curves projected to this day (ignored
                                when not after `at`) */
    const uint32_t *among;   /* NULL, or the bloc whose members alone the
                                cumulative and per-year charts, timelines
                                and milestones count (UN: the press
                                convention); a zeroed struct counts all */
} dj_report_options;

/* Called with each path the report wrote, in the order written. */
typedef void (*dj_report_written_fn)(const char *path, void *ctx);

/*
 * Writes the report into `dir` (created when missing). Returns 0, or a
 * DJ_E* code with err set; files already renamed into place stay.
 * Runs up to two threads of its own while it works (the fits), both
 * joined before it returns; the `written` callback is called on the
 * caller's thread only.
 */
int dj_report_write(const dj_dataset *ds, const dj_report_options *opts,
                    const char *dir, dj_report_written_fn written, void *ctx,
                    dj_error *err);

/*
 * Label layout for time charts: one text box per label, anchored at x
 * (pixels from the plot's left edge), `width` pixels wide, one text line
 * high. dj_label_layout() puts each label (in order of x) into the first
 * row from the top where it fits beside its anchor - to the right of it,
 * else to the left of it - and opens a new row when it fits nowhere, so
 * that no two boxes overlap and every box stays within [0, plot_width]
 * when it is narrower than the plot. Boxes in one row keep `gap` pixels
 * apart. Each label's anchor line runs from its box down to the axis;
 * boxes avoid the lines of the labels above them too (unless a box is so
 * wide that it must span an earlier anchor). Returns the number of rows.
 */
typedef struct dj_label_box {
    double x;        /* in: anchor */
    double width;    /* in: text width */
    int row;         /* out: 0 is the top row */
    int right;       /* out: 1 when the text ends at the anchor */
    double x0, x1;   /* out: the box's horizontal extent */
} dj_label_box;

int dj_label_layout(dj_label_box *labels, size_t n, double plot_width,
                    double gap);
#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
