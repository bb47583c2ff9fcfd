/*
 * fit_impl.h - fits from threads, for the report (fit.c, stats.c, output/stats_tables.c).
 */
#ifndef DJ_FIT_IMPL_H
#define DJ_FIT_IMPL_H

#include "util/alloc.h"
#include "dejure/stats.h"


#endif
