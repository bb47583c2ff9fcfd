/*
 * fit.c - diffusion models fitted by non-linear least squares (GSL).
 *
 * The fit runs in scaled units, s = t / T and u = y / Y (T the last time,
 * Y the largest value), so that the three parameters are of order one and
 * the condition number of the Jacobian says something about the data
 * rather than about the units; the models keep their form under this
 * scaling, and estimates and covariances are scaled back at the end.
 * Several starting points are tried and the converged one with the least
 * residual is kept (a run that reaches a solution found before stops
 * there; a solution to be reported is refined by Gauss-Newton steps; see
 * below). A result is reported only when the solver met its
 * tolerances, the Jacobian is well-conditioned, the estimates lie in the
 * model's domain and their standard errors are finite: otherwise
 * `converged` is 0 and `problem` says which test failed, so that no caller
 * can print parameters that mean nothing.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlin.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>

#include "util/alloc.h"
#include "dejure/testing.h"
#include "analysis/fit_impl.h"
#include "analysis/gsl_once.h"

#define NP DJ_FIT_NPARAM
/* Below this reciprocal condition number (of the Jacobian in scaled
   units) the data do not pin the parameters down; well-posed fits of
   dejure's data sit near 1e-2, flat or shapeless data below 1e-9. */
#define RCOND_MIN 1e-6
#define MAX_ITER 200 /* converging starts take 15 to 100 here */
/* A run this near (relative) to an earlier start's solution joins it. */
#define MERGE_TOL 1e-4
/* With at least COARSE_MIN points, each start is first run on every
   COARSE-th point (see fit_run); a solution found there this near
   (relative) to one found on all points stands for it. */
#define COARSE 16
#define COARSE_MIN 1024
#define SCREEN_TOL 2e-2
/* The solver's tolerances on the coarse points: a coarse solution only
   has to be near enough for newton() and for SCREEN_TOL; the last digits
   of the full fit's 1e-8 would cost a third of the coarse steps. 1e-4,
   two hundred times inside SCREEN_TOL: with the Hessian in closed form,
   newton() squares its way in from there (1e-5 cost 1.2 M instructions
   more on the Kosovo report, for the same fits to the last digit; 3e-3
   gave the same digits too, but would come near SCREEN_TOL). */
#define SCREEN_SOLVED 1e-4

static const char *const model_names[DJ_MODEL_COUNT] = {"logistic", "gompertz", "bass"};
static const char *const param_names[DJ_MODEL_COUNT][NP] = {
    {"K", "r", "t0"}, {"K", "b", "c"}, {"m", "p", "q"}};

int dj_model_parse(dj_model *out, const char *name, dj_error *err)
{
    for (int m = 0; m < DJ_MODEL_COUNT; m++)
        if (strcmp(name, model_names[m]) == 0) {
            *out = (dj_model)m;
            return 0;
        }
    return dj_error_set(err, DJ_EINVALID,
                        "expected a model logistic, gompertz or bass, found '%.64s'", name);
}

const char *dj_model_name(dj_model m)
{
    return (unsigned)m < DJ_MODEL_COUNT ? model_names[m] : "?";
}

const char *dj_model_param(dj_model m, int i)
{
    return (unsigned)m < DJ_MODEL_COUNT && i >= 0 && i < NP ? param_names[m][i] : "?";
}

