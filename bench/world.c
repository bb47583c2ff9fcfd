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
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pthread.h>
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
    long hwm = 0;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "VmHWM: %ld", &hwm) == 1)
                break;
        fclose(f);
    }
    fprintf(stderr, "%-28s wall %6.3f s  cpu %6.3f s  peak %4ld MiB\n", what, w - t_wall0,
            c - t_cpu0, hwm / 1024);
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

/* ---- output: two threads format chunks of subjects, this one writes ----
 *
 * A formatter evaluates the subjects of a chunk with dj_sweep_eval() and
 * formats their rows into the chunk's slot; the main thread writes full
 * slots in chunk order through dj_out. Formatting costs more than writing,
 * so two formatters take the chunks in turn (even and odd), each with its
 * own slots (NSLOTS is even): with 2 cores, the writer's system calls then
 * fill the time the formatters leave, instead of one formatter setting
 * the pace.
 */
#define NSLOTS 4
#define NFORMATTERS 2
#define ROW_MAX 200 /* a row: two codes of at most 64 bytes and numbers */

typedef struct slot {
    char *tl, *cv;
    size_t ntl, ncv;
    int ready;
} slot;

typedef struct fmt {
    const dj_dataset *ds;
    const dj_sweep *sw;
    const uint32_t *subjects, *blocs, *members;
    size_t ns, nb, nd, per_chunk, nchunks;
    char (*dtext)[DJ_DATE_BUFSIZE];
    const pct_text *pct;
    slot slots[NSLOTS];
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int rc, stop;  /* stop: a formatter failed */
    int running;   /* formatters still at work */
} fmt;

typedef struct formatter_arg {
    fmt *F;
    size_t first; /* chunks first, first + NFORMATTERS, ... */
} formatter_arg;

/* The rows of subjects [from, to) into slot s. */
static int format_chunk(fmt *F, slot *s, size_t from, size_t to,
                        uint32_t *total, uint32_t *recog)
{
    const size_t nd = F->nd, nb = F->nb;
    char *t = s->tl, *c = s->cv;
    for (size_t i = from; i < to; i++) {
        if (dj_sweep_eval(F->sw, F->subjects[i], total, recog))
            return DJ_ENOMEM;
        const char *sc = dj_dataset_entity_code(F->ds, F->subjects[i]);
        size_t sl = strlen(sc);
        for (size_t k = 0; k < nd; k++) {
            memcpy(t, sc, sl);
            t += sl;
            *t++ = ',';
            memcpy(t, F->dtext[k], 10);
            t += 10;
            *t++ = ',';
            t = put_u32(t, total[k]);
            *t++ = '\n';
        }
        for (size_t b = 0; b < nb; b++) {
            const char *bc = dj_dataset_bloc_code(F->ds, F->blocs[b]);
            size_t bl = strlen(bc);
            for (size_t k = 0; k < nd; k++) {
                memcpy(c, sc, sl);
                c += sl;
                *c++ = ',';
                memcpy(c, bc, bl);
                c += bl;
                *c++ = ',';
                memcpy(c, F->dtext[k], 10);
                c += 10;
                *c++ = ',';
                uint32_t m = F->members[b * nd + k], r = recog[b * nd + k];
                c = put_u32(c, m);
                *c++ = ',';
                c = put_u32(c, r);
                *c++ = ',';
                if (m) {
                    const pct_text *x = &F->pct[(size_t)m * (m + 1) / 2 + r];
                    memcpy(c, x->s, 8);
                    c += x->n;
                }
                *c++ = '\n';
            }
        }
    }
    s->ntl = (size_t)(t - s->tl);
    s->ncv = (size_t)(c - s->cv);
    return 0;
}

