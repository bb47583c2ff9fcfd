/*
 * load.c - from CSV files to a dj_dataset.
 *
 * Order matters: entities, subjects and bloc names first, so that the
 * codes used in events and blocs can be checked against them; then events,
 * memberships, population and annotations; then the checks that need
 * everything (duplicates, event order, overlapping memberships).
 * Row-level problems are collected and the row skipped, so one run reports
 * them all; the load fails at the end when any was an error.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/csvread.h"
#include "load/load_impl.h"
#include "analysis/status_impl.h"
#include "util/readfile.h"
#include "model/dataset_impl.h"
#include "dejure/analysis.h"
#include "dejure/load.h"

#define MAX_CODE 32

typedef struct loader {
    dj_dataset *ds;
    unsigned flags;
    dj_diagnostics *diags;
    const char *prefix;      /* "kosovo/" or "DIR/" for messages */
    char path[512];          /* file being read */
    int have_entities;
    int have_subjects;
    int have_bloc_names;
    uint32_t *memb_line;     /* line of each membership row */
    size_t capmembline;
    size_t nevsrc;           /* events with a source */
    /* which file each event came from, in runs: events from efile_ev[k]
       on are in efile_path[k] (a dataset may hold an events.csv per
       subject) */
    size_t *efile_ev;
    const char **efile_path;
    size_t nefile;
    /* codes of up to 8 bytes, packed into a number, to their entity: a
       large file repeats a few thousand codes millions of times */
    struct code_slot *cache;
    size_t ccap, ccount;
} loader;

/* key, length and entity side by side: a lookup touches one cache line */
struct code_slot {
    uint64_t key; /* 0 = empty slot */
    uint32_t entity;
    uint32_t len; /* "AB" and "AB\0" pack alike: the length tells them apart */
};

static void cache_dispose(loader *L)
{
    dj_free(L->cache);
    L->cache = NULL;
    L->ccap = L->ccount = 0;
}

/* Code bytes are never NUL, so zero padding keeps short codes apart. */
static uint64_t pack_code(const char *s, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return k;
}

static size_t cache_slot(uint64_t k, size_t cap)
{
    /* every byte of the code must reach the low bits: codes such as
       S00001, S00002 differ in their last byte only */
    k ^= k >> 31;
    k *= UINT64_C(0x9e3779b97f4a7c15);
    k ^= k >> 29;
    return (size_t)k & (cap - 1);
}

/* Remembers code -> entity; a full or failed cache only costs speed. */
static void cache_put(loader *L, uint64_t k, size_t n, uint32_t e)
{
    if ((L->ccount + 1) * 2 > L->ccap) {
        size_t cap = L->ccap ? L->ccap * 2 : 1024;
        struct code_slot *c = dj_calloc(cap, sizeof *c);
        if (!c)
            return;
        for (size_t i = 0; i < L->ccap; i++)
            if (L->cache[i].key) {
                size_t j = cache_slot(L->cache[i].key, cap);
                while (c[j].key)
                    j = (j + 1) & (cap - 1);
                c[j] = L->cache[i];
            }
        dj_free(L->cache);
        L->cache = c;
        L->ccap = cap;
    }
    size_t j = cache_slot(k, L->ccap);
    while (L->cache[j].key)
        j = (j + 1) & (L->ccap - 1);
    L->cache[j].key = k;
    L->cache[j].entity = e;
    L->cache[j].len = (uint32_t)n;
    L->ccount++;
}

static uint32_t cache_get(const loader *L, uint64_t k, size_t n)
{
    for (size_t j = cache_slot(k, L->ccap); L->cache[j].key; j = (j + 1) & (L->ccap - 1))
        if (L->cache[j].key == k && L->cache[j].len == n)
            return L->cache[j].entity;
    return UINT32_MAX;
}

/* Index of the entity with code s[0..n), or UINT32_MAX. */
static uint32_t find_entity(loader *L, const char *s, size_t n)
{
    if (n && n <= 8 && L->ccap) {
        uint32_t e = cache_get(L, pack_code(s, n), n);
        if (e != UINT32_MAX)
            return e;
    }
    uint32_t e = dj_intern_find(&L->ds->ent_map, L->ds->ent_codes, s, n);
    if (e != UINT32_MAX && n && n <= 8)
        cache_put(L, pack_code(s, n), n, e);
    return e;
}

static dj_severity warn_level(const loader *L)
{
    return (L->flags & DJ_LOAD_STRICT) ? DJ_ERROR : DJ_WARNING;
}

/* Suggestions cost a scan of the known codes: make them only for
   diagnostics that will be kept, so that a file of a million unknown
   codes stays linear. */
static int want_hint(const loader *L)
{
    size_t max = L->diags->max_kept ? L->diags->max_kept : 1000;
    return L->diags->count < max;
}

/* ---- field helpers ---- */

/* Entity of a code of at most 8 bytes that the cache holds, or
   UINT32_MAX: the common case of an event row. The cache holds only codes
   that passed code_ok() (find_entity() fills it, after that check), so a
   field with the same bytes and length needs no check of its own. Anything
   else (a bad or unknown code, which needs its diagnostic) is left to
   code_ok() and entity_ref(). */
static uint32_t cached_code(const loader *L, const char *s, size_t n)
{
    if (n - 1 >= 8 || !L->ccap)
        return UINT32_MAX;
    return cache_get(L, pack_code(s, n), n);
}

/* Checks that a code is printable ASCII with no space or separator. */
static int code_ok(const dj_csv_row *row, size_t col, const char *what)
{
    const char *s = row->field[col];
    size_t n = row->len[col];
    if (n == 0) {
        dj_csv_report(row, col, DJ_ERROR, "expected %s code, found an empty field", what);
        return 0;
    }
    if (n > MAX_CODE) {
        dj_csv_report(row, col, DJ_ERROR, "expected %s code of at most %d characters, found %zu",
                      what, MAX_CODE, n);
        return 0;
    }
    static const unsigned char code_char[256] = {
        ['-'] = 1, ['.'] = 1, ['_'] = 1,
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
        ['7'] = 1, ['8'] = 1, ['9'] = 1,
        ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
        ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
        ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
        ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
        ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
        ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
        ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
        ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!code_char[c]) {
            dj_csv_report(row, col, DJ_ERROR,
                          "expected %s code of letters, digits, '_', '-' or '.', found '%.*s'",
                          what, dj_text_cut(s, 40), s);
            return 0;
        }
    }
    return 1;
}

static int date_field(const dj_csv_row *row, size_t col, dj_date *out,
                      dj_precision *prec)
{
    dj_date_problem p = dj_date_parse(out, prec, row->field[col], row->len[col]);
    if (p == DJ_DATE_OK)
        return 1;
    dj_csv_report(row, col, DJ_ERROR, "%s, found '%.*s'",
                  dj_date_problem_str(p), dj_text_cut(row->field[col], 40), row->field[col]);
    return 0;
}

/* A name or source that a spreadsheet would run as a formula (=, +, -, @
   first): the tidy CSV keeps it verbatim for R and pandas, so it is
   flagged here, a warning that --strict makes an error. */
static void formula_check(const loader *L, const dj_csv_row *row, size_t col, const char *what)
{
    char c = row->len[col] ? row->field[col][0] : '\0';
    if (c == '=' || c == '+' || c == '-' || c == '@')
        dj_csv_report(row, col, warn_level(L),
                      "%s starting with '%c', which a spreadsheet would run as a formula", what, c);
}

static const char *keep(loader *L, const dj_csv_row *row, size_t col)
{
    return dj_arena_strndup(&L->ds->arena, row->field[col], row->len[col]);
}

/* Entity of a code from data; unknown codes are a warning when
   entities.csv exists, and become entities named after their code. */
static uint32_t entity_ref(loader *L, const dj_csv_row *row, size_t col,
                           const char *what, int *oom)
{
    dj_dataset *ds = L->ds;
    const char *code = row->field[col];
    uint32_t e = find_entity(L, code, row->len[col]);
    if (e != UINT32_MAX)
        return e;
    if (L->have_entities) {
        const char *near = want_hint(L) ? dj_dataset_suggest_entity(ds, code) : NULL;
        if (near)
            dj_csv_report(row, col, warn_level(L),
                          "unknown %s code '%s', not in entities.csv (did you mean '%s'?)",
                          what, code, near);
        else
            dj_csv_report(row, col, warn_level(L),
                          "unknown %s code '%s', not in entities.csv", what, code);
    }
    e = dj_dataset_entity_intern(ds, code, row->len[col], NULL);
    if (e == DJ_NONE)
        *oom = 1;
    return e;
}

/* ---- entities.csv ---- */

enum { EN_CODE, EN_NAME, EN_FROM, EN_UNTIL, EN_SOURCE, EN_NOTE };
/* Names may hold line breaks (a quoted field over several lines): they are
   shown as spaces in charts and quoted in CSV outputs. `from` and `until`
   bound the days the entity exists; source and note are their
   provenance, for the reader of the file: checked as text, not kept. */
static const dj_csv_col entity_cols[] = {{"code", 1, 0}, {"name", 1, 1}, {"from", 0, 0},
                                         {"until", 0, 0}, {"source", 0, 0}, {"note", 0, 0}};

static int entity_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    int added;
    dj_date from = DJ_DATE_NONE, until = DJ_DATE_MAX;
    if (!code_ok(row, EN_CODE, "an entity"))
        return 0;
    if (row->len[EN_FROM] && !date_field(row, EN_FROM, &from, NULL))
        return 0;
    if (row->len[EN_UNTIL] && !date_field(row, EN_UNTIL, &until, NULL))
        return 0;
    if (until <= from) {
        dj_csv_report(row, EN_UNTIL, DJ_ERROR, "expected 'until' after 'from' (%s), found '%s'",
                      row->field[EN_FROM], row->field[EN_UNTIL]);
        return 0;
    }
    uint32_t e = dj_dataset_entity_intern(ds, row->field[EN_CODE], row->len[EN_CODE], &added);
    if (e == DJ_NONE)
        return DJ_ENOMEM;
    if (!added) {
        dj_csv_report(row, EN_CODE, DJ_ERROR, "entity '%s' is listed twice", row->field[EN_CODE]);
        return 0;
    }
    formula_check(L, row, EN_NAME, "a name");
    formula_check(L, row, EN_SOURCE, "a source");
    if (row->len[EN_NAME]) {
        const char *name = keep(L, row, EN_NAME);
        if (!name)
            return DJ_ENOMEM;
        ds->ent[e].name = name;
    }
    ds->ent[e].from = from;
    ds->ent[e].until = until;
    return 0;
}

/* ---- subjects.csv ---- */

/* source and note are the declaration's provenance, for the reader of the
   file: checked as text like every field, not kept */
