/*
 * dejure/stats.h - statistics of how recognition spread, computed with GSL.
 *
 * Time is counted in days since the subject's origin: its declaration, or
 * its first event when the declaration is unknown (dj_stats_origin). A
 * recognition dated before the declaration has a negative delay and, for
 * survival, counts on day 0. Everything is evaluated under one view and up
 * to an as-of date `at`; events after `at` do not exist for these
 * functions.
 *
 * What each statistic is:
 * - counts per period: recognitions (status switching on) and withdrawals
 *   (switching off) per calendar year or month, binned by a GSL histogram;
 * - delays: days from the origin to each actor's FIRST recognition,
 *   summarised by count, mean, quartiles, minimum and maximum. Quantiles
 *   follow GSL's gsl_stats_quantile_from_sorted_data: for a fraction f of
 *   n sorted values x[0..n-1], with d = (n - 1) f and i = floor(d),
 *   q = x[i] + (d - i) (x[i+1] - x[i]) (linear interpolation between order
 *   statistics; R's type 7, NumPy's default);
 * - Kaplan-Meier: the probability that a bloc member has not yet
 *   recognised t days after the origin. A member is at risk from the day it
 *   is both a member and past the origin, until its first recognition (an
 *   event), the last day it is a member, or `at` (both censored). Members
 *   that recognised before joining are not at risk. Greenwood standard
 *   errors, 95 % band on the log(-log) scale;
 * - diffusion fits: the total of recognising actors on every day from the
 *   origin to `at`, fitted by non-linear least squares
 *   (gsl_multifit_nlinear, trust region with Levenberg-Marquardt steps);
 * - population coverage: the population of recognising states as a share
 *   of the population of all states with a figure (the subject excluded),
 *   and of each bloc's members with a figure.
 */
#ifndef DEJURE_STATS_H
#define DEJURE_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "analysis.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility (see analysis.h). */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* The origin of time for `subject`: its declaration when known, else
   dj_subject_start(). */
dj_date dj_stats_origin(const dj_dataset *ds, const dj_status *st,
                        uint32_t subject);

/* ---- summaries of a sample --------------------------------------- */

typedef struct dj_summary {
    size_t n;
    double mean, q1, median, q3, min, max; /* NaN when n is 0 */
} dj_summary;

/* Sorts v[0..n) in place and summarises it with GSL's statistics
   functions (quantile definition above). Never fails. */
void dj_summary_compute(dj_summary *out, double *v, size_t n);

/* ---- counts per period -------------------------------------------- */

typedef struct dj_counts {
    size_t n;                /* periods */
    dj_date *start;          /* first day of each period */
    uint32_t *recognized;    /* status switched on in the period */
    uint32_t *withdrawn;     /* status switched off in the period */
} dj_counts;

void dj_counts_init(dj_counts *c);
void dj_counts_dispose(dj_counts *c);

/* Recognitions and withdrawals of `subject` per period of `grid` (month
   or year) from the period holding `from` to the one holding `to`; only
   changes dated in [from, to] count. */
int dj_stats_counts(dj_counts *out, const dj_status *st, uint32_t subject,
                    dj_grid grid, dj_date from, dj_date to, dj_error *err);

/* ---- time to recognition ------------------------------------------ */

/*
 * Days from `origin` to the first recognition of every actor that
 * recognised `subject` on or before `at`. With bloc != DJ_NONE, only
 * actors that were members of that bloc on the day of their first
 * recognition. *out is allocated by the library (free with free()),
 * in ascending order of actor index.
 */
int dj_stats_delays(double **out, size_t *n, const dj_dataset *ds,
                    const dj_status *st, uint32_t subject, uint32_t bloc,
                    dj_date origin, dj_date at, dj_error *err);
/* The same as free(), kept for callers written before the one rule. */
void dj_stats_free(void *p);

/* ---- Kaplan-Meier -------------------------------------------------- */

/* One observed individual: at risk over [entry, time]; `event` 1 when its
   time is an event (a recognition), 0 when it is censored there. */
typedef struct dj_km_obs {
    double entry, time;
    int event;
} dj_km_obs;

