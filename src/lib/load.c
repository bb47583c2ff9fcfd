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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "dataset_impl.h"
#include "dejure/load.h"

#define MAX_CODE 32

typedef struct loader {
    dj_dataset *ds;
    unsigned flags;
    dj_diagnostics *diags;
    const char *prefix;      /* "kosovo/" or "DIR/" for messages */
    const dj_memfile *files; /* the files being loaded, and for each */
    const char *const *shown;/* a path for messages, or NULL: prefix+name */
    char path[512];          /* file being read */
    int have_entities;
    int have_subjects;
    int have_bloc_names;
    uint32_t *memb_line;     /* line of each membership row */
    size_t capmembline;
    size_t nevsrc;           /* events with a source */
} loader;

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
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
            dj_csv_report(row, col, DJ_ERROR,
                          "expected %s code of letters, digits, '_', '-' or '.', found '%.40s'",
                          what, s);
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
    dj_csv_report(row, col, DJ_ERROR, "%s, found '%.40s'",
                  dj_date_problem_str(p), row->field[col]);
    return 0;
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
    uint32_t e = dj_intern_find(&ds->ent_map, ds->ent_codes, code, row->len[col]);
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

enum { EN_CODE, EN_NAME };
/* Names may hold line breaks (a quoted field over several lines): they are
   shown as spaces in charts and quoted in CSV outputs. */
static const dj_csv_col entity_cols[] = {{"code", 1, 0}, {"name", 1, 1}};

static int entity_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    int added;
    if (!code_ok(row, EN_CODE, "an entity"))
        return 0;
    uint32_t e = dj_dataset_entity_intern(ds, row->field[EN_CODE], row->len[EN_CODE], &added);
    if (e == DJ_NONE)
        return DJ_ENOMEM;
    if (!added) {
        dj_csv_report(row, EN_CODE, DJ_ERROR, "entity '%s' is listed twice", row->field[EN_CODE]);
        return 0;
    }
    if (row->len[EN_NAME]) {
        const char *name = keep(L, row, EN_NAME);
        if (!name)
            return DJ_ENOMEM;
        ds->ent[e].name = name;
    }
    return 0;
}

/* ---- subjects.csv ---- */

enum { SU_CODE, SU_NAME, SU_DECLARED };
static const dj_csv_col subject_cols[] = {{"code", 1, 0}, {"name", 0, 1}, {"declared", 0, 0}};

static int add_subject(dj_dataset *ds, uint32_t e, dj_date declared)
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
    ds->nsubj++;
    return 0;
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
    if (row->len[SU_NAME] && (added || ds->ent[e].name == ds->ent[e].code)) {
        const char *name = keep(L, row, SU_NAME);
        if (!name)
            return DJ_ENOMEM;
        ds->ent[e].name = name;
    }
    return add_subject(ds, e, declared);
}

/* ---- bloc_names.csv ---- */

enum { BN_BLOC, BN_NAME, BN_SOURCE, BN_NOTE };
static const dj_csv_col bloc_name_cols[] = {
    {"bloc", 1, 0}, {"name", 1, 1}, {"source", 0, 0}, {"note", 0, 0}};

static int bloc_name_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    int added;
    if (!code_ok(row, BN_BLOC, "a bloc"))
        return 0;
    uint32_t b = dj_dataset_bloc_intern(L->ds, row->field[BN_BLOC], row->len[BN_BLOC], &added);
    if (b == DJ_NONE)
        return DJ_ENOMEM;
    if (!added) {
        dj_csv_report(row, BN_BLOC, DJ_ERROR, "bloc '%s' is listed twice", row->field[BN_BLOC]);
        return 0;
    }
    if (row->len[BN_NAME]) {
        const char *name = keep(L, row, BN_NAME);
        if (!name)
            return DJ_ENOMEM;
        L->ds->bloc[b].name = name;
    }
    return 0;
}

/* ---- events.csv ---- */

enum { EV_DATE, EV_ACTOR, EV_SUBJECT, EV_TYPE, EV_DISPUTED, EV_SOURCE, EV_NOTE };
static const dj_csv_col event_cols[] = {
    {"date", 1, 0}, {"actor", 1, 0}, {"subject", 1, 0}, {"type", 1, 0},
    {"disputed", 0, 0}, {"source", 0, 0}, {"note", 0, 0}};