enum { SU_CODE, SU_NAME, SU_DECLARED, SU_SOURCE, SU_NOTE };
static const dj_csv_col subject_cols[] = {{"code", 1, 0}, {"name", 0, 1}, {"declared", 0, 0},
                                          {"source", 0, 0}, {"note", 0, 0}};

static int add_subject(dj_dataset *ds, uint32_t e, dj_date declared)
{
    return dj_dataset_subject_add(ds, e, declared);
}

static int subject_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    dj_date declared = DJ_DATE_NONE;
    if (!code_ok(row, SU_CODE, "a subject"))
        return 0;
    if (row->len[SU_DECLARED] && !date_field(row, SU_DECLARED, &declared, NULL))
        return 0;
    int added;
    uint32_t e = dj_dataset_entity_intern(ds, row->field[SU_CODE], row->len[SU_CODE], &added);
    if (e == DJ_NONE)
        return DJ_ENOMEM;
    if (dj_dataset_subject_find(ds, e) != DJ_NONE) {
        dj_csv_report(row, SU_CODE, DJ_ERROR, "subject '%s' is listed twice", row->field[SU_CODE]);
        return 0;
    }
    formula_check(L, row, SU_NAME, "a name");
    formula_check(L, row, SU_SOURCE, "a source");
    if (row->len[SU_NAME] && (added || ds->ent[e].name == ds->ent[e].code)) {
        const char *name = keep(L, row, SU_NAME);
        if (!name)
            return DJ_ENOMEM;
        ds->ent[e].name = name;
    }
    return add_subject(ds, e, declared);
}

/* ---- bloc_names.csv ---- */

/* A bloc may change its name (EEC, EC, EU): each name on a row of its
   own with `from` and `until`; the row without `until` (or the last) is
   the bloc's name today, the others are kept for the days they cover. */
enum { BN_BLOC, BN_NAME, BN_FROM, BN_UNTIL, BN_SOURCE, BN_NOTE };
static const dj_csv_col bloc_name_cols[] = {
    {"bloc", 1, 0}, {"name", 1, 1}, {"from", 0, 0}, {"until", 0, 0}, {"source", 0, 0}, {"note", 0, 0}};

static int bloc_name_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    int added;
    dj_date from = DJ_DATE_NONE, until = DJ_DATE_MAX;
    if (!code_ok(row, BN_BLOC, "a bloc"))
        return 0;
    if (row->len[BN_FROM] && !date_field(row, BN_FROM, &from, NULL))
        return 0;
    if (row->len[BN_UNTIL] && !date_field(row, BN_UNTIL, &until, NULL))
        return 0;
    if (until <= from) {
        dj_csv_report(row, BN_UNTIL, DJ_ERROR, "expected 'until' after 'from' (%s), found '%s'",
                      row->field[BN_FROM], row->field[BN_UNTIL]);
        return 0;
    }
    uint32_t b = dj_dataset_bloc_intern(ds, row->field[BN_BLOC], row->len[BN_BLOC], &added);
    if (b == DJ_NONE)
        return DJ_ENOMEM;
    int dated = row->len[BN_FROM] || row->len[BN_UNTIL];
    if (!added && !dated) {
        dj_csv_report(row, BN_BLOC, DJ_ERROR,
                      "bloc '%s' is listed twice (a former name needs 'from' and 'until')",
                      row->field[BN_BLOC]);
        return 0;
    }
    formula_check(L, row, BN_NAME, "a name");
    formula_check(L, row, BN_SOURCE, "a source");
    const char *name = row->len[BN_NAME] ? keep(L, row, BN_NAME) : ds->bloc[b].code;
    if (!name)
        return DJ_ENOMEM;
    if (dated) {
        size_t cap = ds->capbname;
        if (dj_grow(&ds->bname, &cap, ds->nbname + 1, sizeof *ds->bname))
            return DJ_ENOMEM;
        ds->capbname = cap;
        ds->bname[ds->nbname++] = (struct dj_bloc_name){b, from, until, name};
    }
    if (added || until == DJ_DATE_MAX)
        ds->bloc[b].name = name;
    return 0;
}

/* ---- events.csv ---- */

enum { EV_DATE, EV_ACTOR, EV_SUBJECT, EV_TYPE, EV_DISPUTED, EV_SOURCE, EV_NOTE, EV_VIA, EV_MARKS };
static const dj_csv_col event_cols[] = {
    {"date", 1, 0}, {"actor", 1, 0}, {"subject", 1, 0}, {"type", 1, 0},
    {"disputed", 0, 0}, {"source", 0, 0}, {"note", 0, 0}, {"via", 0, 0}, {"marks", 0, 0}};

static int grow_events(dj_dataset *ds, int want_text)
{
    if (ds->nev < ds->capev && (!want_text || ds->ev_source))
        return 0;
    size_t need = ds->nev + 1, cap;
#define GROW(arr) \
    cap = ds->capev; \
    if (dj_grow(&ds->arr, &cap, need, sizeof *ds->arr)) return DJ_ENOMEM;
    GROW(ev_date) GROW(ev_actor) GROW(ev_subject) GROW(ev_flags)
    if (want_text) {
        if (!ds->ev_source) {
            ds->ev_source = dj_calloc(ds->capev ? ds->capev : 8, sizeof *ds->ev_source);
            ds->ev_note = dj_calloc(ds->capev ? ds->capev : 8, sizeof *ds->ev_note);
            if (!ds->ev_source || !ds->ev_note)
                return DJ_ENOMEM;
        }
        size_t old = ds->capev ? ds->capev : 8;
        GROW(ev_source) GROW(ev_note)
        for (size_t i = old; i < cap; i++)
            ds->ev_source[i] = ds->ev_note[i] = NULL;
    }
#undef GROW
    ds->capev = cap;
    return 0;
}

static int parse_disputed(loader *L, const dj_csv_row *row, size_t ev)
{
    dj_dataset *ds = L->ds;
    const char *s = row->field[EV_DISPUTED];
    size_t n = row->len[EV_DISPUTED], start = ds->ndispparty, count = 0;
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != ';')
            j++;
        size_t a = i, b = j;
        while (a < b && (s[a] == ' ')) a++;
        while (b > a && (s[b - 1] == ' ')) b--;
        if (b == a) {
            dj_csv_report(row, EV_DISPUTED, DJ_ERROR,
                          "expected entity codes separated by ';', found '%.*s'", dj_text_cut(s, 40), s);
            ds->ndispparty = start;
            return 0;
        }
        char code[MAX_CODE + 1];
        if (b - a > MAX_CODE) {
            dj_csv_report(row, EV_DISPUTED, DJ_ERROR, "expected an entity code, found '%.*s'",
                          dj_text_cut(s + a, 40), s + a);
            ds->ndispparty = start;
            return 0;
        }
        memcpy(code, s + a, b - a);
        code[b - a] = '\0';
        uint32_t e = dj_dataset_entity_find(ds, code);
        if (e == DJ_NONE) {
            if (L->have_entities) {
                const char *near = want_hint(L) ? dj_dataset_suggest_entity(ds, code) : NULL;
                dj_csv_report(row, EV_DISPUTED, warn_level(L),
                              "unknown disputing party '%s'%s%s%s", code,
                              near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            }
            e = dj_dataset_entity_intern(ds, code, b - a, NULL);
            if (e == DJ_NONE)
                return DJ_ENOMEM;
        }
        if (dj_grow(&ds->disp_party, &ds->capdispparty, ds->ndispparty + 1, sizeof *ds->disp_party))
            return DJ_ENOMEM;
        ds->disp_party[ds->ndispparty++] = e;
        count++;
        i = j + 1;
    }
    size_t cap = ds->capdisp;
    if (dj_grow(&ds->disp_event, &cap, ds->ndisp + 1, sizeof *ds->disp_event))
        return DJ_ENOMEM;
    cap = ds->capdisp;
    if (dj_grow(&ds->disp_start, &cap, ds->ndisp + 1, sizeof *ds->disp_start))
        return DJ_ENOMEM;
    cap = ds->capdisp;
    if (dj_grow(&ds->disp_count, &cap, ds->ndisp + 1, sizeof *ds->disp_count))
        return DJ_ENOMEM;
    ds->capdisp = cap;
    ds->disp_event[ds->ndisp] = (uint32_t)ev;
    ds->disp_start[ds->ndisp] = (uint32_t)start;
    ds->disp_count[ds->ndisp] = (uint32_t)count;
    ds->ndisp++;
    return 1;
}

/* `via` and `marks` of an event row by `actor` of type `flags`: 1 when
   they are good (*via DJ_NONE and *marks 0 when absent), 0 when the row
   is refused (reported), or DJ_ENOMEM. */
static int parse_extra(loader *L, const dj_csv_row *row, uint32_t actor, unsigned flags,
                       uint32_t *via, unsigned *marks)
{
    *via = DJ_NONE;
    *marks = 0;
    if (row->len[EV_VIA]) {
        int oom = 0;
        if (!code_ok(row, EV_VIA, "a predecessor"))
            return 0;
        if (flags & DJ_EVF_WITHDRAW) {
            dj_csv_report(row, EV_VIA, DJ_ERROR, "expected 'via' on a recognize row only, found it on '%s'",
                          row->field[EV_TYPE]);
            return 0;
        }
        *via = entity_ref(L, row, EV_VIA, "predecessor", &oom);
        if (oom)
            return DJ_ENOMEM;
        if (*via == actor) {
            dj_csv_report(row, EV_VIA, DJ_ERROR, "expected a predecessor other than the actor, found '%s'",
                          row->field[EV_VIA]);
            return 0;
        }
    }
    const char *s = row->field[EV_MARKS];
    size_t n = row->len[EV_MARKS];
    for (size_t i = 0; n && i <= n;) {
        size_t j = i;
        while (j < n && s[j] != ';')
            j++;
        size_t a = i, b = j;
        while (a < b && s[a] == ' ') a++;
        while (b > a && s[b - 1] == ' ') b--;
        unsigned bit = dj_mark_parse(s + a, b - a);
        if (!bit) {
            dj_csv_report(row, EV_MARKS, DJ_ERROR,
                          "expected marks from conditional, announced, verbal separated by ';', found '%.*s'",
                          dj_text_cut(s, 40), s);
            return 0;
        }
        *marks |= bit;
        i = j + 1;
    }
    return 1;
}

/* The actor and subject of an event row that the code cache could not
   settle: both codes checked, unknown ones reported and added. Returns 1,
   0 when the row is refused (reported), or DJ_ENOMEM. */
