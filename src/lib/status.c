/*
 * status.c - recognition intervals from events.
 *
 * The events that count in the view are sorted by (subject, actor, date,
 * file order) with a stable LSD radix sort on a packed key; one sweep then
 * keeps, per (subject, actor, date), only the last event of the day, and
 * emits an interval [start, end) for every span of recognition. The result
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

/* Stable radix sort of idx[] by 32-bit keys, 11 bits per pass. */
static int radix_sort(uint32_t *idx, size_t n, const uint32_t *key)
{
    uint32_t *tmp = dj_malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return DJ_ENOMEM;
    uint32_t *src = idx, *dst = tmp;
    for (int shift = 0; shift < 32; shift += 11) {
        size_t count[2048] = {0};
        uint32_t maxd = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t d = (key[src[i]] >> shift) & 2047;
            count[d]++;
            if (d > maxd)
                maxd = d;
        }
        if (count[0] == n) /* every digit 0: nothing to do */
            continue;
        size_t sum = 0;
        for (size_t d = 0; d <= maxd; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(key[src[i]] >> shift) & 2047]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != idx)
        memcpy(idx, src, n * sizeof *idx);
    dj_free(tmp);
    return 0;
}

int dj_status_new(dj_status **out, const dj_dataset *ds, const dj_view *view,
                  dj_error *err)
{
    dj_status *st = NULL;
    uint32_t *idx = NULL, *key = NULL;
    size_t n = 0;
    int rc = DJ_ENOMEM;

    *out = NULL;
    st = dj_calloc(1, sizeof *st);
    if (!st)
        goto fail;
    st->nsubj = ds->nent;
    st->first = dj_calloc(ds->nent + 1, sizeof *st->first);
    idx = dj_malloc((ds->nev ? ds->nev : 1) * sizeof *idx);
    key = dj_malloc((ds->nev ? ds->nev : 1) * sizeof *key);
    if (!st->first || !idx || !key)
        goto fail;
    for (size_t i = 0; i < ds->nev; i++)
        if (dj_view_includes(ds, view, i))
            idx[n++] = (uint32_t)i;

    /* Sort by date, then actor, then subject; stability keeps file order.
       Dates are offset so that they sort as unsigned numbers. */
    for (size_t k = 0; k < n; k++)
        key[idx[k]] = (uint32_t)ds->ev_date[idx[k]] ^ 0x80000000u;
    if ((rc = radix_sort(idx, n, key)))
        goto fail;
    for (size_t k = 0; k < n; k++)
        key[idx[k]] = ds->ev_actor[idx[k]];
    if ((rc = radix_sort(idx, n, key)))
        goto fail;
    for (size_t k = 0; k < n; k++)
        key[idx[k]] = ds->ev_subject[idx[k]];
    if ((rc = radix_sort(idx, n, key)))
        goto fail;
    rc = DJ_ENOMEM;

    /* At most one interval per recognising event. */
    st->iv = dj_malloc((n ? n : 1) * sizeof *st->iv);
    if (!st->iv)
        goto fail;
    size_t k = 0;
    while (k < n) {
        uint32_t subj = ds->ev_subject[idx[k]], actor = ds->ev_actor[idx[k]];
        int on = 0;
        dj_interval cur = {actor, 0, DJ_DATE_MAX, 0};
        while (k < n && ds->ev_subject[idx[k]] == subj && ds->ev_actor[idx[k]] == actor) {
            /* the last event of the day decides the day */
            size_t last = k;
            while (last + 1 < n && ds->ev_subject[idx[last + 1]] == subj &&
                   ds->ev_actor[idx[last + 1]] == actor &&
                   ds->ev_date[idx[last + 1]] == ds->ev_date[idx[k]])
                last++;
            uint32_t e = idx[last];
            int rec = !(ds->ev_flags[e] & DJ_EVF_WITHDRAW);
            if (rec && !on) {
                cur.start = ds->ev_date[e];
                cur.end = DJ_DATE_MAX;
                cur.event = e;
                /* the first recognising event of the day, for milestones */
                for (size_t j = k; j <= last; j++)
                    if (!(ds->ev_flags[idx[j]] & DJ_EVF_WITHDRAW)) {
                        cur.event = idx[j];
                        break;
                    }
                on = 1;
            } else if (!rec && on) {
                cur.end = ds->ev_date[e];
                st->iv[st->niv++] = cur;
                on = 0;
            }
            k = last + 1;
        }
        if (on)
            st->iv[st->niv++] = cur;
        st->first[subj + 1] = st->niv; /* running end, fixed up below */
    }
    /* offsets: subjects without intervals take their predecessor's end */
    for (size_t s = 1; s <= ds->nent; s++)
        if (st->first[s] < st->first[s - 1])
            st->first[s] = st->first[s - 1];
    dj_free(idx);
    dj_free(key);
    *out = st;
    return 0;
fail:
    dj_free(idx);
    dj_free(key);
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
