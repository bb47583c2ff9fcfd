/*
 * tables.c - the CSV tables: columns, row order, number formats.
 */
#include <string.h>

#include "util/alloc.h"
#include "dejure/tables.h"

void dj_query_init(dj_query *q)
{
    memset(q, 0, sizeof *q);
    q->subject = DJ_NONE;
    q->at = q->from = q->to = DJ_DATE_NONE;
    q->header = 1;
    q->among = DJ_NONE;
}

static dj_date query_to(const dj_query *q)
{
    return q->to != DJ_DATE_NONE ? q->to : dj_date_today();
}

static dj_date query_from(const dj_dataset *ds, const dj_status *st, const dj_query *q)
{
    return q->from != DJ_DATE_NONE ? q->from : dj_subject_start(ds, st, q->subject);
}

int dj_query_dates(dj_dates *out, const dj_dataset *ds, const dj_status *st,
                   const dj_query *q, int with_blocs)
{
    dj_dates_init(out);
    if (q->at != DJ_DATE_NONE)
        return dj_dates_push(out, q->at);
    dj_date from = query_from(ds, st, q), to = query_to(q);
    if (q->grid != DJ_GRID_NONE)
        return dj_grid_dates(out, q->grid, from, to);
    return dj_change_dates(out, ds, st, q->subject, q->blocs,
                           with_blocs ? q->nblocs : 0, from, to);
}

static void subject_cell(dj_out *o, const dj_dataset *ds, const dj_query *q)
{
    if (q->subject_column) {
        dj_out_csv(o, dj_dataset_entity_code(ds, q->subject));
        dj_out_char(o, ',');
    }
}

static void header(dj_out *o, const dj_query *q, const char *cols)
{
    if (!q->header)
        return;
    if (q->subject_column)
        dj_out_str(o, "subject,");
    dj_out_str(o, cols);
    dj_out_char(o, '\n');
}

static int member_on(const dj_dataset *ds, uint32_t bloc, uint32_t actor, dj_date day)
{
    size_t n = dj_dataset_membership_count(ds);
    const dj_membership *m = dj_dataset_memberships(ds);
    for (size_t i = 0; i < n; i++)
        if (m[i].bloc == bloc && m[i].member == actor && m[i].joined <= day && day < m[i].left)
            return 1;
    return 0;
}

/* Index of the first date >= x in v[0..n), or n. */
static size_t date_slot(const dj_date *v, size_t n, dj_date x)
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

/* The transitions among the members of `bloc` on each day: a recognition
   or withdrawal by a member counts as one; a recognising state that joins
   the bloc (or leaves it) counts in began (ended), as one that comes into
   (goes out of) existence does, so that the balance still holds. */
static void transitions_among(uint32_t *rec, uint32_t *wd, uint32_t *began, uint32_t *ended,
                              const dj_dataset *ds, const dj_status *st, uint32_t subject,
                              uint32_t bloc, dj_date from, const dj_date *dates, size_t n)
{
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    memset(rec, 0, n * sizeof *rec);
    memset(wd, 0, n * sizeof *wd);
    memset(began, 0, n * sizeof *began);
    memset(ended, 0, n * sizeof *ended);
    for (size_t i = 0; i < niv; i++) {
        const dj_interval *x = &iv[i];
        size_t k;
        if (x->start >= from && (k = date_slot(dates, n, x->start)) < n &&
            member_on(ds, bloc, x->actor, x->start))
            (x->opened == DJ_OPEN_EVENT ? rec : began)[k]++;
        if (x->end != DJ_DATE_MAX && x->end >= from && (k = date_slot(dates, n, x->end)) < n &&
            member_on(ds, bloc, x->actor, x->end - 1))
            (x->closed == DJ_CLOSE_ENDED ? ended : wd)[k]++;
    }
    size_t nm = dj_dataset_membership_count(ds);
    const dj_membership *m = dj_dataset_memberships(ds);
    for (size_t i = 0; i < nm; i++) {
        if (m[i].bloc != bloc || m[i].member == subject)
            continue;
        size_t k;
        dj_date j = m[i].joined, l = m[i].left;
        if (j >= from && (k = date_slot(dates, n, j)) < n && !member_on(ds, bloc, m[i].member, j - 1) &&
            dj_status_recognizes(st, subject, m[i].member, j) &&
            dj_status_recognizes(st, subject, m[i].member, j - 1))
            began[k]++;
        if (l != DJ_DATE_MAX && l >= from && (k = date_slot(dates, n, l)) < n &&
            !member_on(ds, bloc, m[i].member, l) &&
            dj_status_recognizes(st, subject, m[i].member, l - 1) &&
            dj_status_recognizes(st, subject, m[i].member, l))
            ended[k]++;
    }
}

