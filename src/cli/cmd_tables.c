/*
 * cmd_tables.c - timeline, coverage, holdouts, milestones: one table each,
 * CSV on standard output or into --out FILE (written atomically).
 */
#include <stdio.h>

#include "cli.h"

typedef int (*table_fn)(dj_out *, const dj_dataset *, const dj_status *,
                        const dj_query *, dj_error *);

static int run_table(cli_ctx *c, table_fn fn, int need_blocs)
{
    dj_error err;
    dj_out *o = NULL;
    dj_status *st = NULL;
    int rc = cli_load(c, need_blocs);
    if (rc)
        return rc;
    if ((rc = dj_status_new(&st, c->ds, &c->view, &err)) ||
        (rc = dj_out_open(&o, c->o.out, &err)))
        goto fail;
    for (size_t i = 0; i < c->nsubjects; i++) {
        dj_query q;
        dj_query_init(&q);
        q.subject = c->subjects[i];
        q.blocs = c->blocs;
        q.nblocs = c->nblocs;
        q.grid = c->grid;
        q.at = c->at;
        q.from = c->from;
        q.to = c->to;
        q.subject_column = c->all_subjects;
        q.header = i == 0;
        q.among = c->among;
        q.thresholds = c->thresholds;
        q.nthresholds = c->nthresholds;
        q.wide = c->o.wide;
        q.all = c->o.all;
        if (q.at == DJ_DATE_NONE && (fn == dj_table_holdouts || fn == dj_table_status))
            q.at = c->today;
        if ((rc = fn(o, c->ds, st, &q, &err)))
            goto fail;
    }
    dj_status_free(st);
    if ((rc = dj_out_commit(o, &err)))
        return cli_fail(c, &err);
    return EXIT_OK;
fail:
    dj_out_abort(o);
    dj_status_free(st);
    return cli_fail(c, &err);
}

int cmd_timeline(cli_ctx *c, int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_table(c, dj_table_timeline, 0);
}

int cmd_coverage(cli_ctx *c, int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_table(c, dj_table_coverage, 0);
}

int cmd_holdouts(cli_ctx *c, int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_table(c, dj_table_holdouts, 1);
}

int cmd_milestones(cli_ctx *c, int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_table(c, dj_table_milestones, 0);
}

int cmd_status(cli_ctx *c, int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_table(c, dj_table_status, 0);
}