static int event_codes(loader *L, const dj_csv_row *row, uint32_t *actor_out,
                       uint32_t *subject_out)
{
    dj_dataset *ds = L->ds;
    int oom = 0;
    if (!code_ok(row, EV_ACTOR, "an actor") || !code_ok(row, EV_SUBJECT, "a subject"))
        return 0;
    uint32_t actor = entity_ref(L, row, EV_ACTOR, "actor", &oom), subject;
    if (oom)
        return DJ_ENOMEM;
    uint32_t known = find_entity(L, row->field[EV_SUBJECT], row->len[EV_SUBJECT]);
    if (known == UINT32_MAX)
        known = DJ_NONE;
    if (known != DJ_NONE && dj_dataset_subject_find(ds, known) != DJ_NONE) {
        subject = known;
    } else {
        if (L->have_subjects) {
            const char *near = want_hint(L) ? dj_dataset_suggest_subject(ds, row->field[EV_SUBJECT]) : NULL;
            dj_csv_report(row, EV_SUBJECT, warn_level(L),
                          "unknown subject '%s', not in subjects.csv%s%s%s", row->field[EV_SUBJECT],
                          near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        /* one warning per problem: an unknown subject is not warned about
           again as an unknown entity */
        if (known != DJ_NONE)
            subject = known;
        else if (L->have_subjects) {
            subject = dj_dataset_entity_intern(ds, row->field[EV_SUBJECT], row->len[EV_SUBJECT], NULL);
            if (subject == DJ_NONE)
                return DJ_ENOMEM;
        } else {
            subject = entity_ref(L, row, EV_SUBJECT, "subject", &oom);
            if (oom)
                return DJ_ENOMEM;
        }
        if (add_subject(ds, subject, DJ_DATE_NONE))
            return DJ_ENOMEM;
    }
    *actor_out = actor;
    *subject_out = subject;
    return 1;
}

static int event_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    dj_date date;
    dj_precision prec;
    uint8_t flags;

    if (!date_field(row, EV_DATE, &date, &prec))
        return 0;
    const char *type = row->field[EV_TYPE];
    size_t tlen = row->len[EV_TYPE];
    if (tlen == 9 && memcmp(type, "recognize", 9) == 0)
        flags = 0;
    else if (tlen == 8 && memcmp(type, "withdraw", 8) == 0)
        flags = DJ_EVF_WITHDRAW;
    else if (tlen == 6 && memcmp(type, "freeze", 6) == 0)
        flags = DJ_EVF_WITHDRAW | DJ_EVF_FREEZE;
    else {
        const char *hint = "";
        if (strcmp(type, "recognise") == 0 || strcmp(type, "recognition") == 0 ||
            strcmp(type, "Recognize") == 0)
            hint = " (did you mean 'recognize'?)";
        else if (strcmp(type, "withdrawal") == 0 || strcmp(type, "withdrawn") == 0 ||
                 strcmp(type, "Withdraw") == 0 || strcmp(type, "revoke") == 0)
            hint = " (did you mean 'withdraw'?)";
        else if (strcmp(type, "suspend") == 0 || strcmp(type, "frozen") == 0 ||
                 strcmp(type, "Freeze") == 0)
            hint = " (did you mean 'freeze'?)";
        dj_csv_report(row, EV_TYPE, DJ_ERROR,
                      "expected type 'recognize', 'withdraw' or 'freeze', found '%.*s'%s",
                      dj_text_cut(type, 40), type, hint);
        return 0;
    }
    uint32_t actor = cached_code(L, row->field[EV_ACTOR], row->len[EV_ACTOR]);
    uint32_t subject = cached_code(L, row->field[EV_SUBJECT], row->len[EV_SUBJECT]);
    if (actor == UINT32_MAX || subject == UINT32_MAX ||
        dj_dataset_subject_find(ds, subject) == DJ_NONE) {
        int rc = event_codes(L, row, &actor, &subject);
        if (rc <= 0)
            return rc;
    }
    if (actor == subject) {
        dj_csv_report(row, EV_ACTOR, DJ_ERROR, "expected an actor other than the subject, found '%s' for both",
                      row->field[EV_ACTOR]);
        return 0;
    }
    uint32_t extra_via = DJ_NONE;
    unsigned extra_marks = 0;
    if (row->len[EV_VIA] || row->len[EV_MARKS]) {
        int rc = parse_extra(L, row, actor, flags, &extra_via, &extra_marks);
        if (rc <= 0)
            return rc;
    }
    int want_text = row->present[EV_SOURCE] || row->present[EV_NOTE];
    if (grow_events(ds, want_text))
        return DJ_ENOMEM;
    size_t i = ds->nev;
    if (row->len[EV_DISPUTED]) {
        int rc = parse_disputed(L, row, i);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return 0;
        flags |= DJ_EVF_DISPUTED;
    }
    if (extra_via != DJ_NONE || extra_marks) {
        if (dj_grow(&ds->extra, &ds->capextra, ds->nextra + 1, sizeof *ds->extra))
            return DJ_ENOMEM;
        ds->extra[ds->nextra++] = (struct dj_ev_extra){(uint32_t)i, extra_via, extra_marks};
        ds->marks_used |= extra_marks;
        flags |= DJ_EVF_EXTRA;
    }
    if (want_text) {
        const char *src = row->len[EV_SOURCE] ? keep(L, row, EV_SOURCE) : NULL;
        const char *note = row->len[EV_NOTE] ? keep(L, row, EV_NOTE) : NULL;
        if ((row->len[EV_SOURCE] && !src) || (row->len[EV_NOTE] && !note))
            return DJ_ENOMEM;
        ds->ev_source[i] = src;
        ds->ev_note[i] = note;
        if (src)
            L->nevsrc++;
    }
    formula_check(L, row, EV_SOURCE, "a source");
    if (row->present[EV_SOURCE] && !row->len[EV_SOURCE])
        dj_csv_report(row, EV_SOURCE, (L->flags & DJ_LOAD_REQUIRE_SOURCES) ? DJ_ERROR : warn_level(L),
                      "expected a source for this event, found an empty field");
    ds->ev_date[i] = date;
    ds->ev_actor[i] = actor;
    ds->ev_subject[i] = subject;
    ds->ev_flags[i] = (uint8_t)(flags | (unsigned)prec << DJ_EVF_PREC_SHIFT);
    if (dj_dataset_line_push(ds, row->line))
        return DJ_ENOMEM;
    ds->nev++;
    return 0;
}

/* ---- blocs.csv ---- */

enum { BL_BLOC, BL_MEMBER, BL_JOINED, BL_LEFT, BL_SOURCE, BL_NOTE };
static const dj_csv_col bloc_cols[] = {
    {"bloc", 1, 0}, {"member", 1, 0}, {"joined", 1, 0}, {"left", 0, 0}, {"source", 0, 0}, {"note", 0, 0}};

static int bloc_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    dj_date joined, left = DJ_DATE_MAX;
    int oom = 0, added;

    if (!code_ok(row, BL_BLOC, "a bloc") || !code_ok(row, BL_MEMBER, "a member"))
        return 0;
    if (!date_field(row, BL_JOINED, &joined, NULL))
        return 0;
    if (row->len[BL_LEFT] && !date_field(row, BL_LEFT, &left, NULL))
        return 0;
    if (left <= joined) {
        dj_csv_report(row, BL_LEFT, DJ_ERROR,
                      "expected 'left' after 'joined' (%s), found '%s'",
                      row->field[BL_JOINED], row->field[BL_LEFT]);
        return 0;
    }
    uint32_t b = dj_intern_find(&ds->bloc_map, ds->bloc_codes, row->field[BL_BLOC], row->len[BL_BLOC]);
    if (b == UINT32_MAX) {
        if (L->have_bloc_names) {
            const char *near = want_hint(L) ? dj_dataset_suggest_bloc(ds, row->field[BL_BLOC]) : NULL;
            dj_csv_report(row, BL_BLOC, warn_level(L),
                          "unknown bloc '%s', not in bloc_names.csv%s%s%s", row->field[BL_BLOC],
                          near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        b = dj_dataset_bloc_intern(ds, row->field[BL_BLOC], row->len[BL_BLOC], &added);
        if (b == DJ_NONE)
            return DJ_ENOMEM;
    }
    uint32_t m = entity_ref(L, row, BL_MEMBER, "member", &oom);
    if (oom)
        return DJ_ENOMEM;
    size_t cap = ds->capmemb;
    if (dj_grow(&ds->memb, &cap, ds->nmemb + 1, sizeof *ds->memb))
        return DJ_ENOMEM;
    ds->capmemb = cap;
    if (dj_grow(&L->memb_line, &L->capmembline, ds->nmemb + 1, sizeof *L->memb_line))
        return DJ_ENOMEM;
    L->memb_line[ds->nmemb] = (uint32_t)row->line;
    dj_membership *ms = &ds->memb[ds->nmemb++];
    ms->bloc = b;
    ms->member = m;
    ms->joined = joined;
    ms->left = left;
    return 0;
}

/* ---- population.csv ---- */

enum { PO_CODE, PO_POPULATION, PO_YEAR, PO_SOURCE };
static const dj_csv_col population_cols[] = {
    {"code", 1, 0}, {"population", 1, 0}, {"year", 1, 0}, {"source", 0, 0}};

static int number_field(const dj_csv_row *row, size_t col, int64_t max, int64_t *out)
{
    const char *s = row->field[col];
    size_t n = row->len[col];
    int64_t v = 0;
    if (n == 0 || n > 18)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            goto bad;
        v = v * 10 + (s[i] - '0');
    }
    if (v > max)
        goto bad;
    *out = v;
    return 1;
bad:
    dj_csv_report(row, col, DJ_ERROR, "expected a whole number from 0 to %lld, found '%.*s'",
                  (long long)max, dj_text_cut(s, 40), s);
    return 0;
}

static int population_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    int64_t pop, year;
    int oom = 0;
    if (!code_ok(row, PO_CODE, "an entity"))
        return 0;
    if (!number_field(row, PO_POPULATION, INT64_C(100000000000), &pop) ||
        !number_field(row, PO_YEAR, 9999, &year))
        return 0;
    uint32_t e = entity_ref(L, row, PO_CODE, "entity", &oom);
    if (oom)
        return DJ_ENOMEM;
    struct dj_entity *en = &L->ds->ent[e];
    if (en->population_year) {
        dj_csv_report(row, PO_CODE, DJ_ERROR, "population of '%s' is given twice", en->code);
        return 0;
    }
    en->population = pop;
    en->population_year = (int)year;
    if (row->len[PO_SOURCE] && !(en->population_source = keep(L, row, PO_SOURCE)))
        return DJ_ENOMEM;
    return 0;
}

/* ---- annotations.csv ---- */

/* `subject` (optional): the subject on whose charts the row is drawn;
   empty: every subject's. */
enum { AN_DATE, AN_LABEL, AN_SUBJECT };
static const dj_csv_col annotation_cols[] = {{"date", 1, 0}, {"label", 1, 0}, {"subject", 0, 0}};

