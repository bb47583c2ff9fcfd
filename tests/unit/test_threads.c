/*
 * test_threads.c - the library from two threads at once (dejure.h's
 * contract): each thread loads the default dataset, builds a status,
 * asks for holdouts, milestones and statistics, and writes a whole
 * report without rendering into a folder of its own; both reports must
 * be byte for byte the same as one written alone. Built and run under
 * ThreadSanitizer by scripts/test.sh as well.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char tmpdir[64];

typedef struct job {
    char dir[128];
    int rc;
    size_t holdouts, milestones;
} job;

static void *work(void *arg)
{
    job *j = arg;
    dj_error err;
    dj_dataset *ds = NULL;
    dj_status *st = NULL;
    dj_view v;
    if ((j->rc = dj_dataset_load_default(&ds, NULL, NULL, &err)))
        return NULL;
    uint32_t xkx = dj_dataset_entity_find(ds, "XKX");
    uint32_t eu = dj_dataset_bloc_find(ds, "EU");
    if (!(j->rc = dj_view_parse(&v, ds, "all", &err)) && !(j->rc = dj_status_new(&st, ds, &v, &err))) {
        uint32_t *h = NULL;
        dj_milestone *m = NULL;
        if (!(j->rc = dj_holdouts(&h, &j->holdouts, ds, st, xkx, eu, D("2013-02-17"), &err)) &&
            !(j->rc = dj_milestones(&m, &j->milestones, ds, st, xkx, DJ_NONE, D("2026-01-01"), &err))) {
            dj_report_options o;
            memset(&o, 0, sizeof o);
            o.subject = xkx;
            o.view = v;
            o.blocs = &eu;
            o.nblocs = 1;
            o.at = o.until = D("2026-01-01");
            o.formats = DJ_FORMAT_SVG;
            o.render = 0;
            o.width = 1200;
            o.height = 800;
            j->rc = dj_report_write(ds, &o, j->dir, NULL, NULL, &err);
        }
        free(h);
        free(m);
    }
    if (j->rc)
        fprintf(stderr, "thread: %s\n", err.msg);
    dj_status_free(st);
    dj_dataset_free(ds);
    return NULL;
}

static void loads_and_reports_on_two_threads_match_one_alone(void)
{
    job alone, two[2];
    snprintf(alone.dir, sizeof alone.dir, "%s/alone", tmpdir);
    work(&alone);
    CU_ASSERT_EQUAL_FATAL(alone.rc, 0);
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        snprintf(two[i].dir, sizeof two[i].dir, "%s/t%d", tmpdir, i);
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, work, &two[i]), 0);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    char cmd[512];
    for (int i = 0; i < 2; i++) {
        CU_ASSERT_EQUAL(two[i].rc, 0);
        CU_ASSERT_EQUAL(two[i].holdouts, 5); /* Cyprus, Spain, Greece, Romania, Slovakia */
        CU_ASSERT_EQUAL(two[i].milestones, alone.milestones);
        snprintf(cmd, sizeof cmd, "diff -r %s %s >&2", alone.dir, two[i].dir);
        CU_ASSERT_EQUAL(system(cmd), 0);
    }
    snprintf(cmd, sizeof cmd, "test -s %s/t0/timeline.csv", tmpdir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(loads_and_reports_on_two_threads_match_one_alone),
        {NULL, NULL}};
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dejure-test-threads-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    int rc = dj_run_tests("threads", tests);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        rc++;
    return rc;
}
