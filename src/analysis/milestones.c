/*
 * milestones.c - holdouts, the n-th recognition, threshold dates.
 */
#include <stdlib.h>
#include <string.h>

#include "model/dataset_impl.h"
#include "dejure/analysis.h"

static int member_on(const dj_dataset *ds, uint32_t bloc, uint32_t actor,
                     dj_date date)
{
    for (size_t m = 0; m < ds->nmemb; m++) {
        const dj_membership *x = &ds->memb[m];
        if (x->bloc == bloc && x->member == actor && x->joined <= date &&
            date < x->left)
            return 1;
    }
    return 0;
}

/* qsort has no context argument, and a static one would make the call
   unsafe from two threads: each element carries its own key. */
typedef struct by_code {
    const char *code;
    uint32_t entity;
} by_code;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const by_code *)a)->code, ((const by_code *)b)->code);
}

/* Sorts v[0..k) of entity indices by code; DJ_ENOMEM leaves v as it was. */
static int sort_by_code(uint32_t *v, size_t k, const dj_dataset *ds)
{
    by_code *t = dj_malloc((k ? k : 1) * sizeof *t);
    if (!t)
        return DJ_ENOMEM;
    for (size_t i = 0; i < k; i++)
        t[i] = (by_code){ds->ent[v[i]].code, v[i]};
    qsort(t, k, sizeof *t, cmp_code);
    for (size_t i = 0; i < k; i++)
        v[i] = t[i].entity;
    dj_free(t);
    return 0;
}