static void *formatter(void *arg)
{
    const formatter_arg *a = arg;
    fmt *F = a->F;
    uint32_t *total = malloc((F->nd + 1) * sizeof *total);
    uint32_t *recog = malloc((F->nb * F->nd + 1) * sizeof *recog);
    int rc = total && recog ? 0 : DJ_ENOMEM;
    for (size_t ch = a->first; ch < F->nchunks && !rc; ch += NFORMATTERS) {
        slot *s = &F->slots[ch % NSLOTS];
        pthread_mutex_lock(&F->mu);
        while (s->ready && !F->stop)
            pthread_cond_wait(&F->cond, &F->mu);
        int stop = F->stop;
        pthread_mutex_unlock(&F->mu);
        if (stop)
            break;
        size_t from = ch * F->per_chunk;
        size_t to = from + F->per_chunk < F->ns ? from + F->per_chunk : F->ns;
        rc = format_chunk(F, s, from, to, total, recog);
        pthread_mutex_lock(&F->mu);
        s->ready = 1;
        pthread_cond_broadcast(&F->cond);
        pthread_mutex_unlock(&F->mu);
    }
    pthread_mutex_lock(&F->mu);
    if (rc) {
        F->rc = rc;
        F->stop = 1; /* the other formatter and the writer give up */
    }
    F->running--; /* the last one out wakes a writer still waiting */
    pthread_cond_broadcast(&F->cond);
    pthread_mutex_unlock(&F->mu);
    free(total);
    free(recog);
    return NULL;
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
    uint32_t *subjects = NULL, *blocs = NULL;
    pct_text *pct = NULL;
    dj_out *tl = NULL, *cv = NULL;
    char (*dtext)[DJ_DATE_BUFSIZE] = NULL;
    int rc;

    /* Blocks of 256 KiB and more straight from the system and back to it
       when freed (glibc otherwise raises that threshold as large blocks
       are freed, and keeps what threads free in their arenas). */
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
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
    dj_view all = {DJ_VIEW_ALL, 0, 0};
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
    dtext = malloc(nd * sizeof *dtext);
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
    if ((rc = dj_mkdir_p(outdir, &err)))
        goto fail;
    char path[4096];
    snprintf(path, sizeof path, "%s/timeline.csv", outdir);
    if ((rc = dj_out_open(&tl, path, &err)))
        goto fail;
    snprintf(path, sizeof path, "%s/coverage.csv", outdir);
    if ((rc = dj_out_open(&cv, path, &err)))
        goto fail;
    static const char th[] = "subject,date,recognizing\n";
    static const char ch[] = "subject,bloc,date,members,recognizing,percent\n";
    dj_out_write(tl, th, sizeof th - 1);
    dj_out_write(cv, ch, sizeof ch - 1);
    for (size_t i = 0; i < ns; i++)
        if (strlen(dj_dataset_entity_code(ds, subjects[i])) > 64) {
            rc = dj_error_set(&err, DJ_ELIMIT, "subject code longer than 64 bytes");
            goto fail;
        }
    for (size_t b = 0; b < nb; b++)
        if (strlen(dj_dataset_bloc_code(ds, blocs[b])) > 64) {
            rc = dj_error_set(&err, DJ_ELIMIT, "bloc code longer than 64 bytes");
            goto fail;
        }

    fmt F = {0};
    F.ds = ds;
    F.sw = sw;
    F.subjects = subjects;
    F.blocs = blocs;
    F.members = members;
    F.ns = ns;
    F.nb = nb;
    F.nd = nd;
    F.dtext = dtext;
    F.pct = pct;
    /* chunks of about 2 MiB of rows at most */
    size_t per_subject = nd * (nb + 1) * ROW_MAX;
    F.per_chunk = per_subject ? (2u << 20) / per_subject : ns;
    if (F.per_chunk == 0)
        F.per_chunk = 1;
    F.nchunks = (ns + F.per_chunk - 1) / F.per_chunk;
    for (int k = 0; k < NSLOTS; k++) {
        F.slots[k].tl = malloc(F.per_chunk * nd * ROW_MAX + 1);
        F.slots[k].cv = malloc(F.per_chunk * nd * nb * ROW_MAX + 1);
        if (!F.slots[k].tl || !F.slots[k].cv) {
            for (int j = 0; j <= k; j++) {
                free(F.slots[j].tl);
                free(F.slots[j].cv);
            }
            goto oom;
        }
    }
    pthread_mutex_init(&F.mu, NULL);
    pthread_cond_init(&F.cond, NULL);
    pthread_t th_fmt[NFORMATTERS];
    formatter_arg fa[NFORMATTERS];
    int threaded = 1;
    F.running = NFORMATTERS;
    for (int t = 0; t < NFORMATTERS; t++) {
        fa[t].F = &F;
        fa[t].first = (size_t)t;
        if (pthread_create(&th_fmt[t], NULL, formatter, &fa[t]) != 0) {
            /* stop those started, then do it all on this thread */
            pthread_mutex_lock(&F.mu);
            F.stop = 1;
            pthread_cond_broadcast(&F.cond);
            pthread_mutex_unlock(&F.mu);
            for (int u = 0; u < t; u++)
                pthread_join(th_fmt[u], NULL);
            threaded = 0;
            break;
        }
    }
    if (!threaded) { /* no threads: format and write in turn */
        uint32_t *total = malloc((nd + 1) * sizeof *total);
        uint32_t *recog = malloc((nb * nd + 1) * sizeof *recog);
        F.rc = total && recog ? 0 : DJ_ENOMEM;
        for (size_t chn = 0; chn < F.nchunks && !F.rc; chn++) {
            size_t from = chn * F.per_chunk;
            size_t to = from + F.per_chunk < ns ? from + F.per_chunk : ns;
            if (!(F.rc = format_chunk(&F, &F.slots[0], from, to, total, recog))) {
                dj_out_write(tl, F.slots[0].tl, F.slots[0].ntl);
                dj_out_write(cv, F.slots[0].cv, F.slots[0].ncv);
            }
        }
        free(total);
        free(recog);
    }
    for (size_t chn = 0; threaded && chn < F.nchunks; chn++) {
        slot *sl = &F.slots[chn % NSLOTS];
        pthread_mutex_lock(&F.mu);
        while (!sl->ready && !F.stop && F.running > 0)
            pthread_cond_wait(&F.cond, &F.mu);
        int ready = sl->ready;
        pthread_mutex_unlock(&F.mu);
        if (!ready)
            break; /* the formatter failed */
        dj_out_write(tl, sl->tl, sl->ntl);
        dj_out_write(cv, sl->cv, sl->ncv);
        pthread_mutex_lock(&F.mu);
        sl->ready = 0;
        pthread_cond_broadcast(&F.cond);
        pthread_mutex_unlock(&F.mu);
    }
    for (int t = 0; threaded && t < NFORMATTERS; t++)
        pthread_join(th_fmt[t], NULL);
    pthread_mutex_destroy(&F.mu);
    pthread_cond_destroy(&F.cond);
    for (int k = 0; k < NSLOTS; k++) {
        free(F.slots[k].tl);
        free(F.slots[k].cv);
    }
    if (F.rc)
        goto oom;
    step("evaluate, format, write");
    rc = dj_out_commit(tl, &err);
    tl = NULL;
    if (rc)
        goto fail;
    rc = dj_out_commit(cv, &err);
    cv = NULL;
    if (rc)
        goto fail;
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
    dj_out_abort(tl);
    dj_out_abort(cv);
    free(pct);
    free(dtext);
    free(subjects);
    free(blocs);
    dj_dates_dispose(&dates);
    dj_sweep_free(sw);
    dj_status_free(st);
    dj_dataset_free(ds);
    dj_diagnostics_dispose(&diags);
    return exit_code(rc);
}
