/*
 * world.c - dejure-world INDIR OUTDIR: the synthetic-world workload.
 *
 * Reads INDIR/events.csv and INDIR/blocs.csv with the library's loader
 * (the same one the dejure command uses; same-day repeats are legal here),
 * builds the recognition intervals with dj_status_new() and evaluates every
 * subject on the 76 year ends 1950-12-31..2025-12-31 with a dj_sweep.
 * What this file adds is only that grid and the output format of the
 * workload: OUTDIR/timeline.csv (subject,date,recognizing) and
 * OUTDIR/coverage.csv (subject,bloc,date,members,recognizing,percent),
 * sorted by subject, bloc and date, percent as printf("%.2f") or empty
 * when a bloc has no members. Both files are written through dj_out
 * (temporary name, then rename). Exit codes as the dejure command's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <time.h>

#include "dejure/dejure.h"

/* DEJURE_BENCH_VERBOSE=1: the time of each step on standard error. */
static int verbose;
static double t_wall0, t_cpu0;

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void step(const char *what)
{
    if (!verbose)
        return;
    double w = now(CLOCK_MONOTONIC), c = now(CLOCK_PROCESS_CPUTIME_ID);
    fprintf(stderr, "%-28s wall %6.3f s  cpu %6.3f s\n", what, w - t_wall0, c - t_cpu0);
    t_wall0 = w;
    t_cpu0 = c;
}

static const dj_dataset *sort_ds;

static int cmp_subject(const void *a, const void *b)
{
    return strcmp(dj_dataset_entity_code(sort_ds, *(const uint32_t *)a),
                  dj_dataset_entity_code(sort_ds, *(const uint32_t *)b));
}

static int cmp_bloc(const void *a, const void *b)
{
    return strcmp(dj_dataset_bloc_code(sort_ds, *(const uint32_t *)a),
                  dj_dataset_bloc_code(sort_ds, *(const uint32_t *)b));
}

static int exit_code(int rc)
{
    switch (rc) {
    case DJ_EPARSE:
    case DJ_ELIMIT:
        return 2;
    case DJ_EIO:
        return 3;
    default:
        return rc ? 3 : 0;
    }
}