static int annotation_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    dj_date d;
    uint32_t subject = DJ_NONE;
    if (!date_field(row, AN_DATE, &d, NULL))
        return 0;
    if (row->len[AN_SUBJECT]) {
        /* read after the events: every subject is known by now */
        if (!code_ok(row, AN_SUBJECT, "a subject"))
            return 0;
        subject = find_entity(L, row->field[AN_SUBJECT], row->len[AN_SUBJECT]);
        if (subject == UINT32_MAX || dj_dataset_subject_find(ds, subject) == DJ_NONE) {
            const char *near = want_hint(L) ? dj_dataset_suggest_subject(ds, row->field[AN_SUBJECT]) : NULL;
            dj_csv_report(row, AN_SUBJECT, DJ_ERROR, "unknown subject '%s', not a subject of the dataset%s%s%s",
                          row->field[AN_SUBJECT], near ? " (did you mean '" : "", near ? near : "",
                          near ? "'?)" : "");
            return 0;
        }
    }
    if (dj_grow(&ds->ann, &ds->capann, ds->nann + 1, sizeof *ds->ann))
        return DJ_ENOMEM;
    const char *label = keep(L, row, AN_LABEL);
    if (!label)
        return DJ_ENOMEM;
    ds->ann[ds->nann].date = d;
    ds->ann[ds->nann].label = label;
    ds->ann[ds->nann].subject = subject;
    ds->nann++;
    return 0;
}

/* ---- checks over whole tables ---- */

/* Appends the diagnostics of `from` (a part read or checked apart) to
   `to`, lines shifted by line_off; counts what `from` only counted. */
/* ---- outlines.csv ---- */

/* Where the map draws an entity: on the outline of another code of the
   outlines file on [from, until) (Northern Cyprus on CYN, the Soviet
   Union on Russia's and the others' in 1989), or, with lon/lat and no
   outline, at a point (an entity too small for the map's scale). */
enum { OU_OUTLINE, OU_ENTITY, OU_FROM, OU_UNTIL, OU_LON, OU_LAT, OU_SOURCE, OU_NOTE };
static const dj_csv_col outline_cols[] = {{"outline", 0, 0}, {"entity", 1, 0}, {"from", 0, 0},
                                          {"until", 0, 0}, {"lon", 0, 0}, {"lat", 0, 0},
                                          {"source", 0, 0}, {"note", 0, 0}};

static int coordinate(const dj_csv_row *row, size_t col, double lo, double hi, double *out)
{
    char buf[32], *end;
    size_t n = row->len[col];
    if (n == 0 || n >= sizeof buf)
        goto bad;
    memcpy(buf, row->field[col], n);
    buf[n] = '\0';
    *out = strtod(buf, &end);
    if (*end == '\0' && *out >= lo && *out <= hi)
        return 1;
bad:
    dj_csv_report(row, col, DJ_ERROR, "expected a number from %g to %g, found '%.*s'", lo, hi,
                  dj_text_cut(row->field[col], 40), row->field[col]);
    return 0;
}

static int outline_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    struct dj_outline_row x = {NULL, DJ_NONE, DJ_DATE_NONE, DJ_DATE_MAX, 0, 0, 0};
    int oom = 0;
    if (row->len[OU_OUTLINE] && !code_ok(row, OU_OUTLINE, "an outline"))
        return 0;
    if (!code_ok(row, OU_ENTITY, "an entity"))
        return 0;
    if ((row->len[OU_FROM] && !date_field(row, OU_FROM, &x.from, NULL)) ||
        (row->len[OU_UNTIL] && !date_field(row, OU_UNTIL, &x.until, NULL)))
        return 0;
    if (x.until <= x.from) {
        dj_csv_report(row, OU_UNTIL, DJ_ERROR, "expected 'until' after 'from' (%s), found '%s'",
                      row->field[OU_FROM], row->field[OU_UNTIL]);
        return 0;
    }
    if (row->len[OU_LON] || row->len[OU_LAT]) {
        if (!coordinate(row, OU_LON, -180, 180, &x.lon) || !coordinate(row, OU_LAT, -90, 90, &x.lat))
            return 0;
        x.point = 1;
    }
    if (!row->len[OU_OUTLINE] && !x.point) {
        dj_csv_report(row, OU_OUTLINE, DJ_ERROR, "expected an outline code, or lon and lat for a point");
        return 0;
    }
    x.entity = entity_ref(L, row, OU_ENTITY, "entity", &oom);
    if (oom)
        return DJ_ENOMEM;
    if (row->len[OU_OUTLINE] && !(x.outline = keep(L, row, OU_OUTLINE)))
        return DJ_ENOMEM;
    size_t cap = ds->capoutl;
    if (dj_grow(&ds->outl, &cap, ds->noutl + 1, sizeof *ds->outl))
        return DJ_ENOMEM;
    ds->capoutl = cap;
    ds->outl[ds->noutl++] = x;
    return 0;
}

static void append_diags(dj_diagnostics *to, const dj_diagnostics *from, long line_off)
{
    size_t kept_errors = 0;
    for (size_t i = 0; i < from->count; i++) {
        const dj_diag *g = &from->items[i];
        kept_errors += g->severity == DJ_ERROR;
        dj_diag_add(to, g->severity, g->path, g->line > 0 ? g->line + line_off : g->line,
                    g->column, "%s", g->msg);
    }
    to->errors += from->errors - kept_errors;
    to->warnings += from->warnings - (from->count - kept_errors);
}

/* The file event i came from; *run remembers where the last lookup
   ended (a subject's events come mostly in file order). */
static const char *event_path(const loader *L, size_t i, size_t *run, const char *fallback)
{
    if (!L->nefile)
        return fallback;
    size_t k = *run < L->nefile ? *run : 0;
    if (L->efile_ev[k] > i)
        k = 0;
    while (k + 1 < L->nefile && L->efile_ev[k + 1] <= i)
        k++;
    *run = k;
    return L->efile_path[k];
}

/* Duplicates, withdrawals without recognition, repeated recognitions and
   events before the declaration, per (subject, actor) in date order. The
   same pass builds the "all" view's recognition intervals, which the
   dataset keeps. Batches may run on two threads: each has its own list of
   diagnostics, joined in batch (= subject) order. */
typedef struct check_ctx {
    loader *L;
    const char *path;
    dj_diagnostics *diags;   /* one list per batch */
    size_t nb;
    dj_status_builder *b;
} check_ctx;

static int check_begin(void *ctx, size_t nbatches, const size_t *batch_events)
{
    check_ctx *c = ctx;
    dj_view all = {DJ_VIEW_ALL, 0, 0};
    c->nb = nbatches;
    c->diags = dj_calloc(nbatches, sizeof *c->diags);
    if (!c->diags)
        return DJ_ENOMEM;
    for (size_t k = 0; k < nbatches; k++) {
        dj_diagnostics_init(&c->diags[k]);
        c->diags[k].max_kept = c->L->diags->max_kept;
    }
    return dj_status_builder_new(&c->b, c->L->ds, &all, nbatches, batch_events);
}

static int check_subject(void *ctx, size_t batch, uint32_t subject,
                         const dj_pair_item *it, size_t n)
{
    check_ctx *c = ctx;
    loader *L = c->L;
    const dj_dataset *ds = L->ds;
    dj_diagnostics *dg = &c->diags[batch];
    const char *path = c->path;
    size_t run = 0;
    const char *scode = ds->ent[subject].code;
    dj_date decl = dj_dataset_subject_declared(ds, subject);
    int recognising = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = DJ_PAIR_EVENT(it[k]);
        path = event_path(L, i, &run, c->path);
        int first = k == 0 || it[k - 1].actor != it[k].actor;
        int withdraw = !!(it[k].ev & DJ_PAIR_WITHDRAW);
        char d[DJ_DATE_BUFSIZE];
        if (first)
            recognising = 0;
        if (!first) {
            if (it[k - 1].date == it[k].date &&
                !!(it[k - 1].ev & DJ_PAIR_WITHDRAW) == withdraw &&
                !(L->flags & DJ_LOAD_ALLOW_DUPLICATES)) {
                dj_date_format(d, it[k].date, DJ_PREC_DAY);
                dj_diag_add(dg, DJ_ERROR, path, dj_dataset_event_line(ds, i), 1,
                            "duplicate event: %s %s %s %s already on line %lu", d,
                            ds->ent[it[k].actor].code, scode,
                            withdraw ? "withdraw" : "recognize",
                            (unsigned long)dj_dataset_event_line(ds, DJ_PAIR_EVENT(it[k - 1])));
                continue;
            }
        }
        /* Order warnings look at every event, disputed or not: a dataset
           may record a disputed withdrawal and then a re-recognition. A
           frozen recognition may still be withdrawn, and a freeze someone
           disputes may be followed by one nobody does. The date is
           formatted only for a message that is kept. */
        int freeze = !!(ds->ev_flags[i] & DJ_EVF_FREEZE);
        int after_freeze = !first && (ds->ev_flags[DJ_PAIR_EVENT(it[k - 1])] & DJ_EVF_FREEZE) &&
                           (!freeze || (it[k - 1].ev & DJ_PAIR_FILTERED));
        /* ... and a recognition someone disputes (a claim) by the act itself */
        int after_claim = !first && !withdraw && !(it[k - 1].ev & DJ_PAIR_WITHDRAW) &&
                          (ds->ev_flags[DJ_PAIR_EVENT(it[k - 1])] & DJ_EVF_DISPUTED);
        if (withdraw != recognising && !(withdraw && after_freeze) && !after_claim) {
            if (dj_diag_wanted(dg, warn_level(L))) {
                dj_date_format(d, it[k].date, DJ_PREC_DAY);
                if (withdraw)
                    dj_diag_add(dg, warn_level(L), path, dj_dataset_event_line(ds, i), 1,
                                "%s %s recognition of %s on %s without an earlier recognition",
                                ds->ent[it[k].actor].code,
                                freeze ? "freezes" : "withdraws",
                                scode, d);
                else
                    dj_diag_add(dg, warn_level(L), path, dj_dataset_event_line(ds, i), 1,
                                "%s recognises %s again on %s without a withdrawal in between",
                                ds->ent[it[k].actor].code, scode, d);
            } else {
                dj_diag_count(dg, warn_level(L));
            }
        }
        recognising = !withdraw;
        /* an imprecise date is early or late only when its whole period is */
        dj_precision prec = (dj_precision)((ds->ev_flags[i] & DJ_EVF_PREC_MASK) >> DJ_EVF_PREC_SHIFT);
        dj_grid period = prec == DJ_PREC_YEAR ? DJ_GRID_YEAR
                         : prec == DJ_PREC_MONTH ? DJ_GRID_MONTH : DJ_GRID_DAY;
        dj_date last_day = dj_date_period_end(it[k].date, period);
        if (decl != DJ_DATE_NONE && last_day < decl) {
            dj_date_format(d, it[k].date, DJ_PREC_DAY);
            dj_diag_add(dg, warn_level(L), path, dj_dataset_event_line(ds, i), 1,
                        "event on %s before %s declared independence", d, scode);
        }
        const struct dj_entity *a = &ds->ent[it[k].actor];
        if (last_day < a->from || it[k].date >= a->until) {
            dj_date_format(d, it[k].date, DJ_PREC_DAY);
            dj_diag_add(dg, warn_level(L), path, dj_dataset_event_line(ds, i), 1,
                        "event on %s outside the existence of %s (entities.csv): it counts only "
                        "while %s exists", d, a->code, a->code);
        }
        const struct dj_ev_extra *x = dj_dataset_event_extra(ds, i);
        if (x && x->via != DJ_NONE && ds->ent[x->via].until > it[k].date) {
            dj_date_format(d, it[k].date, DJ_PREC_DAY);
            dj_diag_add(dg, warn_level(L), path, dj_dataset_event_line(ds, i), 1,
                        "%s continues %s from %s, but %s still exists then (entities.csv): "
                        "the predecessor stops counting that day", a->code, ds->ent[x->via].code, d,
                        ds->ent[x->via].code);
        }
    }
    return dj_status_builder_add(c->b, batch, subject, it, n);
}

