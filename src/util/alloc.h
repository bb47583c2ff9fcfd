/*
 * alloc.h - the library's allocator, arena and code-interning table.
 *
 * Every allocation in the library goes through dj_malloc/dj_realloc so that
 * tests can make the k-th one fail (dj_alloc_fail_at) and check that each
 * failure ends in DJ_ENOMEM, never a crash or a leak.
 */
#ifndef DJ_ALLOC_H
#define DJ_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define DJ_HIDDEN __attribute__((visibility("hidden")))
#else
#define DJ_HIDDEN
#endif

DJ_HIDDEN void *dj_malloc(size_t n);
DJ_HIDDEN void *dj_calloc(size_t n, size_t size);
DJ_HIDDEN void *dj_realloc(void *p, size_t n);
/* dj_malloc for a large array that is filled at once (events read from a
   file): from 2 MiB on, the block starts at a large page and is backed by
   large pages from end to end where the system gives them. Freed with
   dj_free; dj_realloc may move it off the large page. */
DJ_HIDDEN void *dj_malloc_huge(size_t n);
DJ_HIDDEN void dj_free(void *p);
/* Grows *pv (elements of `size` bytes) so that it holds at least `need`;
   returns 0 or -1 (out of memory; *pv untouched). */
DJ_HIDDEN int dj_grow(void *pv, size_t *cap, size_t need, size_t size);

/* Strings owned once: chunks freed together. */
typedef struct dj_arena {
    struct dj_arena_chunk *head;
} dj_arena;

DJ_HIDDEN void dj_arena_init(dj_arena *a);
DJ_HIDDEN void dj_arena_dispose(dj_arena *a);
/* Moves every string of `from` into `to` (they stay where they are). */
DJ_HIDDEN void dj_arena_join(dj_arena *to, dj_arena *from);
/* Copies s[0..n) and a NUL into the arena; NULL when out of memory. */
DJ_HIDDEN const char *dj_arena_strndup(dj_arena *a, const char *s, size_t n);

/* Code -> index map (open addressing over an external array of codes). */
typedef struct dj_intern {
    uint32_t *slots;      /* index + 1, 0 = empty */
    size_t cap;           /* power of two */
    size_t count;
} dj_intern;

DJ_HIDDEN void dj_intern_init(dj_intern *t);
DJ_HIDDEN void dj_intern_dispose(dj_intern *t);
/* Index of code in `codes` (via the table) or UINT32_MAX. */
DJ_HIDDEN uint32_t dj_intern_find(const dj_intern *t, const char *const *codes,
                                  const char *s, size_t n);
/* Registers codes[index] (already stored); 0 or -1 out of memory. */
DJ_HIDDEN int dj_intern_add(dj_intern *t, const char *const *codes,
                            uint32_t index);

#endif
