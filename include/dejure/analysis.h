/*
 * dejure/analysis.h - counts, coverage, holdouts and milestones.
 *
 * Meaning (the same as the benchmark workload's): the status of a pair
 * (actor, subject) on day D is set by its last event dated on or before D,
 * same-day events taken in file order, the later winning; no event means
 * not recognising. An actor is a member of a bloc on D when one of its
 * intervals has joined <= D < left.
 *
 * The pipeline: a dj_view picks which events count; dj_status_new() turns
 * the events into recognition intervals [start, end) per (subject, actor);
 * dj_series_eval() sweeps those intervals and the bloc memberships over a
 * sorted list of dates.
 */
#ifndef DEJURE_ANALYSIS_H
#define DEJURE_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>
#include "dataset.h"
#include "date.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* ---- views -------------------------------------------------------- */

typedef enum dj_view_kind {
    DJ_VIEW_ALL = 0,        /* every event counts */
    DJ_VIEW_UNDISPUTED = 1, /* events that anyone disputes are ignored */
    DJ_VIEW_PARTY = 2       /* events that `party` disputes are ignored */
} dj_view_kind;

typedef struct dj_view {
    dj_view_kind kind;
    uint32_t party;         /* entity index for DJ_VIEW_PARTY */
    unsigned exclude;       /* DJ_MARK_* bits: events so marked are left out */
} dj_view;

/* Parses "all", "undisputed" or an entity code (DJ_EINVALID otherwise);
   sets no exclusion. */
int dj_view_parse(dj_view *out, const dj_dataset *ds, const char *text,
                  dj_error *err);
/* Writes the view's name ("all", "undisputed", "XKX") into buf. */
void dj_view_name(char *buf, size_t size, const dj_dataset *ds,
                  const dj_view *view);
/* Sets view->exclude from "conditional,announced" (DJ_EINVALID for a
   word that is not a mark; "" excludes nothing). */
int dj_view_exclude_parse(dj_view *view, const char *text, dj_error *err);
/* Writes the excluded marks as "conditional,verbal" ("" for none) and
   returns the length it needed, as snprintf. */
size_t dj_view_exclude_name(char *buf, size_t size, unsigned exclude);
/* Every mark (DJ_MARK_* bits) that some event of the dataset carries. */
unsigned dj_dataset_marks_used(const dj_dataset *ds);
/* The view in words, for charts and pages: "every claim counted",
   "undisputed events only", "as Kosovo counts" (the party's name). */
void dj_view_title(char *buf, size_t size, const dj_dataset *ds,
                   const dj_view *view);
/* A sentence or two on what the view counts and which kind of published
   count it matches. */
void dj_view_description(char *buf, size_t size, const dj_dataset *ds,
                         const dj_view *view);
/* 1 when event i counts in the view. */
int dj_view_includes(const dj_dataset *ds, const dj_view *view, size_t event);

/* ---- status intervals ---------------------------------------------- */

typedef struct dj_status dj_status;

/* How a span of recognition begins and ends. */
typedef enum dj_open {
    DJ_OPEN_EVENT = 0,      /* a recognition */
    DJ_OPEN_VIA = 1,        /* a successor continues its predecessor's */
    DJ_OPEN_BEGAN = 2       /* the actor came into existence recognising */
} dj_open;

typedef enum dj_close {
    DJ_CLOSE_NONE = 0,      /* it lasts */
    DJ_CLOSE_EVENT = 1,     /* a withdrawal or a freeze */
    DJ_CLOSE_ENDED = 2      /* the actor ceased to exist */
} dj_close;

/*
 * One span in which `actor` recognises the subject: [start, end), within
 * the days the actor exists. A successor that continues its
 * predecessor's recognition (`via`) opens its span on the day it began,
 * with the predecessor's `since`; the predecessor's span ends that day.
 */
typedef struct dj_interval {
    uint32_t actor;
    dj_date start;
    dj_date end;            /* DJ_DATE_MAX while it lasts */
    uint32_t event;         /* index of the event that opened it */
    dj_date since;          /* the recognition's own date: start, or for a
                               continued one the predecessor's since */
    uint8_t opened;         /* dj_open */
    uint8_t closed;         /* dj_close */
} dj_interval;

/*
 * Builds the recognition intervals of every subject under `view`.
 * Intervals of one subject are sorted by actor, then start.
 */
int dj_status_new(dj_status **out, const dj_dataset *ds, const dj_view *view,
                  dj_error *err);
void dj_status_free(dj_status *st);
/* Intervals of subject entity `subject` (borrowed; count in *n). */
const dj_interval *dj_status_intervals(const dj_status *st, uint32_t subject,
                                       size_t *n);
