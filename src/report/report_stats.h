/*
 * report_stats.h - the statistics part of a report (report_stats.c),
 * called once from dj_report_write after its own tables and charts.
 */
#ifndef DJ_REPORT_STATS_H
#define DJ_REPORT_STATS_H

#include "util/alloc.h"
#include "output/output_impl.h"
#include "dejure/report.h"
#include "dejure/analysis.h"

/* The report's curve fits, started early on their own thread(s) (see
   report_stats.c), which also write each converged model's curve file
   into dir (committed later by dj_report_stats); *out stays NULL when
   there is nothing to fit. */
typedef struct dj_report_fits dj_report_fits;
DJ_HIDDEN int dj_report_fits_start(dj_report_fits **out, const dj_dataset *ds,
                                   const dj_status *st, const dj_report_options *opt,
                                   const char *dir, dj_error *err);
/* Waits for the fits if they still run, and frees them; NULL is fine. */
DJ_HIDDEN void dj_report_fits_free(dj_report_fits *f);

/* `fits` from dj_report_fits_start (collected here, freed by the caller) */
DJ_HIDDEN int dj_report_stats(const dj_dataset *ds, const dj_report_options *opt,
                              const char *dir, dj_report_written_fn written,
                              void *ctx, dj_report_fits *fits,
                              dj_error *err);

#endif