static int grow_events(dj_dataset *ds, int want_text)
{
    size_t need = ds->nev + 1, cap;
#define GROW(arr) \
    cap = ds->capev; \
    if (dj_grow(&ds->arr, &cap, need, sizeof *ds->arr)) return DJ_ENOMEM;
    GROW(ev_date) GROW(ev_actor) GROW(ev_subject) GROW(ev_flags) GROW(ev_line)
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
                          "expected entity codes separated by ';', found '%.40s'", s);
            ds->ndispparty = start;
            return 0;
        }
        char code[MAX_CODE + 1];
        if (b - a > MAX_CODE) {
            dj_csv_report(row, EV_DISPUTED, DJ_ERROR, "expected an entity code, found '%.40s'", s + a);
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

static int event_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    dj_date date;
    dj_precision prec;
    uint8_t flags;
    int oom = 0;

    if (!date_field(row, EV_DATE, &date, &prec))
        return 0;
    const char *type = row->field[EV_TYPE];
    if (strcmp(type, "recognize") == 0)
        flags = 0;
    else if (strcmp(type, "withdraw") == 0)
        flags = DJ_EVF_WITHDRAW;
    else {
        const char *hint = "";
        if (strcmp(type, "recognise") == 0 || strcmp(type, "recognition") == 0 ||
            strcmp(type, "Recognize") == 0)
            hint = " (did you mean 'recognize'?)";
        else if (strcmp(type, "withdrawal") == 0 || strcmp(type, "withdrawn") == 0 ||
                 strcmp(type, "Withdraw") == 0 || strcmp(type, "revoke") == 0)
            hint = " (did you mean 'withdraw'?)";
        dj_csv_report(row, EV_TYPE, DJ_ERROR,
                      "expected type 'recognize' or 'withdraw', found '%.40s'%s", type, hint);
        return 0;
    }
    if (!code_ok(row, EV_ACTOR, "an actor") || !code_ok(row, EV_SUBJECT, "a subject"))
        return 0;
    uint32_t actor = entity_ref(L, row, EV_ACTOR, "actor", &oom);
    if (oom)
        return DJ_ENOMEM;
    uint32_t subject;
    uint32_t known = dj_dataset_entity_find(ds, row->field[EV_SUBJECT]);
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
    if (actor == subject) {
        dj_csv_report(row, EV_ACTOR, DJ_ERROR, "expected an actor other than the subject, found '%s' for both",
                      row->field[EV_ACTOR]);
        return 0;
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
    if (row->present[EV_SOURCE] && !row->len[EV_SOURCE])
        dj_csv_report(row, EV_SOURCE, (L->flags & DJ_LOAD_REQUIRE_SOURCES) ? DJ_ERROR : warn_level(L),
                      "expected a source for this event, found an empty field");
    ds->ev_date[i] = date;
    ds->ev_actor[i] = actor;
    ds->ev_subject[i] = subject;
    ds->ev_flags[i] = (uint8_t)(flags | (unsigned)prec << DJ_EVF_PREC_SHIFT);
    ds->ev_line[i] = (uint32_t)row->line;
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
    dj_csv_report(row, col, DJ_ERROR, "expected a whole number from 0 to %lld, found '%.40s'",
                  (long long)max, s);
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

enum { AN_DATE, AN_LABEL };
static const dj_csv_col annotation_cols[] = {{"date", 1, 0}, {"label", 1, 0}};

static int annotation_row(void *ctx, const dj_csv_row *row)
{
    loader *L = ctx;
    dj_dataset *ds = L->ds;
    dj_date d;
    if (!date_field(row, AN_DATE, &d, NULL))
        return 0;
    if (dj_grow(&ds->ann, &ds->capann, ds->nann + 1, sizeof *ds->ann))
        return DJ_ENOMEM;
    const char *label = keep(L, row, AN_LABEL);
    if (!label)
        return DJ_ENOMEM;
    ds->ann[ds->nann].date = d;
    ds->ann[ds->nann].label = label;
    ds->nann++;
    return 0;
}

/* ---- checks over whole tables ---- */

static const dj_dataset *sort_ds; /* qsort has no context argument */

static int cmp_event_order(const void *a, const void *b)
{
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    const dj_dataset *ds = sort_ds;
    if (ds->ev_subject[i] != ds->ev_subject[j])
        return ds->ev_subject[i] < ds->ev_subject[j] ? -1 : 1;
    if (ds->ev_actor[i] != ds->ev_actor[j])
        return ds->ev_actor[i] < ds->ev_actor[j] ? -1 : 1;
    if (ds->ev_date[i] != ds->ev_date[j])
        return ds->ev_date[i] < ds->ev_date[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Duplicates, withdrawals without recognition, repeated recognitions and
   events before the declaration, per (subject, actor) in date order. */
static int check_events(loader *L, const char *path)
{
    dj_dataset *ds = L->ds;
    uint32_t *idx = dj_malloc((ds->nev ? ds->nev : 1) * sizeof *idx);
    if (!idx)
        return DJ_ENOMEM;
    for (size_t i = 0; i < ds->nev; i++)
        idx[i] = (uint32_t)i;
    sort_ds = ds;
    qsort(idx, ds->nev, sizeof *idx, cmp_event_order);
    sort_ds = NULL;
    int recognising = 0;
    for (size_t k = 0; k < ds->nev; k++) {
        uint32_t i = idx[k];
        int first = k == 0 || ds->ev_subject[idx[k - 1]] != ds->ev_subject[i] ||
                    ds->ev_actor[idx[k - 1]] != ds->ev_actor[i];
        int withdraw = ds->ev_flags[i] & DJ_EVF_WITHDRAW;
        char d[DJ_DATE_BUFSIZE];
        dj_date_format(d, ds->ev_date[i], DJ_PREC_DAY);
        if (first)
            recognising = 0;
        if (!first) {
            uint32_t p = idx[k - 1];
            if (ds->ev_date[p] == ds->ev_date[i] &&
                (ds->ev_flags[p] & DJ_EVF_WITHDRAW) == (unsigned)withdraw &&
                !(L->flags & DJ_LOAD_ALLOW_DUPLICATES)) {
                dj_diag_add(L->diags, DJ_ERROR, path, ds->ev_line[i], 1,
                            "duplicate event: %s %s %s %s already on line %lu", d,
                            ds->ent[ds->ev_actor[i]].code, ds->ent[ds->ev_subject[i]].code,
                            withdraw ? "withdraw" : "recognize", (unsigned long)ds->ev_line[p]);
                continue;
            }
        }
        /* Order warnings look at every event, disputed or not: a dataset
           may record a disputed withdrawal and then a re-recognition. */
        if (withdraw && !recognising)
            dj_diag_add(L->diags, warn_level(L), path, ds->ev_line[i], 1,
                        "%s withdraws recognition of %s on %s without an earlier recognition",
                        ds->ent[ds->ev_actor[i]].code, ds->ent[ds->ev_subject[i]].code, d);
        else if (!withdraw && recognising)
            dj_diag_add(L->diags, warn_level(L), path, ds->ev_line[i], 1,
                        "%s recognises %s again on %s without a withdrawal in between",
                        ds->ent[ds->ev_actor[i]].code, ds->ent[ds->ev_subject[i]].code, d);
        recognising = !withdraw;
        dj_date decl = dj_dataset_subject_declared(ds, ds->ev_subject[i]);
        /* an imprecise date is early only when its whole period is */
        dj_precision prec = (dj_precision)((ds->ev_flags[i] & DJ_EVF_PREC_MASK) >> DJ_EVF_PREC_SHIFT);
        dj_grid period = prec == DJ_PREC_YEAR ? DJ_GRID_YEAR
                         : prec == DJ_PREC_MONTH ? DJ_GRID_MONTH : DJ_GRID_DAY;
        if (decl != DJ_DATE_NONE && dj_date_period_end(ds->ev_date[i], period) < decl)
            dj_diag_add(L->diags, warn_level(L), path, ds->ev_line[i], 1,
                        "event on %s before %s declared independence", d,
                        ds->ent[ds->ev_subject[i]].code);
    }
    dj_free(idx);
    return 0;
}

static const dj_membership *sort_memb;

static int cmp_memb(const void *a, const void *b)
{
    const dj_membership *x = &sort_memb[*(const uint32_t *)a];
    const dj_membership *y = &sort_memb[*(const uint32_t *)b];
    if (x->bloc != y->bloc) return x->bloc < y->bloc ? -1 : 1;
    if (x->member != y->member) return x->member < y->member ? -1 : 1;
    if (x->joined != y->joined) return x->joined < y->joined ? -1 : 1;
    return 0;
}

static int check_memberships(loader *L, const char *path)
{
    dj_dataset *ds = L->ds;
    uint32_t *idx = dj_malloc((ds->nmemb ? ds->nmemb : 1) * sizeof *idx);
    if (!idx)
        return DJ_ENOMEM;
    for (size_t i = 0; i < ds->nmemb; i++)
        idx[i] = (uint32_t)i;
    sort_memb = ds->memb;
    qsort(idx, ds->nmemb, sizeof *idx, cmp_memb);
    sort_memb = NULL;
    for (size_t k = 1; k < ds->nmemb; k++) {
        const dj_membership *p = &ds->memb[idx[k - 1]], *m = &ds->memb[idx[k]];
        if (p->bloc == m->bloc && p->member == m->member && m->joined < p->left) {
            uint32_t later = idx[k] > idx[k - 1] ? idx[k] : idx[k - 1];
            uint32_t earlier = idx[k] > idx[k - 1] ? idx[k - 1] : idx[k];
            dj_diag_add(L->diags, DJ_ERROR, path, L->memb_line[later], 1,
                        "membership of %s in %s overlaps the one on line %lu",
                        ds->ent[m->member].code, ds->bloc[m->bloc].code,
                        (unsigned long)L->memb_line[earlier]);
        }
    }
    dj_free(idx);
    return 0;
}

/* ---- driver ---- */

static const dj_memfile *find_file(const dj_memfile *files, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i].name, name) == 0)
            return &files[i];
    return NULL;
}

static int read_table(loader *L, const dj_memfile *f, const dj_csv_col *cols,
                      size_t ncols, size_t min_rows, dj_csv_row_fn fn,
                      dj_error *err)
{
    const char *shown = L->shown ? L->shown[f - L->files] : NULL;
    if (shown)
        snprintf(L->path, sizeof L->path, "%s", shown);
    else
        snprintf(L->path, sizeof L->path, "%s%s", L->prefix, f->name);
    return dj_csv_read(L->path, f->data, f->size, cols, ncols, min_rows, fn, L,
                       L->diags, err);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Loads `files`; shown[i] (shown may be NULL) is the path that messages
   give for files[i], NULL for the dataset's name and the file's name. */
static int load_files(dj_dataset **out, const char *name,
                      const dj_memfile *files, const char *const *shown,
                      size_t nfiles, const dj_load_options *opts,
                      dj_diagnostics *diags, dj_error *err)
{
    loader L;
    dj_diagnostics own;
    int rc;
    const dj_memfile *f;

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
    L.files = files;
    L.shown = shown;

    rc = dj_dataset_alloc(&L.ds, name);
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
    if (!(f = find_file(files, nfiles, "events.csv"))) {
        snprintf(L.path, sizeof L.path, "%sevents.csv", L.prefix);
        dj_diag_add(diags, DJ_ERROR, L.path, 0, 0, "no events.csv in the dataset");
        rc = dj_error_at(err, DJ_EIO, L.path, 0, 0, "no events.csv in the dataset");
        goto done;
    }
    if ((rc = read_table(&L, f, event_cols, COUNT(event_cols), 1, event_row, err)))
        goto done;
    if ((rc = check_events(&L, L.path)))
        goto done;
    if ((f = find_file(files, nfiles, "blocs.csv"))) {
        if ((rc = read_table(&L, f, bloc_cols, COUNT(bloc_cols), 0, bloc_row, err)))
            goto done;
        if ((rc = check_memberships(&L, L.path)))
            goto done;
    }
    if ((f = find_file(files, nfiles, "population.csv")) &&
        (rc = read_table(&L, f, population_cols, COUNT(population_cols), 0, population_row, err)))
        goto done;
    if ((f = find_file(files, nfiles, "annotations.csv")) &&
        (rc = read_table(&L, f, annotation_cols, COUNT(annotation_cols), 0, annotation_row, err)))
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
    return load_files(out, name, files, NULL, nfiles, opts, diags, err);
}

/* ---- from a folder ---- */

static const char *const dataset_files[] = {
    "entities.csv", "subjects.csv", "bloc_names.csv", "events.csv",
    "blocs.csv", "population.csv", "annotations.csv"};

const char *const *dj_dataset_file_names(size_t *count)
{
    *count = COUNT(dataset_files);
    return dataset_files;
}

/* Reads a whole file; *data NULL and 0 returned when it does not exist. */
static int slurp(const char *path, char **data, size_t *size, dj_error *err)
{
    *data = NULL;
    *size = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
       refused below as not a regular file. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "expected a file, found a directory");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return dj_error_at(err, DJ_EIO, path, 0, 0,
                           "expected a regular file, found a device, FIFO or socket");
    }
    if ((unsigned long long)st.st_size > DJ_MAX_FILE_BYTES) {
        close(fd);
        return dj_error_at(err, DJ_ELIMIT, path, 0, 0, "file larger than %llu bytes, the limit",
                           (unsigned long long)DJ_MAX_FILE_BYTES);
    }
    size_t cap = (size_t)st.st_size + 1;
    char *buf = dj_malloc(cap);
    if (!buf) {
        close(fd);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            /* the file grew while we read it: read on */
            if (dj_grow(&buf, &cap, cap + 65536, 1)) {
                dj_free(buf);
                close(fd);
                return dj_error_set(err, DJ_ENOMEM, "out of memory");
            }
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            dj_free(buf);
            close(fd);
            return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot read: %s", strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > DJ_MAX_FILE_BYTES) {
            dj_free(buf);
            close(fd);
            return dj_error_at(err, DJ_ELIMIT, path, 0, 0, "file larger than %llu bytes, the limit",
                               (unsigned long long)DJ_MAX_FILE_BYTES);
        }
    }
    close(fd);
    *data = buf;
    *size = n;
    return 0;
}