/* 1 when `actor` recognises `subject` at the end of day `date`. */
int dj_status_recognizes(const dj_status *st, uint32_t subject,
                         uint32_t actor, dj_date date);
/* The view the status was built for (borrowed). */
const dj_view *dj_status_view(const dj_status *st);

/* ---- standings: who recognises on a date --------------------------- */

typedef enum dj_standing_status {
    DJ_STANDING_NONE = 0,       /* no event for the subject yet */
    DJ_STANDING_RECOGNIZES = 1,
    DJ_STANDING_WITHDREW = 2,
    DJ_STANDING_FROZEN = 3
} dj_standing_status;

/* "none", "recognizes", "withdrew", "frozen". */
const char *dj_standing_status_name(dj_standing_status s);

/* One actor's standing towards a subject on a date. */
typedef struct dj_standing {
    uint32_t actor;
    dj_standing_status status;
    dj_date since;              /* DJ_DATE_NONE for none */
    dj_precision precision;     /* of since */
    uint32_t event;             /* the event that set the status, or
                                   UINT32_MAX (none); for a continued
                                   recognition the successor's `via` row */
    uint32_t origin;            /* the event that dated it: the
                                   predecessor's recognition for a
                                   continued one, else = event */
    uint32_t via;               /* the predecessor continued, or DJ_NONE */
} dj_standing;

/*
 * Every actor that exists on `date` and has an event for `subject` on or
 * before it under the status's view, sorted by since (ties in file
 * order); with among != DJ_NONE only members of that bloc on `date`; with
 * `all`, then every other existing entity but the subject, status none,
 * by code. A recognition is read from the status's intervals, so the
 * count of `recognizes` rows is the day's total. *out is malloc'ed.
 */
int dj_standings(dj_standing **out, size_t *n, const dj_dataset *ds,
                 const dj_status *st, uint32_t subject, dj_date date,
                 uint32_t among, int all, dj_error *err);

/* ---- series: counts over a list of dates --------------------------- */

typedef struct dj_series {
    size_t ndates, nblocs;
    dj_date *dates;        /* ndates, ascending */
    uint32_t *total;       /* ndates: actors recognising at end of day */
    uint32_t *members;     /* nblocs x ndates, bloc-major */
    uint32_t *recognizing; /* nblocs x ndates */
} dj_series;

void dj_series_init(dj_series *s);
void dj_series_dispose(dj_series *s);

/*
 * Evaluates subject `subject` on the `ndates` ascending dates: how many
 * actors recognise it, and per bloc in `blocs` its members and recognising
 * members that day. One sweep over the changes: O(changes + dates * blocs).
 */
int dj_series_eval(dj_series *out, const dj_dataset *ds, const dj_status *st,
                   uint32_t subject, const uint32_t *blocs, size_t nblocs,
                   const dj_date *dates, size_t ndates, dj_error *err);

/* ---- sweep: many subjects over one list of dates ------------------- */

/*
 * The bloc memberships on each of `ndates` ascending dates, held as
 * bitsets over the entities, so that any number of subjects can then be
 * evaluated on those dates for O(intervals + dates * blocs * entities/64)
 * each. Building costs O(memberships * dates + blocs * dates *
 * entities/64) time and memory. The same answers as dj_series_eval().
 */
typedef struct dj_sweep dj_sweep;

int dj_sweep_new(dj_sweep **out, const dj_dataset *ds, const dj_status *st,
                 const uint32_t *blocs, size_t nblocs, const dj_date *dates,
                 size_t ndates, dj_error *err);
void dj_sweep_free(dj_sweep *sw);
/* Members of the b-th listed bloc on dates[k], at [b * ndates + k],
   every member counted. */
const uint32_t *dj_sweep_members(const dj_sweep *sw);
/* The same for subject `subject`, which is never counted in its own
   blocs: nblocs * ndates counts into members. */
void dj_sweep_members_for(const dj_sweep *sw, uint32_t subject, uint32_t *members);

/*
 * Evaluates one subject: total[k] actors recognise it on dates[k], and
 * recognizing[b * ndates + k] of them are members of the b-th bloc.
 * Reads the sweep only, so threads may evaluate subjects concurrently.
 * Returns 0 or DJ_ENOMEM.
 */
int dj_sweep_eval(const dj_sweep *sw, uint32_t subject, uint32_t *total,
                  uint32_t *recognizing);

/* Percentage with two decimals' worth of meaning; <0 when members is 0. */
double dj_percent(uint32_t recognizing, uint32_t members);

