/*
 * order.c - the events in (subject, actor, date, file order).
 *
 * Every question the analysis asks is about one (subject, actor) pair in
 * date order, same-day events in file order. This sorts the events into
 * that order once, in time linear in the events and entities: a stable
 * counting sort by subject (so each subject's events are a bucket in file
 * order), then per bucket a stable counting sort by actor over only the
 * actors present, then per (subject, actor) group a stable sort by date
 * (insertion for the small groups real data has, radix for large ones).
 * Invariant: the result is a permutation of 0..nev-1, and the sort is
 * stable, so file order breaks every tie.
 */
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"

/* One event of a bucket, gathered so that the sorts touch local memory. */
typedef struct item {
    uint32_t actor;
    uint32_t date;  /* biased: sorts as unsigned */
    uint32_t idx;
} item;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Stable sort of it[0..n) by date; tmp holds n items. */
static void sort_by_date(item *it, size_t n, item *tmp)
{
    if (n < 48) {
        for (size_t i = 1; i < n; i++) {
            item x = it[i];
            size_t j = i;
            while (j > 0 && it[j - 1].date > x.date) {
                it[j] = it[j - 1];
                j--;
            }
            it[j] = x;
        }
        return;
    }
    /* four 8-bit LSD passes */
    item *src = it, *dst = tmp;
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(src[i].date >> shift) & 0xff]++;
        size_t sum = 0;
        for (size_t d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i].date >> shift) & 0xff]++] = src[i];
        item *t = src;
        src = dst;
        dst = t;
    }
    /* after an even number of passes the result is back in it */
}

/* Sorts the bucket order[0..n) (one subject's events, in file order) by
   (actor, date, file order). acnt: nent zeroed counters, left zeroed. */
static int sort_bucket(uint32_t *order, size_t n, const dj_dataset *ds,
                       uint32_t *acnt, item *a, item *b, uint32_t *distinct)
{
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = order[i];
        uint32_t actor = ds->ev_actor[e];
        a[i].actor = actor;
        a[i].date = (uint32_t)ds->ev_date[e] ^ 0x80000000u;
        a[i].idx = e;
        if (acnt[actor]++ == 0)
            distinct[nd++] = actor;
    }
    qsort(distinct, nd, sizeof *distinct, cmp_u32);
    size_t sum = 0;
    for (size_t k = 0; k < nd; k++) {
        uint32_t c = acnt[distinct[k]];
        acnt[distinct[k]] = (uint32_t)sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++)
        b[acnt[a[i].actor]++] = a[i];
    for (size_t k = 0; k < nd; k++)
        acnt[distinct[k]] = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && b[j].actor == b[i].actor)
            j++;
        sort_by_date(b + i, j - i, a + i);
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = b[i].idx;
    return 0;
}

int dj_dataset_sort_events(uint32_t *order, const dj_dataset *ds)
{
    size_t nent = ds->nent, nev = ds->nev, maxb = 0;
    int rc = DJ_ENOMEM;
    size_t *start = dj_calloc(nent + 1, sizeof *start);
    uint32_t *acnt = dj_calloc(nent + 1, sizeof *acnt);
    item *a = NULL, *b = NULL;
    uint32_t *distinct = NULL;
    if (!start || !acnt)
        goto done;
    for (size_t i = 0; i < nev; i++)
        start[ds->ev_subject[i] + 1]++;
    for (size_t s = 0; s < nent; s++) {
        if (start[s + 1] > maxb)
            maxb = start[s + 1];
        start[s + 1] += start[s];
    }
    {
        /* scatter in file order: each bucket stays in file order */
        size_t *pos = dj_malloc((nent + 1) * sizeof *pos);
        if (!pos)
            goto done;
        memcpy(pos, start, (nent + 1) * sizeof *pos);
        for (size_t i = 0; i < nev; i++)
            order[pos[ds->ev_subject[i]]++] = (uint32_t)i;
        dj_free(pos);
    }
    a = dj_malloc((maxb ? maxb : 1) * sizeof *a);
    b = dj_malloc((maxb ? maxb : 1) * sizeof *b);
    distinct = dj_malloc((maxb ? maxb : 1) * sizeof *distinct);
    if (!a || !b || !distinct)
        goto done;
    for (size_t s = 0; s < nent; s++)
        if (start[s + 1] > start[s])
            sort_bucket(order + start[s], start[s + 1] - start[s], ds, acnt,
                        a, b, distinct);
    rc = 0;
done:
    dj_free(start);
    dj_free(acnt);
    dj_free(a);
    dj_free(b);
    dj_free(distinct);
    return rc;
}
