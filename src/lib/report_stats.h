/*
 * report_stats.h - the statistics part of a report (report_stats.c),
 * called once from dj_report_write after its own tables and charts.
 */
#ifndef DJ_REPORT_STATS_H
#define DJ_REPORT_STATS_H

#include "alloc.h"
#include "dejure/report.h"

DJ_HIDDEN int dj_report_stats(const dj_dataset *ds, const dj_report_options *opt,
                              const char *dir, dj_report_written_fn written,
                              void *ctx, dj_error *err);

#endif
