/*
 * standing.c - who recognises a subject on a date, since when, by which
 * event: the rows of `dejure status` and of the map.
 *
 * A recognition comes from the status's intervals (the same spans every
 * count uses); the other statuses from the actor's last event on or
 * before the date that the view counts. Cost: O(events of the dataset +
 * intervals of the subject + entities log entities).
 */
#include <stdlib.h>
#include <string.h>

#include "model/dataset_impl.h"
#include "dejure/analysis.h"

const char *dj_standing_status_name(dj_standing_status s)
{
    switch (s) {
    case DJ_STANDING_RECOGNIZES: return "recognizes";
    case DJ_STANDING_WITHDREW: return "withdrew";
    case DJ_STANDING_FROZEN: return "frozen";
    default: return "none";
    }
}

static dj_precision precision_of(const dj_dataset *ds, uint32_t ev)
{
    return (dj_precision)((ds->ev_flags[ev] & DJ_EVF_PREC_MASK) >> DJ_EVF_PREC_SHIFT);
}

static int member_on(const dj_dataset *ds, uint32_t bloc, uint32_t actor, dj_date date)
{
    for (size_t m = 0; m < ds->nmemb; m++) {
        const dj_membership *x = &ds->memb[m];
        if (x->bloc == bloc && x->member == actor && x->joined <= date && date < x->left)
            return 1;
    }
    return 0;
}

/* The event that dated a continued recognition: back along the chain of
   predecessors, each one's span that ended where its successor's began. */
static uint32_t origin_of(const dj_dataset *ds, const dj_interval *iv, size_t niv,
                          const dj_interval *x)
{
    for (int depth = 0; depth < 64 && x->opened == DJ_OPEN_VIA; depth++) {
        const struct dj_ev_extra *e = dj_dataset_event_extra(ds, x->event);
        const dj_interval *p = NULL;
        for (size_t i = 0; e && i < niv && !p; i++)
            if (iv[i].actor == e->via && iv[i].start < x->start && x->start <= iv[i].end &&
                iv[i].since == x->since)
                p = &iv[i];
        if (!p)
            break;
        x = p;
    }
    return x->event;
}

typedef struct standing_key {
    dj_date since;
    uint32_t order;             /* file order of the dating event */
    size_t at;
} standing_key;

static int cmp_key(const void *a, const void *b)
{
    const standing_key *x = a, *y = b;
    if (x->since != y->since)
        return x->since < y->since ? -1 : 1;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

typedef struct by_code {
    const char *code;
    size_t at;
} by_code;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const by_code *)a)->code, ((const by_code *)b)->code);
}

int dj_standings(dj_standing **out, size_t *n, const dj_dataset *ds,
                 const dj_status *st, uint32_t subject, dj_date date,
                 uint32_t among, int all, dj_error *err)
{
    size_t nent = ds->nent, niv, k = 0;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    const dj_view *view = dj_status_view(st);
    uint32_t *last = dj_malloc((nent + 1) * sizeof *last);
    dj_standing *v = dj_malloc((nent + 1) * sizeof *v);
    standing_key *key = dj_malloc((nent + 1) * sizeof *key);
    by_code *rest = dj_malloc((nent + 1) * sizeof *rest);
    *out = NULL;
    *n = 0;
    if (!last || !v || !key || !rest) {
        dj_free(last);
        dj_free(v);
        dj_free(key);
        dj_free(rest);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    /* each actor's last counted event on or before the date: the later
       date wins, and on one day the later row */
    for (size_t e = 0; e < nent; e++)
        last[e] = UINT32_MAX;
    for (size_t i = 0; i < ds->nev; i++) {
        if (ds->ev_subject[i] != subject || ds->ev_date[i] > date ||
            !dj_view_includes(ds, view, i))
            continue;
        uint32_t a = ds->ev_actor[i];
        if (last[a] == UINT32_MAX || ds->ev_date[last[a]] <= ds->ev_date[i])
            last[a] = (uint32_t)i;
    }
    for (size_t i = 0; i < niv; i++)
        if (iv[i].start <= date && date < iv[i].end) {
            uint32_t o = origin_of(ds, iv, niv, &iv[i]);
            const struct dj_ev_extra *x = dj_dataset_event_extra(ds, iv[i].event);
            v[k] = (dj_standing){iv[i].actor, DJ_STANDING_RECOGNIZES, iv[i].since,
                                 precision_of(ds, o), iv[i].event, o,
                                 iv[i].opened == DJ_OPEN_VIA && x ? x->via : DJ_NONE};
            last[iv[i].actor] = UINT32_MAX; /* settled */
            k++;
        }
    for (size_t a = 0; a < nent; a++) {
        uint32_t e = last[a];
        /* a last event that recognises without a span holding the date
           continued a predecessor's non-recognition: no standing of its own */
        if (e == UINT32_MAX || !(ds->ev_flags[e] & DJ_EVF_WITHDRAW))
            continue;
        v[k++] = (dj_standing){(uint32_t)a,
                               (ds->ev_flags[e] & DJ_EVF_FREEZE) ? DJ_STANDING_FROZEN
                                                                 : DJ_STANDING_WITHDREW,
                               ds->ev_date[e], precision_of(ds, e), e, e, DJ_NONE};
    }
    /* only actors that exist on the date (and, with among, its members) */
    size_t w = 0;
    for (size_t i = 0; i < k; i++)
        if (dj_dataset_entity_exists(ds, v[i].actor, date) &&
            (among == DJ_NONE || member_on(ds, among, v[i].actor, date)))
            v[w++] = v[i];
    k = w;
    for (size_t i = 0; i < k; i++)
        key[i] = (standing_key){v[i].since, v[i].origin, i};
    qsort(key, k, sizeof *key, cmp_key);
    dj_standing *sorted = dj_malloc((nent + 1) * sizeof *sorted);
    if (!sorted) {
        dj_free(last);
        dj_free(v);
        dj_free(key);
        dj_free(rest);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < k; i++)
        sorted[i] = v[key[i].at];
    if (all) {
        /* last[] marks who has a row: reuse it as a flag */
        for (size_t e = 0; e < nent; e++)
            last[e] = 0;
        for (size_t i = 0; i < k; i++)
            last[sorted[i].actor] = 1;
        size_t r = 0;
        for (size_t e = 0; e < nent; e++)
            if (!last[e] && e != subject && dj_dataset_entity_exists(ds, (uint32_t)e, date) &&
                (among == DJ_NONE || member_on(ds, among, (uint32_t)e, date)))
                rest[r++] = (by_code){ds->ent[e].code, e};
        qsort(rest, r, sizeof *rest, cmp_code);
        for (size_t i = 0; i < r; i++)
            sorted[k++] = (dj_standing){(uint32_t)rest[i].at, DJ_STANDING_NONE, DJ_DATE_NONE,
                                        DJ_PREC_DAY, UINT32_MAX, UINT32_MAX, DJ_NONE};
    }
    dj_free(last);
    dj_free(v);
    dj_free(key);
    dj_free(rest);
    *out = sorted;
    *n = k;
    return 0;
}
