/*
 * dataset.c - the dataset's tables and their getters.
 */
#include <string.h>

#include "model/dataset_impl.h"
#include "util/suggest.h"

int dj_dataset_alloc(dj_dataset **out, const char *name)
{
    dj_dataset *ds = dj_calloc(1, sizeof *ds);
    *out = NULL;
    if (!ds)
        return DJ_ENOMEM;
    dj_arena_init(&ds->arena);
    dj_intern_init(&ds->ent_map);
    dj_intern_init(&ds->bloc_map);
    ds->name = dj_arena_strndup(&ds->arena, name, strlen(name));
    if (!ds->name) {
        dj_dataset_free(ds);
        return DJ_ENOMEM;
    }
    *out = ds;
    return 0;
}

void dj_dataset_free(dj_dataset *ds)
{
    if (!ds)
        return;
    dj_free(ds->ent);
    dj_free(ds->ent_codes);
    dj_free(ds->ent_subj);
    dj_intern_dispose(&ds->ent_map);
    dj_free(ds->subj);
    dj_free(ds->subj_declared);
    dj_free(ds->ev_date);
    dj_free(ds->ev_actor);
    dj_free(ds->ev_subject);
    dj_free(ds->ev_flags);
    dj_free(ds->lrun_ev);
    dj_free(ds->lrun_line);
    if (ds->all_status)
        ds->all_status_free(ds->all_status);
    dj_free(ds->ev_source);
    dj_free(ds->ev_note);
    dj_free(ds->disp_event);
    dj_free(ds->disp_start);
    dj_free(ds->disp_count);
    dj_free(ds->disp_party);
    dj_free(ds->extra);
    dj_free(ds->bloc);
    dj_free(ds->bloc_codes);
    dj_intern_dispose(&ds->bloc_map);
    dj_free(ds->memb);
    dj_free(ds->bname);
    dj_free(ds->outl);
    dj_free(ds->ann);
    dj_arena_dispose(&ds->arena);
    dj_free(ds);
}

uint32_t dj_dataset_entity_intern(dj_dataset *ds, const char *code, size_t n,
                                  int *added)
{
    uint32_t i = dj_intern_find(&ds->ent_map, ds->ent_codes, code, n);
    if (added)
        *added = 0;
    if (i != UINT32_MAX)
        return i;
    if (ds->nent >= DJ_NONE - 1)
        return DJ_NONE;
    size_t cap = ds->capent;
    if (dj_grow(&ds->ent, &cap, ds->nent + 1, sizeof *ds->ent))
        return DJ_NONE;
    cap = ds->capent;
    if (dj_grow(&ds->ent_codes, &cap, ds->nent + 1, sizeof *ds->ent_codes))
        return DJ_NONE;
    cap = ds->capent;
    if (dj_grow(&ds->ent_subj, &cap, ds->nent + 1, sizeof *ds->ent_subj))
        return DJ_NONE;
    ds->capent = cap;
    ds->ent_subj[ds->nent] = DJ_NONE;
    const char *s = dj_arena_strndup(&ds->arena, code, n);
    if (!s)
        return DJ_NONE;
    struct dj_entity *e = &ds->ent[ds->nent];
    e->code = e->name = s;
    e->population = 0;
    e->population_year = 0;
    e->population_source = "";
    e->from = DJ_DATE_NONE;
    e->until = DJ_DATE_MAX;
    ds->ent_codes[ds->nent] = s;
    if (dj_intern_add(&ds->ent_map, ds->ent_codes, (uint32_t)ds->nent))
        return DJ_NONE;
    if (added)
        *added = 1;
    return (uint32_t)ds->nent++;
}

uint32_t dj_dataset_bloc_intern(dj_dataset *ds, const char *code, size_t n,
                                int *added)
{
    uint32_t i = dj_intern_find(&ds->bloc_map, ds->bloc_codes, code, n);
    if (added)
        *added = 0;
    if (i != UINT32_MAX)
        return i;
    size_t cap = ds->capbloc;
    if (dj_grow(&ds->bloc, &cap, ds->nbloc + 1, sizeof *ds->bloc))
        return DJ_NONE;
    cap = ds->capbloc;
    if (dj_grow(&ds->bloc_codes, &cap, ds->nbloc + 1, sizeof *ds->bloc_codes))
        return DJ_NONE;
    ds->capbloc = cap;
    const char *s = dj_arena_strndup(&ds->arena, code, n);
    if (!s)
        return DJ_NONE;
    ds->bloc[ds->nbloc].code = ds->bloc[ds->nbloc].name = s;
    ds->bloc_codes[ds->nbloc] = s;
    if (dj_intern_add(&ds->bloc_map, ds->bloc_codes, (uint32_t)ds->nbloc))
        return DJ_NONE;
    if (added)
        *added = 1;
    return (uint32_t)ds->nbloc++;
}

const char *dj_dataset_name(const dj_dataset *ds) { return ds->name; }
size_t dj_dataset_entity_count(const dj_dataset *ds) { return ds->nent; }

