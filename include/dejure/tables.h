/*
 * dejure/tables.h - the CSV tables of the command line and the report.
 *
 * Each function writes one table (optionally with its header row) for one
 * subject into a dj_out. They are the single place where a table's columns
 * and row order are defined.
 */
#ifndef DEJURE_TABLES_H
#define DEJURE_TABLES_H

#include <stddef.h>
#include <stdint.h>
#include "analysis.h"
#include "dataset.h"
#include "output.h"
#include "stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* What to tabulate. Dates: `at` (one day) wins over `grid`; with
   neither, every day on which something changes in [from, to]. */
typedef struct dj_query {
    uint32_t subject;        /* entity index */
    const uint32_t *blocs;   /* for coverage, holdouts, thresholds */
    size_t nblocs;
    dj_grid grid;
    dj_date at;              /* DJ_DATE_NONE when not given */
    dj_date from;            /* DJ_DATE_NONE: the subject's start */
    dj_date to;              /* DJ_DATE_NONE: today */
    int subject_column;      /* prefix rows with the subject's code */
    int header;              /* write the header row */
    uint32_t among;          /* milestones: only members of this bloc */
    const double *thresholds;/* milestones: coverage thresholds */
    size_t nthresholds;
    int wide;                /* coverage: one row per date, columns per bloc */
    int all;                 /* status: also the entities without an event */
} dj_query;

void dj_query_init(dj_query *q);

/* The dates a query asks for (see dj_query); caller disposes *out. */
int dj_query_dates(dj_dates *out, const dj_dataset *ds, const dj_status *st,
                   const dj_query *q, int with_blocs);

/* date,recognized,withdrawn,total,began,ended */
int dj_table_timeline(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err);
/* date,bloc,members,recognizing,percent (or wide: date,B_members,...) */
int dj_table_coverage(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err);
/* date,bloc,code,name at q->at (today when DJ_DATE_NONE) */
int dj_table_holdouts(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err);
/* n,date,code,name,precision; with thresholds: bloc,threshold,date,members,recognizing,percent */
int dj_table_milestones(dj_out *o, const dj_dataset *ds, const dj_status *st,
                        const dj_query *q, dj_error *err);
/* date,code,name,status,since,precision,disputed_by,via,source at q->at
   (today when DJ_DATE_NONE), members of q->among only unless DJ_NONE:
   dj_standings(). since and precision date the recognition (for a
   continued one, the predecessor's); disputed_by and source are those of
   the event that set the status (for a continued one, the `via` row). */
int dj_table_status(dj_out *o, const dj_dataset *ds, const dj_status *st,
                    const dj_query *q, dj_error *err);

/* ---- the tables of `dejure stats` (statistics: dejure/stats.h) ---- */

typedef struct dj_stats_query {
    uint32_t subject;        /* entity index */
    const uint32_t *blocs;   /* blocs for per-bloc rows */
    size_t nblocs;
    dj_date origin;          /* DJ_DATE_NONE: dj_stats_origin() */
    dj_date at;              /* as-of date (required) */
    dj_date until;           /* curve: last day; DJ_DATE_NONE: at */
    dj_grid grid;            /* population: period grid, NONE: change days */
    dj_model model;          /* fit and curve */
} dj_stats_query;

void dj_stats_query_init(dj_stats_query *q);

/* period,recognized,withdrawn (period YYYY or YYYY-MM) */
int dj_stats_table_counts(dj_out *o, const dj_dataset *ds, const dj_status *st,
                          const dj_stats_query *q, dj_grid grid, dj_error *err);
/* group,count,mean,q1,median,q3,min,max (days; group "all", bloc codes) */
int dj_stats_table_delays(dj_out *o, const dj_dataset *ds, const dj_status *st,
                          const dj_stats_query *q, dj_error *err);
/* bloc,days,date,at_risk,recognized,censored,survival,std_error,lower95,upper95 */
int dj_stats_table_survival(dj_out *o, const dj_dataset *ds, const dj_status *st,
                            const dj_stats_query *q, dj_error *err);
/* bloc,members,recognized,censored,median_days,median_date */
int dj_stats_table_medians(dj_out *o, const dj_dataset *ds, const dj_status *st,
                           const dj_stats_query *q, dj_error *err);
/* model,parameter,estimate,std_error; *fit (may be NULL) gets the fit */
int dj_stats_table_fit(dj_out *o, const dj_dataset *ds, const dj_status *st,
                       const dj_stats_query *q, dj_fit *fit, dj_error *err);
/* The same table from a fit already made by dj_fit_run() on the query's
   daily totals (dj_stats_daily_total); fit->model must be q->model. */
int dj_stats_table_fit_of(dj_out *o, const dj_dataset *ds, const dj_status *st,
                          const dj_stats_query *q, const dj_fit *fit, dj_error *err);
/* date,days,observed,fitted,lower95,upper95 from origin to until; writes
   nothing when the fit failed (*fit tells; check fit->converged). */
int dj_stats_table_curve(dj_out *o, const dj_dataset *ds, const dj_status *st,
                         const dj_stats_query *q, dj_fit *fit, dj_error *err);
/* The same table from a fit already made by dj_stats_table_fit() for the
   same query (no second fit); nothing when fit->converged is 0. */
int dj_stats_table_curve_of(dj_out *o, const dj_dataset *ds, const dj_status *st,
                            const dj_stats_query *q, const dj_fit *fit, dj_error *err);
/* date,group,population,recognizing,percent,no_figure (group "world",
   bloc codes) on change days, or per period of q->grid */
int dj_stats_table_population(dj_out *o, const dj_dataset *ds,
                              const dj_status *st, const dj_stats_query *q,
                              dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
