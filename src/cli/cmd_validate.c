/*
 * cmd_validate.c - `dejure validate`: every problem of a dataset.
 */
#include <stdio.h>

#include "cli.h"

int cmd_validate(cli_ctx *c, int argc, char **argv)
{
    dj_diagnostics diags;
    dj_error err;
    dj_dataset *ds = NULL;
    dj_load_options lo = {DJ_LOAD_REQUIRE_SOURCES | (c->o.strict ? DJ_LOAD_STRICT : 0)};
    (void)argc, (void)argv;

    dj_file_override ev;
    size_t nover;
    int rc = cli_overrides(c, &ev, &nover);
    if (rc)
        return rc;
    dj_diagnostics_init(&diags);
    rc = dj_dataset_load_with(&ds, c->o.data, &ev, nover, &lo, &diags, &err);
    if (rc == DJ_ENOMEM) {
        /* the diagnostics may be incomplete: say only what happened */
        dj_diagnostics_dispose(&diags);
        return cli_fail(c, &err);
    }
    for (size_t i = 0; i < diags.count; i++) {
        const dj_diag *g = &diags.items[i];
        printf("%s:%ld:%ld: %s%s\n", g->path, g->line, g->column,
               g->severity == DJ_WARNING ? "warning: " : "", g->msg);
    }
    size_t total = diags.errors + diags.warnings;
    if (total > diags.count)
        printf("... and %zu more problems\n", total - diags.count);
    dj_diagnostics_dispose(&diags);
    if (rc && rc != DJ_EPARSE) {
        dj_dataset_free(ds);
        return cli_fail(c, &err);
    }
    if (!c->o.quiet && ds)
        fprintf(stderr, "%s: %zu events, %zu entities, %zu blocs, %zu memberships: %s\n",
                c->prog, dj_dataset_event_count(ds), dj_dataset_entity_count(ds),
                dj_dataset_bloc_count(ds), dj_dataset_membership_count(ds),
                total ? "problems found" : "clean");
    dj_dataset_free(ds);
    return total ? EXIT_DATA : EXIT_OK;
}
