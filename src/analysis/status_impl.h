/*
 * status_impl.h - building a status, for the loader: it builds the "all"
 * view's intervals in the same pass as its checks (load.c).
 */
#ifndef DJ_STATUS_IMPL_H
#define DJ_STATUS_IMPL_H

#include "model/dataset_impl.h"
#include "dejure/analysis.h"

/* Status building, shared by the loader (status.c). A builder collects
   intervals per batch, in room reserved once from the batch's event count
   (an interval needs an event to start it); dj_status_builder_add() takes
   one subject's sorted events and skips those outside the view. */
typedef struct dj_status_builder dj_status_builder;
DJ_HIDDEN int dj_status_builder_new(dj_status_builder **out, const dj_dataset *ds,
                                    const struct dj_view *view, size_t nbatches,
                                    const size_t *batch_events);
DJ_HIDDEN int dj_status_builder_add(dj_status_builder *b, size_t batch,
                                    uint32_t subject, const dj_pair_item *items,
                                    size_t n);
/* Makes the batches a status (NULL on failure, DJ_ENOMEM); frees b. */
DJ_HIDDEN int dj_status_builder_finish(dj_status_builder *b, struct dj_status **out);
DJ_HIDDEN void dj_status_builder_free(dj_status_builder *b);
/* Frees a status the dataset owns (its all_status). */
DJ_HIDDEN void dj_status_free_owned(struct dj_status *st);
#endif