/* 1 / (1 + exp(-x)) without overflow for any x. */
static double sigmoid(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

/* N(t) and, when g is not NULL, its gradient in the parameters. */
static double model_grad(dj_model m, const double *p, double t, double *g)
{
    switch (m) {
    case DJ_MODEL_LOGISTIC: {
        double s = sigmoid(p[1] * (t - p[2]));
        if (g) {
            g[0] = s;
            g[1] = p[0] * s * (1 - s) * (t - p[2]);
            g[2] = -p[0] * s * (1 - s) * p[1];
        }
        return p[0] * s;
    }
    case DJ_MODEL_GOMPERTZ: {
        double gg = exp(-p[2] * t), bg = p[1] * gg;
        /* exp(-700) is far below any count: the curve and its slopes are 0 */
        double f = bg > 700 ? 0.0 : exp(-bg);
        if (g) {
            g[0] = f;
            g[1] = f == 0 ? 0 : -p[0] * gg * f;
            g[2] = f == 0 ? 0 : p[0] * f * bg * t;
        }
        return p[0] * f;
    }
    case DJ_MODEL_BASS: {
        double a = p[1] + p[2], w = p[2] / p[1], e = exp(-a * t);
        double den = 1 + w * e, h = (1 - e) / den;
        if (g) {
            double dh_de = -(1 + w) / (den * den), dh_dw = -(1 - e) * e / (den * den);
            g[0] = h;
            g[1] = p[0] * (dh_de * (-t * e) + dh_dw * (-p[2] / (p[1] * p[1])));
            g[2] = p[0] * (dh_de * (-t * e) + dh_dw * (1 / p[1]));
        }
        return p[0] * h;
    }
    }
    return NAN;
}

double dj_model_eval(dj_model m, const double *p, double t)
{
    return model_grad(m, p, t, NULL);
}

/* ---- the least-squares problem, in scaled units ---- */

/*
 * Why the solver sees four residuals rather than n.
 *
 * The daily totals give thousands of points for three parameters. A
 * Levenberg-Marquardt step needs only J'J, J'f and |f| at the current
 * point, and a trial point only |f|: all sums over the points, which one
 * pass gathers. Handing GSL the n residuals and the n x 3 Jacobian made
 * it spend nearly all the time on n-long copies, norms and QR sweeps.
 * So each pass condenses the problem at x to a small one with the same
 * sums: with J'J = V L V' (eigen-decomposition, L >= 0),
 *
 *     Jc = [ L^1/2 V' ; 0 ]      fc = [ L^-1/2 V' J'f ; r ]
 *
 * where r = sqrt(|f|^2 - |L^-1/2 V' J'f|^2) (directions with L = 0 are
 * left out: J'f has no part there). Then Jc'Jc = J'J, Jc'fc = J'f and
 * |fc| = |f|, so GSL's trust region (multifit_nlinear, QR, the solver
 * dejure always used) takes the steps it would take on the full problem,
 * up to rounding, each for the cost of one pass and a 4 x 3 QR. (GSL's
 * multilarge solvers likewise keep J'J rather than the rows.) J'J squares
 * the condition number, so nearly singular directions are resolved less
 * finely than QR of the rows would; that matters only to fits the rcond
 * test rejects anyway, and the reported results - rss, the reciprocal
 * condition number and the covariance - come from the full residuals and
 * Jacobian at the solution, by QR as before.
 */
#define NC (NP + 1)

typedef struct problem {
    dj_model m;
    const double *s, *u;  /* scaled times and values */
    size_t n;
    double step;          /* s[i] = s[0] + i step for all i; 0 if not */
    double *ex;           /* n scratch: the exponential of each point */
    double *jac;          /* n x NP scratch: Jacobian rows at a solution */
    gsl_eigen_symmv_workspace *eig;
    /* the condensed problem at xc, from the last pass */
    double xc[NP];
    int have;             /* xc, fc and jc are set */
    int jac_finite;       /* every gradient at xc was finite */
    double fc[NC], jc[NC][NP];
} problem;

static int in_domain(dj_model m, const double *p)
{
    for (int i = 0; i < NP; i++)
        if (!isfinite(p[i]))
            return 0;
    switch (m) {
    case DJ_MODEL_LOGISTIC: return p[0] > 0 && p[1] > 0;
    case DJ_MODEL_GOMPERTZ: return p[0] > 0 && p[1] > 0 && p[2] > 0;
    case DJ_MODEL_BASS: return p[0] > 0 && p[1] > 0 && p[2] >= 0;
    }
    return 0;
}

static void get_x(double *p, const gsl_vector *x)
{
    for (int k = 0; k < NP; k++)
        p[k] = gsl_vector_get(x, (size_t)k);
}

/*
 * ex[i] = exp(a s_i + b) for every point. On an evenly spaced grid (the
 * daily totals) the exponents form an arithmetic sequence, so the points
 * of a block of BLOCK share one exp: ex[i0 + k] = exp(a s_i0 + b) times
 * exp(k a step), the second factor from a table made once a pass. That
 * is one multiplication a point instead of a call to exp, the costliest
 * part of a pass, and two roundings more than exp alone (a relative 1e-15
 * or so). A block whose exponents leave [-700, 700] calls exp for every
 * point, so that overflow and underflow happen exactly where exp has them.
 */
#define BLOCK 32
static void exp_points(const problem *pb, double a, double b, double *ex)
{
    size_t n = pb->n;
    double da = a * pb->step, pw[BLOCK];
    /* uneven times, or steps so steep that the table itself would leave
       exp's range: exp for every point */
    if (pb->step == 0 || !(fabs(da) * BLOCK <= 700)) {
        for (size_t i = 0; i < n; i++)
            ex[i] = exp(a * pb->s[i] + b);
        return;
    }
    for (int k = 0; k < BLOCK; k++)
        pw[k] = exp(da * k);
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t len = n - i0 < BLOCK ? n - i0 : BLOCK;
        double e0 = a * pb->s[i0] + b, e1 = e0 + da * (double)len;
        if (!(fabs(e0) <= 700 && fabs(e1) <= 700)) {
            for (size_t i = i0; i < i0 + len; i++)
                ex[i] = exp(a * pb->s[i] + b);
            continue;
        }
        double e = exp(e0);
        for (size_t k = 0; k < len; k++)
            ex[i0 + k] = e * pw[k];
    }
}

/* What one pass gathers: |f|^2, J'f and J'J (lower half), whether every
   residual and every gradient was finite. */
typedef struct sums {
    double ff, jf[NP], jj[NP][NP];
    int f_ok, g_ok;
} sums;

/* Adds a point (residual v, gradient g0..g2) to the running sums of a
   pass, which are locals so that they stay in registers (STORE_SUMS
   hands them over at the end). A residual that
   is not finite (NaN fails the <= too) makes the model unusable there;
   a gradient that is not finite shows in the sums of its squares. */
#define ADD_POINT(v, g0, g1, g2)                                   \
    do {                                                           \
        double v_ = (v), g0_ = (g0), g1_ = (g1), g2_ = (g2);       \
        ff += v_ * v_;                                             \
        jf0 += g0_ * v_, jf1 += g1_ * v_, jf2 += g2_ * v_;         \
        j00 += g0_ * g0_, j10 += g1_ * g0_, j11 += g1_ * g1_;      \
        j20 += g2_ * g0_, j21 += g2_ * g1_, j22 += g2_ * g2_;      \
        f_ok &= fabs(v_) <= DBL_MAX;                               \
    } while (0)

/* The running sums of a pass into z, at its end. */
#define STORE_SUMS(z)                                                                    \
    do {                                                                                 \
        (z)->ff = ff;                                                                    \
        (z)->jf[0] = jf0, (z)->jf[1] = jf1, (z)->jf[2] = jf2;                            \
        (z)->jj[0][0] = j00, (z)->jj[1][0] = j10, (z)->jj[1][1] = j11;                   \
        (z)->jj[2][0] = j20, (z)->jj[2][1] = j21, (z)->jj[2][2] = j22;                   \
        (z)->f_ok = f_ok;                                                                \
        (z)->g_ok = fabs(j00) <= DBL_MAX && fabs(j11) <= DBL_MAX && fabs(j22) <= DBL_MAX; \
    } while (0)

/* One pass over the points at parameters p (model_grad's formulas, the
   exponentials from exp_points). */