/* The estimate at one distinct time of events or censorings. */
typedef struct dj_km_step {
    double t;
    uint32_t at_risk, events, censored;
    double survival;         /* S(t), after this time's events */
    double std_error;        /* Greenwood; NaN when S(t) is 0 */
    double lower, upper;     /* 95 % log(-log) band; NaN when undefined */
} dj_km_step;

typedef struct dj_km {
    size_t n;                /* steps */
    dj_km_step *steps;
    size_t subjects, events, censored;
    double median;           /* first t with S(t) <= 0.5; NaN when none */
} dj_km;

void dj_km_init(dj_km *km);
void dj_km_dispose(dj_km *km);

/* The product-limit estimate of obs[0..n) (events before censorings at a
   tied time; an individual is at risk at t when entry <= t <= time). */
int dj_km_estimate(dj_km *out, const dj_km_obs *obs, size_t n,
                   dj_error *err);

/* The observations of bloc `bloc`'s members (see the top of this file),
   in days since `origin`; *out allocated (free with free()). */
int dj_km_bloc_obs(dj_km_obs **out, size_t *n, const dj_dataset *ds,
                   const dj_status *st, uint32_t subject, uint32_t bloc,
                   dj_date origin, dj_date at, dj_error *err);

/* ---- diffusion fits ------------------------------------------------ */

typedef enum dj_model {
    DJ_MODEL_LOGISTIC = 0,   /* N(t) = K / (1 + exp(-r (t - t0))) */
    DJ_MODEL_GOMPERTZ = 1,   /* N(t) = K exp(-b exp(-c t)) */
    DJ_MODEL_BASS = 2        /* N(t) = m (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t) */
} dj_model;

#define DJ_MODEL_COUNT 3
#define DJ_FIT_NPARAM 3

/* "logistic", "gompertz", "bass"; DJ_EINVALID otherwise. */
int dj_model_parse(dj_model *out, const char *name, dj_error *err);
const char *dj_model_name(dj_model m);
/* Name of parameter i (0..2): K r t0, K b c, m p q. */
const char *dj_model_param(dj_model m, int i);
/* N(t) for parameters p. */
double dj_model_eval(dj_model m, const double *p, double t);

typedef struct dj_fit {
    dj_model model;
    int converged;           /* 0: nothing below but `problem` is meaningful */
    size_t n;                /* data points */
    double param[DJ_FIT_NPARAM];
    double std_error[DJ_FIT_NPARAM];
    double cov[DJ_FIT_NPARAM][DJ_FIT_NPARAM];
    double rss;              /* residual sum of squares */
    double r2;               /* 1 - rss / total sum of squares */
    double aic;              /* n (ln(2 pi rss / n) + 1) + 2 (p + 1) */
    double tcrit;            /* Student t quantile 0.975 on n - p dof */
    double rcond;            /* reciprocal condition number at the optimum */
    size_t iterations;
    char problem[256];       /* why converged is 0; "" otherwise */
} dj_fit;

/*
 * Fits model m to the points (t[i], y[i]), i < n, by least squares.
 * Returns 0 when it could try, also when the fit failed: then
 * out->converged is 0 and out->problem says why (no convergence, an
 * ill-conditioned problem, estimates outside the model's domain, too few
 * points). Returns DJ_ENOMEM or DJ_EINVALID otherwise.
 */
int dj_fit_run(dj_fit *out, dj_model m, const double *t, const double *y,
               size_t n, dj_error *err);

/* The fitted value at t and the half width of its 95 % confidence band
   (delta method: tcrit * sqrt(g' C g), g the gradient in the parameters). */
void dj_fit_band(const dj_fit *f, double t, double *value, double *half);

/* The total of actors recognising `subject` at the end of every day from
   `origin` to `at` (the day-grid timeline's total column), as t (days
   since origin) and y; allocated (free with free()). */
int dj_stats_daily_total(double **t, double **y, size_t *n,
                         const dj_dataset *ds, const dj_status *st,
                         uint32_t subject, dj_date origin, dj_date at,
                         dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
