/*
 * view.c - which events count: all, the undisputed, or one party's view.
 */
#include <stdio.h>
#include <string.h>

#include "model/dataset_impl.h"
#include "util/suggest.h"
#include "dejure/analysis.h"

int dj_view_parse(dj_view *out, const dj_dataset *ds, const char *text,
                  dj_error *err)
{
    out->party = DJ_NONE;
    if (strcmp(text, "all") == 0) {
        out->kind = DJ_VIEW_ALL;
        return 0;
    }
    if (strcmp(text, "undisputed") == 0) {
        out->kind = DJ_VIEW_UNDISPUTED;
        return 0;
    }
    uint32_t e = dj_dataset_entity_lookup(ds, text);
    if (e == DJ_NONE) {
        /* a misspelt convention before a party's code */
        static const char *const kinds[] = {"all", "undisputed"};
        const char *near = dj_suggest_among(text, kinds, NULL, 2);
        if (!near)
            near = dj_dataset_suggest_entity(ds, text);
        return dj_error_set(err, DJ_EINVALID,
                            "unknown view '%.64s': expected all, undisputed or an entity code%s%s%s",
                            text, near ? " (did you mean '" : "", near ? near : "",
                            near ? "'?)" : "");
    }
    out->kind = DJ_VIEW_PARTY;
    out->party = e;
    return 0;
}

void dj_view_name(char *buf, size_t size, const dj_dataset *ds,
                  const dj_view *view)
{
    switch (view->kind) {
    case DJ_VIEW_ALL:
        snprintf(buf, size, "all");
        break;
    case DJ_VIEW_UNDISPUTED:
        snprintf(buf, size, "undisputed");
        break;
    default:
        snprintf(buf, size, "%s", dj_dataset_entity_code(ds, view->party));
    }
}

int dj_view_includes(const dj_dataset *ds, const dj_view *view, size_t i)
{
    if (view->kind == DJ_VIEW_ALL || !(ds->ev_flags[i] & DJ_EVF_DISPUTED))
        return 1;
    if (view->kind == DJ_VIEW_UNDISPUTED)
        return 0;
    size_t n;
    const uint32_t *p = dj_dataset_event_disputes(ds, i, &n);
    for (size_t k = 0; k < n; k++)
        if (p[k] == view->party)
            return 0;
    return 1;
}