static int check_events(loader *L, const char *path)
{
    check_ctx c = {L, path, NULL, 0, NULL};
    int rc = dj_events_by_pair(L->ds, check_begin, check_subject, &c);
    for (size_t k = 0; k < c.nb && c.diags; k++) {
        append_diags(L->diags, &c.diags[k], 0);
        dj_diagnostics_dispose(&c.diags[k]);
    }
    dj_free(c.diags);
    if (!rc && c.b) {
        L->ds->all_status_free = dj_status_free_owned;
        return dj_status_builder_finish(c.b, &L->ds->all_status);
    }
    dj_status_builder_free(c.b);
    return rc;
}

/* A `via` row continues its predecessor's status: when the predecessor
   does not recognise the subject the day before (every event counted),
   the row continues a non-recognition, which is rarely what was meant
   (a date one day off the predecessor's end, say). */
static void check_vias(loader *L)
{
    const dj_dataset *ds = L->ds;
    size_t run = 0;
    for (size_t k = 0; k < ds->nextra && ds->all_status; k++) {
        const struct dj_ev_extra *x = &ds->extra[k];
        if (x->via == DJ_NONE)
            continue;
        uint32_t i = x->event, s = ds->ev_subject[i];
        dj_date day = ds->ev_date[i];
        if (day < ds->ent[ds->ev_actor[i]].from)
            day = ds->ent[ds->ev_actor[i]].from;
        if (dj_status_recognizes(ds->all_status, s, x->via, day - 1))
            continue;
        char d[DJ_DATE_BUFSIZE];
        dj_date_format(d, day - 1, DJ_PREC_DAY);
        dj_diag_add(L->diags, warn_level(L), event_path(L, i, &run, L->path),
                    dj_dataset_event_line(ds, i), 1,
                    "%s continues %s's status towards %s, but %s does not recognise %s on %s, "
                    "the day before: the row continues a non-recognition",
                    ds->ent[ds->ev_actor[i]].code, ds->ent[x->via].code, ds->ent[s].code,
                    ds->ent[x->via].code, ds->ent[s].code, d);
    }
}

/* A membership's sort key with its row index: qsort has no context
   argument, and a static one would make loading unsafe from two threads. */
typedef struct memb_key {
    uint32_t bloc, member;
    dj_date joined;
    uint32_t idx;
} memb_key;

static int cmp_memb(const void *a, const void *b)
{
    const memb_key *x = a, *y = b;
    if (x->bloc != y->bloc) return x->bloc < y->bloc ? -1 : 1;
    if (x->member != y->member) return x->member < y->member ? -1 : 1;
    if (x->joined != y->joined) return x->joined < y->joined ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int check_memberships(loader *L, const char *path)
{
    dj_dataset *ds = L->ds;
    memb_key *key = dj_malloc((ds->nmemb ? ds->nmemb : 1) * sizeof *key);
    if (!key)
        return DJ_ENOMEM;
    for (size_t i = 0; i < ds->nmemb; i++)
        key[i] = (memb_key){ds->memb[i].bloc, ds->memb[i].member, ds->memb[i].joined, (uint32_t)i};
    qsort(key, ds->nmemb, sizeof *key, cmp_memb);
    for (size_t k = 1; k < ds->nmemb; k++) {
        uint32_t pi = key[k - 1].idx, mi = key[k].idx;
        const dj_membership *p = &ds->memb[pi], *m = &ds->memb[mi];
        if (p->bloc == m->bloc && p->member == m->member && m->joined < p->left) {
            uint32_t later = mi > pi ? mi : pi;
            uint32_t earlier = mi > pi ? pi : mi;
            dj_diag_add(L->diags, DJ_ERROR, path, L->memb_line[later], 1,
                        "membership of %s in %s overlaps the one on line %lu",
                        ds->ent[m->member].code, ds->bloc[m->bloc].code,
                        (unsigned long)L->memb_line[earlier]);
        }
    }
    dj_free(key);
    /* An actor is a member only while it exists: a row reaching outside
       that is a warning, and is cut to the days the entity exists (a row
       with none left is dropped). */
    size_t kept = 0;
    for (size_t i = 0; i < ds->nmemb; i++) {
        dj_membership m = ds->memb[i];
        const struct dj_entity *e = &ds->ent[m.member];
        if (m.joined < e->from || m.left > e->until) {
            char j[DJ_DATE_BUFSIZE], l[DJ_DATE_BUFSIZE + 4] = "";
            dj_date_format(j, m.joined, DJ_PREC_DAY);
            if (m.left != DJ_DATE_MAX) {
                memcpy(l, " to ", 4);
                dj_date_format(l + 4, m.left, DJ_PREC_DAY);
            }
            dj_diag_add(L->diags, warn_level(L), path, L->memb_line[i], 1,
                        "membership of %s in %s from %s%s reaches outside the existence of %s "
                        "(entities.csv): it counts only while %s exists",
                        e->code, ds->bloc[m.bloc].code, j, l, e->code, e->code);
            if (m.joined < e->from)
                m.joined = e->from;
            if (m.left > e->until)
                m.left = e->until;
            if (m.left <= m.joined)
                continue;
        }
        L->memb_line[kept] = L->memb_line[i];
        ds->memb[kept++] = m;
    }
    ds->nmemb = kept;
    return 0;
}

/* A bloc code that is also an entity code makes every list of codes
   ambiguous (`--bloc NAM`: Namibia or the Non-Aligned Movement?). */
static void check_bloc_codes(loader *L)
{
    dj_dataset *ds = L->ds;
    for (size_t b = 0; b < ds->nbloc; b++) {
        uint32_t e = dj_dataset_entity_find(ds, ds->bloc[b].code);
        if (e != DJ_NONE)
            dj_diag_add(L->diags, warn_level(L), L->path, 0, 0,
                        "bloc '%s' has the code of the entity '%s' (%s): give the bloc another code",
                        ds->bloc[b].code, ds->ent[e].code, ds->ent[e].name);
    }
}

/* ---- driver ---- */

/* An input: bytes in memory, or an open file read in pieces. */
typedef struct input {
    const char *name;
    const char *data;
    uint64_t size;
    int fd;            /* -1 for bytes in memory */
    const char *shown; /* the path messages give, or NULL: prefix + name */
} input;

static void set_path(loader *L, const input *f)
{
    if (f->shown)
        snprintf(L->path, sizeof L->path, "%s", f->shown);
    else
        snprintf(L->path, sizeof L->path, "%s%s", L->prefix, f->name);
}

/* The base name of a dataset file: "events.csv" of "kosovo/events.csv". */
static const char *base_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    return slash ? slash + 1 : name;
}

/* A top-level file of the dataset, or NULL. */
static const input *find_file(const input *files, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i].name, name) == 0)
            return &files[i];
    return NULL;
}