static void pass(sums *z, problem *pb, const double *p)
{
    const double *s = pb->s, *u = pb->u;
    double *ex = pb->ex;
    size_t n = pb->n;
    double ff = 0, jf0 = 0, jf1 = 0, jf2 = 0, j00 = 0, j10 = 0, j11 = 0, j20 = 0, j21 = 0, j22 = 0;
    int f_ok = 1;
    switch (pb->m) {
    case DJ_MODEL_LOGISTIC:
        exp_points(pb, -p[1], p[1] * p[2], ex); /* exp(-r (s - t0)) */
        for (size_t i = 0; i < n; i++) {
            double sg = 1.0 / (1.0 + ex[i]), d = p[0] * sg * (1 - sg);
            ADD_POINT(p[0] * sg - u[i], sg, d * (s[i] - p[2]), -d * p[1]);
        }
        break;
    case DJ_MODEL_GOMPERTZ:
        exp_points(pb, -p[2], 0.0, ex); /* exp(-c s) */
        for (size_t i = 0; i < n; i++) {
            double bg = p[1] * ex[i];
            /* exp(-700) is far below any count: the curve and its slopes are 0 */
            double F = bg > 700 ? 0.0 : exp(-bg);
            ADD_POINT(p[0] * F - u[i], F, F == 0 ? 0 : -p[0] * ex[i] * F,
                      F == 0 ? 0 : p[0] * F * bg * s[i]);
        }
        break;
    case DJ_MODEL_BASS: {
        /* one division a point: 1 / (1 + w e) serves the value and both slopes */
        double a = p[1] + p[2], w = p[2] / p[1], dw_dp = -p[2] / (p[1] * p[1]), dw_dq = 1 / p[1];
        exp_points(pb, -a, 0.0, ex); /* exp(-(p + q) s) */
        for (size_t i = 0; i < n; i++) {
            double e = ex[i], r = 1 / (1 + w * e), h = (1 - e) * r;
            double dh_de = -(1 + w) * r * r, dh_dw = -(1 - e) * e * r * r;
            double da = dh_de * (-s[i] * e); /* through e = exp(-(p + q) s) */
            ADD_POINT(p[0] * h - u[i], h, p[0] * (da + dh_dw * dw_dp), p[0] * (da + dh_dw * dw_dq));
        }
        break;
    }
    }
    STORE_SUMS(z);
}

/* The condensed problem at p (see the top of this section) into pb.
   Returns a GSL status: GSL_EDOM where the model cannot be evaluated. */
static int condense(problem *pb, const double *p)
{
    sums z;
    pb->have = 0;
    if (pb->m == DJ_MODEL_BASS && !(p[1] > 0)) /* q/p is undefined */
        return GSL_EDOM;
    pass(&z, pb, p);
    if (!z.f_ok) /* as before: a residual that is not a number */
        return GSL_EDOM;
    memcpy(pb->xc, p, sizeof pb->xc);
    memset(pb->fc, 0, sizeof pb->fc);
    memset(pb->jc, 0, sizeof pb->jc);
    pb->have = 1;
    if (!(z.ff <= DBL_MAX)) {
        /* residuals too large for their squares to add up: the largest
           |f| there is, so that a trial step there is refused, as one
           that raises |f| */
        pb->fc[NP] = DBL_MAX;
        pb->jac_finite = 0;
        return GSL_SUCCESS;
    }
    pb->jac_finite = z.g_ok;
    double rest = z.ff;
    if (z.g_ok) {
        double a[NP * NP], l[NP], v[NP * NP];
        for (int k = 0; k < NP; k++)
            for (int j = 0; j <= k; j++)
                a[k * NP + j] = a[j * NP + k] = z.jj[k][j];
        gsl_matrix_view av = gsl_matrix_view_array(a, NP, NP), vv = gsl_matrix_view_array(v, NP, NP);
        gsl_vector_view lv = gsl_vector_view_array(l, NP);
        int status = gsl_eigen_symmv(&av.matrix, &lv.vector, &vv.matrix, pb->eig);
        if (status != GSL_SUCCESS) {
            pb->have = 0;
            return status;
        }
        for (int k = 0; k < NP; k++) {
            /* every direction J'J has, however weak: a weak one left out
               would hide its part of the gradient from GSL's tests (a
               fit heading for a degenerate solution would seem done) */
            if (!(l[k] > 0))
                continue;
            double vb = 0, sl = sqrt(l[k]);
            for (int j = 0; j < NP; j++) {
                pb->jc[k][j] = sl * v[j * NP + k];
                vb += v[j * NP + k] * z.jf[j];
            }
            pb->fc[k] = vb / sl;
            rest -= pb->fc[k] * pb->fc[k];
        }
    }
    pb->fc[NP] = rest > 0 ? sqrt(rest) : 0.0;
    return GSL_SUCCESS;
}

static int at_point(problem *pb, const gsl_vector *x)
{
    double p[NP];
    get_x(p, x);
    if (pb->have && memcmp(pb->xc, p, sizeof p) == 0)
        return GSL_SUCCESS;
    return condense(pb, p);
}

static int f_resid(const gsl_vector *x, void *data, gsl_vector *f)
{
    problem *pb = data;
    int status = at_point(pb, x);
    if (status != GSL_SUCCESS)
        return status;
    for (size_t i = 0; i < NC; i++)
        gsl_vector_set(f, i, pb->fc[i]);
    return GSL_SUCCESS;
}

static int f_jac(const gsl_vector *x, void *data, gsl_matrix *J)
{
    problem *pb = data;
    int status = at_point(pb, x);
    if (status != GSL_SUCCESS)
        return status;
    if (!pb->jac_finite)
        return GSL_EDOM;
    for (size_t i = 0; i < NC; i++)
        for (size_t k = 0; k < NP; k++)
            gsl_matrix_set(J, i, k, pb->jc[i][k]);
    return GSL_SUCCESS;
}

/* First scaled time at which u reaches `level`; 1 when it never does. */
static double time_at(const problem *pb, double level)
{
    for (size_t i = 0; i < pb->n; i++)
        if (pb->u[i] >= level)
            return pb->s[i];
    return 1.0;
}

/* Starting points for model m (scaled units); returns how many. */
static size_t starts(const problem *pb, double x0[][NP])
{
    double s25 = time_at(pb, 0.25), s50 = time_at(pb, 0.5), s75 = time_at(pb, 0.75);
    double u0 = pb->u[0] > 0.01 ? pb->u[0] : 0.01;
    size_t k = 0;
    switch (pb->m) {
    case DJ_MODEL_LOGISTIC: {
        /* from 25 % to 75 % of K takes 2 ln 3 / r */
        double r = s75 > s25 ? 2 * log(3.0) / (s75 - s25) : 10.0;
        double Ks[] = {1.05, 1.5, 3.0};
        for (int i = 0; i < 3; i++) {
            x0[k][0] = Ks[i], x0[k][1] = r, x0[k][2] = s50;
            k++;
        }
        x0[k][0] = 1.05, x0[k][1] = 20.0, x0[k][2] = 0.1;
        k++;
        break;
    }
    case DJ_MODEL_GOMPERTZ: {
        double Ks[] = {1.05, 1.5, 3.0};
        for (int i = 0; i < 3; i++) {
            double K = Ks[i], b = log(K / u0);
            double ratio = log(K / 0.5) / b; /* exp(-c s50) at the half point */
            double c = ratio > 0 && ratio < 1 && s50 > 0 ? -log(ratio) / s50 : 5.0;
            x0[k][0] = K, x0[k][1] = b > 0.05 ? b : 0.05, x0[k][2] = c;
            k++;
        }
        x0[k][0] = 1.05, x0[k][1] = 2.0, x0[k][2] = 3.0;
        k++;
        break;
    }
    case DJ_MODEL_BASS: {
        static const double ps[] = {0.01, 0.1, 1.0}, qs[] = {1.0, 10.0};
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++) {
                x0[k][0] = 1.05, x0[k][1] = ps[i], x0[k][2] = qs[j];
                k++;
            }
        break;
    }
    }
    return k;
}

