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
} dj_query;

void dj_query_init(dj_query *q);

/* The dates a query asks for (see dj_query); caller disposes *out. */
int dj_query_dates(dj_dates *out, const dj_dataset *ds, const dj_status *st,
                   const dj_query *q, int with_blocs);

/* date,recognized,withdrawn,total */
int dj_table_timeline(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err);
/* date,bloc,members,recognizing,percent (or wide: date,B_members,...) */
int dj_table_coverage(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err);
/* date,bloc,code,name at q->at (today when DJ_DATE_NONE) */
int dj_table_holdouts(dj_out *o, const dj_dataset *ds, const dj_status *st,
                      const dj_query *q, dj_error *err);
/* n,date,code,name; with thresholds: bloc,threshold,date,members,recognizing,percent */
int dj_table_milestones(dj_out *o, const dj_dataset *ds, const dj_status *st,
                        const dj_query *q, dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
