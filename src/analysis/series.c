/*
 * series.c - counts over dates, by one sweep over sorted changes.
 *
 * A change is a dated +1/-1: an actor starts or stops recognising the
 * subject, or an actor joins or leaves a bloc. Walking the changes in date
 * order and reading the counters after the last change of each asked date
 * gives every count "at the end of that day". Counters, not flags, so that
 * same-day changes give the right answer in any order (a member leaving and
 * rejoining on one day stays a member).
 */
#include <stdlib.h>
#include <string.h>

#include "model/dataset_impl.h"
#include "util/radix_sort.h"
#include "dejure/analysis.h"

typedef struct change {
    dj_date date;
    int32_t delta;      /* +1 or -1 */
    uint32_t actor;
    uint32_t slot;      /* bloc slot, or UINT32_MAX for a status change */
} change;

void dj_series_init(dj_series *s)
{
    memset(s, 0, sizeof *s);
}

void dj_series_dispose(dj_series *s)
{
    if (!s)
        return;
    dj_free(s->dates);
    dj_free(s->total);
    dj_free(s->members);
    dj_free(s->recognizing);
    dj_series_init(s);
}

double dj_percent(uint32_t recognizing, uint32_t members)
{
    return members ? 100.0 * recognizing / members : -1.0;
}

/* Sorts c[0..n) by date, tmp holding n changes (qsort and its comparator
   were a sixth of a report's own work). Same-day changes may come in any
   order: see the top of the file. */
DJ_DEFINE_RADIX_SORT(sort_changes, change, DJ_SORT_KEY_DATE)

/* All changes of a subject and of the listed blocs, sorted by date. */
static int collect_changes(change **out, size_t *nout, const dj_dataset *ds,
                           const dj_status *st, uint32_t subject,
                           const uint32_t *blocs, size_t nblocs)
{
    size_t niv, n = 0;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    size_t cap = 2 * niv + 1;
    for (size_t m = 0; m < ds->nmemb; m++)
        for (size_t b = 0; b < nblocs; b++)
            if (ds->memb[m].bloc == blocs[b])
                cap += 2;
    change *c = dj_malloc(2 * cap * sizeof *c); /* the second half: the sort's */
    if (!c)
        return DJ_ENOMEM;
    for (size_t i = 0; i < niv; i++) {
        c[n++] = (change){iv[i].start, 1, iv[i].actor, UINT32_MAX};
        if (iv[i].end != DJ_DATE_MAX)
            c[n++] = (change){iv[i].end, -1, iv[i].actor, UINT32_MAX};
    }
    /* the subject is never counted in its own blocs */
    for (size_t m = 0; m < ds->nmemb; m++)
        for (size_t b = 0; b < nblocs; b++)
            if (ds->memb[m].bloc == blocs[b] && ds->memb[m].member != subject) {
                c[n++] = (change){ds->memb[m].joined, 1, ds->memb[m].member, (uint32_t)b};
                if (ds->memb[m].left != DJ_DATE_MAX)
                    c[n++] = (change){ds->memb[m].left, -1, ds->memb[m].member, (uint32_t)b};
            }
    sort_changes(c, n, c + cap);
    *out = c;
    *nout = n;
    return 0;
}