typedef struct attempt {
    int ok;                 /* solver met its tolerances in the domain */
    int stage;              /* how far it got: 1 solved, 2 in the domain, 3 conditioned */
    double x[NP];
    double cov[NP][NP];     /* (J'J)^-1, scaled units */
    double rss, rcond;
    size_t iter;
    char why[160];
} attempt;

/* Reciprocal condition number of J (pb->jac), by column-pivoted QR as
   GSL's multifit QR solver reports it, and when it is at least RCOND_MIN
   the covariance (J'J)^-1 into covar from the same factorisation (as
   gsl_multifit_nlinear_covar would compute it, factorising J again):
   *cov_status is then its GSL status, else GSL_CONTINUE. J is factorised
   where it is: its rows are made again for each solution, and a copy
   would be some 40 fresh pages a fit, which cost more than the QR here.
   Returns a GSL status (GSL_ENOMEM when the workspace cannot be had). */
static int jac_qr(double *rcond, gsl_matrix *covar, int *cov_status, problem *pb)
{
    gsl_matrix_view qr = gsl_matrix_view_array(pb->jac, pb->n, NP);
    gsl_vector *tau = gsl_vector_alloc(NP), *norm = gsl_vector_alloc(NP),
               *work = gsl_vector_alloc(3 * NP);
    gsl_permutation *perm = gsl_permutation_alloc(NP);
    int signum, status = GSL_ENOMEM;
    *cov_status = GSL_CONTINUE;
    if (tau && norm && work && perm) {
        status = gsl_linalg_QRPT_decomp(&qr.matrix, tau, perm, &signum, norm);
        if (status == GSL_SUCCESS)
            status = gsl_linalg_QRPT_rcond(&qr.matrix, rcond, work);
        if (status == GSL_SUCCESS && *rcond >= RCOND_MIN)
            *cov_status = gsl_multifit_covar_QRPT(&qr.matrix, perm, 0.0, covar);
    }
    gsl_vector_free(tau);
    gsl_vector_free(norm);
    gsl_vector_free(work);
    gsl_permutation_free(perm);
    return status;
}

/* x within tol of y, parameter by parameter (relative). */
static int near_point(const double *x, const double *y, double tol)
{
    for (int k = 0; k < NP; k++)
        if (!(fabs(x[k] - y[k]) <= tol * (fabs(y[k]) + tol)))
            return 0;
    return 1;
}

/*
 * x near the solution y of an earlier start. A Bass curve has a mirror
 * image: (m, p, q) and (-m p / q, -q, -p) are the same curve (substitute
 * e -> 1/e), so a run heading for the mirror of a solution found before
 * ends where that one did. Only solutions with q < 0 have a mirror with
 * p > 0, where the model can be evaluated, and the mirror has q < 0 too:
 * it fails the domain test with the same words.
 */
static int near(dj_model m, const double *x, const double *y, double tol)
{
    if (near_point(x, y, tol))
        return 1;
    if (m != DJ_MODEL_BASS || !(y[2] < 0))
        return 0;
    double mirror[NP] = {-y[0] * y[1] / y[2], -y[2], -y[1]};
    return near_point(x, mirror, tol);
}

/*
 * gsl_multifit_nlinear_driver() with step and gradient tolerances `tol`,
 * and one addition: a run that comes within MERGE_TOL of the solution of
 * an earlier start stops there, and *joined says which. Near a solution
 * the solver's steps shrink by a steady factor, so from there it can only
 * repeat the way to the same point; the tail of such a run is most of its
 * iterations.
 */
static int drive(gsl_multifit_nlinear_workspace *w, dj_model m, double tol,
                 const attempt *done, size_t ndone, size_t *joined, int *info)
{
    size_t iter = 0;
    int status;
    do {
        status = gsl_multifit_nlinear_iterate(w);
        /* no acceptable step at all from the start: more will not help */
        if (status == GSL_ENOPROG && iter == 0) {
            *info = status;
            return GSL_EMAXITER;
        }
        ++iter;
        status = gsl_multifit_nlinear_test(tol, tol, 0.0, info, w);
        if (status == GSL_CONTINUE) {
            double x[NP];
            get_x(x, gsl_multifit_nlinear_position(w));
            for (size_t j = 0; j < ndone; j++)
                if (done[j].stage >= 1 && near(m, x, done[j].x, MERGE_TOL)) {
                    *joined = j;
                    return GSL_SUCCESS;
                }
        }
    } while (status == GSL_CONTINUE && iter < MAX_ITER);
    /* converged to within machine precision: a success */
    if (status == GSL_ETOLF || status == GSL_ETOLX || status == GSL_ETOLG) {
        *info = status;
        status = GSL_SUCCESS;
    }
    if (iter >= MAX_ITER && status != GSL_SUCCESS)
        status = GSL_EMAXITER;
    return status;
}

/*
 * The solver stops where its tests are met: the gradient at 1e-8 of |f|^2.
 * With the large residuals of a step function that leaves the estimates
 * up to about 1e-8 (relative) from the least-squares solution, and the
 * trust region cannot go nearer: it accepts a step only when |f| falls,
 * and so near the minimum |f| changes below its rounding. That is enough
 * to tip a printed 7th digit, or the 3rd decimal of a band, that lies as
 * near to a rounding boundary. Gauss-Newton steps, dx = -(J'J)^-1 J'f,
 * aim at J'f = 0 itself and need no comparison of costs: near a solution
 * they shrink by a steady factor (0.5 on the Kosovo totals), so a few
 * more passes put a solution that will be reported within about 1e-12.
 * Steps are taken only while they shrink, stay in the model's domain and
 * move x by less than 1e-6 in all (a refinement, not another fit);
 * otherwise x stays where the solver left it.
 */