static int read_table(loader *L, const input *f, const dj_csv_col *cols,
                      size_t ncols, size_t min_rows, dj_csv_row_fn fn,
                      dj_error *err)
{
    set_path(L, f);
    if (f->fd >= 0)
        return dj_csv_read_fd(L->path, f->fd, 0, UINT64_MAX, UINT64_MAX, cols, ncols,
                              min_rows, fn, L, NULL, L->diags, err);
    return dj_csv_read(L->path, f->data, (size_t)f->size, cols, ncols, min_rows,
                       fn, L, L->diags, err);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- events.csv on two threads ----
 *
 * A large events.csv read from a file is cut into PIECES pieces at line
 * ends near equal offsets. This thread reads pieces from the front, in
 * order, straight into the dataset, each going on where the one before
 * ended; a second thread, started once the header is known, reads pieces
 * from the back, each into a scratch dataset of its own with its own
 * diagnostics and lines counted from its cut. They meet wherever their
 * speeds take them, so that a slower CPU costs the other thread at most a
 * piece of waiting, and only the second thread's share is copied. Then
 * the scratch pieces are joined on in order: a piece is joined when the
 * one before it ended between two records at the cut (it was not inside a
 * quoted field) and it read cleanly: its entities and subjects in the
 * order it met them (those not already known), its events renumbered, its
 * lines shifted. Anything else (a fatal error in the piece, the row
 * limit, no data row at all) and the rest of the file is read here from
 * that piece's cut, as one thread would have read it. A piece that had to
 * read on past its cut (a quoted field across it) has read the rest of
 * the file, and the pieces after it are dropped. The result is the same
 * as a sequential read in every case. Only when no entities.csv or
 * subjects.csv was read: their warnings for unknown codes depend on what
 * the earlier pieces already met.
 */
#ifndef PARALLEL_MIN_BYTES
#define PARALLEL_MIN_BYTES (4u << 20)
#endif
/* 16 pieces of the 10M-event benchmark file are 20 MB, 0.1 s of reading
   each: the most one thread waits for the other at the end. */
#define PIECES 16

static void reserve_events(dj_dataset *ds, size_t rows);

typedef struct piece {
    loader L;               /* over the scratch dataset (the back's pieces) */
    dj_diagnostics diags;
    dj_error err;
    dj_csv_part part;
    uint64_t from, to;      /* to: the next piece's cut, UINT64_MAX for the last */
    int rc;
    int done;               /* read; under the split's lock */
} piece;

typedef struct split {
    const input *f;
    int hdr[DJ_MAX_COLUMNS];
    size_t nhdr;
    piece *pc;
    size_t n;
    size_t rows_each;       /* the events a scratch dataset reserves room for */
    pthread_mutex_t lock;   /* guards front, back and done */
    pthread_cond_t cond;    /* a piece is done */
    size_t front;           /* the next piece for this thread */
    size_t back;            /* one past the next piece for the other: the
                               pieces [front, back) are not taken yet */
    pthread_t th;
    int started;
} split;

/* The next piece from the front (this thread) or the back (the other);
   0 when they have met (piece 0 is always this thread's). */
static size_t split_take(split *S, int from_back)
{
    size_t k = 0;
    pthread_mutex_lock(&S->lock);
    if (S->front < S->back)
        k = from_back ? --S->back : S->front++;
    pthread_mutex_unlock(&S->lock);
    return k;
}

/* Reads piece k into its scratch dataset (allocated here), through the
   other thread's window. */
static void piece_read(split *S, size_t k, char **window, size_t *window_cap)
{
    piece *p = &S->pc[k];
    p->part.hdr_map = S->hdr;
    p->part.nhdr = S->nhdr;
    p->part.window = window;
    p->part.window_cap = window_cap;
    p->rc = dj_dataset_alloc(&p->L.ds, "");
    if (p->rc)
        dj_error_set(&p->err, p->rc, "out of memory");
    else {
        reserve_events(p->L.ds, S->rows_each);
        p->rc = dj_csv_read_fd(p->L.path, S->f->fd, p->from, p->to, UINT64_MAX, event_cols,
                               COUNT(event_cols), 0, event_row, &p->L, &p->part, &p->diags,
                               &p->err);
    }
    pthread_mutex_lock(&S->lock);
    p->done = 1;
    pthread_cond_broadcast(&S->cond);
    pthread_mutex_unlock(&S->lock);
}

static void *split_back(void *arg)
{
    split *S = arg;
    char *window = NULL;
    size_t window_cap = 0, k;
    while ((k = split_take(S, 1)) != 0)
        piece_read(S, k, &window, &window_cap);
    dj_free(window);
    return NULL;
}

static void split_on_header(void *ctx, const int *map, size_t n)
{
    split *S = ctx;
    memcpy(S->hdr, map, n * sizeof *map);
    S->nhdr = n;
    S->started = pthread_create(&S->th, NULL, split_back, S) == 0;
}

/* No piece is taken after this. */
static void split_stop(split *S)
{
    pthread_mutex_lock(&S->lock);
    S->back = S->front;
    pthread_mutex_unlock(&S->lock);
}

static void split_wait(split *S, size_t k)
{
    pthread_mutex_lock(&S->lock);
    while (!S->pc[k].done)
        pthread_cond_wait(&S->cond, &S->lock);
    pthread_mutex_unlock(&S->lock);
}

static void piece_dispose(piece *p)
{
    dj_dataset_free(p->L.ds);
    p->L.ds = NULL;
    cache_dispose(&p->L);
    dj_diagnostics_dispose(&p->diags);
}

/* Cuts after the line ends nearest to k/n of the file, k = 1..n-1, into
   cut[]: strictly rising, each inside the file. Returns how many. */
static size_t find_cuts(const input *f, uint64_t *cut, size_t n)
{
    char buf[65536];
    size_t m = 0;
    for (size_t k = 1; k < n; k++) {
        uint64_t at = f->size / n * k;
        if (m && at < cut[m - 1])
            at = cut[m - 1];
        ssize_t got;
        do
            got = pread(f->fd, buf, sizeof buf, (off_t)at);
        while (got < 0 && errno == EINTR);
        if (got <= 0)
            break;
        const char *nl = memchr(buf, '\n', (size_t)got);
        if (!nl)
            continue; /* a line of 64 KiB or more: no cut here */
        uint64_t c = at + (uint64_t)(nl - buf) + 1;
        if (c >= f->size)
            break;
        if (!m || c > cut[m - 1])
            cut[m++] = c;
    }
    return m;
}

/* Makes a column of `size`-byte cells hold n, keeping its contents. */
static int fit(void *pv, size_t cap, size_t n, size_t size)
{
    void **pp = (void **)pv;
    if (n <= cap && *pp)
        return 0;
    void *p = dj_realloc(*pp, (n ? n : 1) * size);
    if (!p)
        return DJ_ENOMEM;
    *pp = p;
    return 0;
}

/* Joins the scratch dataset of a piece onto L's (see above). Each
   scratch column is freed as soon as it is copied, so that memory holds
   the events about once. */
static int join_piece(loader *L, piece *h, long line_off)
{
    dj_dataset *ds = L->ds, *sc = h->L.ds;
    size_t n1 = ds->nev, n2 = sc->nev, n = n1 + n2;
    uint32_t *map = dj_malloc((sc->nent + 1) * sizeof *map);
    if (!map)
        return DJ_ENOMEM;
    int rc = DJ_ENOMEM;
    for (size_t j = 0; j < sc->nent; j++) {
        const char *code = sc->ent[j].code;
        map[j] = dj_dataset_entity_intern(ds, code, strlen(code), NULL);
        if (map[j] == DJ_NONE)
            goto done;
    }
    for (size_t k = 0; k < sc->nsubj; k++) {
        uint32_t e = map[sc->subj[k]];
        if (ds->ent_subj[e] == DJ_NONE && dj_dataset_subject_add(ds, e, sc->subj_declared[k]))
            goto done;
    }
    size_t cap = ds->capev;
    if (fit(&ds->ev_date, cap, n, sizeof *ds->ev_date))
        goto done;
    if (n2)
        memcpy(ds->ev_date + n1, sc->ev_date, n2 * sizeof *ds->ev_date);
    dj_free(sc->ev_date);
    sc->ev_date = NULL;
    if (fit(&ds->ev_actor, cap, n, sizeof *ds->ev_actor))
        goto done;
    for (size_t i = 0; i < n2; i++)
        ds->ev_actor[n1 + i] = map[sc->ev_actor[i]];
    dj_free(sc->ev_actor);
    sc->ev_actor = NULL;
    if (fit(&ds->ev_subject, cap, n, sizeof *ds->ev_subject))
        goto done;
    for (size_t i = 0; i < n2; i++)
        ds->ev_subject[n1 + i] = map[sc->ev_subject[i]];
    dj_free(sc->ev_subject);
    sc->ev_subject = NULL;
    if (fit(&ds->ev_flags, cap, n, sizeof *ds->ev_flags))
        goto done;
    if (n2)
        memcpy(ds->ev_flags + n1, sc->ev_flags, n2 * sizeof *ds->ev_flags);
    dj_free(sc->ev_flags);
    sc->ev_flags = NULL;
    /* the scratch's line runs, shifted (ds->nev is still n1 here) */
    for (size_t k = 0; k < sc->nlrun; k++) {
        size_t save = ds->nev;
        ds->nev = n1 + sc->lrun_ev[k];
        int r = dj_dataset_line_push(ds, (long)sc->lrun_line[k] + line_off);
        ds->nev = save;
        if (r)
            goto done;
    }
    if (ds->ev_source || sc->ev_source) {
        /* these columns, like the others, hold capev cells */
        int had = ds->ev_source != NULL;
        size_t want = n > cap ? n : cap;
        if (fit(&ds->ev_source, had ? cap : 0, want, sizeof *ds->ev_source) ||
            fit(&ds->ev_note, had ? cap : 0, want, sizeof *ds->ev_note))
            goto done;
        if (!had)
            for (size_t i = 0; i < n1; i++)
                ds->ev_source[i] = ds->ev_note[i] = NULL;
        for (size_t i = 0; i < n2; i++) {
            ds->ev_source[n1 + i] = sc->ev_source ? sc->ev_source[i] : NULL;
            ds->ev_note[n1 + i] = sc->ev_note ? sc->ev_note[i] : NULL;
        }
    }
    ds->capev = n > cap ? n : cap;
    /* disputes: events renumbered, parties mapped */
    if (sc->ndisp) {
        size_t d1 = ds->ndisp, p1 = ds->ndispparty;
        size_t dcap = ds->capdisp;
        if (fit(&ds->disp_event, dcap, d1 + sc->ndisp, sizeof *ds->disp_event) ||
            fit(&ds->disp_start, dcap, d1 + sc->ndisp, sizeof *ds->disp_start) ||
            fit(&ds->disp_count, dcap, d1 + sc->ndisp, sizeof *ds->disp_count) ||
            fit(&ds->disp_party, ds->capdispparty, p1 + sc->ndispparty, sizeof *ds->disp_party))
            goto done;
        for (size_t k = 0; k < sc->ndisp; k++) {
            ds->disp_event[d1 + k] = sc->disp_event[k] + (uint32_t)n1;
            ds->disp_start[d1 + k] = sc->disp_start[k] + (uint32_t)p1;
            ds->disp_count[d1 + k] = sc->disp_count[k];
        }
        for (size_t k = 0; k < sc->ndispparty; k++)
            ds->disp_party[p1 + k] = map[sc->disp_party[k]];
        if (d1 + sc->ndisp > dcap)
            ds->capdisp = d1 + sc->ndisp;
        if (p1 + sc->ndispparty > ds->capdispparty)
            ds->capdispparty = p1 + sc->ndispparty;
        ds->ndisp = d1 + sc->ndisp;
        ds->ndispparty = p1 + sc->ndispparty;
    }
    /* via and marks: events renumbered, predecessors mapped */
    if (sc->nextra) {
        size_t x1 = ds->nextra;
        if (fit(&ds->extra, ds->capextra, x1 + sc->nextra, sizeof *ds->extra))
            goto done;
        for (size_t k = 0; k < sc->nextra; k++) {
            struct dj_ev_extra x = sc->extra[k];
            x.event += (uint32_t)n1;
            if (x.via != DJ_NONE)
                x.via = map[x.via];
            ds->extra[x1 + k] = x;
        }
        if (x1 + sc->nextra > ds->capextra)
            ds->capextra = x1 + sc->nextra;
        ds->nextra = x1 + sc->nextra;
        ds->marks_used |= sc->marks_used;
    }
    /* the texts stay where they are: the scratch arena's chunks join ours */
    dj_arena_join(&ds->arena, &sc->arena);
    ds->nev = n;
    L->nevsrc += h->L.nevsrc;
    append_diags(L->diags, &h->diags, line_off);
    rc = 0;
done:
    dj_free(map);
    return rc;
}

/* Room for about `rows` events in the core columns, allocated once (no
   copy as they fill; in large pages, as every large array: alloc.c). A
   hint: when the room cannot be had, the columns grow as they fill. */
static void reserve_events(dj_dataset *ds, size_t rows)
{
    if (rows <= ds->capev || ds->ev_source)
        return;
    /* before the first event, nothing to keep: whole large pages */
#define RESERVE(arr) { \
        void *p = ds->nev ? dj_realloc(ds->arr, rows * sizeof *ds->arr) \
                          : dj_malloc_huge(rows * sizeof *ds->arr); \
        if (!p) return; /* capev unchanged: the others are merely larger */ \
        if (!ds->nev) dj_free(ds->arr); \
        ds->arr = p; }
    RESERVE(ev_date) RESERVE(ev_actor) RESERVE(ev_subject) RESERVE(ev_flags)
#undef RESERVE
    ds->capev = rows;
}