const char *dj_dataset_entity_code(const dj_dataset *ds, uint32_t e)
{
    return e < ds->nent ? ds->ent[e].code : "";
}

const char *dj_dataset_entity_name(const dj_dataset *ds, uint32_t e)
{
    return e < ds->nent ? ds->ent[e].name : "";
}

void dj_dataset_entity_span(const dj_dataset *ds, uint32_t e, dj_date *from,
                            dj_date *until)
{
    *from = e < ds->nent ? ds->ent[e].from : DJ_DATE_NONE;
    *until = e < ds->nent ? ds->ent[e].until : DJ_DATE_MAX;
}

int dj_dataset_entity_exists(const dj_dataset *ds, uint32_t e, dj_date day)
{
    return e < ds->nent && ds->ent[e].from <= day && day < ds->ent[e].until;
}

static const char *const mark_names[DJ_MARK_COUNT] = {"conditional", "announced", "verbal"};

const char *dj_mark_name(unsigned i)
{
    return i < DJ_MARK_COUNT ? mark_names[i] : "";
}

unsigned dj_mark_parse(const char *s, size_t n)
{
    for (unsigned i = 0; i < DJ_MARK_COUNT; i++)
        if (strlen(mark_names[i]) == n && memcmp(mark_names[i], s, n) == 0)
            return 1u << i;
    return 0;
}

int64_t dj_dataset_entity_population(const dj_dataset *ds, uint32_t e,
                                     int *year)
{
    if (e >= ds->nent) {
        if (year)
            *year = 0;
        return 0;
    }
    if (year)
        *year = ds->ent[e].population_year;
    return ds->ent[e].population;
}

uint32_t dj_dataset_entity_find(const dj_dataset *ds, const char *code)
{
    uint32_t i = dj_intern_find(&ds->ent_map, ds->ent_codes, code,
                                strlen(code));
    return i == UINT32_MAX ? DJ_NONE : i;
}

/* a and b equal but for the case of ASCII letters (strcasecmp would
   follow the locale). */