#define REFINE_MAX 40
static void refine(problem *pb, double *x)
{
    double y[NP], last = INFINITY;
    memcpy(y, x, sizeof y);
    for (int it = 0; it < REFINE_MAX; it++) {
        sums z;
        pass(&z, pb, y);
        if (!z.f_ok || !z.g_ok)
            return;
        double a[NP * NP], b[NP], dx[NP];
        for (int k = 0; k < NP; k++) {
            b[k] = -z.jf[k];
            for (int j = 0; j <= k; j++)
                a[k * NP + j] = a[j * NP + k] = z.jj[k][j];
        }
        gsl_matrix_view av = gsl_matrix_view_array(a, NP, NP);
        gsl_vector_view bv = gsl_vector_view_array(b, NP), dv = gsl_vector_view_array(dx, NP);
        if (gsl_linalg_cholesky_decomp1(&av.matrix) != GSL_SUCCESS ||
            gsl_linalg_cholesky_solve(&av.matrix, &bv.vector, &dv.vector) != GSL_SUCCESS)
            return;
        double size = 0, moved = 0, next[NP];
        for (int k = 0; k < NP; k++) {
            next[k] = y[k] + dx[k];
            size = fmax(size, fabs(dx[k]) / (fabs(y[k]) + 1e-300));
            moved = fmax(moved, fabs(next[k] - x[k]) / (fabs(x[k]) + 1e-300));
        }
        if (!(size < last) || !(moved < 1e-6) || !in_domain(pb->m, next))
            break;
        memcpy(y, next, sizeof y);
        last = size;
        if (size < 1e-12)
            break;
    }
    memcpy(x, y, sizeof y);
}

/*
 * The Hessian of |f|^2 / 2 at p, residuals' curvature included:
 * H = J'J + sum f_i (d2 f_i), the second derivatives of each model in
 * closed form. One pass gathers it with |f|^2 and J'f (a third more work
 * than pass() a point); forward differences of J'f would take three
 * passes more and hold only half the digits, so that Newton's steps
 * shrink by a steady factor instead of squaring.
 */
typedef struct curved {
    sums z;
    double h[NP * NP];    /* the Hessian, both halves */
} curved;

/* Adds a residual v times the second derivatives of a point (h00 is 0
   in every model: each is linear in its first parameter). */
#define ADD_CURVE(v, h10, h11, h20, h21, h22)                      \
    do {                                                           \
        double w_ = (v);                                           \
        c10 += w_ * (h10), c11 += w_ * (h11);                      \
        c20 += w_ * (h20), c21 += w_ * (h21), c22 += w_ * (h22);   \
    } while (0)

static void pass_curved(curved *c, problem *pb, const double *p)
{
    const double *s = pb->s, *u = pb->u;
    double *ex = pb->ex;
    size_t n = pb->n;
    double ff = 0, jf0 = 0, jf1 = 0, jf2 = 0, j00 = 0, j10 = 0, j11 = 0, j20 = 0, j21 = 0, j22 = 0;
    double c10 = 0, c11 = 0, c20 = 0, c21 = 0, c22 = 0;
    int f_ok = 1;
    switch (pb->m) {
    case DJ_MODEL_LOGISTIC:
        /* sg' = sg (1 - sg) = a, sg'' = a (1 - 2 sg), in z = r (s - t0) */
        exp_points(pb, -p[1], p[1] * p[2], ex);
        for (size_t i = 0; i < n; i++) {
            double sg = 1.0 / (1.0 + ex[i]), a = sg * (1 - sg), b = a * (1 - 2 * sg);
            double ds = s[i] - p[2], v = p[0] * sg - u[i];
            ADD_POINT(v, sg, p[0] * a * ds, -p[0] * a * p[1]);
            ADD_CURVE(v, a * ds, p[0] * b * ds * ds, -a * p[1], -p[0] * (b * p[1] * ds + a),
                      p[0] * b * p[1] * p[1]);
        }
        break;
    case DJ_MODEL_GOMPERTZ:
        exp_points(pb, -p[2], 0.0, ex); /* e = exp(-c s) */
        for (size_t i = 0; i < n; i++) {
            double e = ex[i], bg = p[1] * e;
            double F = bg > 700 ? 0.0 : exp(-bg); /* as in pass() */
            double v = p[0] * F - u[i];
            if (F == 0) {
                ADD_POINT(v, 0.0, 0.0, 0.0);
                continue;
            }
            double Fbs = F * bg * s[i];
            ADD_POINT(v, F, -p[0] * e * F, p[0] * Fbs);
            ADD_CURVE(v, -e * F, p[0] * e * e * F, Fbs, p[0] * e * F * s[i] * (1 - bg),
                      p[0] * Fbs * s[i] * (bg - 1));
        }
        break;
    case DJ_MODEL_BASS: {
        /* h(e, w) = (1 - e) / (1 + w e), e = exp(-a s), a = p + q, w = q / p */
        double a = p[1] + p[2], w = p[2] / p[1];
        double w_p = -p[2] / (p[1] * p[1]), w_q = 1 / p[1];
        double w_pp = 2 * p[2] / (p[1] * p[1] * p[1]), w_pq = -1 / (p[1] * p[1]);
        exp_points(pb, -a, 0.0, ex);
        for (size_t i = 0; i < n; i++) {
            double e = ex[i], r = 1 / (1 + w * e), r2 = r * r, r3 = r2 * r, h = (1 - e) * r;
            double h_e = -(1 + w) * r2, h_w = -(1 - e) * e * r2;
            double h_ee = 2 * (1 + w) * w * r3, h_ew = -r2 + 2 * (1 + w) * e * r3;
            double h_ww = 2 * (1 - e) * e * e * r3;
            double e_a = -s[i] * e, e_aa = s[i] * s[i] * e;
            double H_a = h_e * e_a, H_aa = h_ee * e_a * e_a + h_e * e_aa, H_aw = h_ew * e_a;
            double h_p = H_a + h_w * w_p, h_q = H_a + h_w * w_q;
            double h_pp = H_aa + 2 * H_aw * w_p + h_ww * w_p * w_p + h_w * w_pp;
            double h_pq = H_aa + H_aw * (w_p + w_q) + h_ww * w_p * w_q + h_w * w_pq;
            double h_qq = H_aa + 2 * H_aw * w_q + h_ww * w_q * w_q;
            double v = p[0] * h - u[i];
            ADD_POINT(v, h, p[0] * h_p, p[0] * h_q);
            ADD_CURVE(v, h_p, p[0] * h_pp, h_q, p[0] * h_pq, p[0] * h_qq);
        }
        break;
    }
    }
    STORE_SUMS(&c->z);
    double hl[NP][NP] = {{j00, 0, 0}, {j10 + c10, j11 + c11, 0}, {j20 + c20, j21 + c21, j22 + c22}};
    for (int k = 0; k < NP; k++)
        for (int j = 0; j <= k; j++)
            c->h[k * NP + j] = c->h[j * NP + k] = hl[k][j];
}

