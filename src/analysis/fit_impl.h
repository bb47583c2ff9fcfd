/*
 * fit_impl.h - fits from threads, for the report (fit.c, stats.c, output/stats_tables.c).
 */
#ifndef DJ_FIT_IMPL_H
#define DJ_FIT_IMPL_H

#include "util/alloc.h"
#include "dejure/stats.h"

/* dj_fit_run, for callers that fit on several threads: GSL's error
   handler is one global, so the caller turns it off (and back) once,
   around all of them, instead of each fit on its own thread. */
DJ_HIDDEN int dj_fit_run_handler_off(dj_fit *out, dj_model m, const double *t,
                                     const double *y, size_t n, dj_error *err);

#endif