int dj_series_eval(dj_series *out, const dj_dataset *ds, const dj_status *st,
                   uint32_t subject, const uint32_t *blocs, size_t nblocs,
                   const dj_date *dates, size_t ndates, dj_error *err)
{
    change *c = NULL;
    size_t nc = 0;
    uint16_t *memb = NULL;   /* nblocs x nent membership counters */
    int32_t *stat = NULL;    /* nent status counters */
    uint32_t *members = NULL, *recog = NULL;
    uint32_t total = 0;
    size_t nent = ds->nent;

    dj_series_init(out);
    out->ndates = ndates;
    out->nblocs = nblocs;
    out->dates = dj_malloc((ndates ? ndates : 1) * sizeof *out->dates);
    out->total = dj_calloc(ndates ? ndates : 1, sizeof *out->total);
    out->members = dj_calloc(nblocs * ndates + 1, sizeof *out->members);
    out->recognizing = dj_calloc(nblocs * ndates + 1, sizeof *out->recognizing);
    memb = dj_calloc(nblocs * nent + 1, sizeof *memb);
    stat = dj_calloc(nent + 1, sizeof *stat);
    members = dj_calloc(nblocs + 1, sizeof *members);
    recog = dj_calloc(nblocs + 1, sizeof *recog);
    if (!out->dates || !out->total || !out->members || !out->recognizing ||
        !memb || !stat || !members || !recog ||
        collect_changes(&c, &nc, ds, st, subject, blocs, nblocs))
        goto oom;
    if (ndates)
        memcpy(out->dates, dates, ndates * sizeof *dates);

    size_t k = 0;
    for (size_t d = 0; d < ndates; d++) {
        for (; k < nc && c[k].date <= dates[d]; k++) {
            const change *x = &c[k];
            if (x->slot == UINT32_MAX) {
                int was = stat[x->actor] > 0;
                stat[x->actor] += x->delta;
                int now = stat[x->actor] > 0;
                if (was == now)
                    continue;
                total += now ? 1u : (uint32_t)-1;
                for (size_t b = 0; b < nblocs; b++)
                    if (memb[b * nent + x->actor])
                        recog[b] += now ? 1u : (uint32_t)-1;
            } else {
                uint16_t *m = &memb[x->slot * nent + x->actor];
                int was = *m > 0;
                *m = (uint16_t)(*m + x->delta);
                int now = *m > 0;
                if (was == now)
                    continue;
                members[x->slot] += now ? 1u : (uint32_t)-1;
                if (stat[x->actor] > 0)
                    recog[x->slot] += now ? 1u : (uint32_t)-1;
            }
        }
        out->total[d] = total;
        for (size_t b = 0; b < nblocs; b++) {
            out->members[b * ndates + d] = members[b];
            out->recognizing[b * ndates + d] = recog[b];
        }
    }
    dj_free(c);
    dj_free(memb);
    dj_free(stat);
    dj_free(members);
    dj_free(recog);
    return 0;
oom:
    dj_free(c);
    dj_free(memb);
    dj_free(stat);
    dj_free(members);
    dj_free(recog);
    dj_series_dispose(out);
    return dj_error_set(err, DJ_ENOMEM, "out of memory");
}

/* ---- sweep: bitsets per date ---- */

struct dj_sweep {
    const dj_status *st;
    size_t nblocs, ndates, words; /* words: 64-bit words per member set */
    uint32_t *slot;     /* per entity: its bit in the member sets, or
                           DJ_NONE when it is in none of the blocs */
    size_t nent;
    dj_date *dates;
    uint64_t *memb;     /* nblocs x ndates x words: members on each date */
    uint32_t *members;  /* nblocs x ndates */
    int popcnt;         /* the processor counts bits in one instruction */
};

void dj_sweep_free(dj_sweep *sw)
{
    if (!sw)
        return;
    dj_free(sw->dates);
    dj_free(sw->slot);
    dj_free(sw->memb);
    dj_free(sw->members);
    dj_free(sw);
}

const uint32_t *dj_sweep_members(const dj_sweep *sw)
{
    return sw->members;
}

void dj_sweep_members_for(const dj_sweep *sw, uint32_t subject, uint32_t *members)
{
    size_t cells = sw->nblocs * sw->ndates;
    memcpy(members, sw->members, cells * sizeof *members);
    uint32_t bit = subject < sw->nent ? sw->slot[subject] : DJ_NONE;
    if (bit == DJ_NONE)
        return;
    for (size_t c = 0; c < cells; c++)
        if (sw->memb[c * sw->words + bit / 64] & (UINT64_C(1) << (bit % 64)))
            members[c]--;
}