void dj_fit_curvature(dj_model m, const double *s, const double *u, size_t n,
                      const double *p, double *ff, double grad[3], double hess[9])
{
    double *ex = dj_malloc((n ? n : 1) * sizeof *ex);
    curved c;
    problem pb = {m, s, u, n, 0.0, ex, NULL, NULL, {0}, 0, 0, {0}, {{0}}};
    if (!ex) {
        *ff = NAN;
        return;
    }
    pass_curved(&c, &pb, p);
    *ff = c.z.ff;
    memcpy(grad, c.z.jf, sizeof c.z.jf);
    memcpy(hess, c.h, sizeof c.h);
    dj_free(ex);
}

/*
 * Newton's method on |f|^2 from x0, a point near a solution (a start's
 * solution on the coarse points). The trust region, like Gauss-Newton,
 * leaves the residuals' curvature out of its model, and on the large
 * residuals of a step function its steps then shrink by a steady factor
 * only (0.5 on the Kosovo totals): some 30 passes over all points from a
 * coarse solution. With the Hessian itself (pass_curved()) the steps
 * square: three or four passes. Returns 1 with x when a step falls below
 * 1e-12 (relative) within NEWTON_MAX, each step at most a tenth of the one
 * before, every Hessian positive definite (a minimum, not a saddle) and
 * |f| never above its value at x0 (checked at every point but the last,
 * which moves by less than 1e-12 and is not worth a pass); 0 otherwise,
 * and the caller runs the trust region.
 */
#define NEWTON_MAX 12
static int newton(double *x, problem *pb, const double *x0)
{
    double y[NP], last = INFINITY, cost0 = 0;
    curved c;
    memcpy(y, x0, sizeof y);
    for (int it = 0; it < NEWTON_MAX; it++) {
        if (pb->m == DJ_MODEL_BASS && !(y[1] > 0))
            return 0;
        pass_curved(&c, pb, y);
        if (!c.z.f_ok || !c.z.g_ok || !(it == 0 || c.z.ff <= cost0))
            return 0;
        if (it == 0)
            cost0 = c.z.ff;
        double b[NP], dx[NP], size = 0;
        for (int k = 0; k < NP; k++)
            b[k] = -c.z.jf[k];
        gsl_matrix_view hv = gsl_matrix_view_array(c.h, NP, NP);
        gsl_vector_view bv = gsl_vector_view_array(b, NP), dv = gsl_vector_view_array(dx, NP);
        if (gsl_linalg_cholesky_decomp1(&hv.matrix) != GSL_SUCCESS ||
            gsl_linalg_cholesky_solve(&hv.matrix, &bv.vector, &dv.vector) != GSL_SUCCESS)
            return 0;
        for (int k = 0; k < NP; k++)
            size = fmax(size, fabs(dx[k]) / (fabs(y[k]) + 1e-300));
        if (!(size < 0.1 * last)) /* (last is infinite at first) */
            return 0;
        for (int k = 0; k < NP; k++)
            y[k] += dx[k];
        if (size < 1e-12) {
            memcpy(x, y, sizeof y);
            return 1;
        }
        last = size;
    }
    return 0;
}

/* One solver run from x0; done[0..ndone) are the runs from the earlier
   starts. Returns DJ_ENOMEM or 0 (a failure is a->ok 0). */
static int solve(attempt *a, problem *pb, const double *x0, int near_solution,
                 const attempt *done, size_t ndone)
{
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_fdf fdf;
    gsl_matrix *covar = gsl_matrix_alloc(NP, NP);
    gsl_multifit_nlinear_workspace *w;
    double xs[NP] = {x0[0], x0[1], x0[2]};
    gsl_vector_view xv = gsl_vector_view_array(xs, NP);
    int info = 0, status, rc = 0;

    /* For Bass, plain Levenberg damping rather than GSL's default, which
       rescales by the largest column norms seen so far: on data that
       need q < 0 (the Kosovo totals) the runs head down a curved valley
       where those stale scales shrink the steps to a crawl, some 90
       iterations. The parameters are scaled to order one (see the top of
       the file), which is what plain damping assumes. */
    if (pb->m == DJ_MODEL_BASS)
        fp.scale = gsl_multifit_nlinear_scale_levenberg;
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, NC, NP);
    memset(a, 0, sizeof *a);
    if (!covar || !w) {
        gsl_matrix_free(covar);
        if (w)
            gsl_multifit_nlinear_free(w);
        return DJ_ENOMEM;
    }
    if (near_solution && newton(a->x, pb, x0)) {
        for (size_t j = 0; j < ndone; j++)
            if (done[j].stage >= 1 && near(pb->m, a->x, done[j].x, MERGE_TOL)) {
                *a = done[j];
                goto done;
            }
        goto solved;
    }
    fdf.f = f_resid;
    fdf.df = f_jac;
    fdf.fvv = NULL;
    fdf.n = NC;
    fdf.p = NP;
    fdf.params = pb;
    if ((status = gsl_multifit_nlinear_init(&xv.vector, &fdf, w)) != GSL_SUCCESS) {
        snprintf(a->why, sizeof a->why, "the model cannot be evaluated at the starting point (%s)",
                 gsl_strerror(status));
        goto done;
    }
    size_t joined = ndone;
    status = drive(w, pb->m, 1e-8, done, ndone, &joined, &info);
    a->iter = gsl_multifit_nlinear_niter(w);
    if (joined < ndone) {
        size_t iter = a->iter;
        *a = done[joined];
        a->iter = iter;
        goto done;
    }
    if (status != GSL_SUCCESS) {
        snprintf(a->why, sizeof a->why, "the solver did not converge after %zu iterations (%s)",
                 a->iter, gsl_strerror(status));
        goto done;
    }
    get_x(a->x, gsl_multifit_nlinear_position(w));
    if (in_domain(pb->m, a->x))
        refine(pb, a->x);
