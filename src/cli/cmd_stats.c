/*
 * cmd_stats.c - `dejure stats`: the statistics tables of stats.h as CSV,
 * one per flag, in the order the flags were given.
 *
 * A fit that fails is not an error of the command for --fit (the table
 * says converged 0 and standard error says why), but it is for --curve,
 * which then writes nothing: there is no curve to give.
 */
#include <stdio.h>

#include "cli.h"

int cmd_stats(cli_ctx *c, int argc, char **argv)
{
    dj_error err;
    dj_out *o = NULL;
    dj_status *st = NULL;
    dj_stats_query q;
    dj_model models[sizeof c->o.stats_tables / sizeof *c->o.stats_tables];
    (void)argc, (void)argv;

    if (c->o.nstats_tables == 0) {
        cli_error(c, "stats needs a table: --per-year, --per-month, --delays, --survival, "
                     "--medians, --population, --fit MODEL or --curve MODEL; see 'dejure help stats'");
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < c->o.nstats_tables; k++) {
        models[k] = DJ_MODEL_LOGISTIC;
        if (c->o.stats_models[k] && dj_model_parse(&models[k], c->o.stats_models[k], &err)) {
            cli_error(c, "%s", err.msg);
            return EXIT_USAGE;
        }
    }
    int rc = cli_load(c, 0);
    if (rc)
        return rc;
    if (c->all_subjects) {
        cli_error(c, "stats takes one subject, not 'all'");
        return EXIT_USAGE;
    }
    dj_stats_query_init(&q);
    q.subject = c->subjects[0];
    q.blocs = c->blocs;
    q.nblocs = c->nblocs;
    q.at = c->at != DJ_DATE_NONE ? c->at : c->today;
    q.until = c->until;
    q.grid = c->grid;
    if (q.until != DJ_DATE_NONE && q.until < q.at) {
        cli_error(c, "--until %s is before the as-of date", c->o.until);
        return EXIT_USAGE;
    }
    if ((rc = dj_status_new(&st, c->ds, &c->view, &err)) ||
        (rc = dj_out_open(&o, c->o.out, &err)))
        goto fail;
    for (size_t k = 0; k < c->o.nstats_tables; k++) {
        dj_fit fit;
        if (k > 0)
            dj_out_char(o, '\n');
        switch (c->o.stats_tables[k]) {
        case STATS_PER_YEAR:
            rc = dj_stats_table_counts(o, c->ds, st, &q, DJ_GRID_YEAR, &err);
            break;
        case STATS_PER_MONTH:
            rc = dj_stats_table_counts(o, c->ds, st, &q, DJ_GRID_MONTH, &err);
            break;
        case STATS_DELAYS:
            rc = dj_stats_table_delays(o, c->ds, st, &q, &err);
            break;
        case STATS_SURVIVAL:
            rc = dj_stats_table_survival(o, c->ds, st, &q, &err);
            break;
        case STATS_MEDIANS:
            rc = dj_stats_table_medians(o, c->ds, st, &q, &err);
            break;
        case STATS_POPULATION:
            rc = dj_stats_table_population(o, c->ds, st, &q, &err);
            break;
        case STATS_FIT:
            q.model = models[k];
            rc = dj_stats_table_fit(o, c->ds, st, &q, &fit, &err);
            if (rc == 0 && !fit.converged && !c->o.quiet)
                cli_error(c, "warning: the %s fit failed: %s; no estimates reported",
                          dj_model_name(q.model), fit.problem);
            break;
        case STATS_CURVE:
            q.model = models[k];
            rc = dj_stats_table_curve(o, c->ds, st, &q, &fit, &err);
            if (rc == 0 && !fit.converged) {
                cli_error(c, "the %s fit failed: %s; no curve written",
                          dj_model_name(q.model), fit.problem);
                dj_out_abort(o);
                dj_status_free(st);
                return EXIT_DATA;
            }
            break;
        }
        if (rc)
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
