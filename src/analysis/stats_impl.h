/*
 * stats_impl.h - what the statistics tables (output/stats_tables.c) take
 * from analysis/stats.c beyond the public API.
 */
#ifndef DJ_STATS_IMPL_H
#define DJ_STATS_IMPL_H

#include "util/alloc.h"
#include "dejure/stats.h"

/* Population-weighted coverage per date: slot 0 the world, slot 1 + b
   bloc b; sums of the population of members (den) and of recognising
   members (num), and how many of them have no population figure. */
typedef struct dj_popcov {
    int64_t *den, *num;   /* (1 + nblocs) x ndates, slot-major */
    uint32_t *nofig;
} dj_popcov;

/* At most 64 blocs (DJ_EINVALID beyond); DJ_ENOMEM, DJ_ELIMIT when the
   populations sum past 1e15. *out is then empty. */
DJ_HIDDEN int dj_popcov_eval(dj_popcov *out, const dj_dataset *ds, const dj_status *st,
                             uint32_t subject, const uint32_t *blocs, size_t nblocs,
                             const dj_date *dates, size_t ndates);
DJ_HIDDEN void dj_popcov_dispose(dj_popcov *p);

#endif