solved:
    a->stage = 1;
    if (!in_domain(pb->m, a->x)) {
        int k = 0;
        while (k < NP - 1 && isfinite(a->x[k]) && a->x[k] > 0)
            k++;
        snprintf(a->why, sizeof a->why,
                 "the best fit needs %s %s 0, outside the model's domain: the data do not have this model's shape",
                 param_names[pb->m][k], isfinite(a->x[k]) && a->x[k] == 0 ? "=" : "<");
        goto done;
    }
    a->stage = 2;
    /* the full residuals and Jacobian at the solution, for rss, rcond and
       the covariance */
    a->rss = 0;
    int finite = 1;
    for (size_t i = 0; i < pb->n; i++) {
        double *g = pb->jac + i * NP, v = model_grad(pb->m, a->x, pb->s[i], g) - pb->u[i];
        a->rss += v * v;
        finite &= isfinite(v) && isfinite(g[0]) && isfinite(g[1]) && isfinite(g[2]);
    }
    int cov_status = GSL_CONTINUE;
    status = !finite ? GSL_EDOM : jac_qr(&a->rcond, covar, &cov_status, pb);
    if (status == GSL_ENOMEM) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (status != GSL_SUCCESS) {
        snprintf(a->why, sizeof a->why, "the residuals cannot be evaluated (%s)", gsl_strerror(status));
        goto done;
    }
    if (!(a->rcond >= RCOND_MIN)) {
        snprintf(a->why, sizeof a->why,
                 "the problem is ill-conditioned (reciprocal condition number %.2g): the data do not determine the parameters",
                 a->rcond);
        goto done;
    }
    a->stage = 3;
    if ((status = cov_status) != GSL_SUCCESS) {
        snprintf(a->why, sizeof a->why, "the covariance cannot be computed (%s)", gsl_strerror(status));
        goto done;
    }
    for (int i = 0; i < NP; i++)
        for (int j = 0; j < NP; j++)
            a->cov[i][j] = gsl_matrix_get(covar, (size_t)i, (size_t)j);
    a->ok = 1;
done:
    gsl_matrix_free(covar);
    gsl_multifit_nlinear_free(w);
    return rc;
}

/*
 * Where a start leads on the coarse problem pc (every COARSE-th point):
 * 1 and *x when the solver converges there, 0 when it does not, DJ_ENOMEM.
 * seen[0..nseen) are the coarse solutions of the earlier starts (stage 1
 * where there is one): a run that comes within MERGE_TOL of one stops
 * there, as drive() has it, with *joined its index (else nseen). On the
 * Kosovo totals every start of a model ends at the same coarse solution,
 * so only the first runs to the end. A screening, not a fit: nothing of
 * it is reported.
 */
static int screen(double *x, size_t *joined, problem *pc, const double *x0,
                  const attempt *seen, size_t nseen)
{
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    if (pc->m == DJ_MODEL_BASS) /* as in solve() */
        fp.scale = gsl_multifit_nlinear_scale_levenberg;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, NC, NP);
    if (!w)
        return DJ_ENOMEM;
    double xs[NP] = {x0[0], x0[1], x0[2]};
    gsl_vector_view xv = gsl_vector_view_array(xs, NP);
    gsl_multifit_nlinear_fdf fdf = {f_resid, f_jac, NULL, NC, NP, pc, 0, 0, 0};
    int info = 0, found = 0;
    *joined = nseen;
    pc->have = 0;
    if (gsl_multifit_nlinear_init(&xv.vector, &fdf, w) == GSL_SUCCESS &&
        drive(w, pc->m, SCREEN_SOLVED, seen, nseen, joined, &info) == GSL_SUCCESS) {
        get_x(x, gsl_multifit_nlinear_position(w));
        found = 1;
        for (int k = 0; k < NP; k++)
            found &= isfinite(x[k]);
    }
    gsl_multifit_nlinear_free(w);
    if (!found)
        *joined = nseen;
    return found;
}

/* How parameter i scales from scaled units back to days and counts. */
static double back_scale(dj_model m, int i, double T, double Y)
{
    if (i == 0)
        return Y;
    switch (m) {
    case DJ_MODEL_LOGISTIC: return i == 1 ? 1 / T : T;
    case DJ_MODEL_GOMPERTZ: return i == 1 ? 1 : 1 / T;
    case DJ_MODEL_BASS: return 1 / T;
    }
    return NAN;
}

static int fail(dj_fit *out, const char *why)
{
    out->converged = 0;
    snprintf(out->problem, sizeof out->problem, "%s", why);
    return 0;
}

