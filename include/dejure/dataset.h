/*
 * dejure/dataset.h - the loaded data: entities, subjects, events, blocs.
 *
 * A dj_dataset owns every string it holds, once. Entities (states and
 * other actors), subjects and blocs are numbered from 0 in the order they
 * were first seen; events keep their file order, which decides same-day
 * ties. Every getter returns pointers borrowed from the dataset: they stay
 * valid until dj_dataset_free().
 */
#ifndef DEJURE_DATASET_H
#define DEJURE_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct dj_dataset dj_dataset;

#define DJ_NONE UINT32_MAX /* "no such entity / bloc / subject" */

/* A freeze suspends a recognition: the actor does not count as
   recognising until its next `recognize`. */
typedef enum dj_event_type { DJ_RECOGNIZE = 0, DJ_WITHDRAW = 1, DJ_FREEZE = 2 } dj_event_type;

/*
 * Marks qualify an event, for views that leave such events out
 * (--exclude): conditional (declared subject to conditions), announced
 * (announced but not in force on its date), verbal (no written act).
 */
#define DJ_MARK_CONDITIONAL 0x1u
#define DJ_MARK_ANNOUNCED   0x2u
#define DJ_MARK_VERBAL      0x4u
#define DJ_MARK_COUNT       3
/* The name of the mark with index i < DJ_MARK_COUNT ("conditional"...). */
const char *dj_mark_name(unsigned i);
/* The bit of the mark named s[0..n), or 0 when no mark has that name. */
unsigned dj_mark_parse(const char *s, size_t n);

/* One event, as handed out by dj_dataset_event(). */
typedef struct dj_event_info {
    dj_date date;            /* first day of the period of an imprecise date */
    dj_precision precision;
    dj_event_type type;
    uint32_t actor;          /* entity index */
    uint32_t subject;        /* entity index of the recognised entity */
    long line;               /* line in events.csv, 0 when unknown */
    const char *source;      /* "" when none */
    const char *note;        /* "" when none */
    size_t ndisputed;        /* parties that deny this event */
    const uint32_t *disputed;/* their entity indices */
    uint32_t via;            /* predecessor whose status the actor
                                continues from this date, or DJ_NONE */
    unsigned marks;          /* DJ_MARK_* bits */
} dj_event_info;

/* One membership interval [joined, left) of an entity in a bloc. */
typedef struct dj_membership {
    uint32_t bloc;
    uint32_t member;  /* entity index */
    dj_date joined;
    dj_date left;     /* DJ_DATE_MAX while still a member */
} dj_membership;

/* An annotation to draw on time charts (annotations.csv). */
typedef struct dj_annotation {
    dj_date date;
    const char *label;
    uint32_t subject;  /* entity index of the subject whose charts show it;
                          DJ_NONE: every subject's */
} dj_annotation;

void dj_dataset_free(dj_dataset *ds);

/* A short name of where the dataset came from, never a path: the
   folder's last name ("kosovo" for datasets/kosovo/), or the events
   file's base name when the events were read from a file of their own. */
const char *dj_dataset_name(const dj_dataset *ds);

/* Entities. */
size_t dj_dataset_entity_count(const dj_dataset *ds);
const char *dj_dataset_entity_code(const dj_dataset *ds, uint32_t entity);
const char *dj_dataset_entity_name(const dj_dataset *ds, uint32_t entity);
/* Population (0 when unknown) and the year it refers to (0 when unknown). */
int64_t dj_dataset_entity_population(const dj_dataset *ds, uint32_t entity,
                                     int *year);
/* Index of the entity with this code, or DJ_NONE. */
uint32_t dj_dataset_entity_find(const dj_dataset *ds, const char *code);
/*
 * When the entity exists: on every day D with *from <= D < *until
 * (entities.csv's `from` and `until`; DJ_DATE_NONE and DJ_DATE_MAX when
 * unbounded). An actor counts only on the days it exists.
 */
void dj_dataset_entity_span(const dj_dataset *ds, uint32_t entity,
                            dj_date *from, dj_date *until);
int dj_dataset_entity_exists(const dj_dataset *ds, uint32_t entity, dj_date day);
/* As dj_dataset_entity_find, but when no code matches exactly, the first
   entity whose code equals `code` ignoring the case of ASCII letters: for
   codes a user types (a subject, a view). Data files match exactly. */
uint32_t dj_dataset_entity_lookup(const dj_dataset *ds, const char *code);

/* Subjects: the entities whose recognition the events record. */
size_t dj_dataset_subject_count(const dj_dataset *ds);
uint32_t dj_dataset_subject_entity(const dj_dataset *ds, size_t i);
/* Declaration date of subject entity `entity`, or DJ_DATE_NONE. */
dj_date dj_dataset_subject_declared(const dj_dataset *ds, uint32_t entity);
/* Position of entity among the subjects, or DJ_NONE. */
uint32_t dj_dataset_subject_find(const dj_dataset *ds, uint32_t entity);

/* Events in file order. */
size_t dj_dataset_event_count(const dj_dataset *ds);
void dj_dataset_event(const dj_dataset *ds, size_t i, dj_event_info *out);

/* Blocs. */
size_t dj_dataset_bloc_count(const dj_dataset *ds);
const char *dj_dataset_bloc_code(const dj_dataset *ds, uint32_t bloc);
const char *dj_dataset_bloc_name(const dj_dataset *ds, uint32_t bloc); /* today's */
/* The bloc's name on `day` (the EEC in 1960, the EU in 2000). */
const char *dj_dataset_bloc_name_on(const dj_dataset *ds, uint32_t bloc, dj_date day);
/* Index of the bloc with this code, or DJ_NONE; when no code matches
   exactly, the first bloc whose code equals `code` ignoring the case of
   ASCII letters ("nato": NATO). */
uint32_t dj_dataset_bloc_find(const dj_dataset *ds, const char *code);
size_t dj_dataset_membership_count(const dj_dataset *ds);
const dj_membership *dj_dataset_memberships(const dj_dataset *ds);

/* Where the map draws an entity (outlines.csv): on the outline `outline`
   of the map's outlines file on [from, until), or at a point. */
typedef struct dj_outline {
    const char *outline;     /* "" for a point */
    uint32_t entity;
    dj_date from, until;
    int point;               /* lon and lat hold the point */
    double lon, lat;
} dj_outline;

size_t dj_dataset_outline_count(const dj_dataset *ds);
void dj_dataset_outline(const dj_dataset *ds, size_t i, dj_outline *out);

/* Annotations, in date order. */
size_t dj_dataset_annotation_count(const dj_dataset *ds);
const dj_annotation *dj_dataset_annotations(const dj_dataset *ds);

/*
 * The entity code (subject code, bloc code) closest to `code` by
 * case-insensitive edit distance, for "did you mean" hints; NULL when
 * nothing is close (more than a third of the letters differ).
 */
const char *dj_dataset_suggest_entity(const dj_dataset *ds, const char *code);
const char *dj_dataset_suggest_subject(const dj_dataset *ds, const char *code);
const char *dj_dataset_suggest_bloc(const dj_dataset *ds, const char *code);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