/* Reads the dataset files present in folder `dir` into files[] (their
   bytes in bufs[], to be freed by the caller whatever the outcome). */
static int read_dir(const char *dir, dj_memfile *files, char **bufs,
                    size_t *nfiles, dj_error *err)
{
    struct stat st;
    *nfiles = 0;
    if (stat(dir, &st) != 0)
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "cannot open dataset folder: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "expected a dataset folder, found a file");
    for (size_t i = 0; i < COUNT(dataset_files); i++) {
        char path[4096];
        size_t size;
        int rc;
        if (snprintf(path, sizeof path, "%s/%s", dir, dataset_files[i]) >= (int)sizeof path)
            return dj_error_set(err, DJ_EINVALID, "dataset path too long");
        if ((rc = slurp(path, &bufs[i], &size, err)))
            return rc;
        if (bufs[i]) {
            files[*nfiles].name = dataset_files[i];
            files[*nfiles].data = bufs[i];
            files[*nfiles].size = size;
            (*nfiles)++;
        }
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
    dj_memfile files[COUNT(dataset_files)];
    const char *shown[COUNT(dataset_files)] = {0};
    char *bufs[COUNT(dataset_files)] = {0};
    size_t nfiles = 0;
    int rc = 0;

    *out = NULL;
    dj_error_clear(err);
    if (dir) {
        if ((rc = read_dir(dir, files, bufs, &nfiles, err)))
            goto done;
    } else {
        for (size_t i = 0; i < dj_embedded_nfiles && nfiles < COUNT(files); i++)
            files[nfiles++] = dj_embedded_files[i];
    }
    for (size_t k = 0; k < nover; k++) {
        size_t i = 0;
        while (i < nfiles && strcmp(files[i].name, over[k].name) != 0)
            i++;
        if (i == nfiles) {
            size_t known = 0;
            while (known < COUNT(dataset_files) && strcmp(dataset_files[known], over[k].name) != 0)
                known++;
            if (known == COUNT(dataset_files) || nfiles == COUNT(files)) {
                rc = dj_error_set(err, DJ_EINVALID, "'%s' is not a dataset file", over[k].name);
                goto done;
            }
            files[nfiles++].name = dataset_files[known];
        }
        files[i].data = over[k].data;
        files[i].size = over[k].size;
        shown[i] = over[k].path;
    }
    rc = load_files(out, dir ? dir : dj_embedded_name, files, shown, nfiles, opts, diags, err);
done:
    for (size_t i = 0; i < COUNT(dataset_files); i++)
        dj_free(bufs[i]);
    return rc;
}
