/*
 * order.c - the events of each (subject, actor) pair in date order.
 *
 * Every question the analysis asks is about one (subject, actor) pair in
 * date order, same-day events in file order. This hands out, subject by
 * subject, its events sorted that way, in time linear in the events and
 * entities and without random reads of the event columns:
 *   - the subjects are cut into batches of consecutive entity indices, a
 *     few million events each (so that a batch's copy stays small);
 *   - per batch, one sequential scan over the events copies those of the
 *     batch's subjects, packed, into per-subject buckets: each bucket is
 *     then in file order;
 *   - per bucket, a stable counting sort by actor (over only the actors
 *     present), then a stable sort by date within each actor;
 *   - the bucket goes to the caller's function.
 * Batches run on two threads when there are enough events; a batch's
 * buckets are handed out in subject order, and callers keep their results
 * per batch so that joining them in batch order gives subject order.
 * Invariant: every event is handed out exactly once, and the sorts are
 * stable, so file order breaks every tie.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "model/dataset_impl.h"
#include "util/radix_sort.h"

#define BATCH_EVENTS (1u << 20)     /* events per batch, at least */
#define THREAD_MIN_EVENTS 200000u   /* fewer: one thread */

/* Sorts v[0..n) ascending; tmp holds n values. */
DJ_DEFINE_RADIX_SORT(sort_u32, uint32_t, DJ_SORT_KEY_U32)

/* Stable sort of it[0..n) by date; tmp holds n items. */
DJ_DEFINE_RADIX_SORT(sort_by_date, dj_pair_item, DJ_SORT_KEY_DATE)

/* Sorts a bucket a (one subject's events, in file order) into b by
   (actor, date, file order); a is then scratch. acnt: zeroed counters by
   actor, left zeroed. */
static void sort_bucket(dj_pair_item *a, dj_pair_item *b, size_t n,
                        uint32_t *acnt, uint32_t *distinct, size_t maxd)
{
    size_t nd = 0;
    for (size_t i = 0; i < n; i++)
        if (acnt[a[i].actor]++ == 0)
            distinct[nd++] = a[i].actor;
    sort_u32(distinct, nd, distinct + maxd + 1);
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
}

typedef struct pass {
    const dj_dataset *ds;
    dj_pair_fn fn;
    void *ctx;
    const size_t *count;     /* events per subject entity */
    const uint32_t *bstart;  /* first subject entity of each batch, nb + 1 */
    size_t nb;
    size_t maxbucket;        /* events of the largest subject */
    size_t maxd;             /* most actors a bucket can hold */
    atomic_size_t next;      /* next batch to take */
    atomic_int rc;
} pass;

static int run_batch(pass *P, size_t batch, dj_pair_item **a, size_t *cap,
                     dj_pair_item *b, uint32_t *acnt, uint32_t *distinct)
{
    const dj_dataset *ds = P->ds;
    uint32_t lo = P->bstart[batch], hi = P->bstart[batch + 1];
    size_t n = 0;
    for (uint32_t s = lo; s < hi; s++)
        n += P->count[s];
    if (n > *cap) {
        dj_free(*a);
        *a = dj_malloc(n * sizeof **a);
        *cap = n;
        if (!*a) {
            *cap = 0;
            return DJ_ENOMEM;
        }
    }
    size_t *pos = dj_malloc(((size_t)(hi - lo) + 1) * sizeof *pos);
    if (!pos)
        return DJ_ENOMEM;
    size_t sum = 0;
    for (uint32_t s = lo; s < hi; s++) {
        pos[s - lo] = sum;
        sum += P->count[s];
    }
    pos[hi - lo] = sum;
    /* one sequential scan: the batch's events, packed, in file order */
    dj_pair_item *A = *a;
    const uint32_t *subj = ds->ev_subject;
    for (size_t i = 0; i < ds->nev; i++) {
        uint32_t s = subj[i];
        if (s - lo < hi - lo) {
            dj_pair_item *x = &A[pos[s - lo]++];
            x->actor = ds->ev_actor[i];
            x->date = ds->ev_date[i];
            uint8_t f = ds->ev_flags[i];
            x->ev = (uint32_t)i | (f & DJ_EVF_WITHDRAW ? DJ_PAIR_WITHDRAW : 0) |
                    (f & (DJ_EVF_DISPUTED | DJ_EVF_EXTRA) ? DJ_PAIR_FILTERED : 0);
        }
    }
    int rc = 0;
    size_t at = 0;
    for (uint32_t s = lo; s < hi && !rc; s++) {
        size_t m = P->count[s];
        if (!m)
            continue;
        sort_bucket(A + at, b, m, acnt, distinct, P->maxd);
        rc = P->fn(P->ctx, batch, s, b, m);
        at += m;
    }
    dj_free(pos);
    return rc;
}

