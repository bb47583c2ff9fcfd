/*
 * status.c - recognition intervals from events.
 *
 * The events are in (subject, actor, date, file order) already: the loader
 * sorted them once (order.c). One sweep over that order, skipping the
 * events outside the view, keeps per (subject, actor, date) only the last
 * event of the day, and emits an interval [start, end) for every span of
 * recognition. The result
 * holds, per subject, its intervals sorted by actor and start.
 * Cost: O(N) time and O(N) memory for N events.
 */
#include <string.h>

#include "dataset_impl.h"
#include "dejure/analysis.h"

struct dj_status {
    size_t nsubj;             /* = dataset's entity count (index by entity) */
    size_t *first;            /* nsubj + 1 offsets into iv, by entity */
    dj_interval *iv;
    size_t niv;
};

int dj_status_new(dj_status **out, const dj_dataset *ds, const dj_view *view,
                  dj_error *err)
{
    dj_status *st = NULL;
    uint32_t *own = NULL;
    const uint32_t *order = ds->ev_order;
    size_t nrec = 0;
    int rc = DJ_ENOMEM;

    *out = NULL;
    st = dj_calloc(1, sizeof *st);
    if (!st)
        goto fail;
    st->nsubj = ds->nent;
    st->first = dj_calloc(ds->nent + 1, sizeof *st->first);
    if (!st->first)
        goto fail;
    if (!order) { /* a dataset the loader did not finish: sort here */
        own = dj_malloc((ds->nev ? ds->nev : 1) * sizeof *own);
        if (!own || dj_dataset_sort_events(own, ds))
            goto fail;
        order = own;
    }
    /* At most one interval per recognising event: the bound is reserved,
       only the pages written become memory, and the rest is given back. */
    for (size_t i = 0; i < ds->nev; i++)
        nrec += !(ds->ev_flags[i] & DJ_EVF_WITHDRAW);
    st->iv = dj_malloc((nrec ? nrec : 1) * sizeof *st->iv);
    if (!st->iv)
        goto fail;

    const int all = view->kind == DJ_VIEW_ALL;
    const uint32_t *o = order, *end = order + ds->nev;
    /* skip to the next event that counts in the view */
#define NEXT_IN_VIEW(p) \
    while ((p) < end && !all && !dj_view_includes(ds, view, *(p))) (p)++
    NEXT_IN_VIEW(o);
    while (o < end) {
        uint32_t subj = ds->ev_subject[*o], actor = ds->ev_actor[*o];
        int on = 0;
        dj_interval cur = {actor, 0, DJ_DATE_MAX, 0};
        while (o < end && ds->ev_subject[*o] == subj && ds->ev_actor[*o] == actor) {
            /* the last event of the day decides the day */
            dj_date day = ds->ev_date[*o];
            const uint32_t *p = o, *last = o;
            uint32_t first_rec = UINT32_MAX;
            while (p < end && ds->ev_subject[*p] == subj &&
                   ds->ev_actor[*p] == actor && ds->ev_date[*p] == day) {
                if (first_rec == UINT32_MAX && !(ds->ev_flags[*p] & DJ_EVF_WITHDRAW))
                    first_rec = *p;
                last = p++;
                NEXT_IN_VIEW(p);
            }
            uint32_t e = *last;
            int rec = !(ds->ev_flags[e] & DJ_EVF_WITHDRAW);
            if (rec && !on) {
                cur.start = day;
                cur.end = DJ_DATE_MAX;
                /* the first recognising event of the day, for milestones */
                cur.event = first_rec;
                on = 1;
            } else if (!rec && on) {
                cur.end = day;
                st->iv[st->niv++] = cur;
                on = 0;
            }
            o = p;
        }
        if (on)
            st->iv[st->niv++] = cur;
        st->first[subj + 1] = st->niv; /* running end, fixed up below */
    }
#undef NEXT_IN_VIEW
    /* offsets: subjects without intervals take their predecessor's end */
    for (size_t s = 1; s <= ds->nent; s++)
        if (st->first[s] < st->first[s - 1])
            st->first[s] = st->first[s - 1];
    if (st->niv < nrec) {
        dj_interval *iv = dj_realloc(st->iv, (st->niv ? st->niv : 1) * sizeof *iv);
        if (iv)
            st->iv = iv;
    }
    dj_free(own);
    *out = st;
    return 0;
fail:
    dj_free(own);
    dj_status_free(st);
    return dj_error_set(err, rc, "out of memory");
}

void dj_status_free(dj_status *st)
{
    if (!st)
        return;
    dj_free(st->first);
    dj_free(st->iv);
    dj_free(st);
}

const dj_interval *dj_status_intervals(const dj_status *st, uint32_t subject,
                                       size_t *n)
{
    if (subject >= st->nsubj) {
        *n = 0;
        return st->iv;
    }
    *n = st->first[subject + 1] - st->first[subject];
    return st->iv + st->first[subject];
}

int dj_status_recognizes(const dj_status *st, uint32_t subject,
                         uint32_t actor, dj_date date)
{
    size_t n;
    const dj_interval *iv = dj_status_intervals(st, subject, &n);
    for (size_t i = 0; i < n; i++)
        if (iv[i].actor == actor && iv[i].start <= date && date < iv[i].end)
            return 1;
    return 0;
}