/* Index of the first date >= x, or n. */
static size_t first_at_or_after(const dj_date *v, size_t n, dj_date x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static unsigned popcount64(uint64_t x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_popcountll(x);
#else
    unsigned c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
#endif
}

int dj_sweep_new(dj_sweep **out, const dj_dataset *ds, const dj_status *st,
                 const uint32_t *blocs, size_t nblocs, const dj_date *dates,
                 size_t ndates, dj_error *err)
{
    dj_sweep *sw = dj_calloc(1, sizeof *sw);
    *out = NULL;
    if (!sw)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    sw->st = st;
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    sw->popcnt = __builtin_cpu_supports("popcnt");
#endif
    sw->nblocs = nblocs;
    sw->ndates = ndates;
    /* only the blocs' members need a bit: the subjects and most actors of
       a large dataset are in no bloc */
    sw->nent = ds->nent;
    sw->slot = dj_malloc((ds->nent + 1) * sizeof *sw->slot);
    if (!sw->slot)
        goto oom;
    for (size_t e = 0; e < ds->nent; e++)
        sw->slot[e] = DJ_NONE;
    size_t nslots = 0;
    for (size_t m = 0; m < ds->nmemb; m++)
        for (size_t b = 0; b < nblocs; b++)
            if (ds->memb[m].bloc == blocs[b] && sw->slot[ds->memb[m].member] == DJ_NONE)
                sw->slot[ds->memb[m].member] = (uint32_t)nslots++;
    sw->words = (nslots + 63) / 64;
    if (sw->words == 0)
        sw->words = 1;
    size_t cells = nblocs * ndates;
    if (ndates && cells / ndates != nblocs) /* overflow */
        goto oom;
    sw->dates = dj_malloc((ndates ? ndates : 1) * sizeof *sw->dates);
    sw->members = dj_calloc(cells + 1, sizeof *sw->members);
    if (cells && (cells * sw->words) / cells != sw->words)
        goto oom;
    sw->memb = dj_calloc(cells * sw->words + 1, sizeof *sw->memb);
    if (!sw->dates || !sw->members || !sw->memb)
        goto oom;
    if (ndates)
        memcpy(sw->dates, dates, ndates * sizeof *dates);
    /* A member on dates[k] when one of its rows has joined <= dates[k] <
       left: the rows set the bits of the dates they cover (a union, so
       rows that meet on one day give no gap). */
    for (size_t m = 0; m < ds->nmemb; m++) {
        const dj_membership *ms = &ds->memb[m];
        for (size_t b = 0; b < nblocs; b++) {
            if (ms->bloc != blocs[b])
                continue;
            size_t k0 = first_at_or_after(dates, ndates, ms->joined);
            size_t k1 = ms->left == DJ_DATE_MAX ? ndates
                        : first_at_or_after(dates, ndates, ms->left);
            uint64_t *row = sw->memb + b * ndates * sw->words;
            uint32_t bit = sw->slot[ms->member];
            for (size_t k = k0; k < k1; k++)
                row[k * sw->words + bit / 64] |= UINT64_C(1) << (bit % 64);
        }
    }
    for (size_t c = 0; c < cells; c++) {
        const uint64_t *w = sw->memb + c * sw->words;
        uint32_t n = 0;
        for (size_t i = 0; i < sw->words; i++)
            n += popcount64(w[i]);
        sw->members[c] = n;
    }
    *out = sw;
    return 0;
oom:
    dj_sweep_free(sw);
    return dj_error_set(err, DJ_ENOMEM, "out of memory");
}

/* The counting part of dj_sweep_eval: prefix XOR of the flips, then the
   population counts. Compiled twice where the compiler can: with the
   processor's popcnt instruction, and without, chosen at run time. */
#define SWEEP_COUNT_BODY                                                   \
    for (size_t k = 1; k < nd; k++) {                                      \
        uint64_t *r = set + k * W;                                         \
        for (size_t i = 0; i < W; i++)                                     \
            r[i] ^= r[i - W];                                              \
    }                                                                      \
    for (size_t b = 0; b < nblocs; b++) {                                  \
        const uint64_t *m = memb + b * nd * W;                             \
        for (size_t k = 0; k < nd; k++) {                                  \
            const uint64_t *r = set + k * W, *mk = m + k * W;              \
            uint32_t n = 0;                                                \
            for (size_t i = 0; i < W; i++)                                 \
                n += (uint32_t)POPCOUNT(r[i] & mk[i]);                     \
            recognizing[b * nd + k] = n;                                   \
        }                                                                  \
    }

#define POPCOUNT popcount64
static void sweep_count(uint64_t *set, const uint64_t *memb, size_t nd,
                        size_t W, size_t nblocs, uint32_t *recognizing)
{
    SWEEP_COUNT_BODY
}
#undef POPCOUNT

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_POPCNT_CLONE 1
#define POPCOUNT __builtin_popcountll
__attribute__((target("popcnt")))
static void sweep_count_popcnt(uint64_t *set, const uint64_t *memb, size_t nd,
                               size_t W, size_t nblocs, uint32_t *recognizing)
{
    SWEEP_COUNT_BODY
}
#undef POPCOUNT
#endif

int dj_sweep_eval(const dj_sweep *sw, uint32_t subject, uint32_t *total,
                  uint32_t *recognizing)
{
    size_t niv, nd = sw->ndates, W = sw->words;
    const dj_interval *iv = dj_status_intervals(sw->st, subject, &niv);
    /* The total: +1 at the first date inside each interval, -1 at the first
       date after it, summed forward (an actor's intervals never overlap).
       The bloc members among them: flip[k] holds the members whose status
       changes between dates[k-1] and dates[k]; toggling at those two dates
       and XOR-ing the flips forward gives who recognises on each date. */
    uint64_t *set = dj_calloc((nd + 1) * W, sizeof *set);
    int32_t *delta = dj_calloc(nd + 1, sizeof *delta);
    if (!set || !delta) {
        dj_free(set);
        dj_free(delta);
        return DJ_ENOMEM;
    }
    for (size_t i = 0; i < niv; i++) {
        size_t k0 = first_at_or_after(sw->dates, nd, iv[i].start);
        size_t k1 = iv[i].end == DJ_DATE_MAX ? nd
                    : first_at_or_after(sw->dates, nd, iv[i].end);
        if (k0 == k1)
            continue;
        delta[k0]++;
        delta[k1]--;
        uint32_t bit = iv[i].actor < sw->nent ? sw->slot[iv[i].actor] : DJ_NONE;
        if (bit == DJ_NONE)
            continue;
        uint64_t mask = UINT64_C(1) << (bit % 64);
        set[k0 * W + bit / 64] ^= mask;
        set[k1 * W + bit / 64] ^= mask;
    }
    int32_t run = 0;
    for (size_t k = 0; k < nd; k++) {
        run += delta[k];
        total[k] = (uint32_t)run;
    }
#ifdef HAVE_POPCNT_CLONE
    if (sw->popcnt)
        sweep_count_popcnt(set, sw->memb, nd, W, sw->nblocs, recognizing);
    else
#endif
        sweep_count(set, sw->memb, nd, W, sw->nblocs, recognizing);
    dj_free(set);
    dj_free(delta);
    return 0;
}

/* ---- date lists ---- */

void dj_dates_init(dj_dates *d)
{
    d->v = NULL;
    d->n = d->cap = 0;
}

void dj_dates_dispose(dj_dates *d)
{
    dj_free(d->v);
    dj_dates_init(d);
}

int dj_dates_push(dj_dates *d, dj_date date)
{
    if (dj_grow(&d->v, &d->cap, d->n + 1, sizeof *d->v))
        return DJ_ENOMEM;
    d->v[d->n++] = date;
    return 0;
}

static int cmp_date(const void *a, const void *b)
{
    dj_date x = *(const dj_date *)a, y = *(const dj_date *)b;
    return (x > y) - (x < y);
}

DJ_DEFINE_RADIX_SORT(sort_dates, dj_date, DJ_SORT_KEY_DATE_SELF)

void dj_dates_unique(dj_dates *d)
{
    if (!d->n)
        return;
    /* the lists are mostly runs already in order (the change days of two
       views, then the as-of date): sort only when one is out of place,
       by radix with the list's own spare room as the scratch half, or by
       qsort when that room cannot be had */
    size_t i = 1;
    while (i < d->n && d->v[i - 1] <= d->v[i])
        i++;
    if (i < d->n) {
        size_t n = d->n;
        if (n < DJ_RADIX_SORT_SHORT || dj_grow(&d->v, &d->cap, 2 * n, sizeof *d->v) == 0)
            sort_dates(d->v, n, d->v + n);
        else
            qsort(d->v, n, sizeof *d->v, cmp_date);
    }
    size_t w = 1;
    for (i = 1; i < d->n; i++)
        if (d->v[i] != d->v[w - 1])
            d->v[w++] = d->v[i];
    d->n = w;
}

static int push_in(dj_dates *d, dj_date x, dj_date from, dj_date to)
{
    return (x >= from && x <= to) ? dj_dates_push(d, x) : 0;
}

int dj_change_dates(dj_dates *out, const dj_dataset *ds, const dj_status *st,
                    uint32_t subject, const uint32_t *blocs, size_t nblocs,
                    dj_date from, dj_date to)
{
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    if (dj_dates_push(out, from))
        return DJ_ENOMEM;
    for (size_t i = 0; i < niv; i++)
        if (push_in(out, iv[i].start, from, to) ||
            (iv[i].end != DJ_DATE_MAX && push_in(out, iv[i].end, from, to)))
            return DJ_ENOMEM;
    for (size_t m = 0; m < ds->nmemb; m++)
        for (size_t b = 0; b < nblocs; b++)
            if (ds->memb[m].bloc == blocs[b] && ds->memb[m].member != subject &&
                (push_in(out, ds->memb[m].joined, from, to) ||
                 (ds->memb[m].left != DJ_DATE_MAX &&
                  push_in(out, ds->memb[m].left, from, to))))
                return DJ_ENOMEM;
    dj_dates_unique(out);
    return 0;
}

int dj_grid_dates(dj_dates *out, dj_grid grid, dj_date from, dj_date to)
{
    for (dj_date d = dj_date_period_start(from, grid); d <= to;) {
        dj_date end = dj_date_period_end(d, grid);
        if (dj_dates_push(out, end))
            return DJ_ENOMEM;
        if (end >= DJ_DATE_MAX - 1)
            break;
        d = end + 1;
    }
    return 0;
}

dj_date dj_subject_start(const dj_dataset *ds, const dj_status *st,
                         uint32_t subject)
{
    dj_date start = dj_dataset_subject_declared(ds, subject);
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    for (size_t i = 0; i < niv; i++)
        if (start == DJ_DATE_NONE || iv[i].start < start)
            start = iv[i].start;
    if (start == DJ_DATE_NONE) /* no event counts in this view */
        for (size_t i = 0; i < ds->nev; i++)
            if (ds->ev_subject[i] == subject &&
                (start == DJ_DATE_NONE || ds->ev_date[i] < start))
                start = ds->ev_date[i];
    return start == DJ_DATE_NONE ? dj_date_today() : start;
}

int dj_transitions(uint32_t *recognized, uint32_t *withdrawn, uint32_t *began,
                   uint32_t *ended, const dj_status *st, uint32_t subject,
                   dj_date from, const dj_date *dates, size_t ndates)
{
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    memset(recognized, 0, ndates * sizeof *recognized);
    memset(withdrawn, 0, ndates * sizeof *withdrawn);
    if (began)
        memset(began, 0, ndates * sizeof *began);
    if (ended)
        memset(ended, 0, ndates * sizeof *ended);
    for (size_t i = 0; i < niv; i++) {
        if (iv[i].start >= from) {
            size_t k = first_at_or_after(dates, ndates, iv[i].start);
            uint32_t *to = iv[i].opened == DJ_OPEN_EVENT ? recognized : began;
            if (k < ndates && to)
                to[k]++;
        }
        if (iv[i].end != DJ_DATE_MAX && iv[i].end >= from) {
            size_t k = first_at_or_after(dates, ndates, iv[i].end);
            uint32_t *to = iv[i].closed == DJ_CLOSE_ENDED ? ended : withdrawn;
            if (k < ndates && to)
                to[k]++;
        }
    }
    return 0;
}
