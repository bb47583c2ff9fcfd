/*
 * batch_impl.h - what batch.c and batchrun.c share: the names of tables
 * and charts, in the order of their DJ_TABLE_* and DJ_CHART_* bits.
 */
#ifndef DJ_BATCH_IMPL_H
#define DJ_BATCH_IMPL_H

#include "util/alloc.h"

#define DJ_BATCH_NTABLES 13
#define DJ_BATCH_NCHARTS 8

DJ_HIDDEN extern const char *const dj_batch_tables[DJ_BATCH_NTABLES];
DJ_HIDDEN extern const char *const dj_batch_charts[DJ_BATCH_NCHARTS];

#endif