static int same_but_case(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
        char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

/* The first of n codes equal to `code` but for case, or DJ_NONE. */
static uint32_t find_but_case(const char *const *codes, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (same_but_case(codes[i], code))
            return (uint32_t)i;
    return DJ_NONE;
}

uint32_t dj_dataset_entity_lookup(const dj_dataset *ds, const char *code)
{
    uint32_t e = dj_dataset_entity_find(ds, code);
    return e != DJ_NONE ? e : find_but_case(ds->ent_codes, ds->nent, code);
}

size_t dj_dataset_subject_count(const dj_dataset *ds) { return ds->nsubj; }

uint32_t dj_dataset_subject_entity(const dj_dataset *ds, size_t i)
{
    return i < ds->nsubj ? ds->subj[i] : DJ_NONE;
}

uint32_t dj_dataset_subject_find(const dj_dataset *ds, uint32_t entity)
{
    return entity < ds->nent ? ds->ent_subj[entity] : DJ_NONE;
}

long dj_dataset_event_line(const dj_dataset *ds, size_t i)
{
    /* the last run that starts at or before i */
    size_t lo = 0, hi = ds->nlrun;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->lrun_ev[mid] <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    return (long)ds->lrun_line[lo - 1] + (long)(i - ds->lrun_ev[lo - 1]);
}

int dj_dataset_line_push(dj_dataset *ds, long line)
{
    size_t k = ds->nlrun;
    if (k && (long)ds->lrun_line[k - 1] + (long)(ds->nev - ds->lrun_ev[k - 1]) == line)
        return 0; /* the run goes on */
    size_t cap = ds->caplrun;
    if (dj_grow(&ds->lrun_ev, &cap, k + 1, sizeof *ds->lrun_ev))
        return DJ_ENOMEM;
    cap = ds->caplrun;
    if (dj_grow(&ds->lrun_line, &cap, k + 1, sizeof *ds->lrun_line))
        return DJ_ENOMEM;
    ds->caplrun = cap;
    ds->lrun_ev[k] = (uint32_t)ds->nev;
    ds->lrun_line[k] = (uint32_t)line;
    ds->nlrun = k + 1;
    return 0;
}

int dj_dataset_subject_add(dj_dataset *ds, uint32_t e, dj_date declared)
{
    size_t cap = ds->capsubj;
    if (dj_grow(&ds->subj, &cap, ds->nsubj + 1, sizeof *ds->subj))
        return DJ_ENOMEM;
    cap = ds->capsubj;
    if (dj_grow(&ds->subj_declared, &cap, ds->nsubj + 1, sizeof *ds->subj_declared))
        return DJ_ENOMEM;
    ds->capsubj = cap;
    ds->subj[ds->nsubj] = e;
    ds->subj_declared[ds->nsubj] = declared;
    ds->ent_subj[e] = (uint32_t)ds->nsubj;
    ds->nsubj++;
    return 0;
}

dj_date dj_dataset_subject_declared(const dj_dataset *ds, uint32_t entity)
{
    uint32_t i = dj_dataset_subject_find(ds, entity);
    return i == DJ_NONE ? DJ_DATE_NONE : ds->subj_declared[i];
}

size_t dj_dataset_event_count(const dj_dataset *ds) { return ds->nev; }

const struct dj_ev_extra *dj_dataset_event_extra(const dj_dataset *ds, size_t i)
{
    if (!(ds->ev_flags[i] & DJ_EVF_EXTRA))
        return NULL;
    size_t lo = 0, hi = ds->nextra;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->extra[mid].event < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ds->nextra && ds->extra[lo].event == i ? &ds->extra[lo] : NULL;
}

const uint32_t *dj_dataset_event_disputes(const dj_dataset *ds, size_t i,
                                          size_t *n)
{
    *n = 0;
    if (!(ds->ev_flags[i] & DJ_EVF_DISPUTED))
        return NULL;
    size_t lo = 0, hi = ds->ndisp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->disp_event[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == ds->ndisp || ds->disp_event[lo] != i)
        return NULL;
    *n = ds->disp_count[lo];
    return ds->disp_party + ds->disp_start[lo];
}

void dj_dataset_event(const dj_dataset *ds, size_t i, dj_event_info *out)
{
    memset(out, 0, sizeof *out);
    if (i >= ds->nev)
        return;
    uint8_t f = ds->ev_flags[i];
    out->date = ds->ev_date[i];
    out->precision = (dj_precision)((f & DJ_EVF_PREC_MASK) >> DJ_EVF_PREC_SHIFT);
    out->type = (f & DJ_EVF_FREEZE) ? DJ_FREEZE : (f & DJ_EVF_WITHDRAW) ? DJ_WITHDRAW : DJ_RECOGNIZE;
    out->actor = ds->ev_actor[i];
    out->subject = ds->ev_subject[i];
    out->line = dj_dataset_event_line(ds, i);
    out->source = ds->ev_source && ds->ev_source[i] ? ds->ev_source[i] : "";
    out->note = ds->ev_note && ds->ev_note[i] ? ds->ev_note[i] : "";
    out->disputed = dj_dataset_event_disputes(ds, i, &out->ndisputed);
    const struct dj_ev_extra *x = dj_dataset_event_extra(ds, i);
    out->via = x ? x->via : DJ_NONE;
    out->marks = x ? x->marks : 0;
}

size_t dj_dataset_bloc_count(const dj_dataset *ds) { return ds->nbloc; }

const char *dj_dataset_bloc_code(const dj_dataset *ds, uint32_t b)
{
    return b < ds->nbloc ? ds->bloc[b].code : "";
}

const char *dj_dataset_bloc_name(const dj_dataset *ds, uint32_t b)
{
    return b < ds->nbloc ? ds->bloc[b].name : "";
}

const char *dj_dataset_bloc_name_on(const dj_dataset *ds, uint32_t b, dj_date day)
{
    for (size_t i = 0; i < ds->nbname; i++)
        if (ds->bname[i].bloc == b && ds->bname[i].from <= day && day < ds->bname[i].until)
            return ds->bname[i].name;
    return dj_dataset_bloc_name(ds, b);
}

uint32_t dj_dataset_bloc_find(const dj_dataset *ds, const char *code)
{
    uint32_t i = dj_intern_find(&ds->bloc_map, ds->bloc_codes, code,
                                strlen(code));
    return i != UINT32_MAX ? i : find_but_case(ds->bloc_codes, ds->nbloc, code);
}

size_t dj_dataset_membership_count(const dj_dataset *ds) { return ds->nmemb; }
const dj_membership *dj_dataset_memberships(const dj_dataset *ds) { return ds->memb; }
size_t dj_dataset_annotation_count(const dj_dataset *ds) { return ds->nann; }
const dj_annotation *dj_dataset_annotations(const dj_dataset *ds) { return ds->ann; }

const char *dj_dataset_suggest_entity(const dj_dataset *ds, const char *code)
{
    return dj_suggest_among(code, ds->ent_codes, NULL, ds->nent);
}

const char *dj_dataset_suggest_subject(const dj_dataset *ds, const char *code)
{
    return dj_suggest_among(code, ds->ent_codes, ds->subj, ds->nsubj);
}

const char *dj_dataset_suggest_bloc(const dj_dataset *ds, const char *code)
{
    return dj_suggest_among(code, ds->bloc_codes, NULL, ds->nbloc);
}

size_t dj_dataset_outline_count(const dj_dataset *ds)
{
    return ds->noutl;
}

void dj_dataset_outline(const dj_dataset *ds, size_t i, dj_outline *out)
{
    memset(out, 0, sizeof *out);
    out->entity = DJ_NONE;
    if (i >= ds->noutl)
        return;
    const struct dj_outline_row *x = &ds->outl[i];
    out->outline = x->outline ? x->outline : "";
    out->entity = x->entity;
    out->from = x->from;
    out->until = x->until;
    out->point = x->point;
    out->lon = x->lon;
    out->lat = x->lat;
}
