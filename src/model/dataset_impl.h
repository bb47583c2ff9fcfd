/*
 * dataset_impl.h - the layout of a dj_dataset, private to the library.
 *
 * Events are stored column by column (structure of arrays) because the
 * analysis reads only date, actor, subject and flags of millions of them;
 * sources, notes and disputes live in side tables. Every string is owned
 * once by the arena.
 */
#ifndef DJ_DATASET_IMPL_H
#define DJ_DATASET_IMPL_H

#include "util/alloc.h"
#include "dejure/dataset.h"

struct dj_view;
struct dj_status;

/* ev_flags bits */
#define DJ_EVF_WITHDRAW  0x01u
#define DJ_EVF_PREC_SHIFT 1
#define DJ_EVF_PREC_MASK 0x06u
#define DJ_EVF_DISPUTED  0x08u
/* A freeze also sets DJ_EVF_WITHDRAW: every count treats it as the end of
   a recognition; only its name and the status table tell it apart. */
#define DJ_EVF_FREEZE    0x10u
#define DJ_EVF_EXTRA     0x20u  /* has a row in the via/marks side table */

struct dj_entity {
    const char *code;
    const char *name;
    int64_t population;
    int population_year;
    const char *population_source;
    dj_date from, until;        /* exists on [from, until) */
};

/* The rare events with a `via` or `marks`, in event order. */
struct dj_ev_extra {
    uint32_t event;
    uint32_t via;               /* entity, or DJ_NONE */
    unsigned marks;             /* DJ_MARK_* */
};

struct dj_bloc {
    const char *code;
    const char *name;           /* today's */
};

/* outlines.csv: where the map draws an entity. */
struct dj_outline_row {
    const char *outline;        /* an outline code, or NULL for a point */
    uint32_t entity;
    dj_date from, until;
    double lon, lat;
    int point;
};

/* A bloc's name over [from, until) (bloc_names.csv with dates). */
struct dj_bloc_name {
    uint32_t bloc;
    dj_date from, until;
    const char *name;
};

struct dj_dataset {
    const char *name;
    dj_arena arena;

    struct dj_entity *ent;
    const char **ent_codes;     /* parallel to ent, for the intern table */
    size_t nent, capent;
    dj_intern ent_map;

    uint32_t *ent_subj;         /* per entity: its position among the
                                   subjects, DJ_NONE (parallel to ent) */
    uint32_t *subj;             /* entity index of each subject */
    dj_date *subj_declared;
    size_t nsubj, capsubj;

    size_t nev, capev;
    dj_date *ev_date;
    uint32_t *ev_actor;
    uint32_t *ev_subject;
    uint8_t *ev_flags;
    /* Lines of the events, in runs: from event lrun_ev[k] on, event i is on
       line lrun_line[k] + (i - lrun_ev[k]), until the next run. One run
       for a file of one event per line: no column of lines. */
    uint32_t *lrun_ev, *lrun_line;
    size_t nlrun, caplrun;
    /* The recognition intervals of every subject with every event counted
       (the "all" view), built by the loader in the same pass as its
       checks; dj_status_new() lends them out for that view. The model
       does not know a status: it frees it through the function the
       loader left beside it (analysis/status.c's), so that the
       dependency points from analysis to model only. */
    struct dj_status *all_status;
    void (*all_status_free)(struct dj_status *);
    const char **ev_source;     /* NULL when no event has one */
    const char **ev_note;       /* NULL when no event has one */

    /* disputes: for disputed events, in event order */
    uint32_t *disp_event;       /* event index */
    uint32_t *disp_start;       /* first party in disp_party */
    uint32_t *disp_count;
    size_t ndisp, capdisp;
    uint32_t *disp_party;
    size_t ndispparty, capdispparty;

    struct dj_ev_extra *extra;  /* events with via or marks, in event order */
    size_t nextra, capextra;
    unsigned marks_used;        /* every mark some event carries */

    struct dj_bloc *bloc;
    const char **bloc_codes;
    size_t nbloc, capbloc;
    dj_intern bloc_map;

    struct dj_bloc_name *bname;
    size_t nbname, capbname;

    struct dj_outline_row *outl;
    size_t noutl, capoutl;

    dj_membership *memb;
    size_t nmemb, capmemb;

    dj_annotation *ann;
    size_t nann, capann;
};

DJ_HIDDEN int dj_dataset_alloc(dj_dataset **out, const char *name);
/* Index of entity `code`, adding it (named after its code) when new;
   DJ_NONE when out of memory. *added tells whether it was new. */
DJ_HIDDEN uint32_t dj_dataset_entity_intern(dj_dataset *ds, const char *code,
                                            size_t n, int *added);
DJ_HIDDEN uint32_t dj_dataset_bloc_intern(dj_dataset *ds, const char *code,
                                          size_t n, int *added);
/* Line of event i in events.csv (0 when unknown). */
DJ_HIDDEN long dj_dataset_event_line(const dj_dataset *ds, size_t i);
/* Records that event ds->nev (the next) is on `line`; 0 or DJ_ENOMEM. */
DJ_HIDDEN int dj_dataset_line_push(dj_dataset *ds, long line);

/* Makes entity `e` the next subject, with its declaration date. */
DJ_HIDDEN int dj_dataset_subject_add(dj_dataset *ds, uint32_t e, dj_date declared);
/* One event, packed, as order.c hands them out. */
typedef struct dj_pair_item {
    uint32_t actor;
    dj_date date;
    uint32_t ev;      /* index in file order, DJ_PAIR_* flags on top */
} dj_pair_item;

#define DJ_PAIR_WITHDRAW 0x80000000u
/* disputed or marked: a view may leave it out (dj_view_includes) */
#define DJ_PAIR_FILTERED 0x40000000u
#define DJ_PAIR_EVENT(x) ((x).ev & 0x3fffffffu)

/* Told the number of batches, and the events in each, before any
   bucket; 0 or DJ_ENOMEM. */
typedef int (*dj_pair_begin_fn)(void *ctx, size_t nbatches, const size_t *batch_events);
/* One subject's events sorted by (actor, date, file order), from batch
   `batch`; calls of one batch come in subject order, from one thread. */
typedef int (*dj_pair_fn)(void *ctx, size_t batch, uint32_t subject,
                          const dj_pair_item *items, size_t n);
/* Hands every subject's events to fn (order.c); 0 or the first non-zero
   return of begin / fn, or DJ_ENOMEM. */
DJ_HIDDEN int dj_events_by_pair(const dj_dataset *ds, dj_pair_begin_fn begin,
                                dj_pair_fn fn, void *ctx);

/* The side-table row of event i, or NULL when it has no via or marks. */
DJ_HIDDEN const struct dj_ev_extra *dj_dataset_event_extra(const dj_dataset *ds, size_t i);

/* Disputing parties of event i (count in *n); NULL when none. */
DJ_HIDDEN const uint32_t *dj_dataset_event_disputes(const dj_dataset *ds,
                                                    size_t i, size_t *n);

#endif