int dj_table_timeline(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err)
{
    dj_dates dates;
    dj_series s;
    uint32_t *rec = NULL, *wd = NULL, *began = NULL, *ended = NULL;
    /* with --among, the days its membership changes are changes too */
    dj_query qd = *q;
    if (q->among != DJ_NONE) {
        qd.blocs = &q->among;
        qd.nblocs = 1;
    }
    int rc = dj_query_dates(&dates, ds, st, &qd, q->among != DJ_NONE);
    if (rc) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    rec = dj_malloc((dates.n + 1) * sizeof *rec);
    wd = dj_malloc((dates.n + 1) * sizeof *wd);
    began = dj_malloc((dates.n + 1) * sizeof *began);
    ended = dj_malloc((dates.n + 1) * sizeof *ended);
    if (!rec || !wd || !began || !ended) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    int among = q->among != DJ_NONE;
    if ((rc = dj_series_eval(&s, ds, st, q->subject, &q->among, among ? 1 : 0, dates.v, dates.n, err)))
        goto done;
    /* a single day counts its own transitions; a grid row its period's */
    dj_date from = q->at != DJ_DATE_NONE ? q->at : query_from(ds, st, q);
    if (q->grid != DJ_GRID_NONE && q->at == DJ_DATE_NONE)
        from = dj_date_period_start(from, q->grid);
    if (among)
        transitions_among(rec, wd, began, ended, ds, st, q->subject, q->among, from, dates.v, dates.n);
    else
        dj_transitions(rec, wd, began, ended, st, q->subject, from, dates.v, dates.n);
    header(o, q, "date,recognized,withdrawn,total,began,ended");
    int changes_only = q->at == DJ_DATE_NONE && q->grid == DJ_GRID_NONE;
    for (size_t d = 0; d < dates.n; d++) {
        if (changes_only && !rec[d] && !wd[d] && !began[d] && !ended[d])
            continue;
        subject_cell(o, ds, q);
        dj_out_date(o, dates.v[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, rec[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, wd[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, among ? s.recognizing[d] : s.total[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, began[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, ended[d]);
        dj_out_char(o, '\n');
    }
    dj_series_dispose(&s);
done:
    dj_free(rec);
    dj_free(wd);
    dj_free(began);
    dj_free(ended);
    dj_dates_dispose(&dates);
    return rc;
}

int dj_table_coverage(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err)
{
    dj_dates dates;
    dj_series s;
    int rc = dj_query_dates(&dates, ds, st, q, 1);
    if (rc) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    if ((rc = dj_series_eval(&s, ds, st, q->subject, q->blocs, q->nblocs, dates.v, dates.n, err))) {
        dj_dates_dispose(&dates);
        return rc;
    }
    int changes_only = q->at == DJ_DATE_NONE && q->grid == DJ_GRID_NONE;
    if (q->wide) {
        if (q->header) {
            if (q->subject_column)
                dj_out_str(o, "subject,");
            dj_out_str(o, "date");
            for (size_t b = 0; b < q->nblocs; b++) {
                const char *code = dj_dataset_bloc_code(ds, q->blocs[b]);
                dj_out_printf(o, ",%s_members,%s_recognizing,%s_percent", code, code, code);
            }
            dj_out_char(o, '\n');
        }
        for (size_t d = 0; d < s.ndates; d++) {
            subject_cell(o, ds, q);
            dj_out_date(o, s.dates[d]);
            for (size_t b = 0; b < q->nblocs; b++) {
                uint32_t m = s.members[b * s.ndates + d], r = s.recognizing[b * s.ndates + d];
                dj_out_char(o, ',');
                dj_out_u64(o, m);
                dj_out_char(o, ',');
                dj_out_u64(o, r);
                dj_out_char(o, ',');
                dj_out_percent(o, r, m);
            }
            dj_out_char(o, '\n');
        }
    } else {
        header(o, q, "date,bloc,members,recognizing,percent");
        for (size_t d = 0; d < s.ndates; d++)
            for (size_t b = 0; b < q->nblocs; b++) {
                size_t k = b * s.ndates + d;
                uint32_t m = s.members[k], r = s.recognizing[k];
                if (changes_only && d > 0 && m == s.members[k - 1] && r == s.recognizing[k - 1])
                    continue;
                subject_cell(o, ds, q);
                dj_out_date(o, s.dates[d]);
                dj_out_char(o, ',');
                dj_out_csv(o, dj_dataset_bloc_code(ds, q->blocs[b]));
                dj_out_char(o, ',');
                dj_out_u64(o, m);
                dj_out_char(o, ',');
                dj_out_u64(o, r);
                dj_out_char(o, ',');
                dj_out_percent(o, r, m);
                dj_out_char(o, '\n');
            }
    }
    dj_series_dispose(&s);
    dj_dates_dispose(&dates);
    return 0;
}

int dj_table_holdouts(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err)
{
    dj_date at = q->at != DJ_DATE_NONE ? q->at : query_to(q);
    header(o, q, "date,bloc,code,name");
    for (size_t b = 0; b < q->nblocs; b++) {
        uint32_t *v;
        size_t n;
        int rc = dj_holdouts(&v, &n, ds, st, q->subject, q->blocs[b], at, err);
        if (rc)
            return rc;
        for (size_t i = 0; i < n; i++) {
            subject_cell(o, ds, q);
            dj_out_date(o, at);
            dj_out_char(o, ',');
            dj_out_csv(o, dj_dataset_bloc_code(ds, q->blocs[b]));
            dj_out_char(o, ',');
            dj_out_csv(o, dj_dataset_entity_code(ds, v[i]));
            dj_out_char(o, ',');
            dj_out_csv(o, dj_dataset_entity_name(ds, v[i]));
            dj_out_char(o, '\n');
        }
        dj_free(v);
    }
    return 0;
}

int dj_table_milestones(dj_out *o, const dj_dataset *ds, const dj_status *st,
                        const dj_query *q, dj_error *err)
{
    dj_date until = q->at != DJ_DATE_NONE ? q->at : query_to(q);
    if (q->nthresholds) {
        /* every crossing, up and down; a threshold never reached has one
           row, empty but for bloc and threshold */
        dj_date from = query_from(ds, st, q);
        header(o, q, "bloc,threshold,date,direction,members,recognizing,percent");
        for (size_t b = 0; b < q->nblocs; b++)
            for (size_t t = 0; t < q->nthresholds; t++) {
                dj_crossing *c;
                size_t nc;
                int rc = dj_threshold_crossings(&c, &nc, ds, st, q->subject, q->blocs[b],
                                                q->thresholds[t], from, until, err);
                if (rc)
                    return rc;
                for (size_t i = 0; i < (nc ? nc : 1); i++) {
                    subject_cell(o, ds, q);
                    dj_out_csv(o, dj_dataset_bloc_code(ds, q->blocs[b]));
                    dj_out_char(o, ',');
                    dj_out_fixed(o, q->thresholds[t], 2);
                    dj_out_char(o, ',');
                    if (nc) {
                        dj_out_date(o, c[i].date);
                        dj_out_str(o, c[i].up ? ",up," : ",down,");
                        dj_out_u64(o, c[i].members);
                        dj_out_char(o, ',');
                        dj_out_u64(o, c[i].recognizing);
                        dj_out_char(o, ',');
                        dj_out_percent(o, c[i].recognizing, c[i].members);
                    } else {
                        dj_out_str(o, ",,,,");
                    }
                    dj_out_char(o, '\n');
                }
                dj_free(c);
            }
        return 0;
    }
    dj_milestone *v;
    size_t n;
    int rc = dj_milestones(&v, &n, ds, st, q->subject, q->among, until, err);
    if (rc)
        return rc;
    header(o, q, "n,date,code,name,precision");
    for (size_t i = 0; i < n; i++) {
        subject_cell(o, ds, q);
        dj_out_u64(o, v[i].n);
        dj_out_char(o, ',');
        dj_out_date(o, v[i].date);
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_code(ds, v[i].actor));
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_name(ds, v[i].actor));
        dj_out_char(o, ',');
        dj_out_str(o, dj_precision_name(v[i].precision));
        dj_out_char(o, '\n');
    }
    dj_free(v);
    return 0;
}

int dj_table_status(dj_out *o, const dj_dataset *ds, const dj_status *st,
                    const dj_query *q, dj_error *err)
{
    dj_date at = q->at != DJ_DATE_NONE ? q->at : query_to(q);
    dj_standing *v;
    size_t n;
    int rc = dj_standings(&v, &n, ds, st, q->subject, at, q->among, q->all, err);
    if (rc)
        return rc;
    header(o, q, "date,code,name,status,since,precision,disputed_by,via,source");
    for (size_t i = 0; i < n; i++) {
        const dj_standing *x = &v[i];
        subject_cell(o, ds, q);
        dj_out_date(o, at);
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_code(ds, x->actor));
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_name(ds, x->actor));
        dj_out_char(o, ',');
        dj_out_str(o, dj_standing_status_name(x->status));
        dj_out_char(o, ',');
        if (x->status != DJ_STANDING_NONE) {
            dj_event_info e;
            dj_dataset_event(ds, x->event, &e);
            dj_out_date(o, x->since);
            dj_out_char(o, ',');
            dj_out_str(o, dj_precision_name(x->precision));
            dj_out_char(o, ',');
            /* codes are letters, digits and -._ (the loader checks): a
               list of them needs no quoting */
            for (size_t k = 0; k < e.ndisputed; k++) {
                if (k)
                    dj_out_char(o, ';');
                dj_out_str(o, dj_dataset_entity_code(ds, e.disputed[k]));
            }
            dj_out_char(o, ',');
            if (x->via != DJ_NONE)
                dj_out_csv(o, dj_dataset_entity_code(ds, x->via));
            dj_out_char(o, ',');
            dj_out_csv(o, e.source);
        } else {
            dj_out_str(o, ",,,,");
        }
        dj_out_char(o, '\n');
    }
    dj_free(v);
    return 0;
}
