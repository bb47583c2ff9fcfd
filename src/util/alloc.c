/*
 * alloc.c - allocation with failure injection, arena, interning table.
 */
#define _DEFAULT_SOURCE 1 /* madvise() advice beyond POSIX */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>

#include "util/alloc.h"
#include "dejure/testing.h"

/* Failure injection: when fail_at > 0, the fail_at-th allocation from now
   fails (and so do all later ones while fail_sticky). */
/* atomic: the loader and the analysis allocate from two threads */
static _Atomic long fail_at;
static _Atomic long alloc_count;

void dj_alloc_fail_at(long k)
{
    fail_at = k;
    alloc_count = 0;
}

long dj_alloc_count(void)
{
    return alloc_count;
}

static int should_fail(void)
{
    alloc_count++;
    return fail_at > 0 && alloc_count >= fail_at;
}

/* Arrays of a large page or more are backed by large pages where the
   system gives them (fewer page faults: a 10-million-event load takes a
   third fewer); a hint only. */
#define HUGE_MIN ((size_t)2 << 20)
static void advise_huge(void *p, size_t n);

void *dj_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = malloc(n ? n : 1);
    if (p && n >= HUGE_MIN)
        advise_huge(p, n);
    return p;
}

void *dj_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p && n * size >= HUGE_MIN)
        advise_huge(p, n * size);
    return p;
}

void *dj_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    void *q = realloc(p, n ? n : 1);
    if (q && n >= HUGE_MIN)
        advise_huge(q, n);
    return q;
}

void *dj_malloc_huge(size_t n)
{
    if (n < HUGE_MIN)
        return dj_malloc(n);
    if (should_fail())
        return NULL;
    /* malloc's large blocks start at a page, not at a large page: the
       ends of such a block, up to 4 MiB of it, stay in small pages */
    void *p = NULL;
    size_t whole = (n + HUGE_MIN - 1) & ~(HUGE_MIN - 1);
    if (posix_memalign(&p, HUGE_MIN, whole) != 0)
        return NULL;
    advise_huge(p, whole);
    return p;
}

void dj_free(void *p)
{
    free(p);
}

static void advise_huge(void *p, size_t n)
{
#if defined(MADV_HUGEPAGE)
    const uintptr_t huge = HUGE_MIN;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(huge - 1);
    if (e > a)
        madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

int dj_grow(void *pv, size_t *cap, size_t need, size_t size)
{
    void **pp = (void **)pv;
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return -1;
        c *= 2;
    }
    void *p = dj_realloc(*pp, c * size);
    if (!p)
        return -1;
    *pp = p;
    *cap = c;
    return 0;
}

/* ---- arena ---- */

struct dj_arena_chunk {
    struct dj_arena_chunk *next;
    size_t used, size;
    char data[];
};

void dj_arena_init(dj_arena *a)
{
    a->head = NULL;
}

void dj_arena_dispose(dj_arena *a)
{
    struct dj_arena_chunk *c = a->head;
    while (c) {
        struct dj_arena_chunk *next = c->next;
        dj_free(c);
        c = next;
    }
    a->head = NULL;
}

void dj_arena_join(dj_arena *to, dj_arena *from)
{
    struct dj_arena_chunk *c = from->head;
    if (!c)
        return;
    while (c->next)
        c = c->next;
    c->next = to->head;
    to->head = from->head;
    from->head = NULL;
}

const char *dj_arena_strndup(dj_arena *a, const char *s, size_t n)
{
    struct dj_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n + 1) {
        size_t size = n + 1 > 16384 ? n + 1 : 16384;
        c = dj_malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->used = 0;
        c->size = size;
        c->next = a->head;
        a->head = c;
    }
    char *p = c->data + c->used;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

/* ---- intern table ---- */

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void dj_intern_init(dj_intern *t)
{
    t->slots = NULL;
    t->cap = t->count = 0;
}

void dj_intern_dispose(dj_intern *t)
{
    dj_free(t->slots);
    dj_intern_init(t);
}

uint32_t dj_intern_find(const dj_intern *t, const char *const *codes,
                        const char *s, size_t n)
{
    if (!t->cap)
        return UINT32_MAX;
    size_t mask = t->cap - 1;
    for (size_t i = hash(s, n) & mask;; i = (i + 1) & mask) {
        uint32_t v = t->slots[i];
        if (!v)
            return UINT32_MAX;
        const char *c = codes[v - 1];
        if (strncmp(c, s, n) == 0 && c[n] == '\0')
            return v - 1;
    }
}

static void put(uint32_t *slots, size_t cap, const char *code, uint32_t v)
{
    size_t mask = cap - 1;
    size_t i = hash(code, strlen(code)) & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = v;
}

int dj_intern_add(dj_intern *t, const char *const *codes, uint32_t index)
{
    if ((t->count + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        uint32_t *slots = dj_calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i])
                put(slots, cap, codes[t->slots[i] - 1], t->slots[i]);
        dj_free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    put(t->slots, t->cap, codes[index], index + 1);
    t->count++;
    return 0;
}
