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
    out->exclude = 0;
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

/* A name cut by snprintf may end inside a code point: drop that part. */
static void whole_code_points(char *buf)
{
    size_t n = strlen(buf), i = n;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)buf[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (i - 1 + want > n)
        buf[i - 1] = '\0';
}

void dj_view_title(char *buf, size_t size, const dj_dataset *ds,
                   const dj_view *view)
{
    if (size == 0)
        return;
    switch (view->kind) {
    case DJ_VIEW_ALL:
        snprintf(buf, size, "every claim counted");
        break;
    case DJ_VIEW_UNDISPUTED:
        snprintf(buf, size, "undisputed events only");
        break;
    default:
        snprintf(buf, size, "as %s counts", dj_dataset_entity_name(ds, view->party));
        whole_code_points(buf);
    }
}

void dj_view_description(char *buf, size_t size, const dj_dataset *ds,
                         const dj_view *view)
{
    if (size == 0)
        return;
    switch (view->kind) {
    case DJ_VIEW_ALL:
        snprintf(buf, size, "Every claim counted: every recognition and withdrawal in the data, "
                            "contested or not. It matches the counts of a party's own ministry lists "
                            "and the press tallies that include contested claims.");
        break;
    case DJ_VIEW_UNDISPUTED:
        snprintf(buf, size, "Undisputed events only: an event that any party contests is left out. "
                            "It matches the counts that leave out every contested claim.");
        break;
    default: {
        const char *name = dj_dataset_entity_name(ds, view->party);
        snprintf(buf, size, "As %s counts: the events %s contests are left out, every other "
                            "event counts. It matches the counts %s publishes.", name, name, name);
        whole_code_points(buf);
    }
    }
}

int dj_view_includes(const dj_dataset *ds, const dj_view *view, size_t i)
{
    if (view->exclude && (ds->ev_flags[i] & DJ_EVF_EXTRA)) {
        const struct dj_ev_extra *x = dj_dataset_event_extra(ds, i);
        if (x && (x->marks & view->exclude))
            return 0;
    }
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

int dj_view_exclude_parse(dj_view *view, const char *text, dj_error *err)
{
    unsigned marks = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && text[j] != ',')
            j++;
        size_t a = i, b = j;
        while (a < b && text[a] == ' ') a++;
        while (b > a && text[b - 1] == ' ') b--;
        unsigned bit = dj_mark_parse(text + a, b - a);
        if (!bit)
            return dj_error_set(err, DJ_EINVALID,
                                "unknown mark '%.*s' in --exclude: expected conditional, announced or verbal",
                                (int)(b - a > 64 ? 64 : b - a), text + a);
        marks |= bit;
        i = j + 1;
    }
    view->exclude = marks;
    return 0;
}

size_t dj_view_exclude_name(char *buf, size_t size, unsigned exclude)
{
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (unsigned i = 0; i < DJ_MARK_COUNT; i++) {
        if (!(exclude & (1u << i)))
            continue;
        int w = snprintf(buf + (len < size ? len : size), len < size ? size - len : 0, "%s%s",
                         len ? "," : "", dj_mark_name(i));
        len += w > 0 ? (size_t)w : 0;
    }
    return len;
}

unsigned dj_dataset_marks_used(const dj_dataset *ds)
{
    return ds->marks_used;
}