/* dj_fit_run once GSL's error handler is off (dj_gsl_init). */
static int fit_run(dj_fit *out, dj_model m, const double *t, const double *y,
                   size_t n, dj_error *err)
{
    double *s = NULL, *u = NULL, *jac = NULL, *ex = NULL, *cs = NULL, *cu = NULL, *cex = NULL;
    gsl_eigen_symmv_workspace *eig = NULL;
    double x0[8][NP];
    int rc = 0;

    memset(out, 0, sizeof *out);
    out->model = m;
    out->n = n;
    if ((unsigned)m >= DJ_MODEL_COUNT) {
        rc = dj_error_set(err, DJ_EINVALID, "unknown model %d", (int)m);
        goto done;
    }
    if (n < NP + 2) {
        fail(out, "too few data points to fit three parameters");
        goto done;
    }
    double T = 0, Y = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i])) {
            rc = dj_error_set(err, DJ_EINVALID, "data point %zu is not a finite number", i);
            goto done;
        }
        if (fabs(t[i]) > T) T = fabs(t[i]);
        if (y[i] > Y) Y = y[i];
    }
    if (!(T > 0) || !(Y > 0)) {
        fail(out, "the data do not rise above zero: there is no curve to fit");
        goto done;
    }
    double tss = gsl_stats_tss(y, 1, n);
    if (!(tss > 0)) {
        fail(out, "the data do not change: there is no curve to fit");
        goto done;
    }
    s = dj_malloc(n * sizeof *s);
    u = dj_malloc(n * sizeof *u);
    jac = dj_malloc(n * NP * sizeof *jac);
    ex = dj_malloc(n * sizeof *ex);
    eig = gsl_eigen_symmv_alloc(NP);
    if (!s || !u || !jac || !ex || !eig) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        s[i] = t[i] / T;
        u[i] = y[i] / Y;
    }
    /* evenly spaced times (the daily totals) make a pass cheaper */
    double step = (s[n - 1] - s[0]) / (double)(n - 1);
    for (size_t i = 0; i < n && step != 0; i++)
        if (t[i] != t[0] + (double)i * (t[1] - t[0]))
            step = 0;
    problem pb = {m, s, u, n, step, ex, jac, eig, {0}, 0, 0, {0}, {{0}}};
    size_t ns = starts(&pb, x0);
    /*
     * Most of a run is the way from its start to the neighbourhood of a
     * solution, and on many points each step costs a pass over all of
     * them. So each start first runs on every COARSE-th point, where a
     * pass costs a sixteenth (every 32nd point proved too few: newton()
     * then has further to go): a start whose coarse solution lies within
     * SCREEN_TOL of a solution already found on all points (or of a Bass
     * mirror, see near()) is taken to lead there, as a run that comes
     * near an earlier solution is in drive(); any other start runs on all
     * points from its coarse solution, a few steps away from the full
     * one (or from the start itself when the coarse run found nothing).
     * Every result still comes from a run on all points, refined there,
     * so the estimates agree with an unscreened fit to about 12 digits.
     */
    size_t nc = n >= COARSE_MIN ? (n + COARSE - 1) / COARSE : 0;
    problem pc = pb;
    if (nc) {
        cs = dj_malloc(nc * sizeof *cs);
        cu = dj_malloc(nc * sizeof *cu);
        cex = dj_malloc(nc * sizeof *cex);
        if (!cs || !cu || !cex) {
            rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < nc; i++) {
            cs[i] = s[i * COARSE];
            cu[i] = u[i * COARSE];
        }
        pc.s = cs;
        pc.u = cu;
        pc.n = nc;
        pc.step = step * COARSE;
        pc.ex = cex;
        pc.jac = NULL; /* screen() never needs the rows */
    }
    attempt runs[8], seen[8], best, cur; /* seen: the starts' coarse solutions */
    memset(&best, 0, sizeof best);
    int have = 0;
    char first_why[160] = "";
    int why_stage = -1;
    for (size_t k = 0; k < ns; k++) {
        size_t j = k;
        double xc[NP];
        const double *from = x0[k];
        if (nc) {
            size_t joined;
            int found = screen(xc, &joined, &pc, x0[k], seen, k);
            if (found < 0) {
                rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
                goto done;
            }
            memset(&seen[k], 0, sizeof seen[k]);
            if (found && joined < k) {
                j = joined; /* on its way to where start j went */
            } else if (found) {
                seen[k].stage = 1;
                memcpy(seen[k].x, xc, sizeof xc);
                for (j = 0; j < k; j++)
                    if (runs[j].stage >= 1 && near(m, xc, runs[j].x, SCREEN_TOL))
                        break;
                from = xc;
            }
        }
        if (j < k) {
            cur = runs[j]; /* leads where start j went */
        } else if (solve(&cur, &pb, from, from != x0[k], runs, k)) {
            rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
            goto done;
        }
        runs[k] = cur;
        if (!cur.ok && cur.stage > why_stage) { /* the most telling failure */
            snprintf(first_why, sizeof first_why, "%s", cur.why);
            why_stage = cur.stage;
        }
        if (cur.ok && (!have || cur.rss < best.rss)) {
            best = cur;
            have = 1;
        }
    }
    if (!have) {
        fail(out, first_why[0] ? first_why : "no starting point led to a fit");
        goto done;
    }

    /* back to days and counts */
    double sc[NP];
    for (int i = 0; i < NP; i++) {
        sc[i] = back_scale(m, i, T, Y);
        out->param[i] = best.x[i] * sc[i];
    }
    out->rss = best.rss * Y * Y;
    out->rcond = best.rcond;
    out->iterations = best.iter;
    double dof = (double)(n - NP);
    double s2 = best.rss / dof; /* scaled units, like best.cov */
    for (int i = 0; i < NP; i++)
        for (int j = 0; j < NP; j++)
            out->cov[i][j] = best.cov[i][j] * sc[i] * sc[j] * s2;
    for (int i = 0; i < NP; i++) {
        out->std_error[i] = sqrt(out->cov[i][i]);
        if (!isfinite(out->std_error[i])) {
            fail(out, "a standard error is not finite: the data do not determine the parameters");
            goto done;
        }
    }
    out->r2 = tss > 0 ? 1.0 - out->rss / tss : NAN;
    out->aic = (double)n * (log(2 * 3.14159265358979323846 * out->rss / (double)n) + 1.0) + 2.0 * (NP + 1);
    out->tcrit = gsl_cdf_tdist_Pinv(0.975, dof);
    if (!isfinite(out->tcrit)) {
        fail(out, "no confidence quantile for so few degrees of freedom");
        goto done;
    }
    out->converged = 1;
done:
    if (!out->converged) {
        /* nothing but the reason may be read */
        for (int i = 0; i < NP; i++)
            out->param[i] = out->std_error[i] = NAN;
        out->rss = out->r2 = out->aic = NAN;
    }
    dj_free(s);
    dj_free(u);
    dj_free(jac);
    dj_free(ex);
    dj_free(cs);
    dj_free(cu);
    dj_free(cex);
    if (eig)
        gsl_eigen_symmv_free(eig);
    return rc;
}

int dj_fit_run(dj_fit *out, dj_model m, const double *t, const double *y,
               size_t n, dj_error *err)
{
    dj_gsl_init();
    return fit_run(out, m, t, y, n, err);
}

void dj_fit_band(const dj_fit *f, double t, double *value, double *half)
{
    double g[NP];
    if (!f->converged) {
        *value = *half = NAN;
        return;
    }
    *value = model_grad(f->model, f->param, t, g);
    double var = 0;
    for (int i = 0; i < NP; i++)
        for (int j = 0; j < NP; j++)
            var += g[i] * f->cov[i][j] * g[j];
    *half = var > 0 ? f->tcrit * sqrt(var) : 0.0;
}