static void *worker(void *arg)
{
    pass *P = arg;
    dj_pair_item *a = NULL;
    size_t cap = 0, nd = P->maxd;
    /* the bucket being sorted, and the actors present in it */
    dj_pair_item *b = dj_malloc((P->maxbucket + 1) * sizeof *b);
    uint32_t *distinct = dj_malloc(2 * (nd + 1) * sizeof *distinct);
    uint32_t *acnt = dj_calloc(P->ds->nent + 1, sizeof *acnt);
    if (!acnt || !b || !distinct) {
        int zero = 0;
        atomic_compare_exchange_strong(&P->rc, &zero, DJ_ENOMEM);
        goto done;
    }
    for (;;) {
        if (atomic_load(&P->rc))
            break;
        size_t k = atomic_fetch_add(&P->next, 1);
        if (k >= P->nb)
            break;
        int rc = run_batch(P, k, &a, &cap, b, acnt, distinct);
        if (rc) {
            int zero = 0;
            atomic_compare_exchange_strong(&P->rc, &zero, rc);
        }
    }
done:
    dj_free(a);
    dj_free(b);
    dj_free(distinct);
    dj_free(acnt);
    return NULL;
}

int dj_events_by_pair(const dj_dataset *ds, dj_pair_begin_fn begin,
                      dj_pair_fn fn, void *ctx)
{
    size_t nent = ds->nent;
    size_t *count = dj_calloc(nent + 1, sizeof *count);
    uint32_t *bstart = dj_malloc((nent + 2) * sizeof *bstart);
    int rc = DJ_ENOMEM;
    if (!count || !bstart)
        goto done;
    for (size_t i = 0; i < ds->nev; i++)
        count[ds->ev_subject[i]]++;
    size_t maxbucket = 0;
    for (size_t s = 0; s < nent; s++)
        if (count[s] > maxbucket)
            maxbucket = count[s];
    /* batches of consecutive subjects, each at least BATCH_EVENTS events
       (or nev / 8, for a few scans in all) */
    size_t target = ds->nev / 8 > BATCH_EVENTS ? ds->nev / 8 : BATCH_EVENTS;
    size_t nb = 0, acc = 0;
    bstart[0] = 0;
    for (size_t s = 0; s < nent; s++) {
        acc += count[s];
        if (acc >= target) {
            bstart[++nb] = (uint32_t)(s + 1);
            acc = 0;
        }
    }
    if (bstart[nb] != nent || nb == 0)
        bstart[++nb] = (uint32_t)nent;
    size_t *bevents = dj_malloc(nb * sizeof *bevents);
    if (!bevents) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < nb; k++) {
        bevents[k] = 0;
        for (uint32_t s = bstart[k]; s < bstart[k + 1]; s++)
            bevents[k] += count[s];
    }
    rc = begin(ctx, nb, bevents);
    dj_free(bevents);
    if (rc)
        goto done;

    pass P = {ds, fn, ctx, count, bstart, nb, maxbucket,
              maxbucket < nent ? maxbucket : nent, 0, 0};
    atomic_init(&P.next, 0);
    atomic_init(&P.rc, 0);
    pthread_t th;
    int threaded = ds->nev >= THREAD_MIN_EVENTS && nb > 1 &&
                   pthread_create(&th, NULL, worker, &P) == 0;
    worker(&P);
    if (threaded)
        pthread_join(th, NULL);
    rc = atomic_load(&P.rc);
done:
    dj_free(count);
    dj_free(bstart);
    return rc;
}