/* Rows of the file, estimated from the lines of its first 256 KiB. */
static size_t estimate_rows(const input *f)
{
    const size_t want = 1 << 18;
    char *buf = dj_malloc(want);
    if (!buf)
        return 0;
    ssize_t n;
    do
        n = pread(f->fd, buf, want, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        dj_free(buf);
        return 0;
    }
    size_t lines = 0;
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))); p++)
        lines++;
    dj_free(buf);
    if (!lines)
        return 0;
    double est = (double)f->size / (double)n * (double)lines;
    est = est * 1.05 + 1024;
    return est > (double)DJ_MAX_ROWS + 1024 ? (size_t)DJ_MAX_ROWS + 1024 : (size_t)est;
}

/* Reads [from, to) of the file into the dataset itself, going on where
   the last read ended (*lines and *nrows before it, updated); *whole when
   it had to read on to the file's end. */
static int read_on(loader *L, const split *S, uint64_t from, uint64_t to, long *lines,
                   unsigned long *nrows, int *whole, char **window, size_t *window_cap,
                   dj_error *err)
{
    dj_csv_part part;
    memset(&part, 0, sizeof part);
    part.hdr_map = S->hdr;
    part.nhdr = S->nhdr;
    part.first_line = *lines;
    part.first_rows = *nrows;
    part.window = window;
    part.window_cap = window_cap;
    int rc = dj_csv_read_fd(L->path, S->f->fd, from, to, UINT64_MAX, event_cols,
                            COUNT(event_cols), 1, event_row, L, &part, L->diags, err);
    *lines = part.lines;
    *nrows = part.rows;
    *whole = part.whole;
    return rc;
}

static int read_events(loader *L, const input *f, dj_error *err)
{
    if (f->fd < 0 || f->size < PARALLEL_MIN_BYTES || L->have_entities || L->have_subjects ||
        L->ds->nev)
        return read_table(L, f, event_cols, COUNT(event_cols), 1, event_row, err);
    /* PIECES - 1 cuts at most; one more cell keeps cut[k] below (k <
       ncut) in bounds for the compiler's warning, whatever PIECES is */
    uint64_t cut[PIECES];
    size_t ncut = find_cuts(f, cut, PIECES);
    if (!ncut)
        return read_table(L, f, event_cols, COUNT(event_cols), 1, event_row, err);
    set_path(L, f);
    size_t rows = estimate_rows(f);
    split *S = dj_calloc(1, sizeof *S);
    piece *pc = dj_calloc(ncut + 1, sizeof *pc);
    if (!S || !pc) {
        dj_free(S);
        dj_free(pc);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    S->f = f;
    S->pc = pc;
    S->n = ncut + 1;
    S->rows_each = rows / S->n + rows / (4 * S->n);
    S->front = 1;
    S->back = S->n;
    pthread_mutex_init(&S->lock, NULL);
    pthread_cond_init(&S->cond, NULL);
    for (size_t k = 1; k < S->n; k++) {
        piece *p = &pc[k];
        p->L = *L;
        p->L.ds = NULL;
        p->L.cache = NULL;
        p->L.ccap = p->L.ccount = 0;
        p->L.memb_line = NULL;
        p->L.capmembline = 0;
        p->L.nevsrc = 0;
        p->L.diags = &p->diags;
        dj_diagnostics_init(&p->diags);
        p->diags.max_kept = L->diags->max_kept;
        dj_error_clear(&p->err);
        p->from = cut[k - 1];
        p->to = k < ncut ? cut[k] : UINT64_MAX;
    }
    if (rows)
        reserve_events(L->ds, rows);
    char *window = NULL; /* this thread's, for every piece it reads */
    size_t window_cap = 0;
    dj_csv_part part;
    memset(&part, 0, sizeof part);
    part.on_header = split_on_header;
    part.ctx = S;
    part.window = &window;
    part.window_cap = &window_cap;
    int rc = dj_csv_read_fd(L->path, f->fd, 0, cut[0], UINT64_MAX, event_cols, COUNT(event_cols),
                            1, event_row, L, &part, L->diags, err);
    long lines = part.lines;
    unsigned long nrows = part.rows;
    int whole = part.whole;
    /* from the front, each piece going on where the last ended */
    size_t k = 1;
    while (!rc && !whole && S->started && (k = split_take(S, 0)) != 0)
        rc = read_on(L, S, pc[k].from, pc[k].to, &lines, &nrows, &whole, &window, &window_cap, err);
    if (!S->started)
        k = 1; /* no other thread: all from the first cut on is still to read */
    else if (k == 0) /* met: the other thread's pieces begin where ours ended */
        k = S->front;
    split_stop(S);
    /* the other thread's pieces, in order */
    for (; !rc && !whole && k < S->n; k++) {
        piece *p = &pc[k];
        if (S->started)
            split_wait(S, k);
        if (S->started && p->rc == 0 && nrows + p->part.rows <= dj_csv_row_limit() &&
            (nrows + p->part.rows >= 1 || !p->part.whole)) {
            if ((rc = join_piece(L, p, lines)))
                dj_error_set(err, rc, "out of memory");
            lines += p->part.lines;
            nrows += p->part.rows;
            whole = p->part.whole;
            piece_dispose(p);
            continue;
        }
        /* the rest of the file from this cut, as one thread would read it */
        rc = read_on(L, S, p->from, UINT64_MAX, &lines, &nrows, &whole, &window, &window_cap, err);
        break;
    }
    if (S->started)
        pthread_join(S->th, NULL);
    for (size_t j = 1; j < S->n; j++)
        piece_dispose(&pc[j]);
    dj_free(window);
    pthread_mutex_destroy(&S->lock);
    pthread_cond_destroy(&S->cond);
    dj_free(pc);
    dj_free(S);
    return rc;
}

/* The last name of a path: "datasets/kosovo/" gives "kosovo"; a path
   that ends in "." or ".." is resolved first, so that "." gives the
   folder's own name. Written into buf (size bytes). */
static void last_name(char *buf, size_t size, const char *path)
{
    char real[4096];
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    if (((n - b == 1 && path[b] == '.') || (n - b == 2 && path[b] == '.' && path[b + 1] == '.')) &&
        realpath(path, real)) {
        last_name(buf, size, real);
        return;
    }
    if (n - b == 0) { /* "/" or "" */
        snprintf(buf, size, "%.*s", (int)n, path);
        return;
    }
    snprintf(buf, size, "%.*s", (int)(n - b), path + b);
}

static int load_inputs(dj_dataset **out, const char *name,
                       const input *files, size_t nfiles,
                       const dj_load_options *opts, dj_diagnostics *diags,
                       dj_error *err)
{
    loader L;
    dj_diagnostics own;
    int rc;
    const input *f;

    *out = NULL;
    dj_error_clear(err);
    memset(&L, 0, sizeof L);
    if (!diags) {
        dj_diagnostics_init(&own);
        diags = &own;
    }
    size_t errors_before = diags->errors;
    L.flags = opts ? opts->flags : 0;
    L.diags = diags;
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s%s", name, name[0] && name[strlen(name) - 1] != '/' ? "/" : "");
    L.prefix = prefix;

    /* the dataset is called by its folder's last name, or by the events
       file's when the events come from a file of their own */
    char short_name[256];
    f = find_file(files, nfiles, "events.csv");
    last_name(short_name, sizeof short_name, f && f->shown && strcmp(f->shown, "<stdin>") != 0 ? f->shown : name);
    rc = dj_dataset_alloc(&L.ds, short_name);
    if (rc)
        goto done;
    if ((f = find_file(files, nfiles, "entities.csv"))) {
        if ((rc = read_table(&L, f, entity_cols, COUNT(entity_cols), 0, entity_row, err)))
            goto done;
        L.have_entities = 1;
    }
    if ((f = find_file(files, nfiles, "subjects.csv"))) {
        if ((rc = read_table(&L, f, subject_cols, COUNT(subject_cols), 0, subject_row, err)))
            goto done;
        L.have_subjects = 1;
    }
    if ((f = find_file(files, nfiles, "bloc_names.csv"))) {
        if ((rc = read_table(&L, f, bloc_name_cols, COUNT(bloc_name_cols), 0, bloc_name_row, err)))
            goto done;
        L.have_bloc_names = 1;
    }
    /* every events.csv: the dataset's own, then each subject folder's */
    size_t nev_files = 0;
    for (size_t i = 0; i < nfiles; i++)
        nev_files += strcmp(base_name(files[i].name), "events.csv") == 0;
    if (!nev_files) {
        snprintf(L.path, sizeof L.path, "%sevents.csv", L.prefix);
        dj_diag_add(diags, DJ_ERROR, L.path, 0, 0, "no events.csv in the dataset");
        rc = dj_error_at(err, DJ_EIO, L.path, 0, 0, "no events.csv in the dataset");
        goto done;
    }
    L.efile_ev = dj_calloc(nev_files, sizeof *L.efile_ev);
    L.efile_path = dj_calloc(nev_files, sizeof *L.efile_path);
    if (!L.efile_ev || !L.efile_path) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nfiles; i++) {
        if (strcmp(base_name(files[i].name), "events.csv") != 0)
            continue;
        set_path(&L, &files[i]);
        L.efile_ev[L.nefile] = L.ds->nev;
        if (!(L.efile_path[L.nefile] = dj_arena_strndup(&L.ds->arena, L.path, strlen(L.path)))) {
            rc = DJ_ENOMEM;
            goto done;
        }
        L.nefile++;
        if ((rc = read_events(&L, &files[i], err)))
            goto done;
    }
    if ((rc = check_events(&L, L.path)))
        goto done;
    check_vias(&L);
    if ((f = find_file(files, nfiles, "blocs.csv"))) {
        if ((rc = read_table(&L, f, bloc_cols, COUNT(bloc_cols), 0, bloc_row, err)))
            goto done;
        if ((rc = check_memberships(&L, L.path)))
            goto done;
        check_bloc_codes(&L);
    }
    if ((f = find_file(files, nfiles, "population.csv")) &&
        (rc = read_table(&L, f, population_cols, COUNT(population_cols), 0, population_row, err)))
        goto done;
    if ((f = find_file(files, nfiles, "outlines.csv")) &&
        (rc = read_table(&L, f, outline_cols, COUNT(outline_cols), 0, outline_row, err)))
        goto done;
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(base_name(files[i].name), "annotations.csv") == 0 &&
            (rc = read_table(&L, &files[i], annotation_cols, COUNT(annotation_cols), 0, annotation_row, err)))
            goto done;

    if (diags->errors > errors_before) {
        /* err names the first error of this load */
        for (size_t i = 0; i < diags->count; i++)
            if (diags->items[i].severity == DJ_ERROR) {
                const dj_diag *g = &diags->items[i];
                dj_error_at(err, DJ_EPARSE, g->path, g->line, g->column, "%s", g->msg);
                break;
            }
        if (!err || !err->code)
            dj_error_set(err, DJ_EPARSE, "bad data");
        rc = DJ_EPARSE;
    }