int dj_holdouts(uint32_t **out, size_t *n, const dj_dataset *ds,
                const dj_status *st, uint32_t subject, uint32_t bloc,
                dj_date date, dj_error *err)
{
    uint32_t *v = dj_malloc((ds->nmemb ? ds->nmemb : 1) * sizeof *v);
    size_t k = 0;
    *out = NULL;
    *n = 0;
    if (!v)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    /* who recognises on the date, in one pass over the intervals: asking
       per member would cost members times intervals */
    unsigned char *recog = dj_calloc(ds->nent + 1, 1);
    if (!recog) {
        dj_free(v);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    for (size_t i = 0; i < niv; i++)
        if (iv[i].start <= date && date < iv[i].end)
            recog[iv[i].actor] = 1;
    for (size_t m = 0; m < ds->nmemb; m++) {
        const dj_membership *x = &ds->memb[m];
        if (x->bloc == bloc && x->member != subject && x->joined <= date && date < x->left &&
            !recog[x->member])
            v[k++] = x->member;
    }
    dj_free(recog);
    if (sort_by_code(v, k, ds)) {
        dj_free(v);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    *out = v;
    *n = k;
    return 0;
}

static int cmp_milestone(const void *a, const void *b)
{
    const dj_milestone *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return (x->n > y->n) - (x->n < y->n); /* n holds the event index here */
}

int dj_milestones(dj_milestone **out, size_t *n, const dj_dataset *ds,
                  const dj_status *st, uint32_t subject, uint32_t among,
                  dj_date until, dj_error *err)
{
    size_t niv, k = 0;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    dj_milestone *v = dj_malloc((niv ? niv : 1) * sizeof *v);
    *out = NULL;
    *n = 0;
    if (!v)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    /* the bloc's memberships chained per member, so that each actor's
       check costs its own rows, not every membership of the dataset */
    uint32_t *head = NULL, *next = NULL;
    if (among != DJ_NONE) {
        head = dj_malloc((ds->nent + 1) * sizeof *head);
        next = dj_malloc((ds->nmemb + 1) * sizeof *next);
        if (!head || !next) {
            dj_free(head);
            dj_free(next);
            dj_free(v);
            return dj_error_set(err, DJ_ENOMEM, "out of memory");
        }
        for (size_t e = 0; e < ds->nent; e++)
            head[e] = UINT32_MAX;
        for (size_t m = ds->nmemb; m-- > 0;)
            if (ds->memb[m].bloc == among) {
                next[m] = head[ds->memb[m].member];
                head[ds->memb[m].member] = (uint32_t)m;
            }
    }
    /* intervals are sorted by actor, then start: the first of each actor
       is its first recognition */
    for (size_t i = 0; i < niv; i++) {
        if (i > 0 && iv[i - 1].actor == iv[i].actor)
            continue;
        if (iv[i].start > until)
            continue;
        /* a successor continuing its predecessor's recognition takes no
           rank of its own: the predecessor had it */
        if (iv[i].opened == DJ_OPEN_VIA)
            continue;
        if (among != DJ_NONE) {
            int is = 0;
            for (uint32_t m = head[iv[i].actor]; m != UINT32_MAX && !is; m = next[m])
                is = ds->memb[m].joined <= iv[i].start && iv[i].start < ds->memb[m].left;
            if (!is)
                continue;
        }
        uint32_t e = iv[i].event;
        v[k].n = e;
        v[k].date = iv[i].start;
        v[k].precision = (dj_precision)((ds->ev_flags[e] & DJ_EVF_PREC_MASK) >> DJ_EVF_PREC_SHIFT);
        v[k].actor = iv[i].actor;
        k++;
    }
    dj_free(head);
    dj_free(next);
    qsort(v, k, sizeof *v, cmp_milestone);
    for (size_t i = 0; i < k; i++)
        v[i].n = (uint32_t)(i + 1);
    *out = v;
    *n = k;
    return 0;
}

static int at_or_above(uint32_t r, uint32_t m, double threshold)
{
    return m > 0 && (double)r * 100.0 >= threshold * (double)m - 1e-9 * m;
}

/* How precisely the day of a crossing is known: the coarsest precision
   of the events that changed a member's status that day (interval starts
   and ends of members); a change of membership is known to the day. */
static dj_precision crossing_precision(const dj_dataset *ds, const dj_status *st, uint32_t subject,
                                       uint32_t bloc, dj_date date)
{
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    dj_precision p = DJ_PREC_DAY;
    for (size_t i = 0; i < niv; i++) {
        dj_event_info e;
        if (iv[i].start == date && member_on(ds, bloc, iv[i].actor, date)) {
            dj_dataset_event(ds, iv[i].event, &e);
            if (e.precision > p)
                p = e.precision;
        }
        if (iv[i].end == date && member_on(ds, bloc, iv[i].actor, date)) {
            /* the interval keeps the event that opened it only: find the
               one that closed it, the actor's last event of that day */
            for (size_t k = 0; k < dj_dataset_event_count(ds); k++) {
                dj_dataset_event(ds, k, &e);
                if (e.subject == subject && e.actor == iv[i].actor && e.date == date && e.precision > p)
                    p = e.precision;
            }
        }
    }
    return p;
}

int dj_threshold_crossings(dj_crossing **out, size_t *n, const dj_dataset *ds,
                           const dj_status *st, uint32_t subject, uint32_t bloc,
                           double threshold, dj_date from, dj_date until,
                           dj_error *err)
{
    dj_dates dates;
    dj_series s;
    dj_crossing *v = NULL;
    size_t k = 0;
    int rc;
    *out = NULL;
    *n = 0;
    dj_dates_init(&dates);
    if ((rc = dj_change_dates(&dates, ds, st, subject, &bloc, 1, from, until))) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    if ((rc = dj_series_eval(&s, ds, st, subject, &bloc, 1, dates.v, dates.n, err))) {
        dj_dates_dispose(&dates);
        return rc;
    }
    v = dj_malloc((s.ndates ? s.ndates : 1) * sizeof *v);
    if (!v) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    int above = 0;
    for (size_t d = 0; d < s.ndates; d++) {
        uint32_t m = s.members[d], r = s.recognizing[d];
        int now = at_or_above(r, m, threshold);
        if (now == above)
            continue;
        above = now;
        v[k].date = s.dates[d];
        v[k].precision = crossing_precision(ds, st, subject, bloc, s.dates[d]);
        v[k].up = now;
        v[k].members = m;
        v[k].recognizing = r;
        k++;
    }
    *out = v;
    *n = k;
    v = NULL;
done:
    dj_free(v);
    dj_series_dispose(&s);
    dj_dates_dispose(&dates);
    return rc;
}

int dj_threshold_date(dj_date *out, const dj_dataset *ds, const dj_status *st,
                      uint32_t subject, uint32_t bloc, double threshold,
                      dj_date from, dj_date until, dj_error *err)
{
    dj_crossing *c;
    size_t n;
    int rc = dj_threshold_crossings(&c, &n, ds, st, subject, bloc, threshold, from, until, err);
    *out = rc == 0 && n > 0 ? c[0].date : DJ_DATE_NONE;
    dj_free(c);
    return rc;
}
