/*
 * status.c - recognition intervals from events.
 *
 * order.c hands out each subject's events in (actor, date, file order);
 * one sweep over them, skipping the events outside the view, keeps per
 * (subject, actor, date) only the last event of the day, and emits an
 * interval [start, end) for every span of recognition. The loader builds
 * the "all" view's intervals in its own pass over the events (its checks
 * need the same order); dj_status_new() lends those out. The result
 * holds, per subject, its intervals sorted by actor and start, in the
 * array of the batch that built them.
 * Cost: O(N) time and O(N) memory for N events.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/status_impl.h"
#include "model/dataset_impl.h"
#include "dejure/analysis.h"

struct dj_status {
    dj_view view;             /* the events it counts */
    size_t nsubj;             /* = dataset's entity count (index by entity) */
    /* By entity: where its intervals start, in the array of the batch that
       built them, and how many. The batches' arrays are kept as built:
       joining them into one would copy every interval and touch as much
       memory again, for nothing a reader needs. */
    const dj_interval **at;
    uint32_t *count;
    dj_interval **parts;      /* the batches' arrays, owned */
    size_t nparts;
    int lent;                 /* at, count and parts belong to the dataset */
};

/* ---- building, batch by batch ---- */

typedef struct ivec {
    dj_interval *v;
    size_t n, cap;
} ivec;

struct dj_status_builder {
    const dj_dataset *ds;
    dj_view view;
    size_t nb;
    ivec *batch;              /* intervals of each batch, in subject order */
    /* by entity: its first interval in its batch's array, how many, which batch */
    size_t *off;
    uint32_t *count;
    uint32_t *part;
};

int dj_status_builder_new(dj_status_builder **out, const dj_dataset *ds,
                          const dj_view *view, size_t nbatches,
                          const size_t *batch_events)
{
    dj_status_builder *b = dj_calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return DJ_ENOMEM;
    b->ds = ds;
    b->view = *view;
    b->nb = nbatches;
    b->batch = dj_calloc(nbatches + 1, sizeof *b->batch);
    b->off = dj_calloc(ds->nent + 1, sizeof *b->off);
    b->count = dj_calloc(ds->nent + 1, sizeof *b->count);
    b->part = dj_calloc(ds->nent + 1, sizeof *b->part);
    if (!b->batch || !b->off || !b->count || !b->part) {
        dj_status_builder_free(b);
        return DJ_ENOMEM;
    }
    /* Reserved, not touched: only the pages the intervals fill are ever
       backed by memory, and the array never moves as it fills. */
    for (size_t k = 0; k < nbatches; k++) {
        size_t cap = batch_events[k] ? batch_events[k] : 1;
        b->batch[k].v = dj_malloc(cap * sizeof *b->batch[k].v);
        if (!b->batch[k].v) {
            dj_status_builder_free(b);
            return DJ_ENOMEM;
        }
        b->batch[k].cap = cap;
    }
    *out = b;
    return 0;
}

void dj_status_builder_free(dj_status_builder *b)
{
    if (!b)
        return;
    if (b->batch)
        for (size_t k = 0; k < b->nb; k++)
            dj_free(b->batch[k].v);
    dj_free(b->batch);
    dj_free(b->off);
    dj_free(b->count);
    dj_free(b->part);
    dj_free(b);
}

static int push(ivec *v, const dj_interval *x)
{
    if (v->n == v->cap && dj_grow(&v->v, &v->cap, v->n + 1, sizeof *v->v))
        return DJ_ENOMEM;
    v->v[v->n++] = *x;
    return 0;
}

/* The predecessor whose status event `ev` continues, or DJ_NONE. */
static uint32_t via_of(const dj_dataset *ds, uint32_t ev)
{
    const struct dj_ev_extra *x = dj_dataset_event_extra(ds, ev);
    return x ? x->via : DJ_NONE;
}

/* Index in v[0..n) (sorted by actor, then start) of `actor`'s interval
   holding `day`, or SIZE_MAX. */
static size_t interval_on(const dj_interval *v, size_t n, uint32_t actor, dj_date day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].actor < actor)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && v[i].actor == actor; i++)
        if (v[i].start <= day && day < v[i].end)
            return i;
    return SIZE_MAX;
}

typedef struct via_key {
    dj_date start;
    size_t at;
} via_key;