done:
    if (rc == DJ_ENOMEM && (!err || err->code != DJ_ENOMEM))
        dj_error_set(err, DJ_ENOMEM, "out of memory");
    dj_free(L.memb_line);
    dj_free(L.efile_ev);
    dj_free((void *)L.efile_path); /* the paths are in the arena */
    cache_dispose(&L);
    if (rc) {
        dj_dataset_free(L.ds);
        L.ds = NULL;
    }
    if (diags == &own)
        dj_diagnostics_dispose(&own);
    *out = L.ds;
    return rc;
}

int dj_dataset_load_mem(dj_dataset **out, const char *name,
                        const dj_memfile *files, size_t nfiles,
                        const dj_load_options *opts, dj_diagnostics *diags,
                        dj_error *err)
{
    *out = NULL;
    if (nfiles > DJ_MAX_DATASET_FILES)
        return dj_error_set(err, DJ_ELIMIT, "more than %d files in a dataset", DJ_MAX_DATASET_FILES);
    input *in = dj_malloc((nfiles + 1) * sizeof *in);
    if (!in)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    for (size_t i = 0; i < nfiles; i++)
        in[i] = (input){files[i].name, files[i].data, files[i].size, -1, NULL};
    int rc = load_inputs(out, name, in, nfiles, opts, diags, err);
    dj_free(in);
    return rc;
}

/* ---- from a folder ---- */

static const char *const dataset_files[] = {
    "entities.csv", "subjects.csv", "bloc_names.csv", "events.csv",
    "blocs.csv", "population.csv", "annotations.csv", "outlines.csv"};

const char *const *dj_dataset_file_names(size_t *count)
{
    *count = COUNT(dataset_files);
    return dataset_files;
}

/* Opens an input file; *fd -1 and 0 returned when it does not exist. The
   file is then read in pieces as it is parsed, never whole. */
static int open_input(const char *path, int *fd, uint64_t *size, dj_error *err)
{
    *fd = -1;
    *size = 0;
    /* a FIFO or device is refused without waiting on it */
    struct stat st;
    int f, rc = dj_open_regular(&f, &st, path, err);
    if (rc == DJ_ENOTFOUND) {
        dj_error_clear(err);
        return 0;
    }
    if (rc)
        return rc;
    if ((unsigned long long)st.st_size > DJ_MAX_FILE_BYTES) {
        close(f);
        return dj_error_at(err, DJ_ELIMIT, path, 0, 0, "file larger than %llu bytes, the limit",
                           (unsigned long long)DJ_MAX_FILE_BYTES);
    }
    *fd = f;
    *size = (uint64_t)st.st_size;
    return 0;
}

/* The files of a subject folder, beside the dataset's own. */
static const char *const subject_files[] = {"events.csv", "annotations.csv"};

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void dj_dataset_dir_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        dj_free(names[i]);
    dj_free(names);
}

static int list_push(char ***v, size_t *n, size_t *cap, const char *a, const char *b)
{
    if (*n >= DJ_MAX_DATASET_FILES)
        return DJ_ELIMIT;
    if (dj_grow(v, cap, *n + 1, sizeof **v))
        return DJ_ENOMEM;
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *s = dj_malloc(la + lb + 2);
    if (!s)
        return DJ_ENOMEM;
    memcpy(s, a, la);
    if (b) {
        s[la] = '/';
        memcpy(s + la + 1, b, lb);
    }
    s[la + (b ? lb + 1 : 0)] = '\0';
    (*v)[(*n)++] = s;
    return 0;
}

static int present(const char *dir, const char *a, const char *b)
{
    char path[4096];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/%s%s%s", dir, a, b ? "/" : "", b ? b : "") >= (int)sizeof path)
        return 0;
    /* anything of that name: opening it says what is wrong with it */
    return lstat(path, &st) == 0;
}

int dj_dataset_dir_list(char ***out, size_t *nout, const char *dir, dj_error *err)
{
    struct stat st;
    char **v = NULL, **subs = NULL;
    size_t n = 0, cap = 0, ns = 0, scap = 0;
    int rc = 0;
    *out = NULL;
    *nout = 0;
    if (stat(dir, &st) != 0)
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "cannot open dataset folder: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "expected a dataset folder, found a file");
    for (size_t i = 0; i < COUNT(dataset_files) && !rc; i++)
        if (present(dir, dataset_files[i], NULL))
            rc = list_push(&v, &n, &cap, dataset_files[i], NULL);
    /* subject folders: real folders (not links) holding an events.csv,
       by name */
    DIR *d = rc ? NULL : opendir(dir);
    if (!rc && !d)
        rc = dj_error_at(err, DJ_EIO, dir, 0, 0, "cannot list dataset folder: %s", strerror(errno));
    for (struct dirent *e; d && !rc && (e = readdir(d));) {
        char path[4096];
        struct stat sub;
        if (e->d_name[0] == '.' ||
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            lstat(path, &sub) != 0 || !S_ISDIR(sub.st_mode) || !present(dir, e->d_name, "events.csv"))
            continue;
        rc = list_push(&subs, &ns, &scap, e->d_name, NULL);
    }
    if (d)
        closedir(d);
    if (!rc && ns)
        qsort(subs, ns, sizeof *subs, cmp_name);
    for (size_t k = 0; k < ns && !rc; k++)
        for (size_t i = 0; i < COUNT(subject_files) && !rc; i++)
            if (present(dir, subs[k], subject_files[i]))
                rc = list_push(&v, &n, &cap, subs[k], subject_files[i]);
    dj_dataset_dir_free(subs, ns);
    if (rc) {
        dj_dataset_dir_free(v, n);
        if (rc == DJ_ELIMIT)
            return dj_error_at(err, DJ_ELIMIT, dir, 0, 0, "more than %d files in a dataset",
                               DJ_MAX_DATASET_FILES);
        if (rc == DJ_ENOMEM)
            return dj_error_set(err, DJ_ENOMEM, "out of memory");
        return rc;
    }
    *out = v;
    *nout = n;
    return 0;
}

/* Opens the dataset files present in folder `dir` as files[] (their
   descriptors to be closed by the caller whatever the outcome); names
   holds their names, which files[] borrows. */
static int read_dir(const char *dir, char **names, size_t nnames, input *files, size_t *nfiles,
                    dj_error *err)
{
    *nfiles = 0;
    for (size_t i = 0; i < nnames; i++) {
        char path[4096];
        int fd, rc;
        uint64_t size;
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            return dj_error_set(err, DJ_EINVALID, "dataset path too long");
        if ((rc = open_input(path, &fd, &size, err)))
            return rc;
        if (fd >= 0)
            files[(*nfiles)++] = (input){names[i], NULL, size, fd, NULL};
    }
    return 0;
}

int dj_dataset_load_dir(dj_dataset **out, const char *dir,
                        const dj_load_options *opts, dj_diagnostics *diags,
                        dj_error *err)
{
    return dj_dataset_load_with(out, dir, NULL, 0, opts, diags, err);
}

/* The embedded default dataset (embedded_data.c, generated by CMake). */
extern const dj_memfile dj_embedded_files[];
extern const size_t dj_embedded_nfiles;
extern const char dj_embedded_name[];

const dj_memfile *dj_default_files(size_t *count)
{
    *count = dj_embedded_nfiles;
    return dj_embedded_files;
}

const char *dj_default_name(void)
{
    return dj_embedded_name;
}

int dj_dataset_load_default(dj_dataset **out, const dj_load_options *opts,
                            dj_diagnostics *diags, dj_error *err)
{
    return dj_dataset_load_mem(out, dj_embedded_name, dj_embedded_files,
                               dj_embedded_nfiles, opts, diags, err);
}

int dj_dataset_load_with(dj_dataset **out, const char *dir,
                         const dj_file_override *over, size_t nover,
                         const dj_load_options *opts, dj_diagnostics *diags,
                         dj_error *err)
{
    char **names = NULL;
    size_t nnames = 0, nfiles = 0;
    input *files = NULL;
    int rc = 0;

    *out = NULL;
    dj_error_clear(err);
    if (dir && (rc = dj_dataset_dir_list(&names, &nnames, dir, err)))
        return rc;
    size_t room = (dir ? nnames : dj_embedded_nfiles) + nover + 1;
    if (!(files = dj_malloc(room * sizeof *files))) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    if (dir) {
        if ((rc = read_dir(dir, names, nnames, files, &nfiles, err)))
            goto done;
    } else {
        for (size_t i = 0; i < dj_embedded_nfiles; i++, nfiles++)
            files[nfiles] = (input){dj_embedded_files[i].name, dj_embedded_files[i].data,
                                    dj_embedded_files[i].size, -1, NULL};
    }
    for (size_t k = 0; k < nover; k++) {
        size_t known = 0;
        while (known < COUNT(dataset_files) && strcmp(dataset_files[known], over[k].name) != 0)
            known++;
        if (known == COUNT(dataset_files)) {
            rc = dj_error_set(err, DJ_EINVALID, "'%s' is not a dataset file", over[k].name);
            goto done;
        }
        /* a file given in place of the dataset's replaces every file of
           that name, the subject folders' too (-e FILE: all events) */
        size_t w = 0;
        for (size_t i = 0; i < nfiles; i++) {
            if (strcmp(base_name(files[i].name), over[k].name) == 0) {
                if (files[i].fd >= 0)
                    close(files[i].fd);
                continue;
            }
            files[w++] = files[i];
        }
        nfiles = w;
        files[nfiles++] = (input){dataset_files[known], over[k].data, over[k].size, -1, over[k].path};
    }
    rc = load_inputs(out, dir ? dir : dj_embedded_name, files, nfiles, opts, diags, err);
done:
    for (size_t i = 0; files && i < nfiles; i++)
        if (files[i].fd >= 0)
            close(files[i].fd);
    dj_free(files);
    dj_dataset_dir_free(names, nnames);
    return rc;
}
