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
    dj_date until;           /* fitted curves projected to this day (ignored
                                when not after `at`) */
} dj_report_options;

/* Called with each path the report wrote, in the order written. */
typedef void (*dj_report_written_fn)(const char *path, void *ctx);

/*
 * Writes the report into `dir` (created when missing). Returns 0, or a
 * DJ_E* code with err set; files already renamed into place stay.
 */
int dj_report_write(const dj_dataset *ds, const dj_report_options *opts,
                    const char *dir, dj_report_written_fn written, void *ctx,
                    dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