static int cmp_via(const void *a, const void *b)
{
    const via_key *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/*
 * Existence and succession, on one subject's intervals v[0..n) (sorted by
 * actor, then start): each is cut to the days its actor exists; a span
 * opened by a `via` row takes the predecessor's `since` when the
 * predecessor recognised the day before the span starts, and ends the
 * predecessor's span that day; when the predecessor did not recognise,
 * the successor continues a non-recognition and the span is dropped, as
 * are spans left empty. *n becomes the new count; 0 or DJ_ENOMEM.
 */
static int settle(const dj_dataset *ds, dj_interval *v, size_t *n)
{
    size_t nvia = 0;
    for (size_t i = 0; i < *n; i++) {
        dj_interval *x = &v[i];
        const struct dj_entity *a = &ds->ent[x->actor];
        x->since = x->start;
        x->opened = DJ_OPEN_EVENT;
        x->closed = x->end == DJ_DATE_MAX ? DJ_CLOSE_NONE : DJ_CLOSE_EVENT;
        if ((ds->ev_flags[x->event] & DJ_EVF_EXTRA) && via_of(ds, x->event) != DJ_NONE) {
            x->opened = DJ_OPEN_VIA;
            nvia++;
        }
        if (x->start < a->from) {
            x->start = a->from;
            if (x->opened == DJ_OPEN_EVENT)
                x->opened = DJ_OPEN_BEGAN;
        }
        if (x->end > a->until) {
            x->end = a->until;
            x->closed = DJ_CLOSE_ENDED;
        }
    }
    if (nvia) {
        /* in date order, so that a chain (A continues B, which continued
           C) reaches back to C's date */
        via_key *key = dj_malloc(nvia * sizeof *key);
        if (!key)
            return DJ_ENOMEM;
        size_t k = 0;
        for (size_t i = 0; i < *n; i++)
            if (v[i].opened == DJ_OPEN_VIA)
                key[k++] = (via_key){v[i].start, i};
        qsort(key, nvia, sizeof *key, cmp_via);
        for (k = 0; k < nvia; k++) {
            dj_interval *x = &v[key[k].at];
            if (x->start >= x->end)
                continue;
            size_t p = interval_on(v, *n, via_of(ds, x->event), x->start - 1);
            if (p == SIZE_MAX) {
                x->end = x->start;
                continue;
            }
            x->since = v[p].since;
            if (v[p].end > x->start) {
                v[p].end = x->start;
                v[p].closed = DJ_CLOSE_ENDED;
            }
        }
        dj_free(key);
    }
    size_t w = 0;
    for (size_t i = 0; i < *n; i++)
        if (v[i].start < v[i].end)
            v[w++] = v[i];
    *n = w;
    return 0;
}

/* One subject: per actor, per day the last event of the day decides;
   an interval [start, end) for every span of recognition. */
int dj_status_builder_add(dj_status_builder *b, size_t batch, uint32_t subject,
                          const dj_pair_item *it, size_t n)
{
    ivec *out = &b->batch[batch];
    size_t before = out->n;
    const int all = b->view.kind == DJ_VIEW_ALL && !b->view.exclude;
    size_t k = 0;
#define NEXT_IN_VIEW(j) \
    while ((j) < n && !all && (it[j].ev & DJ_PAIR_FILTERED) && !dj_view_includes(b->ds, &b->view, DJ_PAIR_EVENT(it[j]))) (j)++
    NEXT_IN_VIEW(k);
    while (k < n) {
        uint32_t actor = it[k].actor;
        int on = 0;
        dj_interval cur = {actor, 0, DJ_DATE_MAX, 0, 0, 0, 0};
        while (k < n && it[k].actor == actor) {
            dj_date day = it[k].date;
            size_t p = k, last = k;
            uint32_t first_rec = UINT32_MAX;
            while (p < n && it[p].actor == actor && it[p].date == day) {
                if (first_rec == UINT32_MAX && !(it[p].ev & DJ_PAIR_WITHDRAW))
                    first_rec = DJ_PAIR_EVENT(it[p]);
                last = p++;
                NEXT_IN_VIEW(p);
            }
            int rec = !(it[last].ev & DJ_PAIR_WITHDRAW);
            if (rec && !on) {
                cur.start = day;
                cur.end = DJ_DATE_MAX;
                /* the first recognising event of the day, for milestones */
                cur.event = first_rec;
                on = 1;
            } else if (!rec && on) {
                cur.end = day;
                if (push(out, &cur))
                    return DJ_ENOMEM;
                on = 0;
            }
            k = p;
        }
        if (on && push(out, &cur))
            return DJ_ENOMEM;
    }
#undef NEXT_IN_VIEW
    size_t mine = out->n - before;
    if (settle(b->ds, out->v + before, &mine))
        return DJ_ENOMEM;
    out->n = before + mine;
    b->off[subject] = before;
    b->count[subject] = (uint32_t)(out->n - before);
    b->part[subject] = (uint32_t)batch;
    return 0;
}

int dj_status_builder_finish(dj_status_builder *b, dj_status **out)
{
    *out = NULL;
    dj_status *st = dj_calloc(1, sizeof *st);
    if (!st)
        goto oom;
    st->view = b->view;
    st->nsubj = b->ds->nent;
    st->nparts = b->nb;
    st->parts = dj_calloc(b->nb + 1, sizeof *st->parts);
    st->at = dj_calloc(st->nsubj + 1, sizeof *st->at);
    if (!st->parts || !st->at)
        goto oom;
    /* each batch's array down to what it holds (in place, or moved by
       the system's pages: never copied here), then owned by the status */
    for (size_t k = 0; k < b->nb; k++) {
        ivec *v = &b->batch[k];
        dj_interval *fit = dj_realloc(v->v, (v->n ? v->n : 1) * sizeof *v->v);
        if (fit)
            v->v = fit; /* a failed shrink keeps the larger array */
        st->parts[k] = v->v;
        v->v = NULL;
    }
    for (size_t s = 0; s < st->nsubj; s++)
        st->at[s] = st->parts[b->part[s]] + b->off[s];
    st->count = b->count;
    b->count = NULL;
    dj_status_builder_free(b);
    *out = st;
    return 0;
oom:
    dj_status_free(st);
    dj_status_builder_free(b);
    return DJ_ENOMEM;
}

/* ---- the public side ---- */

typedef struct build_ctx {
    const dj_dataset *ds;
    const dj_view *view;
    dj_status_builder *b;
} build_ctx;

static int build_begin(void *ctx, size_t nbatches, const size_t *batch_events)
{
    build_ctx *c = ctx;
    return dj_status_builder_new(&c->b, c->ds, c->view, nbatches, batch_events);
}

static int build_add(void *ctx, size_t batch, uint32_t subject,
                     const dj_pair_item *items, size_t n)
{
    build_ctx *c = ctx;
    return dj_status_builder_add(c->b, batch, subject, items, n);
}

int dj_status_new(dj_status **out, const dj_dataset *ds, const dj_view *view,
                  dj_error *err)
{
    *out = NULL;
    if (view->kind == DJ_VIEW_ALL && !view->exclude && ds->all_status) {
        /* the loader built these already: lend them */
        dj_status *st = dj_malloc(sizeof *st);
        if (!st)
            return dj_error_set(err, DJ_ENOMEM, "out of memory");
        *st = *ds->all_status;
        st->view = *view;
        st->lent = 1;
        *out = st;
        return 0;
    }
    build_ctx c = {ds, view, NULL};
    int rc = dj_events_by_pair(ds, build_begin, build_add, &c);
    if (!rc)
        rc = dj_status_builder_finish(c.b, out);
    else
        dj_status_builder_free(c.b);
    if (rc)
        return dj_error_set(err, rc, "out of memory");
    return 0;
}

void dj_status_free(dj_status *st)
{
    if (!st)
        return;
    if (!st->lent) {
        for (size_t k = 0; st->parts && k < st->nparts; k++)
            dj_free(st->parts[k]);
        dj_free(st->parts);
        dj_free(st->at);
        dj_free(st->count);
    }
    dj_free(st);
}

void dj_status_free_owned(dj_status *st)
{
    dj_status_free(st);
}

const dj_view *dj_status_view(const dj_status *st)
{
    return &st->view;
}

const dj_interval *dj_status_intervals(const dj_status *st, uint32_t subject,
                                       size_t *n)
{
    static const dj_interval none[1];
    if (subject >= st->nsubj || !st->count[subject]) {
        *n = 0;
        return none;
    }
    *n = st->count[subject];
    return st->at[subject];
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