/* ---- date lists ---------------------------------------------------- */

/* A growable list of dates (caller-owned). */
typedef struct dj_dates {
    dj_date *v;
    size_t n, cap;
} dj_dates;

void dj_dates_init(dj_dates *d);
void dj_dates_dispose(dj_dates *d);
int dj_dates_push(dj_dates *d, dj_date date);
/* Sorts and removes repeats. */
void dj_dates_unique(dj_dates *d);

/*
 * The days in [from, to] on which the subject's status or (when nblocs > 0)
 * a listed bloc's membership changes; `from` itself always included.
 */
int dj_change_dates(dj_dates *out, const dj_dataset *ds, const dj_status *st,
                    uint32_t subject, const uint32_t *blocs, size_t nblocs,
                    dj_date from, dj_date to);

/* The last day of every period of `grid` that starts on or before `to`,
   from the period holding `from`. */
int dj_grid_dates(dj_dates *out, dj_grid grid, dj_date from, dj_date to);

/* First day worth showing for a subject: its declaration, or its first event. */
dj_date dj_subject_start(const dj_dataset *ds, const dj_status *st,
                         uint32_t subject);

/* ---- timeline: transitions per day --------------------------------- */

/*
 * Counts, per period ending on dates[k] (periods run from the day after
 * dates[k-1], the first from `from`), how many actors started and stopped
 * recognising: by an event (recognized, withdrawn: a freeze counts as
 * withdrawn) and by coming into or going out of existence (began, a
 * successor continuing a predecessor included; ended). Each array holds
 * ndates counts; began and ended may be NULL. recognized - withdrawn +
 * began - ended is the change in the total over the period.
 */
int dj_transitions(uint32_t *recognized, uint32_t *withdrawn, uint32_t *began,
                   uint32_t *ended, const dj_status *st, uint32_t subject,
                   dj_date from, const dj_date *dates, size_t ndates);

/* ---- holdouts and milestones --------------------------------------- */

/*
 * Members of `bloc` on `date` that do not recognise `subject` then, sorted
 * by entity code. *out is malloc'ed (free()), *n its length.
 */
int dj_holdouts(uint32_t **out, size_t *n, const dj_dataset *ds,
                const dj_status *st, uint32_t subject, uint32_t bloc,
                dj_date date, dj_error *err);

/* One recognition milestone: the n-th actor to recognise. */
typedef struct dj_milestone {
    uint32_t n;
    dj_date date;
    dj_precision precision;
    uint32_t actor;
} dj_milestone;

/*
 * The actors in the order they first recognised `subject` under the
 * status's view (date order, same-day ties in file order), up to `until`.
 * When among != DJ_NONE, only actors that were members of bloc `among` on
 * the day they recognised are counted. *out is malloc'ed.
 */
int dj_milestones(dj_milestone **out, size_t *n, const dj_dataset *ds,
                  const dj_status *st, uint32_t subject, uint32_t among,
                  dj_date until, dj_error *err);

/*
 * The first day in [from, until] on which bloc coverage reaches
 * `threshold` percent (counted exactly: recognizing * 100 >= threshold *
 * members, members > 0); DJ_DATE_NONE when it never does. The first
 * crossing only: see dj_threshold_crossings for a bloc that fell back.
 */
int dj_threshold_date(dj_date *out, const dj_dataset *ds, const dj_status *st,
                      uint32_t subject, uint32_t bloc, double threshold,
                      dj_date from, dj_date until, dj_error *err);

/* A day on which bloc coverage crossed a threshold, up or down. */
typedef struct dj_crossing {
    dj_date date;
    dj_precision precision; /* the coarsest of the events that made the
                               change that day (DJ_PREC_DAY for a change of
                               membership): how precisely the day is known */
    int up;                 /* 1: reached the threshold; 0: fell below it */
    uint32_t members;       /* the bloc's members that day */
    uint32_t recognizing;   /* of them recognising at the end of the day */
} dj_crossing;

/*
 * Every crossing of `threshold` percent by bloc coverage in [from, until],
 * in date order, up and down alternating: an up crossing on `from` when
 * coverage is already at or above it then, then each day on which
 * coverage falls below it (a member withdraws, a state that does not
 * recognise joins, members leave) or reaches it again. Counted as
 * dj_threshold_date() does; a day without members is below. *out is
 * malloc'ed (free()), *n its length (0 when coverage never reaches it).
 */
int dj_threshold_crossings(dj_crossing **out, size_t *n, const dj_dataset *ds,
                           const dj_status *st, uint32_t subject, uint32_t bloc,
                           double threshold, dj_date from, dj_date until,
                           dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