/* A small unsigned number, by hand. */
static char *put_u32(char *p, uint32_t v)
{
    char b[10];
    int n = 0;
    do {
        b[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = b[--n];
    return p;
}

/* The percent texts of r / m for 0 <= r <= m <= maxm: printf("%.2f") of
   100.0 * r / m, computed once per pair instead of once per row. */
typedef struct pct_text {
    char s[15];
    unsigned char n;
} pct_text;

static pct_text *percent_table(uint32_t maxm)
{
    size_t n = (size_t)(maxm + 1) * (maxm + 2) / 2;
    pct_text *t = calloc(n ? n : 1, sizeof *t);
    if (!t)
        return NULL;
    for (uint32_t m = 1; m <= maxm; m++)
        for (uint32_t r = 0; r <= m; r++) {
            pct_text *x = &t[(size_t)m * (m + 1) / 2 + r];
            x->n = (unsigned char)snprintf(x->s, sizeof x->s, "%.2f", 100.0 * r / m);
        }
    return t;
}

/* Output in large blocks through dj_out. */
typedef struct obuf {
    dj_out *o;
    char *buf, *p, *end;
} obuf;

#define OBUF_SIZE (1u << 20)
#define OBUF_ROOM 256 /* the longest row this writes, with margin */

static void obuf_room(obuf *b)
{
    if (b->end - b->p < OBUF_ROOM) {
        dj_out_write(b->o, b->buf, (size_t)(b->p - b->buf));
        b->p = b->buf;
    }
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
    char p[4096];
    size_t n = strlen(dir);
    if (n >= sizeof p) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                return -1;
            p[i] = c;
        }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: dejure-world INDIR OUTDIR\n");
        return 1;
    }
    const char *indir = argv[1], *outdir = argv[2];
    dj_error err;
    dj_error_clear(&err);
    dj_dataset *ds = NULL;
    dj_status *st = NULL;
    dj_sweep *sw = NULL;
    dj_dates dates;
    dj_dates_init(&dates);
    uint32_t *subjects = NULL, *blocs = NULL, *total = NULL, *recog = NULL;
    pct_text *pct = NULL;
    char *buf = NULL;
    obuf tl = {0}, cv = {0};
    int rc;

    const char *v = getenv("DEJURE_BENCH_VERBOSE");
    verbose = v && *v && strcmp(v, "0") != 0;
    t_wall0 = now(CLOCK_MONOTONIC);
    t_cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
    dj_load_options opts = {DJ_LOAD_ALLOW_DUPLICATES};
    dj_diagnostics diags;
    dj_diagnostics_init(&diags);
    if ((rc = dj_dataset_load_dir(&ds, indir, &opts, &diags, &err)))
        goto fail;
    step("load (parse, checks)");
    dj_view all = {DJ_VIEW_ALL, 0};
    if ((rc = dj_status_new(&st, ds, &all, &err)))
        goto fail;
    step("status");

    /* the subjects and blocs in code order; the year-end grid */
    size_t ns = dj_dataset_subject_count(ds), nb = dj_dataset_bloc_count(ds);
    subjects = malloc((ns ? ns : 1) * sizeof *subjects);
    blocs = malloc((nb ? nb : 1) * sizeof *blocs);
    if (!subjects || !blocs)
        goto oom;
    for (size_t i = 0; i < ns; i++)
        subjects[i] = dj_dataset_subject_entity(ds, i);
    for (size_t i = 0; i < nb; i++)
        blocs[i] = (uint32_t)i;
    sort_ds = ds;
    qsort(subjects, ns, sizeof *subjects, cmp_subject);
    qsort(blocs, nb, sizeof *blocs, cmp_bloc);
    if ((rc = dj_grid_dates(&dates, DJ_GRID_YEAR, dj_date_from_ymd(1950, 1, 1),
                            dj_date_from_ymd(2025, 12, 31))))
        goto oom;
    size_t nd = dates.n;
    char (*dtext)[DJ_DATE_BUFSIZE] = malloc(nd * sizeof *dtext);
    if (!dtext)
        goto oom;
    for (size_t k = 0; k < nd; k++)
        dj_date_format(dtext[k], dates.v[k], DJ_PREC_DAY);

    if ((rc = dj_sweep_new(&sw, ds, st, blocs, nb, dates.v, nd, &err)))
        goto fail;
    step("sweep setup");
    const uint32_t *members = dj_sweep_members(sw);
    uint32_t maxm = 0;
    for (size_t c = 0; c < nb * nd; c++)
        if (members[c] > maxm)
            maxm = members[c];
    if (!(pct = percent_table(maxm)))
        goto oom;
    total = malloc(nd * sizeof *total);
    recog = malloc((nb * nd + 1) * sizeof *recog);
    buf = malloc(2 * OBUF_SIZE);
    if (!total || !recog || !buf)
        goto oom;

    if (make_dirs(outdir) != 0) {
        rc = dj_error_at(&err, DJ_EIO, outdir, 0, 0, "cannot create: %s", strerror(errno));
        goto fail;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/timeline.csv", outdir);
    if ((rc = dj_out_open(&tl.o, path, &err)))
        goto fail;
    snprintf(path, sizeof path, "%s/coverage.csv", outdir);
    if ((rc = dj_out_open(&cv.o, path, &err)))
        goto fail;
    tl.buf = tl.p = buf;
    tl.end = buf + OBUF_SIZE;
    cv.buf = cv.p = buf + OBUF_SIZE;
    cv.end = cv.buf + OBUF_SIZE;
    static const char th[] = "subject,date,recognizing\n";
    static const char ch[] = "subject,bloc,date,members,recognizing,percent\n";
    dj_out_write(tl.o, th, sizeof th - 1);
    dj_out_write(cv.o, ch, sizeof ch - 1);

    for (size_t i = 0; i < ns; i++) {
        if (dj_sweep_eval(sw, subjects[i], total, recog))
            goto oom;
        const char *sc = dj_dataset_entity_code(ds, subjects[i]);
        size_t sl = strlen(sc);
        if (sl > 64) {
            rc = dj_error_set(&err, DJ_ELIMIT, "subject code longer than 64 bytes");
            goto fail;
        }
        for (size_t k = 0; k < nd; k++) {
            obuf_room(&tl);
            char *p = tl.p;
            memcpy(p, sc, sl);
            p += sl;
            *p++ = ',';
            memcpy(p, dtext[k], 10);
            p += 10;
            *p++ = ',';
            p = put_u32(p, total[k]);
            *p++ = '\n';
            tl.p = p;
        }
        for (size_t b = 0; b < nb; b++) {
            const char *bc = dj_dataset_bloc_code(ds, blocs[b]);
            size_t bl = strlen(bc);
            if (bl > 64) {
                rc = dj_error_set(&err, DJ_ELIMIT, "bloc code longer than 64 bytes");
                goto fail;
            }
            for (size_t k = 0; k < nd; k++) {
                obuf_room(&cv);
                char *p = cv.p;
                memcpy(p, sc, sl);
                p += sl;
                *p++ = ',';
                memcpy(p, bc, bl);
                p += bl;
                *p++ = ',';
                memcpy(p, dtext[k], 10);
                p += 10;
                *p++ = ',';
                uint32_t m = members[b * nd + k], r = recog[b * nd + k];
                p = put_u32(p, m);
                *p++ = ',';
                p = put_u32(p, r);
                *p++ = ',';
                if (m) {
                    const pct_text *x = &pct[(size_t)m * (m + 1) / 2 + r];
                    memcpy(p, x->s, 8);
                    p += x->n;
                }
                *p++ = '\n';
                cv.p = p;
            }
        }
    }
    dj_out_write(tl.o, tl.buf, (size_t)(tl.p - tl.buf));
    dj_out_write(cv.o, cv.buf, (size_t)(cv.p - cv.buf));
    step("evaluate, format, write");
    rc = dj_out_commit(tl.o, &err);
    tl.o = NULL;
    if (rc)
        goto fail;
    rc = dj_out_commit(cv.o, &err);
    cv.o = NULL;
    if (rc)
        goto fail;
    free(dtext);
    step("commit");
    goto done;
oom:
    rc = dj_error_set(&err, DJ_ENOMEM, "out of memory");
fail:
    if (err.code && err.path[0] && err.line > 0)
        fprintf(stderr, "dejure-world: %s:%ld:%ld: %s\n", err.path, err.line,
                err.column, err.msg);
    else if (err.code && err.path[0])
        fprintf(stderr, "dejure-world: %s: %s\n", err.path, err.msg);
    else if (err.code)
        fprintf(stderr, "dejure-world: %s\n", err.msg);
    else
        fprintf(stderr, "dejure-world: %s\n", dj_strerror(rc));
done:
    dj_out_abort(tl.o);
    dj_out_abort(cv.o);
    free(buf);
    free(pct);
    free(total);
    free(recog);
    free(subjects);
    free(blocs);
    dj_dates_dispose(&dates);
    dj_sweep_free(sw);
    dj_status_free(st);
    dj_dataset_free(ds);
    dj_diagnostics_dispose(&diags);
    return exit_code(rc);
}
