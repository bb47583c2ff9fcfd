/*
 * dejure/date.h - calendar dates as day numbers.
 *
 * A dj_date counts days since 1970-01-01 in the proleptic Gregorian
 * calendar (1970-01-01 is 0, 1969-12-31 is -1). Years 1 to 9999 are valid.
 * Dates read from data may be imprecise ("2008-02", "2008"); such a date is
 * stored as the first day of its period, and the precision travels beside it.
 */
#ifndef DEJURE_DATE_H
#define DEJURE_DATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef int32_t dj_date;

#define DJ_DATE_NONE INT32_MIN /* no date (e.g. an unknown declaration) */
#define DJ_DATE_MAX  INT32_MAX /* "open": a membership not yet left */
#define DJ_DATE_BUFSIZE 11     /* "YYYY-MM-DD" and its NUL */

typedef enum dj_precision {
    DJ_PREC_DAY = 0,
    DJ_PREC_MONTH = 1,
    DJ_PREC_YEAR = 2
} dj_precision;

/* Why a date did not parse; 0 when it did. */
typedef enum dj_date_problem {
    DJ_DATE_OK = 0,
    DJ_DATE_BADFORM,  /* not YYYY, YYYY-MM or YYYY-MM-DD */
    DJ_DATE_BADYEAR,  /* year 0000 */
    DJ_DATE_BADMONTH, /* month not 01..12 */
    DJ_DATE_BADDAY    /* day not in that month */
} dj_date_problem;

/*
 * Parses s[0..len) strictly: exactly four year digits, then optionally
 * "-MM", then optionally "-DD", nothing else. On success stores the first
 * day of the period in *out and its precision in *prec (either may be NULL)
 * and returns DJ_DATE_OK.
 */
dj_date_problem dj_date_parse(dj_date *out, dj_precision *prec,
                              const char *s, size_t len);

/* A phrase for a problem, e.g. "day out of range for that month". */
const char *dj_date_problem_str(dj_date_problem p);

/* 1 when y-m-d is a real day (1 <= y <= 9999). */
int dj_date_valid(int y, int m, int d);

/* Day number of a valid y-m-d. */
dj_date dj_date_from_ymd(int y, int m, int d);

/* Splits a day number into year, month, day (any pointer may be NULL). */
void dj_date_to_ymd(dj_date date, int *y, int *m, int *d);

/* 1 for leap years of the Gregorian calendar. */
int dj_date_is_leap(int y);

/* Days in month m of year y. */
int dj_date_days_in_month(int y, int m);

/*
 * Writes "YYYY-MM-DD" (or "YYYY-MM", "YYYY" for coarser precision) and a
 * NUL into buf, which holds DJ_DATE_BUFSIZE bytes; returns the length.
 * Never depends on the locale.
 */
size_t dj_date_format(char *buf, dj_date date, dj_precision prec);

/* "day", "month" or "year". */
const char *dj_precision_name(dj_precision prec);

/*
 * The date as a reader sees it on a chart or page, at its precision:
 * "2013-06-26", "May 2009" (English month names), "2009"; never a day
 * the data does not give. Writes at most size bytes with the NUL
 * (DJ_DATE_TEXT_BUFSIZE is always enough); returns the length.
 */
#define DJ_DATE_TEXT_BUFSIZE 16 /* "September 2009" and its NUL */
size_t dj_date_period_text(char *buf, size_t size, dj_date date, dj_precision prec);

/* Resampling grids: a period is a day, a calendar month or a year. */
typedef enum dj_grid { DJ_GRID_NONE = 0, DJ_GRID_DAY, DJ_GRID_MONTH,
                       DJ_GRID_YEAR } dj_grid;

/* First and last day of the period of `grid` that holds `date`. */
dj_date dj_date_period_start(dj_date date, dj_grid grid);
dj_date dj_date_period_end(dj_date date, dj_grid grid);

/* Today in UTC, from the system clock. */
dj_date dj_date_today(void);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
